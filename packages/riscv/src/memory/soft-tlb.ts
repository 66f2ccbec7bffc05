/**
 * A direct-mapped software TLB in typed arrays: the translated path's answer to "where in host
 * memory is this guest page, and may this access use the fast path?". One entry per slot
 * `vpn & (size - 1)`. The per-access tags (`readTag`, `writeTag`, `execTag`) hold the page's base
 * address when that access may go straight to host memory and -1 otherwise; `addend` holds
 * `hostFrame - pageAddress`. The hart's probe is then, as in qemu's softmmu, one compare that also
 * checks alignment, and one add:
 *
 * ```js
 * e = (a >>> 12) & mask;
 * if (readTag[e] === (a & -4093)) value = i32[((addend[e] + a) | 0) >>> 2];   // aligned word load
 * ```
 *
 * (`a & -4093` keeps the page bits and the two low bits, so a misaligned address never matches.)
 * A page holding compiled code or an LR reservation keeps its write tag cleared, so stores to it
 * reach the slow path.
 *
 * @module
 */
import { PAGE_SHIFT, PageFlag } from "./access";

/** The default number of entries. */
export const DEFAULT_TLB_ENTRIES = 1024;

/** `address & ALIGNED_PAGE_MASK[size]` is compared with a tag (page bits plus the misalignment bits). */
export const ALIGNED_PAGE_MASK: Readonly<Record<1 | 2 | 4, number>> = { 1: -4096, 2: -4095, 4: -4093 };

/** A direct-mapped software TLB. See the module documentation. */
export class SoftTlb {
  /** Number of entries (a power of two). */
  readonly size: number;
  /** `size - 1`: the slot of page number `vpn` is `vpn & mask`. */
  readonly mask: number;
  /** Page number held by each slot, -1 when empty. */
  readonly tag: Int32Array;
  /** The translation's permissions (`PageFlag` Read/Write/Exec) per slot. */
  readonly permissions: Uint8Array;
  /** The page's address (a 32-bit pattern) when fast loads may use the slot, else -1. */
  readonly readTag: Int32Array;
  /** The page's address when fast stores may use the slot, else -1. */
  readonly writeTag: Int32Array;
  /** The page's address when instruction fetch may use the slot, else -1. */
  readonly execTag: Int32Array;
  /** `hostFrame - pageAddress` as a 32-bit pattern: `((addend + address) | 0) >>> 0` is the host offset. */
  readonly addend: Int32Array;

  /** @param size - number of entries, a power of two (default {@link DEFAULT_TLB_ENTRIES}). */
  constructor(size: number = DEFAULT_TLB_ENTRIES) {
    if (!Number.isInteger(Math.log2(size)) || size < 1 || size > 1 << 20) {
      throw new RangeError("soft TLB: size must be a power of two up to 2^20");
    }
    this.size = size;
    this.mask = size - 1;
    this.tag = new Int32Array(size).fill(-1);
    this.permissions = new Uint8Array(size);
    this.readTag = new Int32Array(size).fill(-1);
    this.writeTag = new Int32Array(size).fill(-1);
    this.execTag = new Int32Array(size).fill(-1);
    this.addend = new Int32Array(size);
  }

  /** Fills the slot of `vpn`; `blockWrites` keeps stores on the slow path (code or reservation). */
  fill(vpn: number, hostFrame: number, permissions: number, blockWrites: boolean): void {
    const i = vpn & this.mask;
    const page = (vpn << PAGE_SHIFT) | 0;
    this.tag[i] = vpn;
    this.permissions[i] = permissions;
    this.addend[i] = (hostFrame - page) | 0;
    this.readTag[i] = (permissions & PageFlag.Read) !== 0 ? page : -1;
    this.writeTag[i] = (permissions & PageFlag.Write) !== 0 && !blockWrites ? page : -1;
    this.execTag[i] = (permissions & PageFlag.Exec) !== 0 ? page : -1;
  }

  /** The host offset of the frame in slot of `vpn` (which must hold it). */
  frame(vpn: number): number {
    return (this.addend[vpn & this.mask]! + (vpn << PAGE_SHIFT)) >>> 0;
  }

  /** Empties the slot if it holds `vpn`; answers whether it did. */
  flushPage(vpn: number): boolean {
    const i = vpn & this.mask;
    if (this.tag[i] !== vpn) return false;
    this.tag[i] = this.readTag[i] = this.writeTag[i] = this.execTag[i] = -1;
    this.permissions[i] = 0;
    return true;
  }

  /** Empties every slot. */
  flushAll(): void {
    this.tag.fill(-1);
    this.readTag.fill(-1);
    this.writeTag.fill(-1);
    this.execTag.fill(-1);
    this.permissions.fill(0);
  }

  /** Sends stores to `vpn` through the slow path (if the slot holds it). */
  blockWrites(vpn: number): void {
    const i = vpn & this.mask;
    if (this.tag[i] === vpn) this.writeTag[i] = -1;
  }

  /** Lets fast stores reach `vpn` again, if its translation allows writes. */
  allowWrites(vpn: number): void {
    const i = vpn & this.mask;
    if (this.tag[i] === vpn && (this.permissions[i]! & PageFlag.Write) !== 0) this.writeTag[i] = (vpn << PAGE_SHIFT) | 0;
  }
}
