/**
 * What the memory layer keeps per address space beyond the platform's page tables:
 *
 * - the pages of each shared memory object mapped in the space ({@link ObjectTally}), so the
 *   objects are released when the last mapping of them anywhere goes;
 * - the ranges whose protection may never include PROT_WRITE — Linux's missing `VM_MAYWRITE`, which
 *   a MAP_SHARED mapping of a file opened without write access has (mprotect(PROT_WRITE) is EACCES).
 *
 * The state belongs to the address space, not to the process: a CLONE_VM child shares its parent's
 * state object until it execs or exits ({@link SpaceMemoryState.users} mirrors the space's users);
 * fork copies it; execve starts afresh.
 *
 * @module
 */
import { ObjectTally } from "./shared-objects";

/** A half-open range of guest addresses. */
interface Span {
  start: number;
  end: number;
}

/** One piece of a range, with whether it may become writable. */
export interface WritablePiece {
  /** First address. */
  readonly start: number;
  /** One past the last address. */
  readonly end: number;
  /** False inside a never-writable range. */
  readonly mayWrite: boolean;
}

/** The memory layer's per-address-space state. */
export class SpaceMemoryState {
  /** Shared-object pages mapped in the space. */
  readonly tally: ObjectTally;
  /** Processes using the space (CLONE_VM children share it with their parent). */
  users = 1;
  /** Sorted, disjoint, page-aligned ranges that may not become writable. */
  readonly #noWrite: Span[];

  /** @param tally - the shared-object tally (fork passes a copy). @param noWrite - initial ranges (copied). */
  constructor(tally: ObjectTally = new ObjectTally(), noWrite: readonly Span[] = []) {
    this.tally = tally;
    this.#noWrite = noWrite.map((s) => ({ start: s.start, end: s.end }));
  }

  /** A copy for a forked child's space (its own tally, the same restrictions). */
  copy(): SpaceMemoryState {
    const tally = new ObjectTally();
    for (const { object, pages } of this.tally.entries()) tally.add(object, pages);
    return new SpaceMemoryState(tally, this.#noWrite);
  }

  /** The ranges that may not become writable, in order. */
  get noWriteRanges(): ReadonlyArray<Readonly<Span>> {
    return this.#noWrite;
  }

  /** Forgets every restriction inside `[start, end)` (munmap, a new mapping over it). */
  forget(start: number, end: number): void {
    const kept: Span[] = [];
    for (const s of this.#noWrite) {
      if (s.end <= start || s.start >= end) {
        kept.push(s);
        continue;
      }
      if (s.start < start) kept.push({ start: s.start, end: start });
      if (s.end > end) kept.push({ start: end, end: s.end });
    }
    this.#noWrite.splice(0, this.#noWrite.length, ...kept);
  }

  /** Marks `[start, end)` as never writable. */
  denyWrite(start: number, end: number): void {
    this.forget(start, end);
    const at = this.#noWrite.findIndex((s) => s.start > start);
    this.#noWrite.splice(at < 0 ? this.#noWrite.length : at, 0, { start, end });
  }

  /** Splits `[start, end)` at restriction boundaries, in order. */
  pieces(start: number, end: number): WritablePiece[] {
    const out: WritablePiece[] = [];
    let at = start;
    for (const s of this.#noWrite) {
      if (s.end <= at || s.start >= end) continue;
      if (s.start > at) out.push({ start: at, end: s.start, mayWrite: true });
      const b = Math.min(s.end, end);
      out.push({ start: Math.max(at, s.start), end: b, mayWrite: false });
      at = b;
    }
    if (at < end) out.push({ start: at, end, mayWrite: true });
    return out;
  }
}
