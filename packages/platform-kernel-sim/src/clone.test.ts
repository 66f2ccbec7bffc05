import { describe, expect, it } from "vitest";
import { PAGE_SIZE, Prot, forkAddressSpace } from "@litebox-ts/core";
import type { TranslatedMemoryPort } from "@litebox-ts/riscv";
import { Pte } from "./pte";
import { Assembler, CODE, DATA, ECALL, MiB, Reg, RW, aluI, hartAt, load, loadCode, platform, rawLeaf, store, value } from "./kernel-sim.test-helper";

/** Code that stores t1 at DATA, ecalls, loads DATA into a0, ecalls. */
function storeThenLoad(v: number): Assembler {
  return new Assembler(CODE)
    .li(Reg.t0, DATA).li(Reg.t1, v).emit(store("sw", Reg.t1, Reg.t0, 0), ECALL)
    .emit(load("lw", Reg.a0, Reg.t0, 0), ECALL);
}

describe("cloneAddressSpace (copy-on-write fork)", () => {
  it("shares every frame, refcount + 1; writable private pages become read-only + COW in both spaces", () => {
    const p = platform();
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, DATA, 2 * PAGE_SIZE, RW));
    expect(p.writeU32(parent, DATA, 1)).toBeUndefined();
    expect(p.writeU32(parent, DATA + PAGE_SIZE, 2)).toBeUndefined();
    const frame = p.physicalAddress(parent, DATA)!;
    const dataBefore = p.resourceStats().counters.dataFrames;
    const child = value(p.cloneAddressSpace(parent));
    expect(p.physicalAddress(child, DATA)).toBe(frame);
    expect(p.frameReferences(frame)).toBe(2);
    expect(p.resourceStats().counters.dataFrames).toBe(dataBefore); // no data copied
    for (const space of [parent, child]) {
      const { leaf } = rawLeaf(p, space, DATA);
      expect(leaf & (Pte.V | Pte.R | Pte.W | Pte.COW)).toBe(Pte.V | Pte.R | Pte.COW);
      expect(value(p.queryPage(space, DATA))).toEqual({ prot: RW, shared: false }); // still logically writable
    }
    expect(value(p.mappings(child))).toEqual(value(p.mappings(parent)));
    expect(value(p.readU32(child, DATA + PAGE_SIZE))).toBe(2);
  });

  it("a write in the child does not change the parent, and vice versa; frames are copied on the first write only", () => {
    const p = platform();
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, DATA, PAGE_SIZE, RW));
    expect(p.writeU32(parent, DATA, 10)).toBeUndefined();
    const frame = p.physicalAddress(parent, DATA)!;
    const child = value(p.cloneAddressSpace(parent));
    expect(p.writeU32(child, DATA, 20)).toBeUndefined();
    const copy = p.physicalAddress(child, DATA)!;
    expect(copy).not.toBe(frame);
    expect(p.frameReferences(frame)).toBe(1);
    expect(p.frameReferences(copy)).toBe(1);
    expect(value(p.readU32(parent, DATA))).toBe(10);
    expect(value(p.readU32(child, DATA))).toBe(20);
    // The parent is now the frame's only user: its write re-enables W without copying.
    expect(p.writeU32(parent, DATA, 11)).toBeUndefined();
    expect(p.physicalAddress(parent, DATA)).toBe(frame);
    expect(rawLeaf(p, parent, DATA).leaf & (Pte.W | Pte.COW | Pte.D)).toBe(Pte.W | Pte.D);
    expect(value(p.readU32(child, DATA))).toBe(20);
  });

  it("through harts: each side's store is private; a hart that cached the page W before the fork faults into the copy", () => {
    const p = platform();
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, DATA, PAGE_SIZE, RW));
    loadCode(p, parent, CODE, storeThenLoad(0xaaa));
    const parentHart = hartAt(p, parent, CODE);
    expect(parentHart.run(100).kind).toBe("ecall"); // the TLB now holds DATA writable
    const child = value(p.cloneAddressSpace(parent));
    const childHart = hartAt(p, child, CODE);
    childHart.copyRegistersFrom(parentHart);
    // The parent hart stores again through its (shot down) TLB entry: must copy or fault, never write the shared frame.
    parentHart.setRegister(Reg.t1, 0xbbb);
    parentHart.pc = CODE + 16; // the sw, with t0/t1 set
    expect(parentHart.run(100).kind).toBe("ecall");
    expect(value(p.readU32(parent, DATA))).toBe(0xbbb);
    expect(value(p.readU32(child, DATA))).toBe(0xaaa);
    childHart.pc = CODE + 24; // the lw
    expect(childHart.run(100).kind).toBe("ecall");
    expect(childHart.getRegister(Reg.a0)).toBe(0xaaa);
    childHart.setRegister(Reg.t1, 0xccc);
    childHart.pc = CODE + 16; // the sw
    expect(childHart.run(100).kind).toBe("ecall");
    childHart.pc += 4;
    expect(childHart.run(100).kind).toBe("ecall");
    expect(childHart.getRegister(Reg.a0)).toBe(0xccc);
    expect(value(p.readU32(parent, DATA))).toBe(0xbbb);
    expect(p.physicalAddress(parent, DATA)).not.toBe(p.physicalAddress(child, DATA));
  });

  it("self-modifying code in a forked child: its store copies the code page and drops its compiled code only", () => {
    const p = platform({ tierUpThreshold: 1 });
    const parent = value(p.createAddressSpace());
    const code = new Assembler(CODE).li(Reg.a0, 1).emit(ECALL, store("sw", Reg.t1, Reg.t0, 0), ECALL);
    value(p.mapPages(parent, CODE, PAGE_SIZE, Prot.Read | Prot.Write | Prot.Exec));
    expect(p.writeBytes(parent, CODE, code.bytes())).toBeUndefined();
    const run = (space: number, pc: number): number => {
      const hart = hartAt(p, space, pc);
      hart.setRegister(Reg.t0, CODE + 4);
      hart.setRegister(Reg.t1, aluI("addi", Reg.a0, Reg.a0, 2));
      expect(hart.run(100).kind).toBe("ecall");
      return hart.getRegister(Reg.a0);
    };
    for (let i = 0; i < 3; i++) expect(run(parent, CODE)).toBe(1); // hot: compiled in the parent
    const child = value(p.cloneAddressSpace(parent));
    for (let i = 0; i < 3; i++) expect(run(child, CODE)).toBe(1); // and in the child
    run(child, CODE + 12); // the child patches its own text
    expect(run(child, CODE)).toBe(2);
    expect(run(parent, CODE)).toBe(1);
    expect(p.physicalAddress(child, CODE)).not.toBe(p.physicalAddress(parent, CODE));
  });

  it("the TLB shootdown is per page: the parent's other cached translations survive the fork", () => {
    const p = platform();
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, DATA, PAGE_SIZE, Prot.Read));
    loadCode(p, parent, CODE, new Assembler(CODE).li(Reg.t0, DATA).emit(load("lw", Reg.a0, Reg.t0, 0), ECALL));
    const hart = hartAt(p, parent, CODE);
    expect(hart.run(10).kind).toBe("ecall");
    const port = hart.memory as TranslatedMemoryPort;
    const walks = port.translations;
    value(p.cloneAddressSpace(parent));
    hart.pc = CODE;
    expect(hart.run(10).kind).toBe("ecall");
    // Read-only data and code were not write-protected, so no walk was needed again.
    expect(port.translations).toBe(walks);
  });

  it("read-only private pages are shared without COW; a later mprotect to writable still copies on write", () => {
    const p = platform();
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, DATA, PAGE_SIZE, RW));
    expect(p.writeU32(parent, DATA, 5)).toBeUndefined();
    value(p.protectPages(parent, DATA, PAGE_SIZE, Prot.Read));
    const child = value(p.cloneAddressSpace(parent));
    for (const space of [parent, child]) expect(rawLeaf(p, space, DATA).leaf & (Pte.W | Pte.COW)).toBe(0);
    value(p.protectPages(child, DATA, PAGE_SIZE, RW));
    expect(rawLeaf(p, child, DATA).leaf & (Pte.W | Pte.COW)).toBe(Pte.COW);
    expect(p.writeU32(child, DATA, 6)).toBeUndefined();
    expect(value(p.readU32(parent, DATA))).toBe(5);
    expect(value(p.readU32(child, DATA))).toBe(6);
  });

  it("software leaves (write-only, none) with frames are shared copy-on-write too", () => {
    const p = platform();
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, DATA, 2 * PAGE_SIZE, RW));
    expect(p.writeU32(parent, DATA, 1)).toBeUndefined();
    expect(p.writeU32(parent, DATA + PAGE_SIZE, 2)).toBeUndefined();
    value(p.protectPages(parent, DATA, PAGE_SIZE, Prot.Write));
    value(p.protectPages(parent, DATA + PAGE_SIZE, PAGE_SIZE, Prot.None));
    // A hart in the parent caches the write-only page as writable.
    loadCode(p, parent, CODE, new Assembler(CODE).li(Reg.t0, DATA).li(Reg.t1, 3).emit(store("sw", Reg.t1, Reg.t0, 0), ECALL));
    const hart = hartAt(p, parent, CODE);
    expect(hart.run(10).kind).toBe("ecall");
    const child = value(p.cloneAddressSpace(parent));
    expect(rawLeaf(p, child, DATA).leaf & (Pte.V | Pte.W | Pte.COW)).toBe(Pte.COW);
    expect(value(p.queryPage(child, DATA))).toEqual({ prot: Prot.Write, shared: false });
    hart.pc = CODE + 16;
    hart.setRegister(Reg.t1, 4);
    expect(hart.run(10).kind).toBe("ecall");
    const seen = new Uint8Array(4);
    expect(p.readBytes(child, DATA, seen, { force: true })).toBeUndefined();
    expect(seen[0]).toBe(3);
    expect(p.readBytes(parent, DATA, seen, { force: true })).toBeUndefined();
    expect(seen[0]).toBe(4);
    value(p.protectPages(child, DATA + PAGE_SIZE, PAGE_SIZE, RW));
    expect(p.writeU32(child, DATA + PAGE_SIZE, 9)).toBeUndefined();
    expect(p.readBytes(parent, DATA + PAGE_SIZE, seen, { force: true })).toBeUndefined();
    expect(seen[0]).toBe(2);
  });

  it("shared-memory pages stay shared and writable in both spaces", () => {
    const p = platform();
    const parent = value(p.createAddressSpace());
    const shm = value(p.createSharedMemory(PAGE_SIZE));
    value(p.mapSharedPages(parent, DATA, PAGE_SIZE, RW, shm, 0));
    p.releaseSharedMemory(shm);
    expect(p.writeU32(parent, DATA, 1)).toBeUndefined();
    const child = value(p.cloneAddressSpace(parent));
    for (const space of [parent, child]) {
      expect(rawLeaf(p, space, DATA).leaf & (Pte.W | Pte.COW)).toBe(Pte.W);
      expect(value(p.queryPage(space, DATA))).toEqual({ prot: RW, shared: true, sharedObject: { object: shm, offset: 0 } });
    }
    expect(p.writeU32(child, DATA, 2)).toBeUndefined();
    expect(value(p.readU32(parent, DATA))).toBe(2);
    value(p.destroyAddressSpace(parent));
    expect(p.resourceStats().counters.sharedObjects).toBe(1);
    value(p.destroyAddressSpace(child));
    expect(p.resourceStats().counters).toMatchObject({ sharedObjects: 0, framesInUse: 0 });
  });

  it("demand-zero pages stay demand-zero in both, each getting its own frame", () => {
    const p = platform();
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, DATA, PAGE_SIZE, RW));
    const child = value(p.cloneAddressSpace(parent));
    expect(rawLeaf(p, child, DATA).leaf).toBe(Pte.ZERO | Pte.U | Pte.R | Pte.W);
    expect(p.writeU32(parent, DATA, 1)).toBeUndefined();
    expect(value(p.readU32(child, DATA))).toBe(0);
    expect(p.writeU32(child, DATA, 2)).toBeUndefined();
    expect(p.physicalAddress(parent, DATA)).not.toBe(p.physicalAddress(child, DATA));
  });

  it("a grandchild shares with both; frames are freed only by the last space, whatever the order", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    value(p.mapPages(a, DATA, PAGE_SIZE, RW));
    expect(p.writeU32(a, DATA, 7)).toBeUndefined();
    const frame = p.physicalAddress(a, DATA)!;
    const b = value(p.cloneAddressSpace(a));
    const c = value(p.cloneAddressSpace(b));
    expect(p.frameReferences(frame)).toBe(3);
    value(p.destroyAddressSpace(a));
    expect(p.frameReferences(frame)).toBe(2);
    expect(p.writeU32(b, DATA, 8)).toBeUndefined(); // copies: c still shares
    expect(p.frameReferences(frame)).toBe(1);
    expect(value(p.readU32(c, DATA))).toBe(7);
    expect(p.writeU32(c, DATA, 9)).toBeUndefined(); // last user: no copy
    expect(p.physicalAddress(c, DATA)).toBe(frame);
    value(p.destroyAddressSpace(b));
    value(p.destroyAddressSpace(c));
    expect(p.resourceStats().counters).toMatchObject({ framesInUse: 0, asidsInUse: 0 });
  });

  it("out of frames at a copy-on-write break: the store faults and both sides keep their bytes", () => {
    const p = platform({ memorySize: 64 * 1024 });
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, DATA, PAGE_SIZE, RW));
    loadCode(p, parent, CODE, storeThenLoad(1));
    const hart = hartAt(p, parent, CODE);
    expect(hart.run(100).kind).toBe("ecall");
    const child = value(p.cloneAddressSpace(parent));
    const filler = value(p.createSharedMemory(p.resourceStats().counters.freeFrames * PAGE_SIZE));
    const childHart = hartAt(p, child, CODE + 16);
    childHart.copyRegistersFrom(hart);
    childHart.pc = CODE + 16;
    childHart.setRegister(Reg.t1, 2);
    expect(childHart.run(10)).toMatchObject({ kind: "fault", cause: 15, address: DATA });
    expect(p.writeU32(child, DATA, 2)).toMatchObject({ reason: "protection" });
    expect(value(p.readU32(parent, DATA))).toBe(1);
    p.releaseSharedMemory(filler);
    expect(childHart.run(10).kind).toBe("ecall");
    expect(value(p.readU32(child, DATA))).toBe(2);
    expect(value(p.readU32(parent, DATA))).toBe(1);
  });

  it("all-or-nothing: NoSpace when the child's tables do not fit, with nothing changed (raw PTEs, refcounts)", () => {
    const p = platform({ memorySize: 64 * 1024 }); // 16 frames
    const parent = value(p.createAddressSpace());
    for (const at of [DATA, 0x40_0000, 0x80_0000]) {
      value(p.mapPages(parent, at, PAGE_SIZE, RW));
      expect(p.writeU32(parent, at, at)).toBeUndefined();
    }
    // Used: root + 3 tables + 3 data = 7; the clone needs 4. Leave 3.
    const filler = value(p.createSharedMemory((p.resourceStats().counters.freeFrames - 3) * PAGE_SIZE));
    const raw = [DATA, 0x40_0000, 0x80_0000].map((at) => rawLeaf(p, parent, at).leaf);
    const stats = p.resourceStats();
    expect(p.cloneAddressSpace(parent)).toEqual({ ok: false, error: "NoSpace" });
    expect(p.resourceStats()).toEqual(stats);
    expect([DATA, 0x40_0000, 0x80_0000].map((at) => rawLeaf(p, parent, at).leaf)).toEqual(raw);
    expect(p.frameReferences(p.physicalAddress(parent, DATA)!)).toBe(1);
    p.releaseSharedMemory(filler);
    const child = value(p.cloneAddressSpace(parent));
    expect(value(p.readU32(child, 0x80_0000))).toBe(0x80_0000);
  });

  it("InvalidId for an unknown parent; the core's forkAddressSpace uses the clone", () => {
    const p = platform();
    expect(p.cloneAddressSpace(3)).toEqual({ ok: false, error: "InvalidId" });
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, DATA, PAGE_SIZE, RW));
    expect(p.writeU32(parent, DATA, 1)).toBeUndefined();
    const child = value(forkAddressSpace(p, parent));
    expect(p.physicalAddress(child, DATA)).toBe(p.physicalAddress(parent, DATA));
  });

  it("a fork of a big space costs page tables only, and every frame comes back after destroy", () => {
    const p = platform({ memorySize: 32 * MiB });
    const initial = p.resourceStats();
    const parent = value(p.createAddressSpace());
    value(p.mapPages(parent, 0x100_0000, 16 * MiB, RW));
    expect(p.writeBytes(parent, 0x100_0000, new Uint8Array(16 * MiB).fill(1))).toBeUndefined();
    const before = p.resourceStats().counters;
    const child = value(p.cloneAddressSpace(parent));
    const after = p.resourceStats().counters;
    expect(after.dataFrames).toBe(before.dataFrames);
    expect(after.pageTableFrames).toBe(2 * before.pageTableFrames);
    value(p.destroyAddressSpace(parent));
    value(p.destroyAddressSpace(child));
    expect(p.resourceStats()).toEqual(initial);
  });
});
