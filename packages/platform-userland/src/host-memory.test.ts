import { PAGE_SIZE } from "@litebox-ts/core";
import { describe, expect, it, vi } from "vitest";
import { allZero } from "../test/helpers";
import { HostMemory, allocateBuffer, isSharedArrayBufferAvailable } from "./host-memory";

const REGION = 16 * PAGE_SIZE;

describe("HostMemory", () => {
  it("cuts one buffer into size-aligned regions", () => {
    const memory = new HostMemory(REGION, 3, true);
    expect(memory.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(memory.bytes.length).toBe(3 * REGION);
    expect(memory.regions.map((r) => r.base)).toEqual([0, REGION, 2 * REGION]);
    expect(memory.regions.map((r) => r.dirty.length)).toEqual([16, 16, 16]);
    expect(new HostMemory(REGION, 1, false).bytes.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it("counts dirty pages once each, and wipes only dirty pages of the given range", () => {
    const memory = new HostMemory(REGION, 2, false);
    const [r0, r1] = memory.regions;
    memory.markDirty(r1!, 2, 3);
    memory.markDirty(r1!, 3, 1);
    expect(memory.dirtyPages).toBe(3);
    memory.bytes.fill(7, REGION + 2 * PAGE_SIZE, REGION + 5 * PAGE_SIZE);
    memory.bytes.fill(9, REGION + 8 * PAGE_SIZE, REGION + 9 * PAGE_SIZE); // not dirty: left alone
    memory.wipe(r1!, 0, 3);
    expect(memory.dirtyPages).toBe(2);
    expect(memory.bytes[REGION + 2 * PAGE_SIZE + 5]).toBe(0);
    expect(memory.bytes[REGION + 3 * PAGE_SIZE]).toBe(7);
    memory.wipeRegion(r1!);
    expect(memory.dirtyPages).toBe(0);
    expect(allZero(memory.bytes.subarray(REGION, REGION + 8 * PAGE_SIZE))).toBe(true);
    expect(memory.bytes[REGION + 8 * PAGE_SIZE]).toBe(9);
    expect(allZero(r0!.dirty)).toBe(true);
  });

  it("does not write a dirty page that still reads as zero (so the host never commits it)", () => {
    const memory = new HostMemory(REGION, 1, false);
    const region = memory.regions[0]!;
    memory.markDirty(region, 0, 16);
    memory.bytes[5 * PAGE_SIZE + PAGE_SIZE - 1] = 1; // the last byte of page 5
    const set = vi.spyOn(memory.bytes, "set");
    memory.wipeRegion(region);
    expect(set).toHaveBeenCalledTimes(1);
    expect(set).toHaveBeenCalledWith(new Uint8Array(PAGE_SIZE), 5 * PAGE_SIZE);
    expect(allZero(memory.bytes)).toBe(true);
  });
});

describe("buffers", () => {
  it("are shared or plain as asked; SharedArrayBuffer is detected on the global object", () => {
    expect(isSharedArrayBufferAvailable()).toBe(true);
    expect(allocateBuffer(8, true)).toBeInstanceOf(SharedArrayBuffer);
    expect(allocateBuffer(8, false)).toBeInstanceOf(ArrayBuffer);
    vi.stubGlobal("SharedArrayBuffer", undefined);
    try {
      expect(isSharedArrayBufferAvailable()).toBe(false);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
