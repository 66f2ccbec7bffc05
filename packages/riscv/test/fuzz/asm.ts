/**
 * A small RV32IMA assembler for tests, the fuzzer and the benchmarks: one encoder per instruction
 * and an {@link Assembler} with labels. Written from the ISA manual's encoding tables.
 */

/** Register numbers by ABI name. */
export const Reg = {
  zero: 0, ra: 1, sp: 2, gp: 3, tp: 4, t0: 5, t1: 6, t2: 7, s0: 8, s1: 9,
  a0: 10, a1: 11, a2: 12, a3: 13, a4: 14, a5: 15, a6: 16, a7: 17,
  s2: 18, s3: 19, s4: 20, s5: 21, s6: 22, s7: 23, s8: 24, s9: 25, s10: 26, s11: 27,
  t3: 28, t4: 29, t5: 30, t6: 31,
} as const;

function check(value: number, bits: number, signed: boolean, what: string): void {
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what} out of range: ${value}`);
}

/** R-type. */
export function rType(opcode: number, f3: number, f7: number, rd: number, rs1: number, rs2: number): number {
  return ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;
}
/** I-type. */
export function iType(opcode: number, f3: number, rd: number, rs1: number, imm: number): number {
  check(imm, 12, true, "I immediate");
  return (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;
}
/** S-type. */
export function sType(opcode: number, f3: number, rs1: number, rs2: number, imm: number): number {
  check(imm, 12, true, "S immediate");
  return ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | opcode) >>> 0;
}
/** B-type. */
export function bType(f3: number, rs1: number, rs2: number, offset: number): number {
  check(offset, 13, true, "branch offset");
  const o = offset & 0x1fff;
  return ((((o >> 12) & 1) << 31) | (((o >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12)
    | (((o >> 1) & 0xf) << 8) | (((o >> 11) & 1) << 7) | 0x63) >>> 0;
}
/** U-type (`imm20` is the upper 20 bits). */
export function uType(opcode: number, rd: number, imm20: number): number {
  return (((imm20 & 0xfffff) << 12) | (rd << 7) | opcode) >>> 0;
}
/** J-type. */
export function jType(rd: number, offset: number): number {
  check(offset, 21, true, "jump offset");
  const o = offset & 0x1fffff;
  return ((((o >> 20) & 1) << 31) | (((o >> 1) & 0x3ff) << 21) | (((o >> 11) & 1) << 20) | (((o >> 12) & 0xff) << 12)
    | (rd << 7) | 0x6f) >>> 0;
}

const ALU_R: Record<string, [number, number]> = {
  add: [0, 0], sub: [0, 0x20], sll: [1, 0], slt: [2, 0], sltu: [3, 0], xor: [4, 0], srl: [5, 0], sra: [5, 0x20],
  or: [6, 0], and: [7, 0], mul: [0, 1], mulh: [1, 1], mulhsu: [2, 1], mulhu: [3, 1], div: [4, 1], divu: [5, 1],
  rem: [6, 1], remu: [7, 1],
};
/** Register-register ALU and M instructions, by mnemonic. */
export type AluR = keyof typeof ALU_R & string;
/** Every register-register mnemonic. */
export const ALU_R_OPS = Object.keys(ALU_R) as AluR[];
/** Encodes a register-register instruction. */
export function aluR(op: AluR, rd: number, rs1: number, rs2: number): number {
  const [f3, f7] = ALU_R[op]!;
  return rType(0x33, f3, f7, rd, rs1, rs2);
}

const ALU_I: Record<string, number> = { addi: 0, slti: 2, sltiu: 3, xori: 4, ori: 6, andi: 7 };
/** Register-immediate mnemonics (shifts apart). */
export const ALU_I_OPS = Object.keys(ALU_I);
/** Encodes a register-immediate instruction (not a shift). */
export function aluI(op: string, rd: number, rs1: number, imm: number): number {
  return iType(0x13, ALU_I[op]!, rd, rs1, imm);
}
/** Encodes slli/srli/srai. */
export function shiftI(op: "slli" | "srli" | "srai", rd: number, rs1: number, shamt: number): number {
  check(shamt, 5, false, "shift amount");
  const f3 = op === "slli" ? 1 : 5;
  return iType(0x13, f3, rd, rs1, op === "srai" ? shamt | 0x400 : shamt);
}

const LOADS: Record<string, number> = { lb: 0, lh: 1, lw: 2, lbu: 4, lhu: 5 };
const STORES: Record<string, number> = { sb: 0, sh: 1, sw: 2 };
/** Load mnemonics. */
export const LOAD_OPS = Object.keys(LOADS);
/** Store mnemonics. */
export const STORE_OPS = Object.keys(STORES);
/** Encodes a load `op rd, imm(rs1)`. */
export function load(op: string, rd: number, rs1: number, imm: number): number {
  return iType(0x03, LOADS[op]!, rd, rs1, imm);
}
/** Encodes a store `op rs2, imm(rs1)`. */
export function store(op: string, rs2: number, rs1: number, imm: number): number {
  return sType(0x23, STORES[op]!, rs1, rs2, imm);
}

const BRANCHES: Record<string, number> = { beq: 0, bne: 1, blt: 4, bge: 5, bltu: 6, bgeu: 7 };
/** Branch mnemonics. */
export const BRANCH_OPS = Object.keys(BRANCHES);
/** Encodes a branch with a byte offset. */
export function branch(op: string, rs1: number, rs2: number, offset: number): number {
  return bType(BRANCHES[op]!, rs1, rs2, offset);
}

const AMOS: Record<string, number> = {
  "lr.w": 0b00010, "sc.w": 0b00011, "amoswap.w": 0b00001, "amoadd.w": 0, "amoxor.w": 0b00100, "amoand.w": 0b01100,
  "amoor.w": 0b01000, "amomin.w": 0b10000, "amomax.w": 0b10100, "amominu.w": 0b11000, "amomaxu.w": 0b11100,
};
/** AMO mnemonics (without lr/sc). */
export const AMO_OPS = Object.keys(AMOS).filter((k) => !k.startsWith("lr") && !k.startsWith("sc"));
/** Encodes an A-extension instruction: `op rd, rs2, (rs1)` with aq/rl bits. */
export function amo(op: string, rd: number, rs1: number, rs2: number, aq = 0, rl = 0): number {
  return rType(0x2f, 2, (AMOS[op]! << 2) | (aq << 1) | rl, rd, rs1, rs2);
}

/** `lui rd, imm20`. */
export const lui = (rd: number, imm20: number): number => uType(0x37, rd, imm20);
/** `auipc rd, imm20`. */
export const auipc = (rd: number, imm20: number): number => uType(0x17, rd, imm20);
/** `jal rd, offset`. */
export const jal = (rd: number, offset: number): number => jType(rd, offset);
/** `jalr rd, imm(rs1)`. */
export const jalr = (rd: number, rs1: number, imm: number): number => iType(0x67, 0, rd, rs1, imm);
/** `ecall`. */
export const ECALL = 0x00000073;
/** `ebreak`. */
export const EBREAK = 0x00100073;
/** `fence iorw, iorw`. */
export const FENCE = 0x0ff0000f;
/** `fence.i`. */
export const FENCE_I = 0x0000100f;
/** `csrrs rd, csr, rs1`. */
export const csrrs = (rd: number, csr: number, rs1: number): number => ((csr << 20) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x73) >>> 0;
/** `csrrw rd, csr, rs1`. */
export const csrrw = (rd: number, csr: number, rs1: number): number => ((csr << 20) | (rs1 << 15) | (1 << 12) | (rd << 7) | 0x73) >>> 0;

/** Splits a 32-bit constant into lui/addi immediates. */
export function splitConstant(value: number): { hi: number; lo: number } {
  const v = value | 0;
  const lo = (v << 20) >> 20;
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return { hi, lo };
}

/** An instruction whose offset is resolved when its label is known. */
interface Fixup {
  readonly at: number;
  readonly label: string;
  readonly encode: (offset: number) => number;
}

/** Builds a sequence of instruction words with labels. */
export class Assembler {
  readonly #words: number[] = [];
  readonly #labels = new Map<string, number>();
  readonly #fixups: Fixup[] = [];

  /** @param base - guest address of the first word. */
  constructor(readonly base: number) {}

  /** Address of the next word. */
  get here(): number {
    return this.base + this.#words.length * 4;
  }

  /** Appends raw words. */
  emit(...words: number[]): this {
    for (const w of words) this.#words.push(w >>> 0);
    return this;
  }

  /** Defines `name` at the current address. */
  label(name: string): this {
    if (this.#labels.has(name)) throw new Error(`duplicate label ${name}`);
    this.#labels.set(name, this.here);
    return this;
  }

  /** Address of a defined label. */
  address(name: string): number {
    const at = this.#labels.get(name);
    if (at === undefined) throw new Error(`unknown label ${name}`);
    return at;
  }

  /** Appends an instruction whose pc-relative offset to `label` is filled in later. */
  toLabel(label: string, encode: (offset: number) => number): this {
    this.#fixups.push({ at: this.#words.length, label, encode });
    this.#words.push(0);
    return this;
  }

  /** `li rd, value` as lui + addi (always two words, so layouts are predictable). */
  li(rd: number, value: number): this {
    const { hi, lo } = splitConstant(value);
    return this.emit(lui(rd, hi), aluI("addi", rd, rd, lo));
  }

  /** The assembled words, labels resolved. */
  words(): Uint32Array {
    for (const f of this.#fixups) {
      const target = this.address(f.label);
      this.#words[f.at] = f.encode(target - (this.base + f.at * 4)) >>> 0;
    }
    return Uint32Array.from(this.#words);
  }

  /** The assembled code as little-endian bytes. */
  bytes(): Uint8Array {
    return new Uint8Array(this.words().buffer);
  }
}
