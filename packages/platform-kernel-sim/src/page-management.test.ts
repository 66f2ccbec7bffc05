import { describe, expect, it } from "vitest";
import { InvariantViolation, PAGE_SIZE, Prot } from "@litebox-ts/core";
import { Pte } from "./pte";
import { DATA, MiB, RW, RX, peek, platform, rawLeaf, value } from "./kernel-sim.test-helper";

const PPN_MASK = 0xffff_fc00;

describe("mapPages", () => {
  it("maps demand-zero pages: entries only, no data frame until first touch, then a zeroed frame", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    p.physicalMemory.fill(0xee); // freed frames are dirty; demand-zero must still read zeros
    const before = p.resourceStats().counters;
    value(p.mapPages(s, DATA, 4 * PAGE_SIZE, RW));
    const after = p.resourceStats().counters;
    expect(after.dataFrames).toBe(before.dataFrames);
    expect(after.pageTableFrames).toBe(before.pageTableFrames + 1);
    expect(p.physicalAddress(s, DATA)).toBeUndefined();
    expect(peek(p, s, DATA, PAGE_SIZE).every((b) => b === 0)).toBe(true);
    expect(p.resourceStats().counters.dataFrames).toBe(before.dataFrames); // reading allocated nothing
    expect(p.writeU32(s, DATA + 8, 0xabcd)).toBeUndefined();
    expect(p.resourceStats().counters.dataFrames).toBe(before.dataFrames + 1);
    const frame = p.physicalAddress(s, DATA)!;
    expect(p.physicalMemory.subarray(frame, frame + 8).every((b) => b === 0)).toBe(true);
    expect(p.frameReferences(frame)).toBe(1);
  });

  it("replaces an existing mapping with fresh zero pages and frees the old frames", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, 2 * PAGE_SIZE, RW));
    expect(p.writeBytes(s, DATA, new Uint8Array(2 * PAGE_SIZE).fill(7))).toBeUndefined();
    const frame = p.physicalAddress(s, DATA)!;
    expect(p.resourceStats().counters.dataFrames).toBe(2);
    value(p.mapPages(s, DATA, PAGE_SIZE, Prot.Read));
    expect(p.frameReferences(frame)).toBe(0);
    expect(p.resourceStats().counters.dataFrames).toBe(1);
    expect(peek(p, s, DATA, 1)[0]).toBe(0);
    expect(peek(p, s, DATA + PAGE_SIZE, 1)[0]).toBe(7);
    expect(value(p.queryPage(s, DATA))).toEqual({ prot: Prot.Read, shared: false });
  });

  it("rounds lengths up to whole pages", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, 1, RW));
    expect(value(p.mappings(s))).toEqual([{ start: DATA, end: DATA + PAGE_SIZE, prot: RW }]);
  });

  it("validates: InvalidId, InvalidArgument, OutOfRange (nothing changed)", () => {
    const p = platform({ rangeEnd: 0x100_0000 });
    const s = value(p.createAddressSpace());
    expect(p.mapPages(9, DATA, PAGE_SIZE, RW)).toEqual({ ok: false, error: "InvalidId" });
    for (const [address, length, prot] of [
      [DATA + 1, PAGE_SIZE, RW], [DATA, 0, RW], [DATA, -1, RW], [DATA, 1.5, RW], [-PAGE_SIZE, PAGE_SIZE, RW],
      [2 ** 32, PAGE_SIZE, RW], [DATA, PAGE_SIZE, 8], [DATA, PAGE_SIZE, -1], [DATA, PAGE_SIZE, 0.5], [0.5, PAGE_SIZE, RW],
    ] as const) {
      expect(p.mapPages(s, address, length, prot), `${address} ${length} ${prot}`).toEqual({ ok: false, error: "InvalidArgument" });
    }
    expect(p.mapPages(s, 0, PAGE_SIZE, RW)).toEqual({ ok: false, error: "OutOfRange" });
    expect(p.mapPages(s, 0x100_0000 - PAGE_SIZE, 2 * PAGE_SIZE, RW)).toEqual({ ok: false, error: "OutOfRange" });
    expect(p.mapPages(s, 0x100_0000, PAGE_SIZE, RW)).toEqual({ ok: false, error: "OutOfRange" });
    value(p.mapPages(s, 0x100_0000 - PAGE_SIZE, PAGE_SIZE, RW));
    value(p.mapPages(s, 0x1000, PAGE_SIZE, RW));
    expect(value(p.mappings(s))).toHaveLength(2);
  });

  it("NoMemory with nothing changed when the page tables do not fit", () => {
    const p = platform({ memorySize: 64 * 1024 }); // 16 frames
    const s = value(p.createAddressSpace()); // 1 frame
    const shm = value(p.createSharedMemory(12 * PAGE_SIZE)); // 12 frames: 3 left
    const stats = p.resourceStats();
    // Five 4 MiB regions need five level-0 tables.
    expect(p.mapPages(s, 0x40_0000, 20 * MiB, RW)).toEqual({ ok: false, error: "NoMemory" });
    expect(p.mapSharedPages(s, 0x40_0000, 20 * MiB, RW, shm, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.resourceStats()).toEqual(stats);
    expect(value(p.mappings(s))).toEqual([]);
    value(p.mapPages(s, 0x40_0000, 12 * MiB, RW)); // three tables fit
    expect(p.resourceStats().counters.freeFrames).toBe(0);
    expect(p.mapSharedPages(s, 0x100_0000, PAGE_SIZE, RW, shm, 0)).toEqual({ ok: false, error: "NoMemory" });
    // Inside existing tables no frame is needed.
    value(p.mapSharedPages(s, 0x40_0000, 12 * PAGE_SIZE, RW, shm, 0));
  });
});

describe("PTE format in physical memory", () => {
  it("a demand-zero entry: V clear, U set, R W X as mapped, RSW bit 9, PPN 0", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, Prot.Read | Prot.Exec));
    const { l1, leaf } = rawLeaf(p, s, DATA);
    // The root entry is a pointer: V only.
    expect(l1 & 0x3ff).toBe(Pte.V);
    expect(leaf).toBe(Pte.ZERO | Pte.U | Pte.R | Pte.X);
  });

  it("a touched entry: V U R W, A after a load, D after a store, PPN = the frame", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    expect(value(p.readU32(s, DATA))).toBe(0); // reads of demand-zero pages allocate nothing
    expect(rawLeaf(p, s, DATA).leaf & Pte.V).toBe(0);
    expect(p.writeU32(s, DATA, 1)).toBeUndefined();
    const frame = p.physicalAddress(s, DATA)!;
    let { leaf } = rawLeaf(p, s, DATA);
    expect(leaf & 0x3ff).toBe(Pte.V | Pte.R | Pte.W | Pte.U | Pte.A | Pte.D);
    expect((leaf & PPN_MASK) >>> 10).toBe(frame / PAGE_SIZE);
    // G is never set; the RSW bits are clear on a private unshared page.
    expect(leaf & (Pte.G | Pte.COW | Pte.ZERO)).toBe(0);
    value(p.protectPages(s, DATA, PAGE_SIZE, Prot.Read));
    ({ leaf } = rawLeaf(p, s, DATA));
    expect(leaf & 0x3ff).toBe(Pte.V | Pte.R | Pte.U | Pte.A | Pte.D); // A/D survive mprotect
  });

  it("protections Sv32 cannot express (none, W, W+X) are software entries with V clear, keeping the frame", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    expect(p.writeU32(s, DATA, 0x55)).toBeUndefined();
    const frame = p.physicalAddress(s, DATA)!;
    for (const prot of [Prot.None, Prot.Write, Prot.Write | Prot.Exec]) {
      value(p.protectPages(s, DATA, PAGE_SIZE, prot));
      const { leaf } = rawLeaf(p, s, DATA);
      expect(leaf & Pte.V).toBe(0);
      expect(leaf & 0x3ff).toBe(Pte.U | (prot << 1));
      expect((leaf >>> 10) * PAGE_SIZE).toBe(frame);
      expect(value(p.queryPage(s, DATA))).toEqual({ prot, shared: false });
    }
    value(p.protectPages(s, DATA, PAGE_SIZE, Prot.Exec)); // execute-only is a valid Sv32 leaf
    expect(rawLeaf(p, s, DATA).leaf & (Pte.V | Pte.R | Pte.W | Pte.X)).toBe(Pte.V | Pte.X);
    value(p.protectPages(s, DATA, PAGE_SIZE, RW));
    expect(value(p.readU32(s, DATA))).toBe(0x55);
  });

  it("unmapped: the word 0; a level-0 table is freed with its last entry", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    const tables = p.resourceStats().counters.pageTableFrames;
    value(p.mapPages(s, DATA, 2 * PAGE_SIZE, RW));
    value(p.unmapPages(s, DATA, PAGE_SIZE));
    expect(rawLeaf(p, s, DATA).leaf).toBe(0);
    expect(p.resourceStats().counters.pageTableFrames).toBe(tables + 1);
    value(p.unmapPages(s, DATA + PAGE_SIZE, PAGE_SIZE));
    expect(rawLeaf(p, s, DATA).l1).toBe(0);
    expect(p.resourceStats().counters.pageTableFrames).toBe(tables);
  });
});

describe("unmapPages", () => {
  it("frees the frames, ignores unmapped pages in the range, spans several tables", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, 0x3f_f000, 2 * PAGE_SIZE, RW)); // straddles two level-0 tables
    value(p.mapPages(s, 0x80_0000, PAGE_SIZE, RW));
    expect(p.writeBytes(s, 0x3f_f000, new Uint8Array(2 * PAGE_SIZE).fill(1))).toBeUndefined();
    const initial = 1; // the root
    expect(p.resourceStats().counters).toMatchObject({ dataFrames: 2, pageTableFrames: initial + 3 });
    value(p.unmapPages(s, 0x1000, 16 * MiB));
    expect(value(p.mappings(s))).toEqual([]);
    expect(p.resourceStats().counters).toMatchObject({ dataFrames: 0, pageTableFrames: initial });
    value(p.unmapPages(s, DATA, PAGE_SIZE)); // nothing there: fine
  });

  it("validates like mapPages", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    expect(p.unmapPages(5, DATA, PAGE_SIZE)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.unmapPages(s, DATA + 4, PAGE_SIZE)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.unmapPages(s, 0, PAGE_SIZE)).toEqual({ ok: false, error: "OutOfRange" });
  });
});

describe("protectPages", () => {
  it("NotMapped with nothing changed when a page of the range is unmapped", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    expect(p.protectPages(s, DATA, 2 * PAGE_SIZE, Prot.Read)).toEqual({ ok: false, error: "NotMapped" });
    expect(p.protectPages(s, 0x80_0000, PAGE_SIZE, Prot.Read)).toEqual({ ok: false, error: "NotMapped" });
    expect(value(p.queryPage(s, DATA))).toEqual({ prot: RW, shared: false });
    expect(p.protectPages(8, DATA, PAGE_SIZE, RW)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.protectPages(s, DATA, PAGE_SIZE, 9)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.protectPages(s, 0, PAGE_SIZE, RW)).toEqual({ ok: false, error: "OutOfRange" });
  });

  it("keeps the bytes, changes what user accesses may do", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    expect(p.writeU32(s, DATA, 42)).toBeUndefined();
    value(p.protectPages(s, DATA, PAGE_SIZE, Prot.Read));
    expect(p.writeU32(s, DATA, 1)).toMatchObject({ reason: "protection", access: "write", address: DATA });
    expect(value(p.readU32(s, DATA))).toBe(42);
    value(p.protectPages(s, DATA, PAGE_SIZE, Prot.None));
    expect(p.readU32(s, DATA)).toMatchObject({ ok: false, error: { reason: "protection" } });
    // A demand-zero page changes protection without getting a frame.
    value(p.mapPages(s, DATA + PAGE_SIZE, PAGE_SIZE, Prot.None));
    value(p.protectPages(s, DATA + PAGE_SIZE, PAGE_SIZE, RW));
    expect(rawLeaf(p, s, DATA + PAGE_SIZE).leaf).toBe(Pte.ZERO | Pte.U | Pte.R | Pte.W);
  });
});

describe("queryPage and mappings", () => {
  it("queryPage: undefined when unmapped, OutOfRange outside the range, InvalidId", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    expect(value(p.queryPage(s, DATA))).toBeUndefined();
    expect(p.queryPage(s, 0)).toEqual({ ok: false, error: "OutOfRange" });
    expect(p.queryPage(s, 0x8000_0000)).toEqual({ ok: false, error: "OutOfRange" });
    expect(p.queryPage(s, 1.5)).toEqual({ ok: false, error: "OutOfRange" });
    expect(p.queryPage(3, DATA)).toEqual({ ok: false, error: "InvalidId" });
    value(p.mapPages(s, DATA, PAGE_SIZE, RX));
    expect(value(p.queryPage(s, DATA + 123))).toEqual({ prot: RX, shared: false });
  });

  it("mappings: maximal runs of equal protection and backing, in address order", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    const shm = value(p.createSharedMemory(4 * PAGE_SIZE));
    value(p.mapPages(s, 0x90_0000, PAGE_SIZE, RW));
    value(p.mapPages(s, 0x10000, 3 * PAGE_SIZE, RX));
    value(p.mapPages(s, 0x13000, 2 * PAGE_SIZE, RW));
    value(p.mapSharedPages(s, 0x15000, 2 * PAGE_SIZE, RW, shm, 0));
    value(p.mapSharedPages(s, 0x17000, PAGE_SIZE, RW, shm, 3 * PAGE_SIZE)); // not contiguous in the object
    value(p.mapSharedPages(s, 0x3f_f000, 2 * PAGE_SIZE, Prot.Read, shm, PAGE_SIZE)); // across a table boundary
    expect(value(p.mappings(s))).toEqual([
      { start: 0x10000, end: 0x13000, prot: RX },
      { start: 0x13000, end: 0x15000, prot: RW },
      { start: 0x15000, end: 0x17000, prot: RW, sharedObject: { object: shm, offset: 0 } },
      { start: 0x17000, end: 0x18000, prot: RW, sharedObject: { object: shm, offset: 3 * PAGE_SIZE } },
      { start: 0x3f_f000, end: 0x40_1000, prot: Prot.Read, sharedObject: { object: shm, offset: PAGE_SIZE } },
      { start: 0x90_0000, end: 0x90_1000, prot: RW },
    ]);
    expect(value(p.queryPage(s, 0x40_0000))).toEqual({ prot: Prot.Read, shared: true, sharedObject: { object: shm, offset: 2 * PAGE_SIZE } });
  });
});

describe("shared memory objects", () => {
  it("createSharedMemory: pages allocated and zeroed now; InvalidArgument; NoMemory", () => {
    const p = platform({ memorySize: 64 * 1024 });
    p.physicalMemory.fill(0xff);
    expect(p.createSharedMemory(0)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.createSharedMemory(-1)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.createSharedMemory(2.5)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.createSharedMemory(2 ** 32 + 1)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.createSharedMemory(17 * PAGE_SIZE)).toEqual({ ok: false, error: "NoMemory" });
    const shm = value(p.createSharedMemory(PAGE_SIZE + 1));
    expect(shm.length).toBe(2 * PAGE_SIZE);
    expect(p.resourceStats().counters).toMatchObject({ dataFrames: 2, sharedObjects: 1 });
    const s = value(p.createAddressSpace());
    value(p.mapSharedPages(s, DATA, 2 * PAGE_SIZE, RW, shm, 0));
    expect(peek(p, s, DATA, 2 * PAGE_SIZE).every((b) => b === 0)).toBe(true);
    const other = value(p.createSharedMemory(PAGE_SIZE));
    expect(other.id).not.toBe(shm.id);
  });

  it("writes through one mapping are seen by every mapping, in any space", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    const shm = value(p.createSharedMemory(2 * PAGE_SIZE));
    value(p.mapSharedPages(a, DATA, 2 * PAGE_SIZE, RW, shm, 0));
    value(p.mapSharedPages(b, 0x70_0000, PAGE_SIZE, Prot.Read, shm, PAGE_SIZE));
    value(p.mapSharedPages(a, 0x90_0000, PAGE_SIZE, RW, shm, PAGE_SIZE)); // an alias in the same space
    expect(p.writeU32(a, DATA + PAGE_SIZE + 4, 0xfeed)).toBeUndefined();
    expect(value(p.readU32(b, 0x70_0004))).toBe(0xfeed);
    expect(value(p.readU32(a, 0x90_0004))).toBe(0xfeed);
    expect(p.physicalAddress(b, 0x70_0000)).toBe(p.physicalAddress(a, DATA + PAGE_SIZE));
    expect(p.writeU32(b, 0x70_0000, 1)).toMatchObject({ reason: "protection" });
  });

  it("mapSharedPages validates the object, the offset and the length", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    const shm = value(p.createSharedMemory(2 * PAGE_SIZE));
    const stranger = platform();
    const foreign = value(stranger.createSharedMemory(PAGE_SIZE));
    expect(p.mapSharedPages(s, DATA, PAGE_SIZE, RW, shm, 3)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.mapSharedPages(s, DATA, PAGE_SIZE, RW, shm, -PAGE_SIZE)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.mapSharedPages(s, DATA, 2 * PAGE_SIZE, RW, shm, PAGE_SIZE)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.mapSharedPages(s, DATA, PAGE_SIZE, RW, { id: shm.id, length: shm.length }, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.mapSharedPages(s, DATA, PAGE_SIZE, RW, foreign, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.mapSharedPages(7, DATA, PAGE_SIZE, RW, shm, 0)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.mapSharedPages(s, DATA + 1, PAGE_SIZE, RW, shm, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.mapSharedPages(s, 0, PAGE_SIZE, RW, shm, 0)).toEqual({ ok: false, error: "OutOfRange" });
    p.releaseSharedMemory(shm);
    expect(p.mapSharedPages(s, DATA, PAGE_SIZE, RW, shm, 0)).toEqual({ ok: false, error: "InvalidArgument" });
  });

  it("an object lives while held or mapped; its frames go with the last reference", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const shm = value(p.createSharedMemory(3 * PAGE_SIZE));
    value(p.mapSharedPages(a, DATA, PAGE_SIZE, RW, shm, PAGE_SIZE));
    const frame = p.physicalAddress(a, DATA)!;
    expect(p.frameReferences(frame)).toBe(2); // the object and the PTE
    p.releaseSharedMemory(shm);
    // Pages nobody maps are freed at once; the mapped one lives on.
    expect(p.resourceStats().counters).toMatchObject({ dataFrames: 1, sharedObjects: 1 });
    expect(p.frameReferences(frame)).toBe(1);
    expect(p.writeU32(a, DATA, 3)).toBeUndefined();
    expect(value(p.readU32(a, DATA))).toBe(3);
    expect(p.mapSharedPages(a, DATA + PAGE_SIZE, PAGE_SIZE, RW, shm, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    value(p.unmapPages(a, DATA, PAGE_SIZE));
    expect(p.frameReferences(frame)).toBe(0);
    expect(p.resourceStats().counters).toMatchObject({ dataFrames: 0, sharedObjects: 0 });
  });

  it("the last unmap of a released object frees it; remapping a page over itself keeps it", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const shm = value(p.createSharedMemory(PAGE_SIZE));
    value(p.mapSharedPages(a, DATA, PAGE_SIZE, RW, shm, 0));
    expect(p.writeU32(a, DATA, 9)).toBeUndefined();
    value(p.mapSharedPages(a, DATA, PAGE_SIZE, Prot.Read, shm, 0));
    expect(value(p.readU32(a, DATA))).toBe(9);
    p.releaseSharedMemory(shm);
    expect(p.resourceStats().counters.sharedObjects).toBe(1);
    value(p.unmapPages(a, DATA, PAGE_SIZE));
    expect(p.resourceStats().counters).toMatchObject({ dataFrames: 0, sharedObjects: 0 });
  });

  it("destroying the space releases its mappings of the object", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const shm = value(p.createSharedMemory(PAGE_SIZE));
    value(p.mapSharedPages(a, DATA, PAGE_SIZE, RW, shm, 0));
    p.releaseSharedMemory(shm);
    value(p.destroyAddressSpace(a));
    expect(p.resourceStats().counters).toMatchObject({ framesInUse: 0, sharedObjects: 0 });
  });

  it("releasing twice, or an object of another platform, is a caller bug", () => {
    const p = platform();
    const shm = value(p.createSharedMemory(PAGE_SIZE));
    p.releaseSharedMemory(shm);
    expect(() => p.releaseSharedMemory(shm)).toThrow(InvariantViolation);
    const foreign = value(platform().createSharedMemory(PAGE_SIZE));
    expect(() => p.releaseSharedMemory(foreign)).toThrow(InvariantViolation);
  });
});
