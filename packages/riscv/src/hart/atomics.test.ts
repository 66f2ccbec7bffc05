import { describe, expect, test } from "vitest";
import { Reg, aluI, amo, load, store } from "../../test/fuzz/asm";
import { CODE, CONFIGS, DATA, end, machine } from "../../test/fuzz/machine";
import { Hart } from "./hart";

const { t0, t1, a0, a1, a2, a3 } = Reg;

describe.each(CONFIGS)("LR/SC and AMOs on %s memory, %s tier", (path, tier) => {
  test("an LR/SC pair with nothing in between succeeds and stores", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA).emit(aluI("addi", t1, 0, 41), store("sw", t1, t0, 0));
      a.emit(amo("lr.w", a0, t0, 0), aluI("addi", a0, a0, 1), amo("sc.w", a1, t0, a0), load("lw", a2, t0, 0));
      end(a);
    });
    expect(m.run().kind).toBe("ecall");
    expect([m.hart.getRegister(a1), m.hart.getRegister(a2)]).toEqual([0, 42]);
    expect(m.hart.reservationAddress).toBe(-1);
  });

  test("SC fails without a reservation, on another address, and after the hart's own store of a new value", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA).emit(aluI("addi", t1, 0, 5));
      a.emit(amo("sc.w", a0, t0, t1)); // no reservation
      a.emit(amo("lr.w", a1, t0, 0), amo("sc.w", a1, t0, t1, 0, 0)); // succeeds (a1 = 0)
      a.emit(amo("lr.w", a2, t0, 0), aluI("addi", t1, t0, 4), amo("sc.w", a2, t1, t1)); // other address
      a.emit(amo("lr.w", a3, t0, 0), store("sw", t0, t0, 0), amo("sc.w", a3, t0, t1)); // value changed
      a.emit(load("lw", Reg.s0, t0, 0), load("lw", Reg.s1, t0, 4));
      end(a);
    });
    expect(m.run().kind).toBe("ecall");
    const h = m.hart;
    expect([h.getRegister(a0), h.getRegister(a1), h.getRegister(a2), h.getRegister(a3)]).toEqual([1, 0, 1, 1]);
    expect(h.getRegister(Reg.s0)).toBe(DATA); // the failed SC stored nothing
    expect(h.getRegister(Reg.s1)).toBe(0);
  });

  test("SC succeeds after the hart's own store of the same value (qemu's compare-and-swap rule)", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA).emit(amo("lr.w", a0, t0, 0), store("sw", a0, t0, 0), aluI("addi", t1, 0, 3), amo("sc.w", a1, t0, t1));
      end(a);
    });
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(a1)).toBe(0);
  });

  test("a context switch (deschedule) breaks the reservation", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA).emit(amo("lr.w", a0, t0, 0), aluI("addi", t1, 0, 7), amo("sc.w", a1, t0, t1));
      end(a);
    });
    expect(m.run(3).kind).toBe("budget"); // li (2) + lr.w
    expect(m.hart.reservationAddress).toBe(DATA);
    m.hart.deschedule();
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(a1)).toBe(1);
  });

  test("a store by another hart to the reserved word breaks the reservation; to another word it does not", () => {
    for (const [offset, expected] of [[0, 1], [4, 0]] as const) {
      const m = machine(path, tier, (a) => {
        a.li(t0, DATA).emit(amo("lr.w", a0, t0, 0), aluI("addi", t1, 0, 7), amo("sc.w", a1, t0, t1));
        end(a);
        // The other hart's code: store 0 (the same value!) to DATA + offset.
        a.label("other").li(t0, DATA + offset).emit(store("sw", 0, t0, 0));
        end(a);
      });
      expect(m.run(3).kind).toBe("budget");
      const other = new Hart(m.memory, { tierUpThreshold: m.hart.tierUpThreshold });
      other.pc = CODE + 6 * 4;
      expect(other.run(100).kind).toBe("ecall");
      expect(m.run().kind).toBe("ecall");
      expect(m.hart.getRegister(a1)).toBe(expected);
    }
  });

  test("an AMO by another hart and a kernel-side write both break the reservation", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, DATA).emit(amo("lr.w", a0, t0, 0), amo("sc.w", a1, t0, a0));
      end(a);
      a.label("other").li(t0, DATA).emit(amo("amoadd.w", 0, t0, 0));
      end(a);
    });
    expect(m.run(3).kind).toBe("budget");
    const other = new Hart(m.memory, { tierUpThreshold: m.hart.tierUpThreshold });
    other.pc = CODE + 5 * 4;
    expect(other.run(100).kind).toBe("ecall");
    expect(m.run().kind).toBe("ecall");
    expect(m.hart.getRegister(a1)).toBe(1);

    const k = machine(path, tier, (a) => {
      a.li(t0, DATA).emit(amo("lr.w", a0, t0, 0), amo("sc.w", a1, t0, a0));
      end(a);
    });
    expect(k.run(3).kind).toBe("budget");
    expect(k.memory.writeBytes(DATA + 2, new Uint8Array([0]))).toBeUndefined();
    expect(k.run().kind).toBe("ecall");
    expect(k.hart.getRegister(a1)).toBe(1);
  });

  test("AMOs return the old value and store the operation's result", () => {
    const cases: [string, number, number, number][] = [
      ["amoswap.w", 5, -3, -3], ["amoadd.w", 5, -3, 2], ["amoxor.w", 6, 3, 5], ["amoand.w", 6, 3, 2],
      ["amoor.w", 6, 3, 7], ["amomin.w", -1, 1, -1], ["amomax.w", -1, 1, 1], ["amominu.w", -1, 1, 1],
      ["amomaxu.w", -1, 1, -1],
    ];
    for (const [op, initial, operand, result] of cases) {
      const m = machine(path, tier, (a) => {
        a.li(t0, DATA).li(t1, initial).emit(store("sw", t1, t0, 8), aluI("addi", t0, t0, 8));
        a.li(a1, operand).emit(amo(op, a0, t0, a1, 1, 1), load("lw", a2, t0, 0));
        end(a);
      });
      expect(m.run().kind).toBe("ecall");
      expect([op, m.hart.getRegister(a0) | 0, m.hart.getRegister(a2) | 0]).toEqual([op, initial, result]);
    }
  });

  test("misaligned atomics trap (cause 4 for lr.w, 6 for sc.w and AMOs) and change nothing", () => {
    for (const [insn, cause, access] of [
      [amo("lr.w", a0, t0, 0), 4, "read"], [amo("sc.w", a0, t0, t1), 6, "write"], [amo("amoadd.w", a0, t0, t1), 6, "write"],
    ] as const) {
      const m = machine(path, tier, (a) => {
        a.li(t0, DATA + 2).emit(aluI("addi", a0, 0, 9), insn);
        end(a);
      });
      expect(m.run()).toEqual({ kind: "misaligned", pc: CODE + 12, address: DATA + 2, access, cause });
      expect(m.hart.getRegister(a0)).toBe(9);
    }
  });

  test("an AMO on a read-only page is a store fault and changes nothing", () => {
    const m = machine(path, tier, (a) => {
      a.li(t0, CODE).emit(aluI("addi", a0, 0, 9), amo("amoswap.w", a0, t0, 0));
      end(a);
    });
    expect(m.run()).toEqual({ kind: "fault", pc: CODE + 12, address: CODE, access: "write", cause: 15 });
    expect(m.hart.getRegister(a0)).toBe(9);
  });
});
