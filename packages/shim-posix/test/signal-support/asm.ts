/**
 * A few RV32I instruction encoders for signal tests (the shim's package may not import the riscv
 * package): enough to write handlers, loops and syscalls by hand, executed by {@link MiniCpu}.
 */

/** ABI register numbers. */
export const R = {
  zero: 0, ra: 1, sp: 2, gp: 3, tp: 4, t0: 5, t1: 6, t2: 7, s0: 8, s1: 9,
  a0: 10, a1: 11, a2: 12, a3: 13, a4: 14, a5: 15, a6: 16, a7: 17,
  s2: 18, s3: 19, s4: 20, s5: 21, s6: 22, s7: 23, s8: 24, s9: 25, s10: 26, s11: 27,
  t3: 28, t4: 29, t5: 30, t6: 31,
} as const;

const i = (imm: number, rs1: number, f3: number, rd: number, op: number): number =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const s = (imm: number, rs2: number, rs1: number, f3: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | 0x23) >>> 0;
const b = (off: number, rs2: number, rs1: number, f3: number): number =>
  ((((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7) | 0x63) >>> 0;

/** `addi rd, rs1, imm`. */
export const addi = (rd: number, rs1: number, imm: number): number => i(imm, rs1, 0, rd, 0x13);
/** `add rd, rs1, rs2`. */
export const add = (rd: number, rs1: number, rs2: number): number => ((rs2 << 20) | (rs1 << 15) | (rd << 7) | 0x33) >>> 0;
/** `slli rd, rs1, shamt`. */
export const slli = (rd: number, rs1: number, shamt: number): number => i(shamt & 31, rs1, 1, rd, 0x13);
/** `or rd, rs1, rs2`. */
export const or = (rd: number, rs1: number, rs2: number): number => ((rs2 << 20) | (rs1 << 15) | (6 << 12) | (rd << 7) | 0x33) >>> 0;
/** `lui rd, imm20`. */
export const lui = (rd: number, imm20: number): number => (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0;
/** `lw rd, imm(rs1)`. */
export const lw = (rd: number, rs1: number, imm: number): number => i(imm, rs1, 2, rd, 0x03);
/** `sw rs2, imm(rs1)`. */
export const sw = (rs2: number, rs1: number, imm: number): number => s(imm, rs2, rs1, 2);
/** `jalr rd, imm(rs1)`. */
export const jalr = (rd: number, rs1: number, imm: number): number => i(imm, rs1, 0, rd, 0x67);
/** `ret`. */
export const RET = jalr(0, 1, 0);
/** `beq rs1, rs2, offset`. */
export const beq = (rs1: number, rs2: number, off: number): number => b(off, rs2, rs1, 0);
/** `bne rs1, rs2, offset`. */
export const bne = (rs1: number, rs2: number, off: number): number => b(off, rs2, rs1, 1);
/** `blt rs1, rs2, offset`. */
export const blt = (rs1: number, rs2: number, off: number): number => b(off, rs2, rs1, 4);
/** `bge rs1, rs2, offset`. */
export const bge = (rs1: number, rs2: number, off: number): number => b(off, rs2, rs1, 5);
/** `jal rd, offset`. */
export const jal = (rd: number, off: number): number =>
  ((((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20) | (((off >> 12) & 0xff) << 12) |
    (rd << 7) | 0x6f) >>> 0;
/** `ecall`. */
export const ECALL = 0x0000_0073;
/** `ebreak`. */
export const EBREAK = 0x0010_0073;
/** An instruction no RV32IMA hart knows. */
export const ILLEGAL = 0x0000_0000;

/** `li rd, value` (lui + addi, always two words so that offsets stay predictable). */
export function li(rd: number, value: number): number[] {
  const v = value | 0;
  const lo = (v << 20) >> 20;
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return [lui(rd, hi), addi(rd, rd, lo)];
}

/** A syscall: a7 = nr, a0.. = args (two words each), then ecall. */
export function syscall(nr: number, ...args: number[]): number[] {
  const out: number[] = [];
  args.forEach((a, k) => out.push(...li(10 + k, a)));
  out.push(...li(17, nr), ECALL);
  return out;
}
