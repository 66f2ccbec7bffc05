import { describe, expect, it } from "vitest";
import { PAGE_SIZE, Prot } from "@litebox-ts/core";
import { Pte } from "./pte";
import {
  Assembler,
  CODE,
  DATA,
  ECALL,
  Reg,
  RW,
  RX,
  aluI,
  aluR,
  branch,
  hartAt,
  load,
  loadCode,
  platform,
  rawLeaf,
  store,
  value,
} from "./kernel-sim.test-helper";

/** `lw a0, 0(t0)` then ecall, with t0 = address. */
function loader(address: number): Assembler {
  return new Assembler(CODE).li(Reg.t0, address).emit(load("lw", Reg.a0, Reg.t0, 0), ECALL);
}

/** `sw t1, 0(t0)` then ecall, with t0 = address, t1 = value. */
function storer(address: number, v: number): Assembler {
  return new Assembler(CODE).li(Reg.t0, address).li(Reg.t1, v).emit(store("sw", Reg.t1, Reg.t0, 0), ECALL);
}

describe("the hart on a translated space", () => {
  it("runs a small loop summing an array it wrote (stores, loads, branches)", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, 4 * PAGE_SIZE, RW));
    // for (i = 0; i < 3000; i++) a[i] = i; sum = Σ a[i]
    const a = new Assembler(CODE)
      .li(Reg.t0, DATA).li(Reg.t1, 0).li(Reg.t2, 3000)
      .label("fill")
      .emit(store("sw", Reg.t1, Reg.t0, 0), aluI("addi", Reg.t0, Reg.t0, 4), aluI("addi", Reg.t1, Reg.t1, 1))
      .toLabel("fill", (o) => branch("blt", Reg.t1, Reg.t2, o))
      .li(Reg.t0, DATA).li(Reg.t1, 0).li(Reg.a0, 0)
      .label("sum")
      .emit(load("lw", Reg.t3, Reg.t0, 0), aluR("add", Reg.a0, Reg.a0, Reg.t3), aluI("addi", Reg.t0, Reg.t0, 4), aluI("addi", Reg.t1, Reg.t1, 1))
      .toLabel("sum", (o) => branch("blt", Reg.t1, Reg.t2, o))
      .emit(ECALL);
    loadCode(p, s, CODE, a);
    const hart = hartAt(p, s, CODE);
    expect(hart.run(1_000_000).kind).toBe("ecall");
    expect(hart.getRegister(Reg.a0)).toBe((2999 * 3000) / 2);
    expect(value(p.readU32(s, DATA + 4 * 2999))).toBe(2999);
    expect(p.resourceStats().counters.dataFrames).toBe(3 + 1); // 12000 bytes of array, and the code page
  });

  it("faults with cause 12 (fetch), 13 (load), 15 (store) on unmapped pages, pc at the instruction", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    const far = 0x70_0000;
    loadCode(p, s, CODE, loader(far));
    let hart = hartAt(p, s, CODE);
    expect(hart.run(10)).toEqual({ kind: "fault", pc: CODE + 8, address: far, access: "read", cause: 13 });
    value(p.unmapPages(s, CODE, PAGE_SIZE));
    loadCode(p, s, CODE, storer(far + 8, 1));
    hart = hartAt(p, s, CODE);
    expect(hart.run(10)).toEqual({ kind: "fault", pc: CODE + 16, address: far + 8, access: "write", cause: 15 });
    hart = hartAt(p, s, far);
    expect(hart.run(10)).toEqual({ kind: "fault", pc: far, address: far, access: "execute", cause: 12 });
    // Outside the range too (page 0, and above rangeEnd).
    expect(hartAt(p, s, 0).run(1)).toMatchObject({ kind: "fault", cause: 12, address: 0 });
    expect(hartAt(p, s, 0x8000_0000).run(1)).toMatchObject({ kind: "fault", cause: 12, address: 0x8000_0000 });
  });

  it("faults on protection: store to read-only, load from write-less/none, fetch from non-executable", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, Prot.Read));
    value(p.mapPages(s, DATA + PAGE_SIZE, PAGE_SIZE, Prot.None));
    value(p.mapPages(s, DATA + 2 * PAGE_SIZE, PAGE_SIZE, RW));
    loadCode(p, s, CODE, storer(DATA, 1));
    expect(hartAt(p, s, CODE).run(10)).toMatchObject({ kind: "fault", cause: 15, address: DATA });
    value(p.unmapPages(s, CODE, PAGE_SIZE));
    loadCode(p, s, CODE, loader(DATA + PAGE_SIZE));
    expect(hartAt(p, s, CODE).run(10)).toMatchObject({ kind: "fault", cause: 13, address: DATA + PAGE_SIZE });
    expect(hartAt(p, s, DATA + 2 * PAGE_SIZE).run(1)).toMatchObject({ kind: "fault", cause: 12, address: DATA + 2 * PAGE_SIZE });
    // Code pages are not writable.
    value(p.unmapPages(s, CODE, PAGE_SIZE));
    loadCode(p, s, CODE, storer(CODE, 0));
    expect(hartAt(p, s, CODE).run(10)).toMatchObject({ kind: "fault", cause: 15, address: CODE });
  });

  it("write-only and execute-only pages (software and valid leaves) allow exactly their access", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, Prot.Write));
    loadCode(p, s, CODE, storer(DATA, 0x77));
    expect(hartAt(p, s, CODE).run(10).kind).toBe("ecall");
    expect(p.readU32(s, DATA)).toMatchObject({ ok: false, error: { reason: "protection" } });
    expect(new Uint32Array(p.physicalMemory.buffer, p.physicalAddress(s, DATA)!, 1)[0]).toBe(0x77);
    value(p.unmapPages(s, CODE, PAGE_SIZE));
    loadCode(p, s, CODE, loader(DATA));
    expect(hartAt(p, s, CODE).run(10)).toMatchObject({ kind: "fault", cause: 13 });
    // Execute-only code runs, but cannot read itself.
    value(p.unmapPages(s, CODE, PAGE_SIZE));
    loadCode(p, s, CODE, loader(CODE));
    value(p.protectPages(s, CODE, PAGE_SIZE, Prot.Exec));
    expect(hartAt(p, s, CODE).run(10)).toMatchObject({ kind: "fault", cause: 13, address: CODE, pc: CODE + 8 });
  });

  it("a protection change shoots down the TLB entry a hart had cached", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    loadCode(p, s, CODE, storer(DATA, 5));
    const hart = hartAt(p, s, CODE);
    expect(hart.run(10).kind).toBe("ecall");
    value(p.protectPages(s, DATA, PAGE_SIZE, Prot.Read));
    hart.pc = CODE;
    expect(hart.run(10)).toMatchObject({ kind: "fault", cause: 15, address: DATA });
    value(p.protectPages(s, DATA, PAGE_SIZE, RW));
    hart.pc = CODE;
    expect(hart.run(10).kind).toBe("ecall");
  });

  it("an unmap shoots down the TLB entry, and the freed frame is no longer reachable", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    loadCode(p, s, CODE, loader(DATA));
    const hart = hartAt(p, s, CODE);
    expect(p.writeU32(s, DATA, 1)).toBeUndefined();
    expect(hart.run(10).kind).toBe("ecall");
    expect(hart.getRegister(Reg.a0)).toBe(1);
    value(p.unmapPages(s, DATA, PAGE_SIZE));
    hart.pc = CODE;
    expect(hart.run(10)).toMatchObject({ kind: "fault", cause: 13, address: DATA });
    // Remapped: a fresh zero page, not the old frame's bytes.
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    hart.pc = CODE;
    expect(hart.run(10).kind).toBe("ecall");
    expect(hart.getRegister(Reg.a0)).toBe(0);
  });

  it("demand-zero: the hart's first touch allocates a zeroed frame (a load too: the walk needs a frame)", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    loadCode(p, s, CODE, loader(DATA));
    p.physicalMemory.fill(0xcc, PAGE_SIZE * 10, PAGE_SIZE * 1000); // dirty free frames
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    const frames = p.resourceStats().counters.dataFrames;
    const hart = hartAt(p, s, CODE);
    expect(hart.run(10).kind).toBe("ecall");
    expect(hart.getRegister(Reg.a0)).toBe(0);
    expect(p.resourceStats().counters.dataFrames).toBe(frames + 1);
    // Loaded, not stored: A set, D clear, and the TLB was not given W (the first store comes back to set D).
    expect(rawLeaf(p, s, DATA).leaf & (Pte.V | Pte.A | Pte.D)).toBe(Pte.V | Pte.A);
    value(p.unmapPages(s, CODE, PAGE_SIZE));
    loadCode(p, s, CODE, storer(DATA, 3));
    const writer = hartAt(p, s, CODE);
    expect(writer.run(10).kind).toBe("ecall");
    expect(rawLeaf(p, s, DATA).leaf & (Pte.A | Pte.D)).toBe(Pte.A | Pte.D);
    expect(value(p.readU32(s, DATA))).toBe(3);
  });

  it("a fetch from a demand-zero executable page allocates it: accessed, not dirty (and 0 is illegal)", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, CODE, PAGE_SIZE, RX));
    expect(hartAt(p, s, CODE).run(10)).toEqual({ kind: "illegal", pc: CODE, word: 0 });
    expect(rawLeaf(p, s, CODE).leaf & (Pte.V | Pte.X | Pte.A | Pte.D | Pte.ZERO)).toBe(Pte.V | Pte.X | Pte.A);
    expect(p.resourceStats().counters.dataFrames).toBe(1);
  });

  it("out of frames at a demand-zero fault: the access faults (the shim decides what to do)", () => {
    const p = platform({ memorySize: 64 * 1024 });
    const s = value(p.createAddressSpace());
    loadCode(p, s, CODE, storer(DATA, 1)); // root, 2 tables (code 0x10000 and data 0x40000 share one), code frame
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    const shm = value(p.createSharedMemory(p.resourceStats().counters.freeFrames * PAGE_SIZE));
    const hart = hartAt(p, s, CODE);
    expect(hart.run(10)).toMatchObject({ kind: "fault", cause: 15, address: DATA });
    p.releaseSharedMemory(shm);
    hart.pc = CODE;
    expect(hart.run(10).kind).toBe("ecall");
  });
});

describe("walk fidelity", () => {
  it("a level-1 leaf (a megapage, which this platform never creates) faults instead of translating", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    loadCode(p, s, CODE, loader(0x40_0000));
    const root = (p.satp(s)! & 0x3fffff) * PAGE_SIZE;
    // Hand-write a 4 MiB leaf for VA 0x400000 → PA 0, readable, user, accessed.
    new DataView(p.physicalMemory.buffer).setUint32(root + 4, Pte.V | Pte.R | Pte.U | Pte.A, true);
    expect(hartAt(p, s, CODE).run(10)).toMatchObject({ kind: "fault", cause: 13, address: 0x40_0000 });
  });

  it("a leaf without U (supervisor page) is not usable by the hart", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    expect(p.writeU32(s, DATA, 5)).toBeUndefined();
    loadCode(p, s, CODE, loader(DATA));
    const { leaf } = rawLeaf(p, s, DATA);
    const at = (p.satp(s)! & 0x3fffff) * PAGE_SIZE;
    const table = (new DataView(p.physicalMemory.buffer).getUint32(at, true) >>> 10) * PAGE_SIZE;
    new DataView(p.physicalMemory.buffer).setUint32(table + ((DATA >>> 12) & 1023) * 4, leaf & ~Pte.U, true);
    expect(hartAt(p, s, CODE).run(10)).toMatchObject({ kind: "fault", cause: 13, address: DATA });
    expect(p.readU32(s, DATA)).toMatchObject({ ok: false, error: { reason: "unmapped" } });
  });
});

describe("isolation", () => {
  it("the same VA in two spaces holds different bytes, through the hart and through readBytes", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    for (const [space, v] of [[a, 0x1111], [b, 0x2222]] as const) {
      value(p.mapPages(space, DATA, PAGE_SIZE, RW));
      loadCode(p, space, CODE, storer(DATA, v));
      expect(hartAt(p, space, CODE).run(10).kind).toBe("ecall");
    }
    expect(value(p.readU32(a, DATA))).toBe(0x1111);
    expect(value(p.readU32(b, DATA))).toBe(0x2222);
    expect(p.physicalAddress(a, DATA)).not.toBe(p.physicalAddress(b, DATA));
    // A mapping in one space does not exist in the other.
    value(p.mapPages(a, 0x50_0000, PAGE_SIZE, RW));
    expect(value(p.queryPage(b, 0x50_0000))).toBeUndefined();
    expect(p.readBytes(b, 0x50_0000, new Uint8Array(1))).toMatchObject({ reason: "unmapped" });
  });

  it("physical addresses never equal the virtual ones the tests use (frames come from the top)", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    expect(p.writeU32(s, DATA, 1)).toBeUndefined();
    expect(p.physicalAddress(s, DATA)).toBeGreaterThan(2 * 1024 * 1024);
    expect(p.physicalAddress(s, 0x50_0000)).toBeUndefined();
    expect(p.physicalAddress(77, DATA)).toBeUndefined();
    expect(p.physicalAddress(s, -1)).toBeUndefined();
    expect(p.frameReferences(-PAGE_SIZE)).toBe(0);
  });
});
