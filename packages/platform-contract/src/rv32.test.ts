import { FlatMemory, Hart, Op, PageFlag, decode } from "@litebox-ts/riscv";
import { describe, expect, it } from "vitest";
import { ECALL, Reg, addi, bne, li, lrW, lui, lw, program, scW, sw } from "./rv32";

describe("rv32 encoders", () => {
  it("encode what the riscv decoder reads back", () => {
    expect(decode(addi(Reg.t0, Reg.t1, -1))).toMatchObject({ op: Op.Addi, rd: 5, rs1: 6, imm: -1 });
    expect(decode(addi(Reg.a0, Reg.zero, 2047))).toMatchObject({ op: Op.Addi, rd: 10, rs1: 0, imm: 2047 });
    expect(decode(lw(Reg.a0, Reg.t2, -2048))).toMatchObject({ op: Op.Lw, rd: 10, rs1: 7, imm: -2048 });
    expect(decode(sw(Reg.t1, Reg.t0, -4))).toMatchObject({ op: Op.Sw, rs1: 5, rs2: 6, imm: -4 });
    expect(decode(sw(Reg.t1, Reg.t0, 2047))).toMatchObject({ op: Op.Sw, rs1: 5, rs2: 6, imm: 2047 });
    expect(decode(bne(Reg.t1, Reg.zero, -16))).toMatchObject({ op: Op.Bne, rs1: 6, rs2: 0, imm: -16 });
    expect(decode(bne(Reg.a0, Reg.a1, 4094))).toMatchObject({ op: Op.Bne, rs1: 10, rs2: 11, imm: 4094 });
    expect(decode(lrW(Reg.t1, Reg.t0))).toMatchObject({ op: Op.LrW, rd: 6, rs1: 5, rs2: 0 });
    expect(decode(scW(Reg.t2, Reg.t1, Reg.t0))).toMatchObject({ op: Op.ScW, rd: 7, rs1: 5, rs2: 6 });
    expect(decode(lui(Reg.a7, 0xfffff)).op).toBe(Op.Lui);
    expect(decode(ECALL).op).toBe(Op.Ecall);
  });

  it("li loads every 32-bit constant in two instructions, and the program runs on the hart", () => {
    const memory = new FlatMemory({ size: 1 << 20 });
    expect(memory.map(0x1000, 0x1000, PageFlag.Read | PageFlag.Exec).ok).toBe(true);
    const values = [0, 1, -1, 0x7ff, 0x800, 0xfff, 0x1000, 0xfffff800, 0x1234_5678, 0x8000_0000, 0x7fff_ffff, 0xdead_beef, 0xffff_f7ff];
    for (const v of values) {
      expect(memory.writeBytes(0x1000, program([...li(Reg.a0, v), ECALL]), { force: true })).toBeUndefined();
      const hart = new Hart(memory);
      hart.pc = 0x1000;
      expect(hart.run(10).kind).toBe("ecall");
      expect(hart.getRegister(Reg.a0)).toBe(v >>> 0);
      expect(hart.instructionCount).toBe(2);
    }
  });

  it("program lays words out little-endian", () => {
    expect([...program([0x1122_3344, 0xaabb_ccdd])]).toEqual([0x44, 0x33, 0x22, 0x11, 0xdd, 0xcc, 0xbb, 0xaa]);
  });
});
