/**
 * Test helper (not exported from the package): builds a small valid RISC-V ELF32 executable in
 * memory and patches header and program-header fields, so the loader's tests and fuzzers can derive
 * malformed files from a known-good one.
 *
 * Layout of {@link validElf}: ELF header and three program headers at offset 0; code at offset
 * 0x100; data at offset 0x200. Segment 0: R-X at 0x10000 (offset 0, 0x200 bytes, so it holds the
 * headers). Segment 1: RW- at 0x11200 (offset 0x200, 0x40 file bytes, 0x2000 bytes of memory: the
 * rest is bss). Segment 2: PT_GNU_STACK, RW-. Entry 0x10100.
 *
 * @module
 */
import { EM_RISCV, ElfType, SegmentFlag, SegmentType } from "./format";

/** Offsets of ELF32 header fields. */
export const Ehdr = {
  Class: 4,
  Data: 5,
  IdentVersion: 6,
  OsAbi: 7,
  Type: 16,
  Machine: 18,
  Version: 20,
  Entry: 24,
  Phoff: 28,
  Shoff: 32,
  Flags: 36,
  Ehsize: 40,
  Phentsize: 42,
  Phnum: 44,
} as const;

/** Offsets of ELF32 program-header fields. */
export const Phdr = {
  Type: 0,
  Offset: 4,
  Vaddr: 8,
  Paddr: 12,
  Filesz: 16,
  Memsz: 20,
  Flags: 24,
  Align: 28,
} as const;

/** Where {@link validElf} puts things. */
export const VALID = {
  textVaddr: 0x10000,
  entry: 0x10100,
  codeOffset: 0x100,
  dataVaddr: 0x11200,
  dataOffset: 0x200,
  dataFilesz: 0x40,
  dataMemsz: 0x2000,
  fileSize: 0x240,
  phoff: 52,
  phnum: 3,
} as const;

/** The program: `li a0, 42; li a7, 93; ecall` (exit(42)). */
export const EXIT_42 = [0x02a00513, 0x05d00893, 0x00000073];

/** A fresh copy of the valid executable described in the module documentation. */
export function validElf(): Uint8Array {
  const bytes = new Uint8Array(VALID.fileSize);
  const v = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
  v.setUint16(Ehdr.Type, ElfType.Exec, true);
  v.setUint16(Ehdr.Machine, EM_RISCV, true);
  v.setUint32(Ehdr.Version, 1, true);
  v.setUint32(Ehdr.Entry, VALID.entry, true);
  v.setUint32(Ehdr.Phoff, VALID.phoff, true);
  v.setUint16(Ehdr.Ehsize, 52, true);
  v.setUint16(Ehdr.Phentsize, 32, true);
  v.setUint16(Ehdr.Phnum, VALID.phnum, true);
  const ph = (i: number, type: number, offset: number, vaddr: number, filesz: number, memsz: number, flags: number, align: number): void => {
    const at = VALID.phoff + 32 * i;
    v.setUint32(at + Phdr.Type, type, true);
    v.setUint32(at + Phdr.Offset, offset, true);
    v.setUint32(at + Phdr.Vaddr, vaddr, true);
    v.setUint32(at + Phdr.Paddr, vaddr, true);
    v.setUint32(at + Phdr.Filesz, filesz, true);
    v.setUint32(at + Phdr.Memsz, memsz, true);
    v.setUint32(at + Phdr.Flags, flags, true);
    v.setUint32(at + Phdr.Align, align, true);
  };
  ph(0, SegmentType.Load, 0, VALID.textVaddr, 0x200, 0x200, SegmentFlag.R | SegmentFlag.X, 0x1000);
  ph(1, SegmentType.Load, VALID.dataOffset, VALID.dataVaddr, VALID.dataFilesz, VALID.dataMemsz, SegmentFlag.R | SegmentFlag.W, 0x1000);
  ph(2, SegmentType.GnuStack, 0, 0, 0, 0, SegmentFlag.R | SegmentFlag.W, 16);
  EXIT_42.forEach((word, i) => v.setUint32(VALID.codeOffset + 4 * i, word, true));
  for (let i = 0; i < VALID.dataFilesz; i++) bytes[VALID.dataOffset + i] = (i * 7 + 1) & 0xff;
  return bytes;
}

/** Writes `value` into header field `field` (a byte for `e_ident`, else 16 or 32 bits). */
export function setHeader(bytes: Uint8Array, field: number, value: number): Uint8Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (field < 16) bytes[field] = value;
  else if (field === Ehdr.Type || field === Ehdr.Machine || field >= Ehdr.Ehsize) v.setUint16(field, value, true);
  else v.setUint32(field, value >>> 0, true);
  return bytes;
}

/** Writes `value` into field `field` of program header `index` (tables at the valid phoff). */
export function setPhdr(bytes: Uint8Array, index: number, field: number, value: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(VALID.phoff + 32 * index + field, value >>> 0, true);
  return bytes;
}
