import { describe, expect, it } from "vitest";
import { PAGE_SIZE, Prot, memoryFault } from "@litebox-ts/core";
import { Assembler, CODE, DATA, ECALL, Reg, RW, amo, hartAt, load, loadCode, peek, platform, value } from "./kernel-sim.test-helper";

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("readBytes / writeBytes", () => {
  it("copy across page boundaries, byte for byte", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, 3 * PAGE_SIZE, RW));
    const src = Uint8Array.from({ length: 2 * PAGE_SIZE + 100 }, (_, i) => (i * 7) & 0xff);
    expect(p.writeBytes(s, DATA + 50, src)).toBeUndefined();
    const back = new Uint8Array(src.length);
    expect(p.readBytes(s, DATA + 50, back)).toBeUndefined();
    expect(back).toEqual(src);
    // The pages went to three distinct frames, not contiguous in physical memory necessarily.
    const frames = [0, 1, 2].map((i) => p.physicalAddress(s, DATA + i * PAGE_SIZE));
    expect(new Set(frames).size).toBe(3);
    expect(p.physicalMemory[frames[1]!]).toBe(src[PAGE_SIZE - 50]);
  });

  it("zero-length accesses succeed anywhere", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    expect(p.readBytes(s, 0, new Uint8Array(0))).toBeUndefined();
    expect(p.writeBytes(s, 0, new Uint8Array(0))).toBeUndefined();
  });

  it("fault as values: unmapped, protection, outside the range, bad addresses, no space", () => {
    const p = platform({ rangeEnd: 0x100_0000 });
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, Prot.Read));
    value(p.mapPages(s, 0xff_f000, PAGE_SIZE, RW));
    const one = new Uint8Array(1);
    expect(p.readBytes(s, DATA - 1, new Uint8Array(2))).toEqual(memoryFault(DATA - 1, "read", "unmapped"));
    expect(p.readBytes(s, DATA + PAGE_SIZE - 1, new Uint8Array(2))).toEqual(memoryFault(DATA + PAGE_SIZE, "read", "unmapped"));
    expect(p.writeBytes(s, DATA + 3, one)).toEqual(memoryFault(DATA + 3, "write", "protection"));
    expect(p.readBytes(s, 0x100, one)).toEqual(memoryFault(0x100, "read", "unmapped"));
    expect(p.readBytes(s, 0xff_fffe, new Uint8Array(4))).toEqual(memoryFault(0x100_0000, "read", "unmapped"));
    expect(p.readBytes(s, -1, one)).toMatchObject({ reason: "unmapped", access: "read" });
    expect(p.readBytes(s, 1.5, one)).toMatchObject({ reason: "unmapped" });
    expect(p.writeBytes(s, 2 ** 32, one)).toMatchObject({ reason: "unmapped", access: "write" });
    expect(p.readBytes(99, DATA, one)).toEqual(memoryFault(DATA, "read", "unmapped"));
  });

  it("addresses past 2^32 do not wrap around to low pages", () => {
    const p = platform({ rangeEnd: 2 ** 32 });
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, 0x1000, PAGE_SIZE, RW));
    value(p.mapPages(s, 0xffff_f000, PAGE_SIZE, RW));
    expect(p.readBytes(s, 0xffff_fffe, new Uint8Array(4))).toMatchObject({ reason: "unmapped" });
    expect(p.readBytes(s, 2 ** 32 + 0x1000, new Uint8Array(4))).toMatchObject({ reason: "unmapped" });
    expect(p.readCString(s, 2 ** 32 + 0x1000, 4)).toMatchObject({ ok: false });
    expect(p.writeBytes(s, 0xffff_fffc, Uint8Array.of(1, 2, 3, 4))).toBeUndefined();
    expect(value(p.readU32(s, 0xffff_fffc))).toBe(0x0403_0201);
  });

  it("a faulting access changes nothing: the first pages are not written when a later one faults", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    value(p.mapPages(s, DATA + PAGE_SIZE, PAGE_SIZE, Prot.Read));
    expect(p.writeBytes(s, DATA + PAGE_SIZE - 2, Uint8Array.of(1, 2, 3, 4))).toEqual(memoryFault(DATA + PAGE_SIZE, "write", "protection"));
    expect(peek(p, s, DATA + PAGE_SIZE - 2, 4)).toEqual(new Uint8Array(4));
    const dest = new Uint8Array(4).fill(9);
    value(p.protectPages(s, DATA + PAGE_SIZE, PAGE_SIZE, Prot.None));
    expect(p.readBytes(s, DATA + PAGE_SIZE - 2, dest)).toMatchObject({ reason: "protection" });
    expect(dest).toEqual(new Uint8Array(4).fill(9));
  });

  it("force reaches mapped pages of any protection, but not unmapped ones", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, Prot.None));
    expect(p.writeBytes(s, DATA, text("hidden"))).toMatchObject({ reason: "protection" });
    expect(p.writeBytes(s, DATA, text("hidden"), { force: true })).toBeUndefined();
    const out = new Uint8Array(6);
    expect(p.readBytes(s, DATA, out)).toMatchObject({ reason: "protection" });
    expect(p.readBytes(s, DATA, out, { force: true })).toBeUndefined();
    expect(new TextDecoder().decode(out)).toBe("hidden");
    expect(p.writeBytes(s, DATA + PAGE_SIZE, out, { force: true })).toMatchObject({ reason: "unmapped" });
  });

  it("a forced write into read-only text drops compiled code and is what the hart executes", () => {
    const p = platform({ tierUpThreshold: 1 });
    const s = value(p.createAddressSpace());
    loadCode(p, s, CODE, new Assembler(CODE).li(Reg.a0, 1).emit(ECALL));
    const hart = hartAt(p, s, CODE);
    for (let i = 0; i < 3; i++) {
      hart.pc = CODE;
      expect(hart.run(10).kind).toBe("ecall");
    }
    expect(hart.getRegister(Reg.a0)).toBe(1);
    expect(p.writeBytes(s, CODE, new Assembler(CODE).li(Reg.a0, 2).bytes(), { force: true })).toBeUndefined();
    hart.pc = CODE;
    expect(hart.run(10).kind).toBe("ecall");
    expect(hart.getRegister(Reg.a0)).toBe(2);
  });

  it("a kernel store breaks LR reservations on the word", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    const a = new Assembler(CODE).li(Reg.t0, DATA)
      .emit(amo("lr.w", Reg.a0, Reg.t0, 0))
      .emit(ECALL)
      .li(Reg.a1, 5)
      .emit(amo("sc.w", Reg.a2, Reg.t0, Reg.a1))
      .emit(ECALL);
    loadCode(p, s, CODE, a);
    const hart = hartAt(p, s, CODE);
    expect(hart.run(100).kind).toBe("ecall");
    expect(p.writeU32(s, DATA, 77)).toBeUndefined();
    hart.pc += 4;
    expect(hart.run(100).kind).toBe("ecall");
    expect(hart.getRegister(Reg.a2)).toBe(1); // sc failed
    expect(value(p.readU32(s, DATA))).toBe(77);
  });
});

describe("readU32 / writeU32", () => {
  it("little-endian words, aligned or not, with faults", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, 2 * PAGE_SIZE, RW));
    expect(p.writeU32(s, DATA, 0xdead_beef)).toBeUndefined();
    expect(peek(p, s, DATA, 4)).toEqual(Uint8Array.of(0xef, 0xbe, 0xad, 0xde));
    expect(value(p.readU32(s, DATA))).toBe(0xdead_beef);
    expect(p.writeU32(s, DATA + PAGE_SIZE - 2, 0x0102_0304)).toBeUndefined();
    expect(value(p.readU32(s, DATA + PAGE_SIZE - 2))).toBe(0x0102_0304);
    expect(value(p.readU32(s, DATA + 8))).toBe(0);
    expect(p.readU32(s, DATA + 2 * PAGE_SIZE)).toEqual({ ok: false, error: memoryFault(DATA + 2 * PAGE_SIZE, "read", "unmapped") });
    expect(p.readU32(s, DATA + 2 * PAGE_SIZE - 2)).toEqual({ ok: false, error: memoryFault(DATA + 2 * PAGE_SIZE, "read", "unmapped") });
    expect(p.writeU32(s, DATA + 2 * PAGE_SIZE, 1)).toEqual(memoryFault(DATA + 2 * PAGE_SIZE, "write", "unmapped"));
    expect(p.readU32(77, DATA)).toMatchObject({ ok: false, error: { reason: "unmapped" } });
    value(p.protectPages(s, DATA, PAGE_SIZE, Prot.Read));
    expect(p.writeU32(s, DATA, 1)).toEqual(memoryFault(DATA, "write", "protection"));
    value(p.protectPages(s, DATA, PAGE_SIZE, Prot.Write));
    expect(p.readU32(s, DATA)).toEqual({ ok: false, error: memoryFault(DATA, "read", "protection") });
  });

  it("a hart sees a kernel-written word it had cached in its TLB", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    loadCode(p, s, CODE, new Assembler(CODE).li(Reg.t0, DATA).emit(load("lw", Reg.a0, Reg.t0, 0), ECALL));
    const hart = hartAt(p, s, CODE);
    expect(hart.run(10).kind).toBe("ecall");
    expect(hart.getRegister(Reg.a0)).toBe(0);
    expect(p.writeU32(s, DATA, 31337)).toBeUndefined();
    hart.pc = CODE;
    hart.run(10);
    expect(hart.getRegister(Reg.a0)).toBe(31337);
  });
});

describe("readCString", () => {
  it("reads up to the NUL, across pages, and stops at an unmapped page only if no NUL came first", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, 2 * PAGE_SIZE, RW));
    expect(p.writeBytes(s, DATA + PAGE_SIZE - 3, text("hello\0"))).toBeUndefined();
    expect(value(p.readCString(s, DATA + PAGE_SIZE - 3, 100))).toEqual(text("hello"));
    expect(p.writeBytes(s, DATA + 2 * PAGE_SIZE - 3, text("ab\0"))).toBeUndefined();
    expect(value(p.readCString(s, DATA + 2 * PAGE_SIZE - 3, 100))).toEqual(text("ab"));
    expect(p.writeBytes(s, DATA + 2 * PAGE_SIZE - 3, text("abc"))).toBeUndefined();
    expect(p.readCString(s, DATA + 2 * PAGE_SIZE - 3, 100)).toEqual({ ok: false, error: memoryFault(DATA + 2 * PAGE_SIZE, "read", "unmapped") });
  });

  it("undefined past maxLength; exactly maxLength characters is fine; demand-zero reads as empty", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, 2 * PAGE_SIZE, RW));
    expect(value(p.readCString(s, DATA + PAGE_SIZE, 10))).toEqual(new Uint8Array(0));
    expect(p.resourceStats().counters.dataFrames).toBe(0);
    expect(p.writeBytes(s, DATA, text("12345\0"))).toBeUndefined();
    expect(value(p.readCString(s, DATA, 5))).toEqual(text("12345"));
    expect(value(p.readCString(s, DATA, 4))).toBeUndefined();
    expect(value(p.readCString(s, DATA, -1))).toBeUndefined();
    expect(p.writeBytes(s, DATA, new Uint8Array(PAGE_SIZE).fill(0x41))).toBeUndefined();
    expect(value(p.readCString(s, DATA, PAGE_SIZE + 10))).toEqual(new Uint8Array(PAGE_SIZE).fill(0x41));
  });

  it("faults: protection, no space, bad address", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, Prot.Write));
    expect(p.readCString(s, DATA, 10)).toEqual({ ok: false, error: memoryFault(DATA, "read", "protection") });
    expect(p.readCString(42, DATA, 10)).toMatchObject({ ok: false, error: { reason: "unmapped" } });
    expect(p.readCString(s, -5, 10)).toMatchObject({ ok: false, error: { reason: "unmapped" } });
  });
});

describe("out of frames on a kernel store", () => {
  it("faults with reason protection and changes nothing", () => {
    const p = platform({ memorySize: 64 * 1024 });
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, 20 * PAGE_SIZE, RW));
    // 16 frames: root + table + 14 data pages.
    for (let i = 0; i < 14; i++) expect(p.writeU32(s, DATA + i * PAGE_SIZE, i + 1)).toBeUndefined();
    expect(p.resourceStats().counters.freeFrames).toBe(0);
    expect(p.writeU32(s, DATA + 14 * PAGE_SIZE, 1)).toEqual(memoryFault(DATA + 14 * PAGE_SIZE, "write", "protection"));
    expect(p.writeBytes(s, DATA + 13 * PAGE_SIZE, new Uint8Array(PAGE_SIZE + 4).fill(3))).toMatchObject({ reason: "protection" });
    expect(value(p.readU32(s, DATA + 13 * PAGE_SIZE))).toBe(14);
    expect(value(p.readU32(s, DATA + 14 * PAGE_SIZE))).toBe(0);
  });
});
