/**
 * The RV32IMA decoder: instruction word → {@link Instruction}. It is the single authority on which
 * encodings are legal for this hart (user mode, no C, F or D extension): the compiler decodes
 * through it, and a test checks that the interpreter's inline decoding agrees with it on random
 * words. Fixed fields are checked as the ISA (and qemu's decoder) require: e.g. `slli` with bit 25
 * set, `lr.w` with rs2 ≠ 0 and every privileged SYSTEM instruction are illegal; FENCE and FENCE.I
 * ignore their reserved fields.
 *
 * @module
 */

/** Operation identifiers (a closed set). */
export const Op = {
  Illegal: 0,
  Lui: 1, Auipc: 2, Jal: 3, Jalr: 4,
  Beq: 5, Bne: 6, Blt: 7, Bge: 8, Bltu: 9, Bgeu: 10,
  Lb: 11, Lh: 12, Lw: 13, Lbu: 14, Lhu: 15,
  Sb: 16, Sh: 17, Sw: 18,
  Addi: 19, Slti: 20, Sltiu: 21, Xori: 22, Ori: 23, Andi: 24, Slli: 25, Srli: 26, Srai: 27,
  Add: 28, Sub: 29, Sll: 30, Slt: 31, Sltu: 32, Xor: 33, Srl: 34, Sra: 35, Or: 36, And: 37,
  Mul: 38, Mulh: 39, Mulhsu: 40, Mulhu: 41, Div: 42, Divu: 43, Rem: 44, Remu: 45,
  Fence: 46, FenceI: 47, Ecall: 48, Ebreak: 49,
  /** A read of a user counter CSR (csrrs/csrrc/csrrsi/csrrci that write nothing); `imm` is the CSR. */
  CsrRead: 50,
  LrW: 51, ScW: 52,
  AmoSwapW: 53, AmoAddW: 54, AmoXorW: 55, AmoAndW: 56, AmoOrW: 57,
  AmoMinW: 58, AmoMaxW: 59, AmoMinuW: 60, AmoMaxuW: 61,
} as const;
/** {@inheritDoc (Op:variable)} */
export type Op = (typeof Op)[keyof typeof Op];

/** A decoded instruction. Unused fields are 0. */
export interface Instruction {
  /** The operation. */
  readonly op: Op;
  /** Destination register. */
  readonly rd: number;
  /** First source register. */
  readonly rs1: number;
  /** Second source register. */
  readonly rs2: number;
  /** Sign-extended immediate (the shift amount for shifts, the CSR number for `CsrRead`). */
  readonly imm: number;
}

/** The user counter CSRs this hart implements (all read-only). */
export const Csr = {
  Cycle: 0xc00,
  Time: 0xc01,
  Instret: 0xc02,
  CycleH: 0xc80,
  TimeH: 0xc81,
  InstretH: 0xc82,
} as const;

/** Whether `csr` is one of the {@link Csr} counters. */
export function isCounterCsr(csr: number): boolean {
  return (csr & ~0x83) === 0xc00 && (csr & 3) !== 3;
}

/** I-type immediate. */
export function immI(w: number): number {
  return w >> 20;
}

/** S-type immediate. */
export function immS(w: number): number {
  return ((w >> 25) << 5) | ((w >>> 7) & 0x1f);
}

/** B-type immediate. */
export function immB(w: number): number {
  return ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
}

/** U-type immediate (already shifted into place). */
export function immU(w: number): number {
  return w & 0xfffff000;
}

/** J-type immediate. */
export function immJ(w: number): number {
  return ((w >> 31) << 20) | (w & 0xff000) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);
}

const ILLEGAL: Instruction = Object.freeze({ op: Op.Illegal, rd: 0, rs1: 0, rs2: 0, imm: 0 });

const BRANCHES: readonly Op[] = [Op.Beq, Op.Bne, Op.Illegal, Op.Illegal, Op.Blt, Op.Bge, Op.Bltu, Op.Bgeu];
const LOADS: readonly Op[] = [Op.Lb, Op.Lh, Op.Lw, Op.Illegal, Op.Lbu, Op.Lhu, Op.Illegal, Op.Illegal];
const STORES: readonly Op[] = [Op.Sb, Op.Sh, Op.Sw];
const OP_IMM: readonly Op[] = [Op.Addi, Op.Slli, Op.Slti, Op.Sltiu, Op.Xori, Op.Srli, Op.Ori, Op.Andi];
const OP_BASE: readonly Op[] = [Op.Add, Op.Sll, Op.Slt, Op.Sltu, Op.Xor, Op.Srl, Op.Or, Op.And];
const OP_MUL: readonly Op[] = [Op.Mul, Op.Mulh, Op.Mulhsu, Op.Mulhu, Op.Div, Op.Divu, Op.Rem, Op.Remu];
const AMOS: Readonly<Record<number, Op>> = {
  0b00010: Op.LrW, 0b00011: Op.ScW, 0b00001: Op.AmoSwapW, 0b00000: Op.AmoAddW, 0b00100: Op.AmoXorW,
  0b01100: Op.AmoAndW, 0b01000: Op.AmoOrW, 0b10000: Op.AmoMinW, 0b10100: Op.AmoMaxW,
  0b11000: Op.AmoMinuW, 0b11100: Op.AmoMaxuW,
};

/** Decodes one instruction word. Anything this hart does not implement decodes as `Op.Illegal`. */
export function decode(word: number): Instruction {
  const w = word | 0;
  const rd = (w >>> 7) & 31;
  const rs1 = (w >>> 15) & 31;
  const rs2 = (w >>> 20) & 31;
  const f3 = (w >>> 12) & 7;
  const f7 = w >>> 25;
  const make = (op: Op, imm: number, d = rd, s1 = rs1, s2 = rs2): Instruction => ({ op, rd: d, rs1: s1, rs2: s2, imm });
  switch (w & 0x7f) {
    case 0x37: return make(Op.Lui, immU(w), rd, 0, 0);
    case 0x17: return make(Op.Auipc, immU(w), rd, 0, 0);
    case 0x6f: return make(Op.Jal, immJ(w), rd, 0, 0);
    case 0x67: return f3 === 0 ? make(Op.Jalr, immI(w), rd, rs1, 0) : ILLEGAL;
    case 0x63: {
      const op = BRANCHES[f3]!;
      return op === Op.Illegal ? ILLEGAL : make(op, immB(w), 0);
    }
    case 0x03: {
      const op = LOADS[f3]!;
      return op === Op.Illegal ? ILLEGAL : make(op, immI(w), rd, rs1, 0);
    }
    case 0x23: {
      const op = STORES[f3];
      return op === undefined ? ILLEGAL : make(op, immS(w), 0);
    }
    case 0x13: {
      const op = OP_IMM[f3]!;
      if (op === Op.Slli) return f7 === 0 ? make(op, rs2, rd, rs1, 0) : ILLEGAL;
      if (op === Op.Srli) {
        if (f7 === 0) return make(Op.Srli, rs2, rd, rs1, 0);
        return f7 === 0x20 ? make(Op.Srai, rs2, rd, rs1, 0) : ILLEGAL;
      }
      return make(op, immI(w), rd, rs1, 0);
    }
    case 0x33: {
      if (f7 === 0) return make(OP_BASE[f3]!, 0);
      if (f7 === 1) return make(OP_MUL[f3]!, 0);
      if (f7 === 0x20 && f3 === 0) return make(Op.Sub, 0);
      if (f7 === 0x20 && f3 === 5) return make(Op.Sra, 0);
      return ILLEGAL;
    }
    case 0x0f:
      if (f3 === 0) return make(Op.Fence, 0, 0, 0, 0);
      return f3 === 1 ? make(Op.FenceI, 0, 0, 0, 0) : ILLEGAL;
    case 0x73: {
      if (w === 0x00000073) return make(Op.Ecall, 0, 0, 0, 0);
      if (w === 0x00100073) return make(Op.Ebreak, 0, 0, 0, 0);
      const csr = w >>> 20;
      // csrrs/csrrc (2, 3) write nothing when rs1 = x0; csrrsi/csrrci (6, 7) when the immediate is 0.
      // Every counter is read-only, so any write (csrrw/csrrwi included) is illegal.
      const readOnly = (f3 === 2 || f3 === 3 || f3 === 6 || f3 === 7) && rs1 === 0;
      return readOnly && isCounterCsr(csr) ? make(Op.CsrRead, csr, rd, 0, 0) : ILLEGAL;
    }
    case 0x2f: {
      if (f3 !== 2) return ILLEGAL;
      const op = AMOS[f7 >>> 2];
      if (op === undefined || (op === Op.LrW && rs2 !== 0)) return ILLEGAL;
      return make(op, f7 >>> 2, rd, rs1, op === Op.LrW ? 0 : rs2);
    }
    default:
      return ILLEGAL;
  }
}
