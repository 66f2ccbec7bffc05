import { describe, expect, test } from "vitest";
import { Reg, aluI, csrrs, csrrw } from "../../test/fuzz/asm";
import { Rng } from "../../test/fuzz/random";
import { CODE, CONFIGS, machine } from "../../test/fuzz/machine";
import { FlatMemory } from "../memory/flat-memory";
import { Op, decode } from "./decode";
import { Hart } from "./hart";

const memory = new FlatMemory({ size: 1 << 20 });
memory.map(0x1000, 4096, 7);
memory.map(0x2000, 4096, 3);

/** Executes one word in the interpreter and says whether it was illegal. */
function interpreterSaysIllegal(word: number): boolean {
  memory.writeBytes(0x1000, new Uint8Array(new Uint32Array([word]).buffer));
  const hart = new Hart(memory, { tierUpThreshold: Infinity });
  for (let i = 1; i < 32; i++) hart.setRegister(i, 0x2000);
  hart.pc = 0x1000;
  return hart.run(1).kind === "illegal";
}

describe("decoder", () => {
  test("the interpreter's inline decoding agrees with decode() on which words are illegal", () => {
    const rng = new Rng(7);
    const opcodes = [0x03, 0x0f, 0x13, 0x17, 0x23, 0x2f, 0x33, 0x37, 0x63, 0x67, 0x6f, 0x73];
    for (let i = 0; i < 20000; i++) {
      // Random words with a valid major opcode half of the time, fully random otherwise.
      let w = rng.u32();
      if (i % 2 === 0) w = ((w & ~0x7f) | rng.pick(opcodes)) >>> 0;
      const legal = decode(w).op !== Op.Illegal;
      expect([w.toString(16), interpreterSaysIllegal(w)]).toEqual([w.toString(16), !legal]);
    }
  });

  test("compressed, reserved and privileged encodings are illegal", () => {
    const illegal = [
      0x00000000, // c.unimp / all zeros
      0x4501, // c.li a0, 0 (compressed)
      0x0000450f, // MISC-MEM with funct3 4
      0xffffffff,
      0x02001013, // slli with bit 25 set (RV64 shamt)
      0x40001033, // sll with funct7 0x20
      0x10200073, // sret
      0x30200073, // mret
      0x10500073, // wfi
      0x12000073, // sfence.vma
      csrrw(0, 0xc00, 0), // write to a read-only counter
      csrrs(Reg.a0, 0xc00, Reg.a1), // set bits of a read-only counter
      csrrs(Reg.a0, 0x001, 0), // fflags: no F extension
      csrrs(Reg.a0, 0x300, 0), // mstatus
      0x0020a02f | (0b00101 << 27), // unknown AMO funct5
      0x0000302f, // AMO with funct3 = 3 (RV64 .d)
      0x00003003, // ld (RV64)
      0x00007003, // funct3 7 load
      0x00002063, // branch funct3 2
      0x00001067, // jalr funct3 1
      0x00003023, // sd (RV64)
    ];
    const lrWithRs2 = (0b00010 << 27) | (3 << 20) | (1 << 15) | (2 << 12) | (5 << 7) | 0x2f;
    for (const w of [...illegal, lrWithRs2]) {
      expect([w.toString(16), decode(w).op]).toEqual([w.toString(16), Op.Illegal]);
      expect(interpreterSaysIllegal(w)).toBe(true);
    }
    // FENCE and FENCE.I ignore their reserved fields; counter reads with csrrc/csrrsi/csrrci are reads.
    for (const w of [0x8330000f, 0xfff0100f, 0x0000100f, 0xc0003573, 0xc0106573, 0xc0207573, 0xc8102573]) {
      expect([w.toString(16), decode(w).op !== Op.Illegal]).toEqual([w.toString(16), true]);
    }
  });
});

describe.each(CONFIGS)("illegal instructions and counters on %s memory, %s tier", (path, tier) => {
  test("an illegal instruction stops with its word and pc, unretired", () => {
    const m = machine(path, tier, (a) => {
      a.emit(aluI("addi", Reg.a0, 0, 1), 0x00004501, aluI("addi", Reg.a1, 0, 1));
    });
    expect(m.run()).toEqual({ kind: "illegal", pc: CODE + 4, word: 0x00004501 });
    expect(m.hart.instructionCount).toBe(1);
    expect(m.hart.getRegister(Reg.a1)).toBe(0);
  });

  test("rdinstret/rdcycle read the exact retired count; rdtime reads the injected clock", () => {
    const times: number[] = [];
    const m = machine(path, tier, (a) => {
      a.emit(aluI("addi", Reg.t0, 0, 0), aluI("addi", Reg.t0, 0, 0));
      a.emit(csrrs(Reg.a0, 0xc02, 0)); // instret: 2 before it
      a.emit(csrrs(Reg.a1, 0xc00, 0)); // cycle: 3
      a.emit(csrrs(Reg.a2, 0xc82, 0), csrrs(Reg.a3, 0xc80, 0)); // high halves
      a.emit(csrrs(Reg.a4, 0xc01, 0), csrrs(Reg.a5, 0xc81, 0)); // time, timeh
      a.emit(0x00000073);
    }, {
      hart: {
        readTime: (h) => {
          times.push(h.instructionCount);
          return 0x1_2345_6789 + h.instructionCount;
        },
      },
    });
    m.hart.instructionCount = 2 ** 32 - 3;
    expect(m.run().kind).toBe("ecall");
    const r = (i: number): number => m.hart.getRegister(i);
    expect(r(Reg.a0)).toBe((2 ** 32 - 3 + 2) >>> 0);
    expect(r(Reg.a1)).toBe(0); // 2^32 - 3 + 3 wraps to 0 ...
    expect(r(Reg.a2)).toBe(1); // ... and the high half has moved to 1
    expect(r(Reg.a3)).toBe(1);
    expect(times).toEqual([2 ** 32 - 3 + 6, 2 ** 32 - 3 + 7]);
    expect(r(Reg.a4)).toBe((0x1_2345_6789 + 2 ** 32 + 3) % 2 ** 32);
    expect(r(Reg.a5)).toBe(2);
  });

  test("FENCE and FENCE.I retire as no-ops", () => {
    const m = machine(path, tier, (a) => {
      a.emit(0x0ff0000f, 0x0000100f, aluI("addi", Reg.a0, 0, 1), 0x00000073);
    });
    expect(m.run()).toEqual({ kind: "ecall", pc: CODE + 12 });
    expect(m.hart.instructionCount).toBe(3);
    expect(m.hart.getRegister(Reg.a0)).toBe(1);
  });
});
