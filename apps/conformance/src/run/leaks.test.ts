import { LiteBox, TestPlatform } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import type { AnyLiteBox } from "../plugin/types";
import { describeLeaks, leaksBetween, snapshot, type ResourceSnapshot } from "./leaks";

const clean: ResourceSnapshot = { processes: [1], descriptors: 0, pipes: 0, futexWaiters: 0, openFiles: 0, addressSpaces: 0, counters: { frames: 3 } };

describe("leak check", () => {
  it("nothing leaked: no leaks", () => {
    expect(leaksBetween(clean, { ...clean, counters: { frames: 3 } })).toEqual([]);
  });

  it("names every resource left behind, platform counters included", () => {
    const after: ResourceSnapshot = { processes: [1, 2], descriptors: 2, pipes: 1, futexWaiters: 1, openFiles: 1, addressSpaces: 1, counters: { frames: 5, asids: 1 } };
    const leaks = leaksBetween(clean, after);
    expect(leaks).toEqual([
      { resource: "processes", before: "[1]", after: "[1, 2]" },
      { resource: "descriptors", before: "0", after: "2" },
      { resource: "pipes", before: "0", after: "1" },
      { resource: "futexWaiters", before: "0", after: "1" },
      { resource: "openFiles", before: "0", after: "1" },
      { resource: "addressSpaces", before: "0", after: "1" },
      { resource: "platform.frames", before: "3", after: "5" },
      { resource: "platform.asids", before: "absent", after: "1" },
    ]);
    expect(describeLeaks(leaks.slice(0, 2))).toBe("processes [1] → [1, 2], descriptors 0 → 2");
  });

  it("a registry without PID 1 is a leak too (the registry must hold exactly PID 1)", () => {
    expect(leaksBetween(clean, { ...clean, processes: [] })).toEqual([{ resource: "processes", before: "[1]", after: "[]" }]);
  });

  it("snapshots a LiteBox: PID 1, live descriptors and pipes", () => {
    const litebox = new LiteBox(new TestPlatform()) as unknown as AnyLiteBox;
    const before = snapshot(litebox);
    expect(before.processes).toEqual([1]);
    const storage = litebox.descriptors().createStorage();
    litebox.pipes().openPipe(storage);
    const during = snapshot(litebox);
    expect([during.descriptors, during.pipes]).toEqual([before.descriptors + 2, before.pipes + 1]);
    storage.closeAll();
    expect(leaksBetween(before, snapshot(litebox))).toEqual([]);
  });
});
