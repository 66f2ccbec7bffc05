/**
 * Guest-memory arguments of system calls: reading and writing user pointers of one process the way
 * the kernel's `copy_from_user` / `copy_to_user` / `strncpy_from_user` do. Every bad pointer — outside
 * the process's guest range, wrapping around, unmapped, or lacking the permission — is `EFAULT` as a
 * value, never a host exception; absurd lengths are refused before any host allocation (memory is
 * read in chunks, so a huge length costs at most what is really mapped).
 *
 * Results are the core's `Result` with a positive errno as the error; handlers return `-error`.
 *
 * @module
 */
import {
  PAGE_SIZE,
  Prot,
  err,
  ok,
  type GuestMemoryProvider,
  type PageManagementProvider,
  type Result,
} from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { IOV_MAX } from "../abi/fcntl";
import { IovecLayout } from "../abi/layouts";
import type { AddressSpaceRef } from "../process/address-space-ref";

/** A positive errno value. */
export type ErrnoResult<T> = Result<T, number>;

/** One guest iovec. */
export interface Iovec {
  /** Guest address of the buffer. */
  readonly base: number;
  /** Its length in bytes. */
  readonly length: number;
}

/** Limits of {@link UserMemory.readStringVector} (argv / envp). */
export interface StringVectorLimits {
  /** Most entries (E2BIG past it). */
  readonly maxCount: number;
  /** Longest string without its NUL (E2BIG past it). */
  readonly maxStringLength: number;
  /** Most bytes in all strings with their NULs and pointers (E2BIG past it). */
  readonly maxTotalBytes: number;
}

const CHUNK = 64 * 1024;
const EFAULT = err(Errno.EFAULT);
const SSIZE_MAX = 0x7fff_ffff;

/** The platform parts guest-memory access needs. */
export type UserMemoryPlatform = GuestMemoryProvider<unknown> & Pick<PageManagementProvider<unknown>, "queryPage">;

/** User-pointer access for one process's address space. */
export class UserMemory {
  readonly #platform: UserMemoryPlatform;
  readonly #space: AddressSpaceRef;
  readonly #usable: () => boolean;

  /**
   * @param platform - guest-memory access and page queries.
   * @param space - the process's address space.
   * @param usable - false once the process is gone (its space may be destroyed): every access faults.
   */
  constructor(platform: UserMemoryPlatform, space: AddressSpaceRef, usable: () => boolean = () => true) {
    this.#platform = platform;
    this.#space = space;
    this.#usable = usable;
  }

  /** The address space this accessor reads and writes. */
  get space(): AddressSpaceRef {
    return this.#space;
  }

  /** True when `[address, address + length)` lies inside the guest range (no wrap-around). */
  inRange(address: number, length: number): boolean {
    const a = address >>> 0;
    const { start, end } = this.#space.guestRange;
    return this.#usable() && length >= 0 && a >= start && a + length <= end;
  }

  /** Reads `length` bytes (chunked: a huge length faults at the first unmapped page). */
  readBytes(address: number, length: number): ErrnoResult<Uint8Array> {
    if (length === 0) return ok(new Uint8Array(0));
    if (!this.inRange(address, length)) return EFAULT;
    const a = address >>> 0;
    if (length <= CHUNK) {
      const out = new Uint8Array(length);
      return this.#platform.readBytes(this.#space.id, a, out) ? EFAULT : ok(out);
    }
    const chunks: Uint8Array[] = [];
    for (let done = 0; done < length; done += CHUNK) {
      const chunk = new Uint8Array(Math.min(CHUNK, length - done));
      if (this.#platform.readBytes(this.#space.id, a + done, chunk)) return EFAULT;
      chunks.push(chunk);
    }
    const out = new Uint8Array(length);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return ok(out);
  }

  /** Writes `data` at `address`. */
  writeBytes(address: number, data: Uint8Array): ErrnoResult<void> {
    if (data.length === 0) return ok(undefined);
    if (!this.inRange(address, data.length)) return EFAULT;
    return this.#platform.writeBytes(this.#space.id, address >>> 0, data) ? EFAULT : ok(undefined);
  }

  /**
   * True when every page of `[address, address + length)` is mapped writable — checked before a
   * destructive read (a pipe) so that a bad buffer does not consume data.
   */
  isWritable(address: number, length: number): boolean {
    if (length === 0) return true;
    if (!this.inRange(address, length)) return false;
    const a = address >>> 0;
    for (let page = a - (a % PAGE_SIZE); page < a + length; page += PAGE_SIZE) {
      const info = this.#platform.queryPage(this.#space.id, page);
      if (!info.ok || info.value === undefined || (info.value.prot & Prot.Write) === 0) return false;
    }
    return true;
  }

  /** Reads an unsigned 32-bit little-endian word (any alignment). */
  readU32(address: number): ErrnoResult<number> {
    const a = address >>> 0;
    if (!this.inRange(a, 4)) return EFAULT;
    if ((a & 3) === 0) {
      const r = this.#platform.readU32(this.#space.id, a);
      return r.ok ? r : EFAULT;
    }
    const bytes = this.readBytes(a, 4);
    return bytes.ok ? ok(new DataView(bytes.value.buffer).getUint32(0, true)) : bytes;
  }

  /** Reads a signed 32-bit word. */
  readI32(address: number): ErrnoResult<number> {
    const r = this.readU32(address);
    return r.ok ? ok(r.value | 0) : r;
  }

  /** Writes a 32-bit little-endian word (any alignment). */
  writeU32(address: number, value: number): ErrnoResult<void> {
    const a = address >>> 0;
    if (!this.inRange(a, 4)) return EFAULT;
    if ((a & 3) === 0) return this.#platform.writeU32(this.#space.id, a, value >>> 0) ? EFAULT : ok(undefined);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
    return this.writeBytes(a, bytes);
  }

  /** Reads a signed 64-bit little-endian integer. */
  readI64(address: number): ErrnoResult<bigint> {
    const bytes = this.readBytes(address, 8);
    return bytes.ok ? ok(new DataView(bytes.value.buffer).getBigInt64(0, true)) : bytes;
  }

  /** Reads an unsigned 64-bit little-endian integer. */
  readU64(address: number): ErrnoResult<bigint> {
    const bytes = this.readBytes(address, 8);
    return bytes.ok ? ok(new DataView(bytes.value.buffer).getBigUint64(0, true)) : bytes;
  }

  /** Writes a 64-bit little-endian integer (signed or unsigned: the low 64 bits of `value`). */
  writeU64(address: number, value: bigint): ErrnoResult<void> {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    return this.writeBytes(address, bytes);
  }

  /**
   * Reads a NUL-terminated string of at most `maxLength` bytes before the NUL. No NUL within the limit
   * is `tooLong` (ENAMETOOLONG for paths, E2BIG for execve strings).
   */
  readCString(address: number, maxLength: number, tooLong: number = Errno.ENAMETOOLONG): ErrnoResult<Uint8Array> {
    const a = address >>> 0;
    if (!this.inRange(a, 1)) return EFAULT;
    // Never read past the guest range: a string running into its end faults like an unmapped page.
    const room = this.#space.guestRange.end - a;
    const limit = Math.min(maxLength, room - 1);
    const r = this.#platform.readCString(this.#space.id, a, Math.max(0, limit));
    if (!r.ok) return EFAULT;
    if (r.value === undefined) return limit < maxLength ? EFAULT : err(tooLong);
    return ok(r.value);
  }

  /** Reads a path (UTF-8, at most PATH_MAX − 1 bytes). Empty paths are returned as "" (callers decide). */
  readPath(address: number, maxLength = 4095): ErrnoResult<string> {
    const bytes = this.readCString(address, maxLength, Errno.ENAMETOOLONG);
    return bytes.ok ? ok(new TextDecoder().decode(bytes.value)) : bytes;
  }

  /**
   * Reads a NULL-terminated array of string pointers (execve's argv and envp); a NULL array pointer
   * is an empty vector, as Linux treats it.
   */
  readStringVector(address: number, limits: StringVectorLimits): ErrnoResult<Uint8Array[]> {
    const out: Uint8Array[] = [];
    if ((address >>> 0) === 0) return ok(out);
    let total = 0;
    for (let i = 0; ; i++) {
      if (i >= limits.maxCount) return err(Errno.E2BIG);
      const pointer = this.readU32((address >>> 0) + i * 4);
      if (!pointer.ok) return pointer;
      if (pointer.value === 0) return ok(out);
      const s = this.readCString(pointer.value, limits.maxStringLength, Errno.E2BIG);
      if (!s.ok) return s;
      total += s.value.length + 1 + 4;
      if (total > limits.maxTotalBytes) return err(Errno.E2BIG);
      out.push(s.value);
    }
  }

  /**
   * Reads `count` iovecs. Linux: more than IOV_MAX is EINVAL, a total length beyond SSIZE_MAX is
   * EINVAL, an unreadable array is EFAULT.
   */
  readIovecs(address: number, count: number): ErrnoResult<Iovec[]> {
    const n = count >>> 0;
    if (n > IOV_MAX) return err(Errno.EINVAL);
    if (n === 0) return ok([]);
    const raw = this.readBytes(address, n * IovecLayout.SIZE);
    if (!raw.ok) return raw;
    const view = new DataView(raw.value.buffer);
    const out: Iovec[] = [];
    let total = 0;
    for (let i = 0; i < n; i++) {
      const base = view.getUint32(i * IovecLayout.SIZE + IovecLayout.iov_base, true);
      const length = view.getUint32(i * IovecLayout.SIZE + IovecLayout.iov_len, true);
      if (length > SSIZE_MAX) return err(Errno.EINVAL);
      total += length;
      if (total > SSIZE_MAX) return err(Errno.EINVAL);
      out.push({ base, length });
    }
    return ok(out);
  }
}

/** A little-endian struct being built in host memory, then written with one `writeBytes`. */
export class StructBuffer {
  /** The bytes. */
  readonly bytes: Uint8Array;
  readonly #view: DataView;

  /** @param size - the struct's size (zero-filled). */
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.#view = new DataView(this.bytes.buffer);
  }

  /** Sets an 8-bit field. */
  u8(offset: number, value: number): this {
    this.#view.setUint8(offset, value & 0xff);
    return this;
  }

  /** Sets a 16-bit field. */
  u16(offset: number, value: number): this {
    this.#view.setUint16(offset, value & 0xffff, true);
    return this;
  }

  /** Sets a 32-bit field (signed values are stored two's-complement). */
  u32(offset: number, value: number): this {
    this.#view.setUint32(offset, value >>> 0, true);
    return this;
  }

  /** Sets a 64-bit field. */
  u64(offset: number, value: bigint | number): this {
    this.#view.setBigUint64(offset, BigInt.asUintN(64, BigInt(value)), true);
    return this;
  }

  /** Copies `bytes` at `offset`. */
  set(offset: number, bytes: Uint8Array): this {
    this.bytes.set(bytes, offset);
    return this;
  }
}

/** Reads little-endian fields of a struct already copied from the guest. */
export class StructReader {
  readonly #view: DataView;

  /** @param bytes - the struct's bytes. */
  constructor(bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** An unsigned 16-bit field. */
  u16(offset: number): number {
    return this.#view.getUint16(offset, true);
  }

  /** A signed 16-bit field. */
  i16(offset: number): number {
    return this.#view.getInt16(offset, true);
  }

  /** An unsigned 32-bit field. */
  u32(offset: number): number {
    return this.#view.getUint32(offset, true);
  }

  /** A signed 32-bit field. */
  i32(offset: number): number {
    return this.#view.getInt32(offset, true);
  }

  /** A signed 64-bit field. */
  i64(offset: number): bigint {
    return this.#view.getBigInt64(offset, true);
  }

  /** An unsigned 64-bit field. */
  u64(offset: number): bigint {
    return this.#view.getBigUint64(offset, true);
  }
}
