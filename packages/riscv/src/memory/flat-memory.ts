/**
 * A self-contained flat memory: a {@link FlatMemoryPort} over its own buffer, one region starting at
 * guest address 0, with map/unmap/protect. For tests and for harnesses that run a guest without a
 * platform (the ELF loader's tests, the differential fuzzer, benchmarks). Guest addresses are masked
 * into the region like the userland platform's, so mappings are restricted to `[0, size)` to keep
 * every mapped address unambiguous.
 *
 * @module
 */
import { PageError, err, ok, type Result } from "@litebox-ts/core";
import { PAGE_SIZE, PERMISSION_MASK } from "./access";
import { FlatMemoryPort, type FlatSlowPath } from "./flat-port";

/** Options of a {@link FlatMemory}. */
export interface FlatMemoryOptions {
  /** Bytes of guest address space, a power of two from 4 KiB (default 16 MiB). */
  readonly size?: number;
  /** Back it with a SharedArrayBuffer (default: a plain ArrayBuffer). */
  readonly shared?: boolean;
  /** Serves pages marked slow with `setSlow`. */
  readonly slowPath?: FlatSlowPath;
}

/** The default size of a {@link FlatMemory}: 16 MiB. */
export const DEFAULT_FLAT_MEMORY_SIZE = 16 * 1024 * 1024;

/** A flat memory for tests and harnesses. See the module documentation. */
export class FlatMemory extends FlatMemoryPort {
  /** @param options - size, sharing and slow path. */
  constructor(options: FlatMemoryOptions = {}) {
    const size = options.size ?? DEFAULT_FLAT_MEMORY_SIZE;
    const buffer = options.shared === true ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
    super({
      bytes: new Uint8Array(buffer),
      regionBase: 0,
      regionSize: size,
      ...(options.slowPath === undefined ? {} : { slowPath: options.slowPath }),
    });
  }

  /** The guest address range that can be mapped: `[0, size)`. */
  get range(): { readonly start: number; readonly end: number } {
    return { start: 0, end: this.regionSize };
  }

  /**
   * Maps zero-filled pages with `permissions` (`Prot` / `PageFlag` Read, Write, Exec bits) over
   * `[address, address + length)`, replacing what was there. `address` must be page-aligned;
   * `length` is rounded up to whole pages.
   */
  map(address: number, length: number, permissions: number): Result<void, PageError> {
    const checked = this.#check(address, length, permissions);
    if (!checked.ok) return checked;
    this.setPermissions(address, checked.value, 0);
    this.bytes.fill(0, this.hostOffset(address), this.hostOffset(address) + checked.value);
    this.setPermissions(address, checked.value, permissions);
    return ok(undefined);
  }

  /** Unmaps the pages of the range (unmapped pages inside it are ignored). */
  unmap(address: number, length: number): Result<void, PageError> {
    const checked = this.#check(address, length, 0);
    if (!checked.ok) return checked;
    this.setPermissions(address, checked.value, 0);
    this.setSlow(address, checked.value, false);
    return ok(undefined);
  }

  /** Changes the permissions of mapped pages; `NotMapped` (nothing changed) if one is unmapped. */
  protect(address: number, length: number, permissions: number): Result<void, PageError> {
    const checked = this.#check(address, length, permissions);
    if (!checked.ok) return checked;
    for (let at = address; at < address + checked.value; at += PAGE_SIZE) {
      if (this.permissions(at) === 0) return err(PageError.NotMapped);
    }
    this.setPermissions(address, checked.value, permissions);
    return ok(undefined);
  }

  #check(address: number, length: number, permissions: number): Result<number, PageError> {
    if (!Number.isInteger(address) || !Number.isInteger(length) || address % PAGE_SIZE !== 0 || length <= 0
      || (permissions & ~PERMISSION_MASK) !== 0) {
      return err(PageError.InvalidArgument);
    }
    const rounded = Math.ceil(length / PAGE_SIZE) * PAGE_SIZE;
    if (address < 0 || address + rounded > this.regionSize) return err(PageError.OutOfRange);
    return ok(rounded);
  }
}
