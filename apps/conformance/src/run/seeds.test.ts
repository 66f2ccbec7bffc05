import { describe, expect, it } from "vitest";
import { scheduleSeeds } from "./seeds";

describe("schedule seeds", () => {
  it("start at the base, step by the golden ratio, wrap at 2^32, and are distinct", () => {
    expect(scheduleSeeds(5, 3)).toEqual([5, 5 + 0x9e37_79b9, (5 + 2 * 0x9e37_79b9) % 2 ** 32]);
    expect(scheduleSeeds(0xffff_ffff, 2)).toEqual([0xffff_ffff, 0x9e37_79b8]);
    expect(new Set(scheduleSeeds(1, 1000)).size).toBe(1000);
    expect(scheduleSeeds(9, 0)).toEqual([]);
  });
});
