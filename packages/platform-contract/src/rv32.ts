/**
 * The few RV32IMA instructions the contract cases hand-encode (from the ISA manual's encoding
 * tables), so a case can make a guest thread store, load, fetch and trap without an assembler or a
 * compiled guest. Exported for platform tests that need the same small programs.
 *
 * @module
 */

/** Register numbers by ABI name (the ones the cases use). */
export const Reg = { zero: 0, ra: 1, sp: 2, t0: 5, t1: 6, t2: 7, a0: 10, a1: 11, a2: 12, a7: 17 } as const;

function iType(opcode: number, funct3: number, rd: number, rs1: number, imm: number): number {
  return (((imm & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode) >>> 0;
}

/** `addi rd, rs1, imm` (imm in [-2048, 2047]). */
export function addi(rd: number, rs1: number, imm: number): number {
  return iType(0x13, 0, rd, rs1, imm);
}

/** `lui rd, imm20` (the upper 20 bits). */
export function lui(rd: number, imm20: number): number {
  return (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0;
}

/** `lw rd, imm(rs1)`. */
export function lw(rd: number, rs1: number, imm: number): number {
  return iType(0x03, 2, rd, rs1, imm);
}

/** `sw rs2, imm(rs1)`. */
export function sw(rs2: number, rs1: number, imm: number): number {
  return ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (2 << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;
}

/** `bne rs1, rs2, offset` (offset in bytes from this instruction, even, within ±4 KiB). */
export function bne(rs1: number, rs2: number, offset: number): number {
  const o = offset & 0x1fff;
  return ((((o >> 12) & 1) << 31) | (((o >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (1 << 12)
    | (((o >> 1) & 0xf) << 8) | (((o >> 11) & 1) << 7) | 0x63) >>> 0;
}

/** `lr.w rd, (rs1)`. */
export function lrW(rd: number, rs1: number): number {
  return ((0b00010 << 27) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x2f) >>> 0;
}

/** `sc.w rd, rs2, (rs1)`. */
export function scW(rd: number, rs2: number, rs1: number): number {
  return ((0b00011 << 27) | (rs2 << 20) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x2f) >>> 0;
}

/** `ecall`. */
export const ECALL = 0x0000_0073;

/** `lui` + `addi` loading the 32-bit constant `value` into `rd` (always two instructions). */
export function li(rd: number, value: number): [number, number] {
  const v = value | 0;
  const lo = (v << 20) >> 20; // sign-extended low 12 bits, as addi adds them
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return [lui(rd, hi), addi(rd, rd, lo)];
}

/** Little-endian bytes of a program. */
export function program(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return out;
}
