/**
 * Address-space identifiers (Sv32's 9-bit `satp.ASID`). ASID 0 is kept for the host context, so at
 * most 511 address spaces exist at once; a platform may configure fewer. Allocation and release are
 * O(1) (a free stack); a released ASID is reused. Reuse is safe here without a global TLB flush
 * because every address space has its own soft TLB (its memory port), emptied when it is destroyed.
 *
 * @module
 */
import { MAX_ASID } from "./pte";

/** A pool of ASIDs `1..count`. */
export class AsidAllocator {
  /** How many ASIDs the pool holds. */
  readonly capacity: number;
  readonly #free: Uint16Array;
  #freeCount: number;

  /** @param count - ASIDs available, 0..511 (checked by the platform). */
  constructor(count: number = MAX_ASID) {
    this.capacity = count;
    this.#free = new Uint16Array(count);
    // Lowest ASID on top of the stack.
    for (let i = 0; i < count; i++) this.#free[i] = count - i;
    this.#freeCount = count;
  }

  /** ASIDs in use. */
  get inUse(): number {
    return this.capacity - this.#freeCount;
  }

  /** Takes an ASID, or answers -1 when all are in use. */
  allocate(): number {
    return this.#freeCount === 0 ? -1 : this.#free[--this.#freeCount]!;
  }

  /** Returns an ASID to the pool. */
  release(asid: number): void {
    this.#free[this.#freeCount++] = asid;
  }
}
