/**
 * A harness for the files part: a PosixShim over the core's test platforms whose LiteBox has a
 * read-only root image (the scripts as executables under /bin, plus any extra entries) and a
 * writable in-memory filesystem on /tmp, and no `programs` option — so spawn and execve go through
 * the filesystem program source, as in a full system. Helpers put strings in guest memory, call
 * syscalls directly and decode statx and getdents64 records.
 */
import {
  LiteBox,
  SharedMemoryTestPlatform,
  TestPlatform,
  buildImage,
  type ImageEntry,
  type Vfs,
} from "@litebox-ts/core";
import {
  AtFlag,
  PosixShim,
  StatxLayout,
  Sys,
  type PosixShimOptions,
  type PosixThread,
  type SpawnedProgram,
} from "../../src/index";
import { DATA, scriptImage, scriptLoader } from "../support/harness";
import { ScriptBook, ScriptCpu, type Step } from "../support/script-cpu";

export { DATA };

/** Scratch addresses inside the fake images' data area (16 pages from DATA). */
export const STR = DATA + 0x100; // strings are placed from here on
export const BUF = DATA + 0x4000; // 16 KiB buffer
export const STX = DATA + 0x8000; // a statx buffer
export const OUT = DATA + 0x9000; // small results (words)

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Options of {@link createFsHarness}. */
export interface FsHarnessOptions extends Partial<Omit<PosixShimOptions, "loader">> {
  /** Platform kind (default Isolated). */
  readonly kind?: "isolated" | "shared";
  /** Scripts by name; each is the executable `/bin/<name>` (mode 0755) of the root image. */
  readonly scripts?: Record<string, readonly Step[]>;
  /** More root image entries. */
  readonly files?: readonly ImageEntry[];
}

/** The shim, its filesystem and helpers. */
export interface FsHarness {
  readonly platform: TestPlatform;
  readonly litebox: LiteBox<TestPlatform>;
  readonly shim: PosixShim;
  readonly vfs: Vfs;
  /** Everything the first program wrote to fd 1. */
  readonly output: { stdout: string };
  /** Spawns `/bin/<name>` (throws on failure). */
  start(name: string, options?: { readonly argv?: readonly string[]; readonly cwd?: string }): SpawnedProgram;
  /** A syscall on `thread`; a0 as a signed number. */
  call(thread: PosixThread, nr: number, ...args: number[]): Promise<number>;
  /** Puts NUL-terminated `text` at the next free string address; returns the address. */
  str(thread: PosixThread, text: string | Uint8Array): number;
  /** Writes bytes at `address`. */
  poke(thread: PosixThread, address: number, bytes: Uint8Array | string): void;
  /** Reads bytes at `address`. */
  peek(thread: PosixThread, address: number, length: number): Uint8Array;
  /** openat(AT_FDCWD, path, flags, mode). */
  open(thread: PosixThread, path: string, flags: number, mode?: number): Promise<number>;
  /** statx(dirfd, path, flags, STATX_BASIC_STATS) into {@link STX}, decoded; or the errno (negative). */
  statx(thread: PosixThread, path: string, flags?: number, dirfd?: number): Promise<Statx | number>;
  /** Reads a whole file through the vfs (not the guest), as text. */
  readText(path: string): string;
}

/** The fields of a decoded `struct statx`. */
export interface Statx {
  readonly mask: number;
  readonly blksize: number;
  readonly attributes: bigint;
  readonly nlink: number;
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  readonly ino: bigint;
  readonly size: bigint;
  readonly blocks: bigint;
  readonly attributesMask: bigint;
  readonly mtimeSec: bigint;
  readonly mtimeNsec: number;
  readonly devMajor: number;
  readonly devMinor: number;
  readonly rdevMajor: number;
  readonly rdevMinor: number;
  readonly mntId: bigint;
}

/** Decodes `struct statx`. */
export function decodeStatx(bytes: Uint8Array): Statx {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const L = StatxLayout;
  return {
    mask: v.getUint32(L.stx_mask, true),
    blksize: v.getUint32(L.stx_blksize, true),
    attributes: v.getBigUint64(L.stx_attributes, true),
    nlink: v.getUint32(L.stx_nlink, true),
    uid: v.getUint32(L.stx_uid, true),
    gid: v.getUint32(L.stx_gid, true),
    mode: v.getUint16(L.stx_mode, true),
    ino: v.getBigUint64(L.stx_ino, true),
    size: v.getBigUint64(L.stx_size, true),
    blocks: v.getBigUint64(L.stx_blocks, true),
    attributesMask: v.getBigUint64(L.stx_attributes_mask, true),
    mtimeSec: v.getBigInt64(L.stx_mtime, true),
    mtimeNsec: v.getUint32(L.stx_mtime + 8, true),
    devMajor: v.getUint32(L.stx_dev_major, true),
    devMinor: v.getUint32(L.stx_dev_minor, true),
    rdevMajor: v.getUint32(L.stx_rdev_major, true),
    rdevMinor: v.getUint32(L.stx_rdev_minor, true),
    mntId: v.getBigUint64(L.stx_mnt_id, true),
  };
}

/** One decoded `linux_dirent64`. */
export interface Dirent {
  readonly ino: bigint;
  readonly off: bigint;
  readonly reclen: number;
  readonly type: number;
  readonly name: string;
}

/** Decodes the records getdents64 wrote. */
export function decodeDirents(bytes: Uint8Array): Dirent[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Dirent[] = [];
  for (let at = 0; at < bytes.length; ) {
    const reclen = v.getUint16(at + 16, true);
    const nameStart = at + 19;
    let end = nameStart;
    while (bytes[end] !== 0) end++;
    out.push({
      ino: v.getBigUint64(at, true),
      off: v.getBigInt64(at + 8, true),
      reclen,
      type: bytes[at + 18]!,
      name: decoder.decode(bytes.subarray(nameStart, end)),
    });
    if (reclen === 0) throw new Error("zero d_reclen");
    at += reclen;
  }
  return out;
}

/** Builds the harness. */
export function createFsHarness(options: FsHarnessOptions = {}): FsHarness {
  const book = new ScriptBook();
  const entries: ImageEntry[] = [{ path: "tmp", directory: true, mode: 0o1777 }];
  for (const [name, steps] of Object.entries(options.scripts ?? {})) {
    book.add(name, steps);
    entries.push({ path: `bin/${name}`, data: scriptImage(name), mode: 0o755 });
  }
  entries.push(...(options.files ?? []));
  const image = buildImage(entries);
  if (!image.ok) throw new Error(`image: ${JSON.stringify(image.error)}`);
  const Platform = options.kind === "shared" ? SharedMemoryTestPlatform : TestPlatform;
  const platform = new Platform({ capacity: 16, createCpu: () => new ScriptCpu(book) });
  const litebox = new LiteBox(platform, { fileSystem: { kind: "image", image: image.value } });
  const vfs = litebox.fileSystem();
  const mounted = vfs.mount(vfs.root, "/tmp", { kind: "memory", mode: 0o1777 });
  if (!mounted.ok) throw new Error(`mount /tmp: ${mounted.error}`);
  const output = { stdout: "" };
  const { kind: _kind, scripts: _scripts, files: _files, ...shimOptions } = options;
  const shim = new PosixShim(litebox, {
    loader: scriptLoader(book),
    stdio: { stdout: { write: (b) => void (output.stdout += decoder.decode(b)) } },
    stackSize: 64 * 1024,
    ...shimOptions,
  });
  let next = STR;
  const poke = (thread: PosixThread, address: number, bytes: Uint8Array | string): void => {
    const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
    if (platform.writeBytes(thread.process.space.id as number, address, data)) throw new Error(`poke fault at ${address}`);
  };
  const peek = (thread: PosixThread, address: number, length: number): Uint8Array => {
    const out = new Uint8Array(length);
    if (platform.readBytes(thread.process.space.id as number, address, out)) throw new Error(`peek fault at ${address}`);
    return out;
  };
  const call = async (thread: PosixThread, nr: number, ...args: number[]): Promise<number> => {
    const cpu = thread.cpu;
    for (let i = 0; i < 6; i++) cpu.setRegister(10 + i, (args[i] ?? 0) >>> 0);
    cpu.setRegister(17, nr);
    await shim.syscall(thread.guest);
    return cpu.getRegister(10) | 0;
  };
  const str = (thread: PosixThread, text: string | Uint8Array): number => {
    const bytes = typeof text === "string" ? encoder.encode(text) : text;
    const withNul = new Uint8Array(bytes.length + 1);
    withNul.set(bytes);
    if (next + withNul.length > BUF) next = STR; // wrap: earlier strings are not needed any more
    const at = next;
    poke(thread, at, withNul);
    next += withNul.length;
    return at;
  };
  const harness: FsHarness = {
    platform,
    litebox,
    shim,
    vfs,
    output,
    start(name, startOptions = {}) {
      const r = shim.spawn({
        program: `/bin/${name}`,
        argv: startOptions.argv ?? [name],
        ...(startOptions.cwd === undefined ? {} : { cwd: startOptions.cwd }),
      });
      if (!r.ok) throw new Error(`spawn ${name}: ${JSON.stringify(r.error)}`);
      return r.value;
    },
    call,
    str,
    poke,
    peek,
    open: (thread, path, flags, mode = 0) => call(thread, Sys.openat, AtFlag.AT_FDCWD, str(thread, path), flags, mode),
    async statx(thread, path, flags = 0, dirfd = AtFlag.AT_FDCWD) {
      const r = await call(thread, Sys.statx, dirfd, str(thread, path), flags, 0x7ff, STX);
      return r < 0 ? r : decodeStatx(peek(thread, STX, StatxLayout.SIZE));
    },
    readText(path) {
      const file = vfs.open(vfs.root, path);
      if (!file.ok) throw new Error(`open ${path}: ${file.error}`);
      const out = new Uint8Array(Number(file.value.stat().size));
      const n = file.value.pread(out, 0);
      if (!n.ok) throw new Error(`pread ${path}: ${n.error}`);
      return decoder.decode(out.subarray(0, n.value));
    },
  };
  return harness;
}
