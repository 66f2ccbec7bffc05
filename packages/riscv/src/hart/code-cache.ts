/**
 * Placeholder code cache (the compiler lands next): no page is ever compiled.
 *
 * @module
 */
import type { MemoryPort } from "../memory/memory-port";

/** A compiled page function. */
export type PageFunction = (hart: unknown) => number;

/** The code cache of one address space. */
export class CodeCache {
  /** The cache of `port`. */
  static of(_port: MemoryPort): CodeCache {
    return new CodeCache();
  }

  /** The compiled function entered at `pc`, if any. */
  lookup(_pc: number): PageFunction | undefined {
    return undefined;
  }

  /** Counts an entry at `pc`; true if code for it was compiled just now. */
  noteEntry(_pc: number, _threshold: number): boolean {
    return false;
  }
}
