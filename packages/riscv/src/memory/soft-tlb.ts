/**
 * A direct-mapped software TLB in typed arrays: the translated path's answer to "where in host
 * memory is this guest page, and may this access use the fast path?". One entry per slot
 * `vpn & (size - 1)`; per-access tags (`readTag`, `writeTag`, `execTag`) hold the page number when
 * that access may go straight to host memory and -1 otherwise, so the hart's probe is one compare
 * (as qemu's softmmu does it). A page holding compiled code or an LR reservation keeps its write tag
 * cleared, so stores to it reach the slow path.
 *
 * @module
 */
import { PageFlag } from "./access";

/** The default number of entries. */
export const DEFAULT_TLB_ENTRIES = 1024;

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
  /** The page number when fast loads may use the slot, else -1. */
  readonly readTag: Int32Array;
  /** The page number when fast stores may use the slot, else -1. */
  readonly writeTag: Int32Array;
  /** The page number when instruction fetch may use the slot, else -1. */
  readonly execTag: Int32Array;
  /** Host offset of the frame (as a 32-bit pattern: read it with `>>> 0` or use it in `|`). */
  readonly host: Int32Array;

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
    this.host = new Int32Array(size);
  }

  /** Fills the slot of `vpn`; `blockWrites` keeps stores on the slow path (code or reservation). */
  fill(vpn: number, hostFrame: number, permissions: number, blockWrites: boolean): void {
    const i = vpn & this.mask;
    this.tag[i] = vpn;
    this.permissions[i] = permissions;
    this.host[i] = hostFrame | 0;
    this.readTag[i] = (permissions & PageFlag.Read) !== 0 ? vpn : -1;
    this.writeTag[i] = (permissions & PageFlag.Write) !== 0 && !blockWrites ? vpn : -1;
    this.execTag[i] = (permissions & PageFlag.Exec) !== 0 ? vpn : -1;
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
    if (this.tag[i] === vpn && (this.permissions[i]! & PageFlag.Write) !== 0) this.writeTag[i] = vpn;
  }
}
