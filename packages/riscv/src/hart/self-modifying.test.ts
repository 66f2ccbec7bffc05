import { describe, expect, test } from "vitest";
import { FENCE_I, Reg, aluI, branch, jalr, store, type Assembler } from "../../test/fuzz/asm";
import { CODE, PATHS, machine } from "../../test/fuzz/machine";
import { CodeCache } from "./code-cache";

const { t0, t1, t2, a0, ra } = Reg;
const ADDI_A0_1 = aluI("addi", a0, a0, 1);
const ADDI_A0_100 = aluI("addi", a0, a0, 100);

/**
 * A program on a writable+executable page: it calls a one-instruction subroutine (`addi a0, a0, 1`)
 * ten times, then overwrites that instruction with `addi a0, a0, 100`, runs FENCE.I and calls it ten
 * more times. The subroutine is CODE+0x800, well inside the page that holds the loop.
 */
function program(a: Assembler): void {
  a.emit(aluI("addi", a0, 0, 0), aluI("addi", t2, 0, 2));
  a.label("phase").emit(aluI("addi", t0, 0, 10));
  a.label("loop").li(t1, CODE + 0x800).emit(jalr(ra, t1, 0), aluI("addi", t0, t0, -1));
  a.toLabel("loop", (o) => branch("bne", t0, 0, o));
  // Patch the subroutine's first instruction, then FENCE.I.
  a.li(t1, CODE + 0x800).li(Reg.s0, ADDI_A0_100).emit(store("sw", Reg.s0, t1, 0), FENCE_I);
  a.emit(aluI("addi", t2, t2, -1));
  a.toLabel("phase", (o) => branch("bne", t2, 0, o));
  a.emit(0x00000073);
  while (a.here < CODE + 0x800) a.emit(0x00000013);
  a.emit(ADDI_A0_1, jalr(0, ra, 0));
}

describe.each(PATHS)("self-modifying code on %s memory", (path) => {
  for (const tier of ["interpreter", "compiled"] as const) {
    test(`new instructions written to an executable page run after FENCE.I (${tier})`, () => {
      const m = machine(path, tier, program, { codeProt: 7 });
      expect(m.run().kind).toBe("ecall");
      expect(m.hart.getRegister(a0)).toBe(10 * 1 + 10 * 100);
      if (tier === "compiled") {
        const stats = CodeCache.of(m.memory).stats;
        expect(stats.invalidations).toBeGreaterThanOrEqual(1);
        expect(m.hart.interpretedInstructions).toBeLessThan(m.hart.instructionCount);
      }
    });
  }

  test("a store into the block being executed takes effect on the very next instruction (compiled)", () => {
    // The store rewrites the instruction right after it: `addi a0, a0, 1` becomes `addi a0, a0, 100`.
    const m = machine(path, "compiled", (a) => {
      a.emit(aluI("addi", a0, 0, 0));
      a.li(t1, CODE + 6 * 4).li(Reg.s0, ADDI_A0_100).emit(store("sw", Reg.s0, t1, 0));
      a.emit(ADDI_A0_1, 0x00000073);
    }, { codeProt: 7 });
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(a0)).toBe(100);
    expect(m.hart.instructionCount).toBe(7);
  });

  test("the platform's invalidateCode and protection changes drop compiled code", () => {
    const m = machine(path, "compiled", (a) => {
      a.label("top").emit(ADDI_A0_1).toLabel("top", (o) => branch("bne", a0, Reg.s1, o));
      a.emit(0x00000073);
    }, { codeProt: 7 });
    m.hart.setRegister(Reg.s1, 5);
    expect(m.run().kind).toBe("ecall");
    const cache = CodeCache.of(m.memory);
    expect(cache.hasPage(CODE)).toBe(true);
    // Rewrite behind the hart's back (through the port: the write invalidates).
    expect(m.memory.writeBytes(CODE, new Uint8Array(new Uint32Array([ADDI_A0_100]).buffer))).toBeUndefined();
    expect(cache.hasPage(CODE)).toBe(false);
    m.hart.pc = CODE;
    m.hart.setRegister(Reg.s1, 105);
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(a0)).toBe(105);
    // Removing execute permission must stop compiled code from running.
    expect(cache.hasPage(CODE)).toBe(true);
    expect(m.memory.protect(CODE, 4096, 3).ok).toBe(true);
    m.hart.pc = CODE;
    expect(m.run()).toEqual({ kind: "fault", pc: CODE, address: CODE, access: "execute", cause: 12 });
  });
});

describe("self-modifying code through aliases of a flat region", () => {
  test("a store through one alias drops code compiled at another alias of the same page", () => {
    // FlatMemory of 16 MiB: guest CODE and CODE + 16 MiB are the same page of the region.
    const alias = CODE + (1 << 24);
    const m = machine("flat", "compiled", (a) => {
      a.label("top").emit(ADDI_A0_1).toLabel("top", (o) => branch("bne", a0, Reg.s1, o));
      a.emit(0x00000073);
    }, { codeProt: 7 });
    m.hart.pc = alias;
    m.hart.setRegister(Reg.s1, 5);
    expect(m.run()).toEqual({ kind: "ecall", pc: alias + 8 });
    const cache = CodeCache.of(m.memory);
    expect(cache.hasPage(alias)).toBe(true);
    // Patch the loop body through the other alias.
    expect(m.memory.store32(CODE, ADDI_A0_100, undefined)).toBe(1);
    expect(cache.hasPage(alias)).toBe(false);
    m.hart.pc = alias;
    m.hart.setRegister(Reg.s1, 105);
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(a0)).toBe(105);
  });
});
