/**
 * Guest-memory argument helpers: every pointer a guest passes goes through one of these, which check
 * it against the process's guest range (no wrap-around, nothing outside `addressSpaceRange`), copy
 * through the platform's guest-memory interface (faults come back as values), and answer
 * `STATUS_ACCESS_VIOLATION` instead of ever throwing — Windows' `ProbeForRead` / `ProbeForWrite`.
 *
 * @module
 */
import { PAGE_SIZE, err, ok, type AddressRange, type GuestMemoryProvider, type Result } from "@litebox-ts/core";
import { NtStatus } from "../abi/status";

const decoder = new TextDecoder("utf-8", { fatal: false });
const TWO_POW_32 = 0x1_0000_0000;

/**
 * The guest's view of its address range. On Isolated platforms it is `addressSpaceRange`; on
 * SharedMemory platforms, whose CPU re-bases every address into the space's region, guests use low
 * addresses `[0, regionSize)` (executables are linked at 0x10000), so that is the view. The first page
 * is never part of it: NULL and small integers are not pointers.
 */
export function guestView(range: AddressRange, sharedMemory: boolean): AddressRange {
  const start = sharedMemory ? 0 : range.start;
  const end = sharedMemory ? range.end - range.start : range.end;
  return { start: Math.max(start, PAGE_SIZE), end };
}

/** Guest memory of one address space, seen through argument-checking helpers. */
export class GuestMemory<Id = unknown> {
  readonly #platform: GuestMemoryProvider<Id>;
  readonly #space: Id;
  /** The range guest pointers must lie in. */
  readonly range: AddressRange;

  /**
   * @param platform - the platform's guest-memory interface.
   * @param space - the address space.
   * @param range - the guest's view of the range ({@link guestView}).
   */
  constructor(platform: GuestMemoryProvider<Id>, space: Id, range: AddressRange) {
    this.#platform = platform;
    this.#space = space;
    this.range = range;
  }

  /** The address space these helpers access. */
  get space(): Id {
    return this.#space;
  }

  /** True when `[address, address + length)` lies inside the range (and `length` is a sane count). */
  contains(address: number, length: number): boolean {
    if (!Number.isInteger(address) || !Number.isInteger(length) || length < 0) return false;
    if (address < 0 || address >= TWO_POW_32) return false;
    if (length === 0) return true;
    return address >= this.range.start && address + length <= this.range.end;
  }

  /** Reads `length` bytes (the caller bounds `length`: it allocates a host buffer of that size). */
  read(address: number, length: number): Result<Uint8Array, NtStatus> {
    if (!this.contains(address, length)) return err(NtStatus.ACCESS_VIOLATION);
    const bytes = new Uint8Array(length);
    if (length === 0) return ok(bytes);
    return this.#platform.readBytes(this.#space, address, bytes) ? err(NtStatus.ACCESS_VIOLATION) : ok(bytes);
  }

  /** Writes `bytes` at `address`. */
  write(address: number, bytes: Uint8Array): NtStatus {
    if (!this.contains(address, bytes.length)) return NtStatus.ACCESS_VIOLATION;
    if (bytes.length === 0) return NtStatus.SUCCESS;
    return this.#platform.writeBytes(this.#space, address, bytes) ? NtStatus.ACCESS_VIOLATION : NtStatus.SUCCESS;
  }

  /** Checks that `[address, address + length)` can be written, without changing it (ProbeForWrite). */
  probeWrite(address: number, length: number): NtStatus {
    if (!this.contains(address, length)) return NtStatus.ACCESS_VIOLATION;
    // Read-then-write-back of each touched page's first byte: proves the page is mapped and writable.
    for (let page = Math.floor(address / PAGE_SIZE) * PAGE_SIZE; page < address + length; page += PAGE_SIZE) {
      const at = Math.max(page, address);
      const byte = new Uint8Array(1);
      if (this.#platform.readBytes(this.#space, at, byte)) return NtStatus.ACCESS_VIOLATION;
      if (this.#platform.writeBytes(this.#space, at, byte)) return NtStatus.ACCESS_VIOLATION;
    }
    return NtStatus.SUCCESS;
  }

  /** Reads a little-endian u32 (any alignment). */
  readU32(address: number): Result<number, NtStatus> {
    const bytes = this.read(address, 4);
    if (!bytes.ok) return bytes;
    const b = bytes.value;
    return ok((b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0);
  }

  /** Writes a little-endian u32 (any alignment). */
  writeU32(address: number, value: number): NtStatus {
    return this.write(address, u32Bytes(value));
  }

  /** Reads a little-endian signed 64-bit integer (LARGE_INTEGER). */
  readI64(address: number): Result<bigint, NtStatus> {
    const bytes = this.read(address, 8);
    if (!bytes.ok) return bytes;
    return ok(new DataView(bytes.value.buffer).getBigInt64(0, true));
  }

  /** Writes a little-endian 64-bit integer. */
  writeI64(address: number, value: bigint): NtStatus {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt.asIntN(64, value), true);
    return this.write(address, bytes);
  }

  /** Reads `count` u32s. */
  readU32Array(address: number, count: number): Result<number[], NtStatus> {
    const bytes = this.read(address, count * 4);
    if (!bytes.ok) return bytes;
    const view = new DataView(bytes.value.buffer);
    return ok(Array.from({ length: count }, (_, i) => view.getUint32(i * 4, true)));
  }

  /**
   * Reads a NUL-terminated UTF-8 string of at most `maxLength` bytes. `NAME_TOO_LONG` when no NUL
   * comes within `maxLength` bytes; `ACCESS_VIOLATION` on a fault.
   */
  readString(address: number, maxLength: number): Result<string, NtStatus> {
    if (!this.contains(address, 1)) return err(NtStatus.ACCESS_VIOLATION);
    const limit = Math.min(maxLength, this.range.end - address - 1);
    const read = this.#platform.readCString(this.#space, address, Math.max(0, limit));
    if (!read.ok) return err(NtStatus.ACCESS_VIOLATION);
    if (read.value === undefined) return err(limit < maxLength ? NtStatus.ACCESS_VIOLATION : NtStatus.NAME_TOO_LONG);
    return ok(decoder.decode(read.value));
  }
}

/** Encodes `value` as four little-endian bytes. */
export function u32Bytes(value: number): Uint8Array {
  const v = value >>> 0;
  return new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
}

/** Builds a little-endian record of u32 fields (for information classes and blocks). */
export function u32Record(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0, true));
  return bytes;
}
