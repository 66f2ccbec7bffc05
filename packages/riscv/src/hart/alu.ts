/**
 * The M extension's arithmetic on 32-bit integers, shared by the interpreter and compiled code.
 * JS numbers are doubles, so a 32×32-bit product is exact only below 2^53: the high words are built
 * from 16-bit partial products. Division follows the ISA's rules for a zero divisor and overflow
 * (no trap): x/0 = -1, x%0 = x, INT_MIN/-1 = INT_MIN, INT_MIN%-1 = 0.
 *
 * @module
 */

/** High 32 bits of the unsigned 64-bit product (MULHU). */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** High 32 bits of the signed×signed product (MULH). */
export function mulh(a: number, b: number): number {
  // Two's complement: a_s·b_s = a_u·b_u − 2^32·([a<0]·b_u + [b<0]·a_u) (mod 2^64).
  return (mulhu(a, b) - ((a >> 31) & b) - ((b >> 31) & a)) | 0;
}

/** High 32 bits of the signed×unsigned product (MULHSU). */
export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - ((a >> 31) & b)) | 0;
}

/** Signed division (DIV). */
export function div(a: number, b: number): number {
  // INT_MIN / -1 = 2^31, which `| 0` wraps back to INT_MIN, as the ISA requires.
  return b === 0 ? -1 : (a / b) | 0;
}

/** Unsigned division (DIVU). */
export function divu(a: number, b: number): number {
  return b === 0 ? -1 : ((a >>> 0) / (b >>> 0)) | 0;
}

/** Signed remainder (REM). */
export function rem(a: number, b: number): number {
  return b === 0 ? a : (a % b) | 0;
}

/** Unsigned remainder (REMU). */
export function remu(a: number, b: number): number {
  return b === 0 ? a : ((a >>> 0) % (b >>> 0)) | 0;
}
