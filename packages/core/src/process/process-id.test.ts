import { describe, expect, it } from "vitest";
import { ProcessId } from "./process-id";

describe("ProcessId", () => {
  it("INIT is PID 1 and MAX is 2^32 - 1", () => {
    expect(ProcessId.asU32(ProcessId.INIT)).toBe(1);
    expect(ProcessId.asU32(ProcessId.MAX)).toBe(0xffff_ffff);
  });

  it("new accepts every integer in [1, 2^32 - 1] and keeps its value", () => {
    for (const raw of [1, 2, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff]) {
      const id = ProcessId.new(raw);
      expect(id).toBe(raw);
      expect(ProcessId.asU32(id!)).toBe(raw);
    }
  });

  it("new rejects 0, negatives, fractions, NaN, infinities and values above u32", () => {
    for (const raw of [0, -0, -1, -0xffff_ffff, 1.5, 0.999, Number.NaN, Infinity, -Infinity, 0x1_0000_0000, 2 ** 53]) {
      expect(ProcessId.new(raw)).toBeUndefined();
    }
  });
});
