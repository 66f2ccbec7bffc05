/**
 * A small seeded pseudo-random generator (SplitMix32 variant). Deterministic across hosts: the same
 * seed yields the same sequence, which is what makes schedule exploration reproducible.
 *
 * @module
 */

/** A seeded source of pseudo-random 32-bit numbers. */
export class SeededRandom {
  #state: number;

  /** @param seed - any 32-bit integer; equal seeds give equal sequences. */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The next unsigned 32-bit value. */
  nextU32(): number {
    this.#state = (this.#state + 0x9e3779b9) >>> 0;
    let z = this.#state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A uniform integer in `[0, bound)`; `bound` must be a positive integer ≤ 2^32. */
  nextInt(bound: number): number {
    return Math.floor((this.nextU32() / 0x1_0000_0000) * bound);
  }

  /** Fills `bytes` with pseudo-random bytes and returns it. */
  fill(bytes: Uint8Array): Uint8Array {
    for (let i = 0; i < bytes.length; i += 4) {
      let v = this.nextU32();
      for (let j = 0; j < 4 && i + j < bytes.length; j++, v >>>= 8) bytes[i + j] = v & 0xff;
    }
    return bytes;
  }
}
