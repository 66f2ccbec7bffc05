import { describe, expect, it } from "vitest";
import { PAGE_SIZE } from "@litebox-ts/core";
import { AsidAllocator } from "./asid-allocator";
import { PageTables } from "./page-tables";
import { FrameOwner, PhysicalMemory } from "./physical-memory";
import { Pte } from "./pte";

describe("PhysicalMemory", () => {
  it("hands frames out from the top, with count 1 and an owner; -1 when exhausted", () => {
    const m = new PhysicalMemory(4 * PAGE_SIZE, false);
    expect(m.isShared).toBe(false);
    expect([m.allocate(FrameOwner.Private), m.allocate(7, 3), m.allocate(FrameOwner.PageTable)]).toEqual([3, 2, 1]);
    expect([m.refs[3], m.owner[2], m.ownerIndex[2], m.owner[1]]).toEqual([1, 7, 3, FrameOwner.PageTable]);
    expect(m.tableFrames).toBe(1);
    expect(m.allocate(FrameOwner.Private)).toBe(0);
    expect(m.allocate(FrameOwner.Private)).toBe(-1);
    expect(m.freeFrames).toBe(0);
    expect(m.framesInUse).toBe(4);
  });

  it("frees at count 0, reuses the frame, forgets its owner; allocateZeroed clears it", () => {
    const m = new PhysicalMemory(2 * PAGE_SIZE, true);
    expect(m.isShared).toBe(true);
    const f = m.allocate(FrameOwner.PageTable);
    m.bytes.fill(0xaa, f * PAGE_SIZE, (f + 1) * PAGE_SIZE);
    m.retain(f);
    expect(m.release(f)).toBe(false);
    expect(m.release(f)).toBe(true);
    expect(m.tableFrames).toBe(0);
    expect(m.owner[f]).toBe(FrameOwner.Private);
    expect(m.allocate(FrameOwner.Private)).toBe(f);
    expect(m.bytes[f * PAGE_SIZE]).toBe(0xaa); // allocate does not clear
    m.release(f);
    expect(m.allocateZeroed(FrameOwner.Private)).toBe(f);
    expect(m.bytes.subarray(f * PAGE_SIZE, (f + 1) * PAGE_SIZE).every((b) => b === 0)).toBe(true);
    expect(new PhysicalMemory(PAGE_SIZE, false).allocateZeroed(FrameOwner.Private)).toBe(0);
    const full = new PhysicalMemory(PAGE_SIZE, false);
    full.allocate(FrameOwner.Private);
    expect(full.allocateZeroed(FrameOwner.Private)).toBe(-1);
  });
});

describe("AsidAllocator", () => {
  it("gives 1..n lowest first, -1 when empty, reuses released ones", () => {
    const a = new AsidAllocator(3);
    expect([a.allocate(), a.allocate(), a.allocate(), a.allocate()]).toEqual([1, 2, 3, -1]);
    expect(a.inUse).toBe(3);
    a.release(2);
    expect(a.inUse).toBe(2);
    expect(a.allocate()).toBe(2);
    expect(new AsidAllocator().capacity).toBe(511);
  });
});

describe("PageTables", () => {
  it("allocates a level-0 table on demand, counts entries, frees it when empty", () => {
    const m = new PhysicalMemory(8 * PAGE_SIZE, false);
    const t = new PageTables(m);
    const root = t.createRoot();
    const va = 0x0040_3000;
    expect(t.leafIndex(root, va)).toBe(-1);
    expect(t.missingTables(root, va, 0xc0_0000)).toBe(2);
    expect(t.missingTables(root, va, 0xc0_1000)).toBe(3);
    const index = t.ensureLeafIndex(root, va);
    const table = t.tableAt(root, 1);
    expect(index).toBe((table << 10) | 3);
    expect(m.words[t.rootEntryIndex(root, va)]).toBe((table << 10) | Pte.V);
    expect(t.ensureLeafIndex(root, va)).toBe(index);
    expect(t.tableCount(root)).toBe(1);
    t.setLeaf(index, Pte.U | Pte.ZERO);
    t.setLeaf(index, Pte.U | Pte.ZERO | Pte.R); // non-zero to non-zero: still one
    expect(t.used(table)).toBe(1);
    expect(t.freeTableIfEmpty(root, va)).toBe(false);
    t.setLeaf(index, 0);
    expect(t.used(table)).toBe(0);
    expect(t.freeTableIfEmpty(root, va)).toBe(true);
    expect(t.freeTableIfEmpty(root, va)).toBe(false);
    expect(m.tableFrames).toBe(1);
    t.ensureLeafIndex(root, 0);
    t.freeAll(root);
    expect(m.framesInUse).toBe(0);
  });

  it("ensureLeafIndex answers -1 when no frame is left for the table", () => {
    const m = new PhysicalMemory(PAGE_SIZE, false);
    const t = new PageTables(m);
    const root = t.createRoot();
    expect(t.ensureLeafIndex(root, 0x1000)).toBe(-1);
    expect(t.createRoot()).toBe(-1);
  });
});
