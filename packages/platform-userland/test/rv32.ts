/**
 * A few RV32I encoders for hand-assembled test guests (the riscv package's assembler is not reachable
 * from here: packages import each other only through their public entries). Written from the ISA
 * manual's encoding tables.
 */

/** Register numbers used by the tests. */
export const X = { zero: 0, ra: 1, sp: 2, t0: 5, t1: 6, t2: 7, a0: 10, a1: 11, a2: 12, a7: 17 } as const;

const i = (opcode: number, f3: number, rd: number, rs1: number, imm: number): number =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;
const s = (f3: number, rs1: number, rs2: number, imm: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;

/** `lui rd, imm20`. */
export const lui = (rd: number, imm20: number): number => (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0;
/** `addi rd, rs1, imm`. */
export const addi = (rd: number, rs1: number, imm: number): number => i(0x13, 0, rd, rs1, imm);
/** `lw rd, imm(rs1)`. */
export const lw = (rd: number, rs1: number, imm: number): number => i(0x03, 2, rd, rs1, imm);
/** `lbu rd, imm(rs1)`. */
export const lbu = (rd: number, rs1: number, imm: number): number => i(0x03, 4, rd, rs1, imm);
/** `sw rs2, imm(rs1)`. */
export const sw = (rs2: number, rs1: number, imm: number): number => s(2, rs1, rs2, imm);
/** `sb rs2, imm(rs1)`. */
export const sb = (rs2: number, rs1: number, imm: number): number => s(0, rs1, rs2, imm);
/** `jalr rd, imm(rs1)`. */
export const jalr = (rd: number, rs1: number, imm: number): number => i(0x67, 0, rd, rs1, imm);
/** `jal rd, offset`. */
export function jal(rd: number, offset: number): number {
  const o = offset & 0x1fffff;
  return ((((o >> 20) & 1) << 31) | (((o >> 1) & 0x3ff) << 21) | (((o >> 11) & 1) << 20) | (((o >> 12) & 0xff) << 12)
    | (rd << 7) | 0x6f) >>> 0;
}
/** `bne rs1, rs2, offset`. */
export function bne(rs1: number, rs2: number, offset: number): number {
  const o = offset & 0x1fff;
  return ((((o >> 12) & 1) << 31) | (((o >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (1 << 12)
    | (((o >> 1) & 0xf) << 8) | (((o >> 11) & 1) << 7) | 0x63) >>> 0;
}
/** `rdtime rd` (`csrrs rd, time, x0`). */
export const rdtime = (rd: number): number => ((0xc01 << 20) | (2 << 12) | (rd << 7) | 0x73) >>> 0;
/** `rdtimeh rd`. */
export const rdtimeh = (rd: number): number => ((0xc81 << 20) | (2 << 12) | (rd << 7) | 0x73) >>> 0;
/** `ecall`. */
export const ECALL = 0x00000073;
/** `ebreak`. */
export const EBREAK = 0x00100073;

/** `li rd, value` as `lui` + `addi` (always two words). */
export function li(rd: number, value: number): number[] {
  const v = value | 0;
  const lo = (v << 20) >> 20;
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return [lui(rd, hi), addi(rd, rd, lo)];
}

/** Instruction words as little-endian bytes. */
export function code(...words: Array<number | number[]>): Uint8Array {
  return new Uint8Array(Uint32Array.from(words.flat()).buffer);
}
/** `lr.w rd, (rs1)`. */
export const lrw = (rd: number, rs1: number): number => ((0b00010 << 27) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x2f) >>> 0;
/** `sc.w rd, rs2, (rs1)`. */
export const scw = (rd: number, rs2: number, rs1: number): number =>
  ((0b00011 << 27) | (rs2 << 20) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x2f) >>> 0;
