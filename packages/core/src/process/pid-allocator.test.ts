import { describe, expect, it } from "vitest";
import { InvariantViolation } from "../util/invariant";
import { FIRST_CHILD_PID, PidAllocator } from "./pid-allocator";

const none = (): boolean => false;

describe("PidAllocator", () => {
  it("counts up from 2 by default", () => {
    const pids = new PidAllocator();
    expect([pids.allocate(none), pids.allocate(none), pids.allocate(none)]).toEqual([2, 3, 4]);
    expect(pids.next).toBe(5);
  });

  it("skips taken PIDs and continues after the one it returned", () => {
    const pids = new PidAllocator(10);
    const taken = new Set([10, 11, 13]);
    expect(pids.allocate((p) => taken.has(p))).toBe(12);
    expect(pids.allocate((p) => taken.has(p))).toBe(14);
  });

  it("is monotonic: a freed PID is not reused before the counter wraps", () => {
    const pids = new PidAllocator();
    const first = pids.allocate(none);
    expect(pids.allocate(none)).toBeGreaterThan(first);
  });

  it("wraps after 2^32 - 1 to 2, skipping 0, the init PID 1 and taken PIDs", () => {
    const pids = new PidAllocator(0xffff_fffe);
    const taken = new Set([2, 3, 5]);
    const isTaken = (p: number): boolean => taken.has(p);
    expect(pids.allocate(isTaken)).toBe(0xffff_fffe);
    expect(pids.allocate(isTaken)).toBe(0xffff_ffff);
    expect(pids.allocate(isTaken)).toBe(4);
    expect(pids.allocate(isTaken)).toBe(6);
  });

  it("wraps when the last PID itself is taken", () => {
    const pids = new PidAllocator(0xffff_ffff);
    expect(pids.allocate((p) => p === 0xffff_ffff)).toBe(FIRST_CHILD_PID);
  });

  it("rejects counter values outside [2, 2^32 - 1]", () => {
    for (const bad of [0, 1, -3, 2.5, Number.NaN, 0x1_0000_0000]) {
      expect(() => new PidAllocator(bad)).toThrow(InvariantViolation);
      const pids = new PidAllocator();
      expect(() => {
        pids.next = bad;
      }).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
      expect(pids.next).toBe(2);
    }
  });
});
