import { describe, expect, test } from "vitest";
import { Reg, aluI, aluR, auipc, branch, jal, jalr, load, lui, store, ECALL, EBREAK, type Assembler } from "../../test/fuzz/asm";
import { CODE, CONFIGS, DATA, end, machine } from "../../test/fuzz/machine";
import { Hart } from "./hart";

const { t0, t1, t2, a0, a1, a2, ra } = Reg;

describe.each(CONFIGS)("hart on %s memory, %s tier", (path, tier) => {
  test("x0 stays zero: ALU writes, loads and jal/jalr links to x0 are discarded", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA).emit(aluI("addi", t1, 0, 77), store("sw", t1, t0, 0));
      a.emit(aluI("addi", 0, 0, 5), aluR("add", 0, t1, t1), load("lw", 0, t0, 0), lui(0, 0x12345));
      a.emit(jal(0, 4), auipc(t2, 0), jalr(0, t2, 8), aluR("add", a0, 0, 0));
      end(a);
    });
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(0)).toBe(0);
    expect(m.hart.getRegister(a0)).toBe(0);
    m.hart.setRegister(0, 123);
    expect(m.hart.getRegister(0)).toBe(0);
  });

  test("loads sign- or zero-extend by width, at any alignment", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA).li(t1, 0x8081fe80 | 0).emit(store("sw", t1, t0, 0), store("sw", t1, t0, 5));
      a.emit(load("lb", 10, t0, 0), load("lbu", 11, t0, 0), load("lh", 12, t0, 0), load("lhu", 13, t0, 0));
      a.emit(load("lh", 14, t0, 7), load("lhu", 15, t0, 7), load("lw", 16, t0, 5), load("lb", 17, t0, 1));
      end(a);
    });
    expect(m.run().kind).toBe("ecall");
    const r = (i: number): number => m.hart.getRegister(i) | 0;
    expect(r(10)).toBe(-128); // 0x80
    expect(r(11)).toBe(0x80);
    expect(r(12)).toBe(-0x0180); // 0xfe80
    expect(r(13)).toBe(0xfe80);
    expect(r(14)).toBe(-0x7f7f); // bytes 7,8 = 0x81, 0x80 -> 0x8081
    expect(r(15)).toBe(0x8081);
    expect(r(16)).toBe(0x8081fe80 | 0); // misaligned word
    expect(r(17)).toBe(-2); // 0xfe
  });

  test("jalr clears bit 0 of the target and links pc+4, even when rd = rs1", () => {
    const m = machine(path, tier, (a) => {
      a.emit(auipc(t0, 0)); // CODE
      a.emit(jalr(t0, t0, 13)); // target CODE+12 after clearing bit 0; t0 = CODE+8
      a.emit(aluI("addi", a0, 0, 1)); // skipped
      a.emit(aluI("addi", a1, 0, 2)); // CODE+12
      end(a);
    });
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(t0)).toBe(CODE + 8);
    expect(m.hart.getRegister(a0)).toBe(0);
    expect(m.hart.getRegister(a1)).toBe(2);
    expect(m.hart.pc).toBe(CODE + 16);
  });

  test("branches go to pc + offset, backwards and forwards, taken or not", () => {
    const m = machine(path, tier, (a) => {
      a.emit(aluI("addi", t0, 0, 5), aluI("addi", a0, 0, 0));
      a.label("loop").emit(aluI("addi", a0, a0, 3), aluI("addi", t0, t0, -1));
      a.toLabel("loop", (o) => branch("bne", t0, 0, o));
      a.toLabel("skip", (o) => branch("bge", a0, t0, o)); // taken: 15 >= 0
      a.emit(aluI("addi", a0, a0, 100));
      a.label("skip").toLabel("never", (o) => branch("bltu", a0, t0, o)); // not taken
      a.emit(aluI("addi", a1, 0, 9));
      a.label("never");
      end(a);
    });
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(a0)).toBe(15);
    expect(m.hart.getRegister(a1)).toBe(9);
    expect(m.hart.instructionCount).toBe(2 + 5 * 3 + 1 + 1 + 1);
  });

  test("a jump or taken branch to a 2-aligned target traps on the jump, which does not retire", () => {
    for (const jump of [jal(ra, 6), branch("beq", 0, 0, 6)]) {
      const m = machine(path, tier, (a) => {
        a.emit(aluI("addi", t0, 0, 1), jump, aluI("addi", t1, 0, 1));
        end(a);
      });
      const stop = m.run();
      expect(stop).toEqual({ kind: "misaligned", pc: CODE + 4, address: CODE + 10, access: "execute", cause: 0 });
      expect(m.hart.getRegister(ra)).toBe(0);
      expect(m.hart.instructionCount).toBe(1);
    }
  });

  test("a pc set to a misaligned address traps at once (cause 0) without running anything", () => {
    const m = machine(path, tier, end);
    m.hart.pc = CODE + 2;
    expect(m.run()).toEqual({ kind: "misaligned", pc: CODE + 2, address: CODE + 2, access: "execute", cause: 0 });
    expect(m.hart.instructionCount).toBe(0);
  });

  test("ecall and ebreak stop with pc at the instruction, not retired", () => {
    const m = machine(path, tier, (a) => {
      a.emit(aluI("addi", a7(), 0, 64), ECALL, EBREAK);
    });
    expect(m.run()).toEqual({ kind: "ecall", pc: CODE + 4 });
    expect(m.hart.instructionCount).toBe(1);
    expect(m.run()).toEqual({ kind: "ecall", pc: CODE + 4 }); // still there until the shim moves on
    m.hart.pc += 4;
    expect(m.run()).toEqual({ kind: "ebreak", pc: CODE + 8 });
    expect(m.hart.instructionCount).toBe(1);
  });

  test("every budget from 0 up runs exactly that many instructions and stops at the same state as stepping", () => {
    const build = (a: Assembler): void => {
      a.li(t0, DATA).emit(aluI("addi", t1, 0, 7), aluI("addi", a0, 0, 0));
      a.label("outer").emit(aluI("addi", t2, 0, 3));
      a.label("inner").emit(aluR("add", a0, a0, t2), store("sw", a0, t0, 0), load("lw", a1, t0, 0), aluI("addi", t2, t2, -1));
      a.toLabel("inner", (o) => branch("bne", t2, 0, o));
      a.emit(aluI("addi", t1, t1, -1));
      a.toLabel("outer", (o) => branch("blt", 0, t1, o));
      end(a);
    };
    // Reference: one instruction at a time.
    const ref = machine(path, "interpreter", build);
    const states: string[] = [];
    const snapshot = (h: Hart): string => `${h.pc}:${Array.from({ length: 32 }, (_, i) => h.getRegister(i)).join(",")}`;
    states.push(snapshot(ref.hart));
    while (ref.hart.run(1).kind === "budget") states.push(snapshot(ref.hart));
    const total = ref.hart.instructionCount;
    expect(total).toBe(states.length - 1);
    for (const budget of [0, 1, 2, 5, 6, 7, 13, 40, total - 1, total]) {
      const m = machine(path, tier, build);
      // Warm the tier up on a first machine sharing nothing, then run this one in two slices.
      const stop1 = m.hart.run(Math.floor(budget / 2));
      expect(stop1.kind).toBe("budget");
      const stop2 = m.hart.run(budget - Math.floor(budget / 2));
      expect(m.hart.instructionCount).toBe(budget);
      expect(stop2.kind).toBe("budget");
      expect(snapshot(m.hart)).toBe(states[budget]);
    }
    const m = machine(path, tier, build);
    expect(m.hart.run(total + 10).kind).toBe("ecall");
    expect(m.hart.instructionCount).toBe(total);
  });

  test("a store fault is precise: pc at the store, earlier instructions done, later ones not, resumable", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA + 0x3000).emit(aluI("addi", a0, 0, 1), aluI("addi", a1, 0, 2));
      a.emit(store("sw", a1, t0, 4)); // DATA+0x3000 is unmapped
      a.emit(aluI("addi", a2, 0, 3));
      end(a);
    });
    const stop = m.run();
    expect(stop).toEqual({ kind: "fault", pc: CODE + 16, address: DATA + 0x3004, access: "write", cause: 15 });
    expect(m.hart.instructionCount).toBe(4);
    expect([m.hart.getRegister(a0), m.hart.getRegister(a1), m.hart.getRegister(a2)]).toEqual([1, 2, 0]);
    // Demand paging: map the page and resume at the same pc.
    expect(m.memory.map(DATA + 0x3000, 4096, 3).ok).toBe(true);
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(a2)).toBe(3);
    const word = new Uint8Array(4);
    m.memory.readBytes(DATA + 0x3004, word);
    expect(word[0]).toBe(2);
    expect(m.hart.instructionCount).toBe(6);
  });

  test("a load fault leaves rd unchanged, even for x0 as the destination", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, 0x7ff000).emit(aluI("addi", a0, 0, 9), load("lw", a0, t0, 0));
      end(a);
    });
    expect(m.run()).toEqual({ kind: "fault", pc: CODE + 12, address: 0x7ff000, access: "read", cause: 13 });
    expect(m.hart.getRegister(a0)).toBe(9);
    const m0 = machine(path, tier, (a) => {
      a.li(t0, 0x7ff000).emit(load("lw", 0, t0, 0));
      end(a);
    });
    expect(m0.run()).toMatchObject({ kind: "fault", pc: CODE + 8, cause: 13 });
  });

  test("a misaligned load across into an unmapped page faults at that page's first byte", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA + 0x1ffe).emit(load("lw", a0, t0, 0));
      end(a);
    });
    expect(m.run()).toEqual({ kind: "fault", pc: CODE + 8, address: DATA + 0x2000, access: "read", cause: 13 });
  });

  test("fetching from a page without execute permission faults with cause 12", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA).emit(jalr(ra, t0, 0));
    });
    expect(m.run()).toEqual({ kind: "fault", pc: DATA, address: DATA, access: "execute", cause: 12 });
    expect(m.hart.getRegister(ra)).toBe(CODE + 12);
  });
});

function a7(): number {
  return Reg.a7;
}

describe("hart registers and counters", () => {
  test("copyRegistersFrom copies x1..x31 and pc; instructionCount can be set between runs", () => {
    const m = machine("flat", "interpreter", end);
    for (let i = 1; i < 32; i++) m.hart.setRegister(i, i * 0x01010101);
    m.hart.pc = 0x12340;
    const other = new Hart(m.memory);
    other.copyRegistersFrom(m.hart);
    for (let i = 0; i < 32; i++) expect(other.getRegister(i)).toBe(m.hart.getRegister(i));
    expect(other.pc).toBe(0x12340);
    other.instructionCount = 2 ** 40;
    expect(other.instructionCount).toBe(2 ** 40);
  });
});
