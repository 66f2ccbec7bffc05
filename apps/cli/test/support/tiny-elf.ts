/**
 * A few RV32I instruction encoders and a one-segment ELF32 writer, for small hand-made guests in the
 * CLI tests (a program that faults, one that copies stdin to stdout). Only what those need.
 */

const r = (n: number): number => n & 31;

/** `addi rd, rs1, imm`. */
export function addi(rd: number, rs1: number, imm: number): number {
  return (((imm & 0xfff) << 20) | (r(rs1) << 15) | (r(rd) << 7) | 0x13) >>> 0;
}

/** `li rd, imm` for a 12-bit immediate. */
export function li(rd: number, imm: number): number {
  return addi(rd, 0, imm);
}

/** `sw rs2, imm(rs1)`. */
export function sw(rs2: number, rs1: number, imm: number): number {
  return ((((imm >> 5) & 0x7f) << 25) | (r(rs2) << 20) | (r(rs1) << 15) | (0b010 << 12) | ((imm & 31) << 7) | 0x23) >>> 0;
}

/** `ecall`. */
export const ECALL = 0x0000_0073;
/** `ebreak`. */
export const EBREAK = 0x0010_0073;

/** `bge rs1, rs2, offset` (offset in bytes from this instruction). */
export function bge(rs1: number, rs2: number, offset: number): number {
  const o = offset & 0x1fff;
  return (
    ((((o >> 12) & 1) << 31) |
      (((o >> 5) & 0x3f) << 25) |
      (r(rs2) << 20) |
      (r(rs1) << 15) |
      (0b101 << 12) |
      (((o >> 1) & 0xf) << 8) |
      (((o >> 11) & 1) << 7) |
      0x63) >>>
    0
  );
}

/** `jal x0, offset`. */
export function j(offset: number): number {
  const o = offset & 0x1f_ffff;
  return ((((o >> 20) & 1) << 31) | (((o >> 1) & 0x3ff) << 21) | (((o >> 11) & 1) << 20) | (((o >> 12) & 0xff) << 12) | 0x6f) >>> 0;
}

const BASE = 0x10000;
const HEADERS = 52 + 32;

/** A static ELF32 RISC-V executable whose one R-X segment holds `code` at 0x10054 (the entry). */
export function tinyElf(code: readonly number[]): Uint8Array {
  const size = HEADERS + code.length * 4;
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 243, true); // EM_RISCV
  v.setUint32(20, 1, true); // EV_CURRENT
  v.setUint32(24, BASE + HEADERS, true); // e_entry
  v.setUint32(28, 52, true); // e_phoff
  v.setUint32(32, 0, true); // e_shoff
  v.setUint32(36, 0, true); // e_flags: soft float, no RVC
  v.setUint16(40, 52, true); // e_ehsize
  v.setUint16(42, 32, true); // e_phentsize
  v.setUint16(44, 1, true); // e_phnum
  v.setUint16(46, 40, true); // e_shentsize
  // PT_LOAD, offset 0, vaddr = paddr = BASE, sizes, R|X, align 4096
  for (const [off, val] of [[0, 1], [4, 0], [8, BASE], [12, BASE], [16, size], [20, size], [24, 5], [28, 4096]] as const) {
    v.setUint32(52 + off, val, true);
  }
  code.forEach((word, i) => v.setUint32(HEADERS + 4 * i, word, true));
  return bytes;
}

/** Registers by ABI name. */
export const Reg = { zero: 0, sp: 2, a0: 10, a1: 11, a2: 12, a7: 17 } as const;
