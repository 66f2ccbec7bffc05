import { describe, expect, it } from "vitest";
import { CHUNK_SIZE, FileContent, SpaceBudget } from "./content";
import { InvariantViolation } from "../util/invariant";

function filled(length: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => ((i * 31 + seed) % 255) + 1);
}

describe("SpaceBudget", () => {
  it("takes what fits, refuses what does not, and takes it back", () => {
    const budget = new SpaceBudget(10);
    expect(budget.take(6)).toBe(true);
    expect(budget.take(5)).toBe(false);
    expect(budget.used).toBe(6);
    expect(budget.take(4)).toBe(true);
    budget.give(10);
    expect(budget.used).toBe(0);
  });

  it("accepts Infinity and refuses negative or fractional capacities", () => {
    expect(new SpaceBudget(Infinity).take(2 ** 60)).toBe(true);
    expect(() => new SpaceBudget(-1)).toThrow(InvariantViolation);
    expect(() => new SpaceBudget(1.5)).toThrow(InvariantViolation);
    expect(() => new SpaceBudget(Number.NaN)).toThrow(InvariantViolation);
  });
});

describe("FileContent", () => {
  it("writes across chunk boundaries and reads the same bytes back", () => {
    const budget = new SpaceBudget(Infinity);
    const content = FileContent.empty(budget);
    const data = filled(3 * CHUNK_SIZE + 17);
    expect(content.write(100, data)).toBe(data.length);
    expect(content.size).toBe(100 + data.length);
    const back = new Uint8Array(data.length);
    expect(content.read(100, back)).toBe(data.length);
    expect(back).toEqual(data);
    expect(content.allocatedChunks).toBe(4);
    expect(budget.used).toBe(4 * CHUNK_SIZE);
  });

  it("reads holes as zeros without allocating them", () => {
    const content = FileContent.empty(new SpaceBudget(Infinity));
    content.write(10 * CHUNK_SIZE, Uint8Array.of(7));
    expect(content.size).toBe(10 * CHUNK_SIZE + 1);
    expect(content.allocatedChunks).toBe(1);
    const back = new Uint8Array(content.size).fill(9);
    expect(content.read(0, back)).toBe(content.size);
    expect(back.subarray(0, 10 * CHUNK_SIZE).every((b) => b === 0)).toBe(true);
    expect(back[10 * CHUNK_SIZE]).toBe(7);
  });

  it("reads at most to the end, and nothing at or past it", () => {
    const content = FileContent.empty(new SpaceBudget(Infinity));
    content.write(0, filled(10));
    const dest = new Uint8Array(20);
    expect(content.read(4, dest)).toBe(6);
    expect(content.read(10, dest)).toBe(0);
    expect(content.read(50, dest)).toBe(0);
  });

  it("stops a write when the budget runs out and grows only by what was written", () => {
    const budget = new SpaceBudget(2 * CHUNK_SIZE);
    const content = FileContent.empty(budget);
    expect(content.write(0, filled(5 * CHUNK_SIZE))).toBe(2 * CHUNK_SIZE);
    expect(content.size).toBe(2 * CHUNK_SIZE);
    // Existing chunks need no budget.
    expect(content.write(10, filled(100))).toBe(100);
    expect(content.write(2 * CHUNK_SIZE, Uint8Array.of(1))).toBe(0);
    expect(content.size).toBe(2 * CHUNK_SIZE);
  });

  it("truncating down frees whole chunks and zeroes the tail, so growing again exposes zeros", () => {
    const budget = new SpaceBudget(Infinity);
    const content = FileContent.empty(budget);
    content.write(0, filled(3 * CHUNK_SIZE));
    content.truncate(CHUNK_SIZE + 10);
    expect(content.size).toBe(CHUNK_SIZE + 10);
    expect(content.allocatedChunks).toBe(2);
    expect(budget.used).toBe(2 * CHUNK_SIZE);
    content.truncate(3 * CHUNK_SIZE);
    const back = new Uint8Array(3 * CHUNK_SIZE);
    content.read(0, back);
    expect(back.subarray(0, CHUNK_SIZE + 10)).toEqual(filled(3 * CHUNK_SIZE).subarray(0, CHUNK_SIZE + 10));
    expect(back.subarray(CHUNK_SIZE + 10).every((b) => b === 0)).toBe(true);
  });

  it("truncating to a chunk boundary or to zero frees every chunk past it", () => {
    const budget = new SpaceBudget(Infinity);
    const content = FileContent.empty(budget);
    content.write(0, filled(2 * CHUNK_SIZE));
    content.truncate(CHUNK_SIZE);
    expect(content.allocatedChunks).toBe(1);
    content.truncate(0);
    expect(content.allocatedChunks).toBe(0);
    expect(budget.used).toBe(0);
  });

  it("copyOf copies (later changes to the source do not show), leaving zero chunks as holes", () => {
    const budget = new SpaceBudget(Infinity);
    const source = new Uint8Array(3 * CHUNK_SIZE);
    source[5] = 1;
    source[2 * CHUNK_SIZE + 5] = 2;
    const content = FileContent.copyOf(source, budget)!;
    source[5] = 99;
    expect(content.size).toBe(3 * CHUNK_SIZE);
    expect(content.allocatedChunks).toBe(2);
    expect(content.toBytes()[5]).toBe(1);
    expect(content.toBytes()[2 * CHUNK_SIZE + 5]).toBe(2);
  });

  it("copyOf answers undefined and takes nothing when the budget cannot hold the copy", () => {
    const budget = new SpaceBudget(CHUNK_SIZE);
    expect(FileContent.copyOf(filled(CHUNK_SIZE + 1), budget)).toBeUndefined();
    expect(budget.used).toBe(0);
  });

  it("viewOf shares the bytes, reads a short last chunk correctly, and refuses changes", () => {
    const source = filled(CHUNK_SIZE + 3);
    const content = FileContent.viewOf(source);
    expect(content.size).toBe(CHUNK_SIZE + 3);
    expect(content.allocatedChunks).toBe(2);
    expect(content.toBytes()).toEqual(source);
    const tail = new Uint8Array(10).fill(9);
    expect(content.read(CHUNK_SIZE, tail)).toBe(3);
    expect(tail.subarray(0, 3)).toEqual(source.subarray(CHUNK_SIZE));
    expect(() => content.write(0, Uint8Array.of(1))).toThrow(InvariantViolation);
    expect(() => content.truncate(0)).toThrow(InvariantViolation);
  });

  it("release gives every chunk back", () => {
    const budget = new SpaceBudget(Infinity);
    const content = FileContent.empty(budget);
    content.write(0, filled(2 * CHUNK_SIZE));
    content.release();
    expect(budget.used).toBe(0);
    expect(content.size).toBe(0);
    FileContent.viewOf(filled(5)).release();
  });
});
