/**
 * Tiny guests without a compiler: a one-segment static ELF32 RISC-V writer and the `write` + `exit`
 * program the core cases need. The built-in POSIX shim's `core/say` and `core/exit` are made here;
 * a third-party shim whose ABI has a `write(fd, buffer, length)` and an `exit(status)` call can make
 * its own with {@link writeExitElf} and its syscall numbers.
 *
 * @module
 */
import { ECALL, li, program } from "@litebox-ts/platform-contract";

/** Where the segment is loaded (the SDK's link address). */
export const TINY_ELF_BASE = 0x10000;
const EHDR = 52;
const PHDR = 32;
const HEADERS = EHDR + PHDR;

/** The guest address of the first instruction (the entry point) of a {@link tinyElf}. */
export const TINY_ELF_ENTRY = TINY_ELF_BASE + HEADERS;

/**
 * A static ELF32 RISC-V executable with one readable, executable segment at {@link TINY_ELF_BASE}:
 * the headers, then `code` (the entry point), then `data`, whose guest address is
 * {@link tinyDataAddress}`(code.length)`.
 */
export function tinyElf(code: readonly number[], data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const text = program(code);
  const size = HEADERS + text.length + data.length;
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]); // magic, ELFCLASS32, little-endian, version 1
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 243, true); // EM_RISCV
  v.setUint32(20, 1, true); // EV_CURRENT
  v.setUint32(24, TINY_ELF_ENTRY, true);
  v.setUint32(28, EHDR, true); // e_phoff
  v.setUint32(36, 0, true); // e_flags: soft float, no compressed instructions
  v.setUint16(40, EHDR, true);
  v.setUint16(42, PHDR, true);
  v.setUint16(44, 1, true); // one program header
  v.setUint16(46, 40, true); // e_shentsize (no sections)
  // PT_LOAD at offset 0: vaddr = paddr = base, file size = memory size, R|X, page-aligned.
  const phdr = [1, 0, TINY_ELF_BASE, TINY_ELF_BASE, size, size, 5, 4096];
  phdr.forEach((value, i) => v.setUint32(EHDR + 4 * i, value, true));
  bytes.set(text, HEADERS);
  bytes.set(data, HEADERS + text.length);
  return bytes;
}

/** The guest address of a {@link tinyElf}'s data when its code has `codeWords` instructions. */
export function tinyDataAddress(codeWords: number): number {
  return TINY_ELF_ENTRY + codeWords * 4;
}

/** Syscall numbers of a Linux-style `write(fd, buffer, length)` and `exit(status)` (a7 = number). */
export interface WriteExitSyscalls {
  readonly write: number;
  readonly exit: number;
}

/** The Linux rv32 numbers: `write` 64, `exit_group` 94. */
export const LINUX_WRITE_EXIT: WriteExitSyscalls = { write: 64, exit: 94 };

const A0 = 10;
const A1 = 11;
const A2 = 12;
const A7 = 17;

/**
 * A program that writes `text` (latin1) to descriptor 1 with one `write` call — none when `text` is
 * empty — and then exits with `status`, using `syscalls`' numbers.
 */
export function writeExitElf(syscalls: WriteExitSyscalls, text: string, status: number): Uint8Array {
  const exit = [...li(A0, status), ...li(A7, syscalls.exit), ECALL];
  if (text.length === 0) return tinyElf(exit);
  const data = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  const writeWords = 9; // four two-word `li` and the ecall
  const write = [
    ...li(A0, 1),
    ...li(A1, tinyDataAddress(writeWords + exit.length)),
    ...li(A2, data.length),
    ...li(A7, syscalls.write),
    ECALL,
  ];
  return tinyElf([...write, ...exit], data);
}
