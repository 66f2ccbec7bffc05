import { describe, expect, it } from "vitest";
import { ByteRing } from "./ring-buffer";
import { pattern } from "./test-helpers";

describe("ByteRing", () => {
  it("starts empty and allocates nothing until the first push", () => {
    const ring = new ByteRing(10_000);
    expect([ring.size, ring.free, ring.capacity]).toEqual([0, 10_000, 10_000]);
    const dest = new Uint8Array(4);
    expect(ring.shift(dest)).toBe(0);
  });

  it("grows up to a capacity that is not a power of two, keeping order across wrap-around", () => {
    const capacity = 3 * 4096 + 123;
    const ring = new ByteRing(capacity);
    const sent: number[] = [];
    const got: number[] = [];
    let seed = 0;
    // Keep the ring partly full so the head moves around while it grows.
    for (let round = 0; round < 40; round++) {
      const n = Math.min(ring.free, 500 + ((round * 1231) % 4000));
      const chunk = pattern(n, seed);
      seed += n;
      ring.push(chunk, 0, n);
      sent.push(...chunk);
      const dest = new Uint8Array(300 + ((round * 733) % 3000));
      const m = ring.shift(dest);
      got.push(...dest.subarray(0, m));
    }
    const rest = new Uint8Array(capacity);
    got.push(...rest.subarray(0, ring.shift(rest)));
    expect(got).toEqual(sent);
    expect(ring.size).toBe(0);
  });

  it("fills to exactly its capacity and pushes a sub-range of the source", () => {
    const ring = new ByteRing(5000);
    const source = pattern(6000);
    ring.push(source, 1000, 6000);
    expect([ring.size, ring.free]).toEqual([5000, 0]);
    const dest = new Uint8Array(5000);
    expect(ring.shift(dest)).toBe(5000);
    expect([...dest]).toEqual([...source.subarray(1000)]);
  });

  it("a capacity below the initial allocation allocates only the capacity", () => {
    const ring = new ByteRing(100);
    ring.push(pattern(100), 0, 100);
    expect(ring.free).toBe(0);
    const dest = new Uint8Array(100);
    expect(ring.shift(dest)).toBe(100);
    expect([...dest]).toEqual([...pattern(100)]);
  });
});
