/**
 * The differential fuzzer's program generator. A batch is one ELF holding many random RV32IMA
 * programs run back to back; each program sets every register, runs a random body, then dumps all
 * registers and the scratch area to fd 1 with `write` (a7 = 64). The batch ends with `exit(0)`.
 * The same file runs under qemu-riscv32 and under the hart, and the dumps are compared.
 *
 * A body mixes: register/immediate ALU and M instructions (with edge operands: division by zero,
 * INT_MIN / -1, shifts by 31 …), LUI/AUIPC, loads and stores of every width into the scratch area
 * (aligned and misaligned), forward branches, counted loops, JAL/JALR (including a subroutine call),
 * LR/SC pairs and AMOs on the scratch area, FENCE and FENCE.I. gp (x3) always points at the scratch
 * area and is never written, so every memory access stays inside it and every program terminates.
 */
import {
  ALU_I_OPS,
  ALU_R_OPS,
  AMO_OPS,
  Assembler,
  BRANCH_OPS,
  ECALL,
  FENCE,
  FENCE_I,
  LOAD_OPS,
  STORE_OPS,
  amo,
  aluI,
  aluR,
  auipc,
  branch,
  jal,
  jalr,
  load,
  lui,
  shiftI,
  store,
} from "./asm";
import { writeElf } from "./elf";
import { Rng } from "./random";

/** Guest address of the first program. */
export const TEXT_BASE = 0x10000;
/** Guest address of the register dump (followed by the scratch area). */
export const DUMP_BASE = 0x200000;
/** Bytes of the register dump: x0..x31. */
export const DUMP_REGS = 128;
/** Bytes of the scratch area the programs load from and store to. */
export const SCRATCH_SIZE = 256;
/** Bytes each program writes to stdout. */
export const DUMP_SIZE = DUMP_REGS + SCRATCH_SIZE;
const SCRATCH = DUMP_BASE + DUMP_REGS;
const GP = 3;

/** Where one program of a batch lies, for failure reports. */
export interface ProgramSpan {
  /** Address of its first instruction. */
  readonly start: number;
  /** Address after its last instruction. */
  readonly end: number;
}

/** A generated batch. */
export interface FuzzBatch {
  /** The ELF file. */
  readonly elf: Uint8Array;
  /** The programs, in execution order. */
  readonly programs: readonly ProgramSpan[];
  /** The assembled text (for disassembly). */
  readonly text: Uint32Array;
}

const EDGE = [0, 1, -1, 2, -2, 31, 32, 33, 0x7fffffff, -0x80000000, -0x7fffffff, 0xffff, 0x8000, 0x7fff, 0xff, 0x80, 0x7ff, -0x800];

/** One program's generator state. */
class ProgramBuilder {
  constructor(
    readonly rng: Rng,
    readonly a: Assembler,
    readonly id: string,
  ) {}

  #labels = 0;

  label(): string {
    return `${this.id}_${this.#labels++}`;
  }

  /** A value worth putting in a register. */
  value(): number {
    const r = this.rng;
    switch (r.below(4)) {
      case 0: return r.pick(EDGE) | 0;
      case 1: return r.int(-64, 64);
      case 2: return (SCRATCH + r.below(SCRATCH_SIZE)) | 0;
      default: return r.u32() | 0;
    }
  }

  imm12(): number {
    const r = this.rng;
    return r.chance(0.3) ? r.pick([0, 1, -1, 2047, -2048, 0x7ff, -0x800, 31, 32]) : r.int(-2048, 2047);
  }

  /** A destination register outside `avoid` (x0 now and then, never gp). */
  dest(avoid: ReadonlySet<number>): number {
    const r = this.rng;
    if (!avoid.has(0) && r.chance(0.04)) return 0;
    for (;;) {
      const d = r.chance(0.6) ? r.int(5, 12) : r.int(1, 31);
      if (d !== GP && !avoid.has(d)) return d;
    }
  }

  /** A source register (any). */
  src(): number {
    const r = this.rng;
    return r.chance(0.6) ? r.int(5, 12) : r.int(0, 31);
  }

  /** A scratch offset for a `size`-byte access; misaligned a third of the time. */
  offset(size: number): number {
    const r = this.rng;
    const k = r.below(SCRATCH_SIZE - 4);
    return r.chance(0.33) ? k : k - (k % size);
  }

  /** One straight-line instruction that writes nothing in `avoid`. */
  simple(avoid: ReadonlySet<number>): void {
    const { rng: r, a } = this;
    switch (r.below(11)) {
      case 0: case 1: case 2:
        a.emit(aluR(r.pick(ALU_R_OPS), this.dest(avoid), this.src(), this.src()));
        break;
      case 3: case 4:
        a.emit(aluI(r.pick(ALU_I_OPS), this.dest(avoid), this.src(), this.imm12()));
        break;
      case 5:
        a.emit(shiftI(r.pick(["slli", "srli", "srai"] as const), this.dest(avoid), this.src(), r.chance(0.3) ? r.pick([0, 1, 31]) : r.below(32)));
        break;
      case 6:
        a.emit(r.chance(0.5) ? lui(this.dest(avoid), r.u32() >>> 12) : auipc(this.dest(avoid), r.u32() >>> 12));
        break;
      case 7: case 8: {
        const op = r.pick(LOAD_OPS);
        a.emit(load(op, this.dest(avoid), GP, this.offset(op === "lw" ? 4 : op.startsWith("lh") ? 2 : 1)));
        break;
      }
      case 9: {
        const op = r.pick(STORE_OPS);
        a.emit(store(op, this.src(), GP, this.offset(op === "sw" ? 4 : op === "sh" ? 2 : 1)));
        break;
      }
      default:
        a.emit(r.chance(0.8) ? aluR(r.pick(ALU_R_OPS.slice(8)), this.dest(avoid), this.src(), this.src()) : r.chance(0.5) ? FENCE : FENCE_I);
        break;
    }
  }

  /** Loads `value` into `rd` (lui + addi, or a single addi for small values). */
  li(rd: number, value: number): void {
    if (value >= -2048 && value < 2048 && this.rng.chance(0.5)) this.a.emit(aluI("addi", rd, 0, value));
    else this.a.li(rd, value);
  }

  /** One body item: possibly several instructions, control flow included. */
  item(): void {
    const { rng: r, a } = this;
    const none = new Set<number>();
    switch (r.below(16)) {
      case 0: case 1: case 2: case 3: case 4:
        this.simple(none);
        break;
      case 5: {
        // M instruction on edge operands.
        const s1 = this.dest(none) || 5;
        const s2 = this.dest(new Set([s1])) || 6;
        this.li(s1, r.pick(EDGE) | 0);
        this.li(s2, r.chance(0.5) ? r.pick([0, -1, 1, -0x80000000]) : r.pick(EDGE) | 0);
        a.emit(aluR(r.pick(ALU_R_OPS.slice(10)), this.dest(none), s1, s2));
        break;
      }
      case 6: {
        // Load or store through a computed base register (rd may equal the base).
        const base = this.dest(new Set([0]));
        const op = r.chance(0.6) ? r.pick(LOAD_OPS) : r.pick(STORE_OPS);
        const size = op.endsWith("w") ? 4 : op.includes("h") ? 2 : 1;
        const target = this.offset(size);
        const imm = r.int(-256, 256);
        a.emit(aluI("addi", base, GP, target - imm));
        a.emit(op.startsWith("l") ? load(op, r.chance(0.3) ? base : this.dest(none), base, imm) : store(op, this.src(), base, imm));
        break;
      }
      case 7: case 8: {
        // Forward branch over k straight-line instructions.
        const k = r.int(0, 4);
        a.emit(branch(r.pick(BRANCH_OPS), this.src(), this.src(), 4 * (k + 1)));
        for (let i = 0; i < k; i++) this.simple(none);
        break;
      }
      case 9: {
        // A counted loop; the counter is off limits to the body.
        const counter = this.dest(new Set([0]));
        const avoid = new Set([counter]);
        const top = this.label();
        this.li(counter, r.int(1, 6));
        a.label(top);
        const body = r.int(1, 6);
        for (let i = 0; i < body; i++) {
          if (r.chance(0.2)) {
            const k = r.int(0, 2);
            a.emit(branch(r.pick(BRANCH_OPS), this.src(), this.src(), 4 * (k + 1)));
            for (let j = 0; j < k; j++) this.simple(avoid);
          } else {
            this.simple(avoid);
          }
        }
        a.emit(aluI("addi", counter, counter, -1));
        a.toLabel(top, (o) => branch(r.chance(0.5) ? "bne" : "blt", r.chance(0.5) ? counter : 0, r.chance(0.5) ? 0 : counter, o));
        // (bne either way round; "blt x0, c" loops while c > 0, "blt c, x0" never loops: both terminate.)
        break;
      }
      case 10: {
        const k = r.int(0, 3);
        a.emit(jal(this.dest(none), 4 * (k + 1)));
        for (let i = 0; i < k; i++) this.simple(none);
        break;
      }
      case 11: {
        // auipc + jalr over k instructions; an odd immediate checks that jalr clears bit 0.
        const base = this.dest(new Set([0]));
        const k = r.int(0, 3);
        a.emit(auipc(base, 0), jalr(this.dest(none), base, 8 + 4 * k + (r.chance(0.3) ? 1 : 0)));
        for (let i = 0; i < k; i++) this.simple(none);
        break;
      }
      case 12: {
        // A subroutine call: jump over the body, call it, return through the link register.
        const link = this.dest(new Set([0]));
        const sub = this.label();
        const over = this.label();
        a.toLabel(over, (o) => jal(0, o));
        a.label(sub);
        const n = r.int(1, 4);
        for (let i = 0; i < n; i++) this.simple(new Set([link]));
        a.emit(jalr(0, link, 0));
        a.label(over);
        a.toLabel(sub, (o) => jal(link, o));
        break;
      }
      case 13: {
        const base = this.dest(new Set([0]));
        a.emit(aluI("addi", base, GP, this.offset(4) & ~3));
        a.emit(amo(r.pick(AMO_OPS), this.dest(none), base, this.src(), r.below(2), r.below(2)));
        break;
      }
      case 14: {
        // LR/SC: sometimes on another address, sometimes after a store to the reserved word.
        const base = this.dest(new Set([0]));
        const word = this.offset(4) & ~3;
        a.emit(aluI("addi", base, GP, word));
        a.emit(amo("lr.w", this.dest(new Set([base])), base, 0, r.below(2), r.below(2)));
        const between = r.int(0, 2);
        for (let i = 0; i < between; i++) {
          if (r.chance(0.3)) a.emit(store("sw", this.src(), GP, r.chance(0.5) ? word : this.offset(4) & ~3));
          else this.simple(new Set([base]));
        }
        let scBase = base;
        if (r.chance(0.2)) {
          scBase = this.dest(new Set([0, base]));
          a.emit(aluI("addi", scBase, GP, this.offset(4) & ~3));
        }
        a.emit(amo("sc.w", this.dest(none), scBase, this.src(), r.below(2), r.below(2)));
        break;
      }
      default: {
        // An SC with no reservation must fail.
        const base = this.dest(new Set([0]));
        a.emit(aluI("addi", base, GP, this.offset(4) & ~3));
        a.emit(amo("sc.w", this.dest(none), base, this.src()));
        break;
      }
    }
  }

  program(items: number): void {
    const a = this.a;
    a.li(GP, SCRATCH);
    for (let reg = 1; reg < 32; reg++) if (reg !== GP) this.li(reg, this.value());
    for (let i = 0; i < items; i++) this.item();
    for (let reg = 0; reg < 32; reg++) a.emit(store("sw", reg, GP, -DUMP_REGS + 4 * reg));
    a.emit(aluI("addi", 10, 0, 1), aluI("addi", 11, GP, -DUMP_REGS));
    a.li(12, DUMP_SIZE);
    a.emit(aluI("addi", 17, 0, 64), ECALL);
  }
}

/** Options of {@link generateBatch}. */
export interface BatchOptions {
  /** Programs in the batch. */
  readonly programs: number;
  /** Body items per program (default: 20–60 at random). */
  readonly items?: number;
}

/** Generates a reproducible batch from `seed`. */
export function generateBatch(seed: number, options: BatchOptions): FuzzBatch {
  const rng = new Rng(seed);
  const a = new Assembler(TEXT_BASE);
  const programs: ProgramSpan[] = [];
  for (let p = 0; p < options.programs; p++) {
    const start = a.here;
    new ProgramBuilder(rng, a, `p${p}`).program(options.items ?? rng.int(20, 60));
    programs.push({ start, end: a.here });
  }
  a.emit(aluI("addi", 10, 0, 0), aluI("addi", 17, 0, 93), ECALL);
  const text = a.words();
  const scratch = new Uint8Array(DUMP_SIZE);
  for (let i = 0; i < scratch.length; i++) scratch[i] = rng.u32() & 0xff;
  const elf = writeElf(TEXT_BASE, [
    { vaddr: TEXT_BASE, data: new Uint8Array(text.buffer), memsz: text.length * 4, flags: "r-x" },
    { vaddr: DUMP_BASE, data: scratch, memsz: 4096, flags: "rw-" },
  ]);
  return { elf, programs, text };
}
