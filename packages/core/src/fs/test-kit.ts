/**
 * Helpers shared by the filesystem tests (not exported from the package).
 *
 * @module
 */
import { FILE_SUBSYSTEM, type DirectoryEntryInfo, type OpenFile } from "./open-file";
import { Vfs, type OpenDescriptorFileOptions, type VfsOptions } from "./vfs";
import { Descriptors } from "../fd/descriptors";
import type { DescriptorEntry } from "../fd/entry";
import type { RawDescriptorStorage } from "../fd/storage";
import { VirtualClock } from "../platform/time";
import type { Result } from "../util/result";

/** A filesystem on a virtual clock, with a descriptor table and one storage. */
export interface World {
  readonly clock: VirtualClock;
  readonly vfs: Vfs;
  readonly table: Descriptors;
  readonly fds: RawDescriptorStorage;
}

/** A fresh {@link World}. */
export function world(options: VfsOptions = {}): World {
  const clock = new VirtualClock();
  const vfs = new Vfs({ time: clock }, options);
  const table = new Descriptors();
  return { clock, vfs, table, fds: table.createStorage() };
}

/** The value of `result`; throws (failing the test) on an error. */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`unexpected error ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Opens `path` from the root into `w.fds` and returns its entry. */
export function openEntry(w: World, path: string, options: OpenDescriptorFileOptions = {}): DescriptorEntry<OpenFile> {
  const { fd } = unwrap(w.vfs.openDescriptor(w.fds, w.vfs.root, path, options));
  return unwrap(w.fds.get(fd, FILE_SUBSYSTEM));
}

/** UTF-8 bytes of `text`. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `data` decoded as UTF-8. */
export function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}

/** Reads the entry from its offset to the end, in reads of `chunk` bytes. */
export function readRest(entry: DescriptorEntry<OpenFile>, chunk = 7): Uint8Array {
  const parts: number[] = [];
  const buffer = new Uint8Array(chunk);
  for (let calls = 0; calls < 1_000_000; calls++) {
    const n = unwrap(entry.object.read(entry, buffer));
    if (n === 0) return Uint8Array.from(parts);
    parts.push(...buffer.subarray(0, n));
  }
  throw new Error("the file does not end");
}

/** Every entry of the directory stream of `entry`, read `perCall` at a time. */
export function readAllEntries(entry: DescriptorEntry<OpenFile>, perCall = 1000): DirectoryEntryInfo[] {
  const all: DirectoryEntryInfo[] = [];
  // Bounded, so that a stream that never ends fails the test instead of hanging it.
  for (let calls = 0; calls < 100_000; calls++) {
    let room = perCall;
    const n = unwrap(entry.object.readDirectory(entry, (info) => (room-- > 0 ? (all.push(info), true) : false)));
    if (n === 0) return all;
  }
  throw new Error("the directory stream does not end");
}

/** The names in directory `path` (without `.` and `..`), in stream order. */
export function list(w: World, path: string): string[] {
  const entry = openEntry(w, path, { directory: true });
  const names = readAllEntries(entry).map((info) => info.name).filter((name) => name !== "." && name !== "..");
  unwrap(w.fds.close(w.fds.slots().find((slot) => slot.entry === entry)!.fd));
  return names;
}
