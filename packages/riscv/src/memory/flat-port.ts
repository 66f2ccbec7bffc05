/**
 * The flat memory path (the userland platform's SharedMemory): an address space is one power-of-two
 * region of a host byte array, and a guest address becomes `regionBase | (address & (regionSize - 1))`
 * — the software-fault-isolation masking of LFI, NaCl or WebAssembly, so a guest can never reach
 * outside its region. A flags table with one byte per 4 KiB page of the region is checked on every
 * access: a page that is not plain readable (loads) or plain writable (stores: no `Slow`, `Code` or
 * `Reserved` mark) takes the slow path, where the platform's {@link FlatSlowPath} serves `Slow` pages.
 *
 * @module
 */
import type { AccessKind } from "@litebox-ts/core";
import { PAGE_SHIFT, PAGE_SIZE, PERMISSION_MASK, PageFlag } from "./access";
import type {
  RETRY} from "./memory-port";
import {
  MemoryPort,
  PAGE_FAULT,
  PAGE_SLOW,
  STORE_DONE,
  type ReservationHolder,
  type StoreStatus,
} from "./memory-port";

/**
 * The platform side of `Slow` pages: memory that does not live in the region (a `MAP_SHARED`
 * object) or that must be prepared on first touch (a lazily copied page). Each call covers 1–4
 * bytes within one page, little-endian, unsigned. Answer `"retry"` after changing the page's flags
 * so the hart redoes the access through the normal path.
 */
export interface FlatSlowPath {
  /** Serves a load (`read`) or an instruction fetch (`execute`). */
  load(address: number, size: number, access: "read" | "execute"): number | "fault" | typeof RETRY;
  /** Serves a store of `value` (already truncated to `size` bytes). */
  store(address: number, size: number, value: number): "done" | "fault" | typeof RETRY;
}

/** Options of a {@link FlatMemoryPort}. */
export interface FlatMemoryPortOptions {
  /** The whole host memory (for instance a view over one SharedArrayBuffer). */
  readonly bytes: Uint8Array;
  /** Host offset of the region: a multiple of `regionSize`. */
  readonly regionBase: number;
  /** Region size: a power of two from 4 KiB to 4 GiB, within `bytes`. */
  readonly regionSize: number;
  /** Serves `Slow` pages; without it an access to a `Slow` page faults. */
  readonly slowPath?: FlatSlowPath;
}

/** Flags that must be exactly `Read` for a fast load. */
const LOAD_MASK = PageFlag.Read | PageFlag.Slow;
/** Flags that must be exactly `Write` for a fast store. */
const STORE_MASK = PageFlag.Write | PageFlag.Slow | PageFlag.Code | PageFlag.Reserved;
const MARKS = PageFlag.Code | PageFlag.Reserved;

function accessBit(access: AccessKind): number {
  return access === "read" ? PageFlag.Read : access === "write" ? PageFlag.Write : PageFlag.Exec;
}

/** A flat (masked-region) memory port. See the module documentation. */
export class FlatMemoryPort extends MemoryPort {
  /** {@inheritDoc MemoryPort.kind} */
  readonly kind = "flat" as const;
  /** Host offset of the region. */
  readonly regionBase: number;
  /** Region size in bytes. */
  readonly regionSize: number;
  /** `regionSize - 1`, as a 32-bit pattern (ready for `&`). */
  readonly regionMask: number;
  /**
   * One byte of {@link PageFlag} bits per page of the region, indexed by
   * `(address & regionMask) >>> 12`. Change it through the methods below, which keep the hart's
   * marks and code cache consistent.
   */
  readonly flags: Uint8Array;
  readonly #slowPath: FlatSlowPath | undefined;

  /** @param options - host memory, region and slow path. */
  constructor(options: FlatMemoryPortOptions) {
    super(options.bytes);
    const { regionBase, regionSize } = options;
    const powerOfTwo = Number.isInteger(Math.log2(regionSize));
    if (!powerOfTwo || regionSize < PAGE_SIZE || regionSize > 2 ** 32) {
      throw new RangeError("flat memory port: regionSize must be a power of two from 4 KiB to 4 GiB");
    }
    if (regionBase < 0 || regionBase % regionSize !== 0 || regionBase + regionSize > options.bytes.length) {
      throw new RangeError("flat memory port: region must be aligned to its size and inside host memory");
    }
    this.regionBase = regionBase;
    this.regionSize = regionSize;
    this.regionMask = (regionSize - 1) | 0;
    this.flags = new Uint8Array(regionSize / PAGE_SIZE);
    this.#slowPath = options.slowPath;
  }

  // ---- platform API ------------------------------------------------------------------------

  /**
   * Sets the user permissions (`PageFlag` Read/Write/Exec, i.e. the core's `Prot` bits) of every
   * page overlapping `[address, address + length)`; 0 unmaps. Compiled code of a page whose
   * permissions change is dropped.
   */
  setPermissions(address: number, length: number, permissions: number): void {
    this.#eachPage(address, length, (index, page) => {
      const old = this.flags[index]!;
      const next = (old & ~PERMISSION_MASK) | (permissions & PERMISSION_MASK);
      if (next === old) return;
      this.flags[index] = next;
      if ((old & PageFlag.Code) !== 0) this.invalidateCode(page, PAGE_SIZE);
    });
  }

  /** Marks the pages as served by the platform's {@link FlatSlowPath} (or back to plain memory). */
  setSlow(address: number, length: number, slow: boolean): void {
    this.#eachPage(address, length, (index, page) => {
      const old = this.flags[index]!;
      this.flags[index] = slow ? old | PageFlag.Slow : old & ~PageFlag.Slow;
      if (slow && (old & PageFlag.Code) !== 0) this.invalidateCode(page, PAGE_SIZE);
    });
  }

  /** The permission bits of the page holding `address`. */
  permissions(address: number): number {
    return this.flags[(address & this.regionMask) >>> PAGE_SHIFT]! & PERMISSION_MASK;
  }

  /** The host offset that guest `address` maps to (whether or not the page is accessible). */
  hostOffset(address: number): number {
    return (this.regionBase | (address & this.regionMask)) >>> 0;
  }

  #eachPage(address: number, length: number, visit: (index: number, page: number) => void): void {
    if (length <= 0) return;
    const count = Math.min(Math.ceil(((address % PAGE_SIZE) + length) / PAGE_SIZE), this.flags.length);
    for (let i = 0; i < count; i++) {
      const page = ((address & -PAGE_SIZE) + i * PAGE_SIZE) | 0;
      visit((page & this.regionMask) >>> PAGE_SHIFT, page);
    }
  }

  // ---- fast paths --------------------------------------------------------------------------

  /** {@inheritDoc MemoryPort.loadU8} */
  loadU8(address: number): number {
    const off = address & this.regionMask;
    if ((this.flags[off >>> 12]! & LOAD_MASK) === PageFlag.Read) return this.bytes[(this.regionBase | off) >>> 0]!;
    return this.loadSlow(address, 1, false);
  }

  /** {@inheritDoc MemoryPort.loadI8} */
  loadI8(address: number): number {
    const off = address & this.regionMask;
    if ((this.flags[off >>> 12]! & LOAD_MASK) === PageFlag.Read) return this.i8[(this.regionBase | off) >>> 0]!;
    return this.loadSlow(address, 1, true);
  }

  /** {@inheritDoc MemoryPort.loadU16} */
  loadU16(address: number): number {
    const off = address & this.regionMask;
    if ((this.flags[off >>> 12]! & LOAD_MASK) === PageFlag.Read && (address & 1) === 0) {
      return this.u16[(this.regionBase | off) >>> 1]!;
    }
    return this.loadSlow(address, 2, false);
  }

  /** {@inheritDoc MemoryPort.loadI16} */
  loadI16(address: number): number {
    const off = address & this.regionMask;
    if ((this.flags[off >>> 12]! & LOAD_MASK) === PageFlag.Read && (address & 1) === 0) {
      return this.i16[(this.regionBase | off) >>> 1]!;
    }
    return this.loadSlow(address, 2, true);
  }

  /** {@inheritDoc MemoryPort.load32} */
  load32(address: number): number {
    const off = address & this.regionMask;
    if ((this.flags[off >>> 12]! & LOAD_MASK) === PageFlag.Read && (address & 3) === 0) {
      return this.i32[(this.regionBase | off) >>> 2]!;
    }
    return this.loadSlow(address, 4, true);
  }

  /** {@inheritDoc MemoryPort.store8} */
  store8(address: number, value: number, who: ReservationHolder | undefined): StoreStatus {
    const off = address & this.regionMask;
    if ((this.flags[off >>> 12]! & STORE_MASK) === PageFlag.Write) {
      this.bytes[(this.regionBase | off) >>> 0] = value;
      return STORE_DONE;
    }
    return this.storeSlow(address, 1, value, who);
  }

  /** {@inheritDoc MemoryPort.store16} */
  store16(address: number, value: number, who: ReservationHolder | undefined): StoreStatus {
    const off = address & this.regionMask;
    if ((this.flags[off >>> 12]! & STORE_MASK) === PageFlag.Write && (address & 1) === 0) {
      this.u16[(this.regionBase | off) >>> 1] = value;
      return STORE_DONE;
    }
    return this.storeSlow(address, 2, value, who);
  }

  /** {@inheritDoc MemoryPort.store32} */
  store32(address: number, value: number, who: ReservationHolder | undefined): StoreStatus {
    const off = address & this.regionMask;
    if ((this.flags[off >>> 12]! & STORE_MASK) === PageFlag.Write && (address & 3) === 0) {
      this.i32[(this.regionBase | off) >>> 2] = value;
      return STORE_DONE;
    }
    return this.storeSlow(address, 4, value, who);
  }

  // ---- page-level hooks --------------------------------------------------------------------

  /** {@inheritDoc MemoryPort.resolvePage} */
  resolvePage(address: number, access: AccessKind): number {
    const off = address & this.regionMask;
    const f = this.flags[off >>> PAGE_SHIFT]!;
    if ((f & PageFlag.Slow) !== 0) return PAGE_SLOW;
    if ((f & accessBit(access)) === 0) return PAGE_FAULT;
    return ((this.regionBase | off) & -PAGE_SIZE) >>> 0;
  }

  protected pageMarks(address: number): number {
    return this.flags[(address & this.regionMask) >>> PAGE_SHIFT]! & MARKS;
  }

  protected setPageMarks(address: number, marks: number): void {
    const index = (address & this.regionMask) >>> PAGE_SHIFT;
    this.flags[index] = (this.flags[index]! & ~MARKS) | (marks & MARKS);
  }

  protected pageMapped(address: number): boolean {
    return (this.flags[(address & this.regionMask) >>> PAGE_SHIFT]! & (PERMISSION_MASK | PageFlag.Slow)) !== 0;
  }

  protected resolveForced(address: number): number {
    const off = address & this.regionMask;
    const f = this.flags[off >>> PAGE_SHIFT]!;
    if ((f & PageFlag.Slow) !== 0) return PAGE_SLOW;
    if ((f & PERMISSION_MASK) === 0) return PAGE_FAULT;
    return ((this.regionBase | off) & -PAGE_SIZE) >>> 0;
  }

  protected override servedLoad(address: number, size: number, access: AccessKind): number | "fault" | typeof RETRY {
    if (this.#slowPath === undefined || access === "write") return "fault";
    return this.#slowPath.load(address, size, access);
  }

  protected override servedStore(address: number, size: number, value: number): "done" | "fault" | typeof RETRY {
    return this.#slowPath === undefined ? "fault" : this.#slowPath.store(address, size, value);
  }
}
