// A tiny RV32IMA encoder for the kernel-sim tests and benchmark (the instructions they use only),
// written from the ISA manual's encoding tables. Not part of the package.

/** Register numbers by ABI name. */
export const Reg = {
  zero: 0, ra: 1, sp: 2, gp: 3, tp: 4, t0: 5, t1: 6, t2: 7, s0: 8, s1: 9,
  a0: 10, a1: 11, a2: 12, a3: 13, a4: 14, a5: 15, a6: 16, a7: 17, t3: 28, t4: 29, t5: 30, t6: 31,
} as const;

const iType = (opcode: number, f3: number, rd: number, rs1: number, imm: number): number =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;
const rType = (f7: number, f3: number, rd: number, rs1: number, rs2: number, opcode = 0x33): number =>
  ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;

const ALU_I = { addi: 0, slti: 2, sltiu: 3, xori: 4, ori: 6, andi: 7 } as const;
const ALU_R = { add: [0, 0], sub: [0, 0x20], xor: [4, 0], or: [6, 0], and: [7, 0], mul: [0, 1], srl: [5, 0], sll: [1, 0] } as const;
const LOADS = { lb: 0, lh: 1, lw: 2, lbu: 4, lhu: 5 } as const;
const STORES = { sb: 0, sh: 1, sw: 2 } as const;
const BRANCHES = { beq: 0, bne: 1, blt: 4, bge: 5, bltu: 6, bgeu: 7 } as const;
const AMOS = { "lr.w": 0b00010, "sc.w": 0b00011, "amoadd.w": 0 } as const;

/** `op rd, rs1, imm`. */
export const aluI = (op: keyof typeof ALU_I, rd: number, rs1: number, imm: number): number => iType(0x13, ALU_I[op], rd, rs1, imm);
/** `op rd, rs1, rs2`. */
export const aluR = (op: keyof typeof ALU_R, rd: number, rs1: number, rs2: number): number =>
  rType(ALU_R[op][1], ALU_R[op][0], rd, rs1, rs2);
/** `slli rd, rs1, shamt`. */
export const slli = (rd: number, rs1: number, shamt: number): number => iType(0x13, 1, rd, rs1, shamt);
/** `srli rd, rs1, shamt`. */
export const srli = (rd: number, rs1: number, shamt: number): number => iType(0x13, 5, rd, rs1, shamt);
/** `op rd, imm(rs1)`. */
export const load = (op: keyof typeof LOADS, rd: number, rs1: number, imm: number): number => iType(0x03, LOADS[op], rd, rs1, imm);
/** `op rs2, imm(rs1)`. */
export const store = (op: keyof typeof STORES, rs2: number, rs1: number, imm: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (STORES[op] << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;
/** `op rs1, rs2, offset`. */
export function branch(op: keyof typeof BRANCHES, rs1: number, rs2: number, offset: number): number {
  const o = offset & 0x1fff;
  return ((((o >> 12) & 1) << 31) | (((o >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (BRANCHES[op] << 12)
    | (((o >> 1) & 0xf) << 8) | (((o >> 11) & 1) << 7) | 0x63) >>> 0;
}
/** `jal rd, offset`. */
export function jal(rd: number, offset: number): number {
  const o = offset & 0x1fffff;
  return ((((o >> 20) & 1) << 31) | (((o >> 1) & 0x3ff) << 21) | (((o >> 11) & 1) << 20) | (((o >> 12) & 0xff) << 12)
    | (rd << 7) | 0x6f) >>> 0;
}
/** `lui rd, imm20`. */
export const lui = (rd: number, imm20: number): number => (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0;
/** `csrrs rd, csr, rs1` (rs1 = 0: a plain CSR read). */
export const csrrs = (rd: number, csr: number, rs1: number): number => ((csr << 20) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x73) >>> 0;
/** `lr.w rd, (rs1)` / `sc.w rd, rs2, (rs1)` / `amoadd.w rd, rs2, (rs1)`. */
export const amo = (op: keyof typeof AMOS, rd: number, rs1: number, rs2: number): number => rType(AMOS[op] << 2, 2, rd, rs1, rs2, 0x2f);
/** `ecall`. */
export const ECALL = 0x0000_0073;
/** `ebreak`. */
export const EBREAK = 0x0010_0073;

/** Builds code at a base address, with labels for branches. */
export class Assembler {
  readonly #words: number[] = [];
  readonly #labels = new Map<string, number>();
  readonly #fixups: { at: number; label: string; encode: (offset: number) => number }[] = [];

  /** @param base - the guest address of the first instruction. */
  constructor(readonly base: number) {}

  /** Appends instruction words. */
  emit(...words: number[]): this {
    for (const w of words) this.#words.push(w >>> 0);
    return this;
  }

  /** `li rd, value` as lui + addi (always two words). */
  li(rd: number, value: number): this {
    const v = value | 0;
    const lo = (v << 20) >> 20;
    return this.emit(lui(rd, ((v - lo) >>> 12) & 0xfffff), aluI("addi", rd, rd, lo));
  }

  /** Names the next instruction's address. */
  label(name: string): this {
    this.#labels.set(name, this.base + this.#words.length * 4);
    return this;
  }

  /** Appends an instruction whose pc-relative offset to `label` is filled in by {@link Assembler.bytes}. */
  toLabel(label: string, encode: (offset: number) => number): this {
    this.#fixups.push({ at: this.#words.length, label, encode });
    this.#words.push(0);
    return this;
  }

  /** The code as little-endian bytes, labels resolved. */
  bytes(): Uint8Array {
    for (const f of this.#fixups) {
      const target = this.#labels.get(f.label);
      if (target === undefined) throw new Error(`unknown label ${f.label}`);
      this.#words[f.at] = f.encode(target - (this.base + f.at * 4)) >>> 0;
    }
    return new Uint8Array(Uint32Array.from(this.#words).buffer);
  }
}
