/**
 * The vocabulary shared by the memory ports and the hart: page flag bits, the RISC-V exception causes
 * a memory access can raise, and the encoding of a translation answered by a platform.
 *
 * @module
 */

/** Bytes in a guest page (Sv32 and the userland flags table both use 4 KiB pages). */
export const PAGE_SIZE = 4096;

/** log2 of {@link PAGE_SIZE}. */
export const PAGE_SHIFT = 12;

/**
 * Bits of a flat port's per-page flags table (and the permission bits of a translation).
 * `Read`, `Write`, `Exec` have the values of the core's `Prot` bits, so a protection passes through
 * unchanged. `Slow` is the platform's; `Code` and `Reserved` belong to the hart and survive
 * permission changes.
 */
export const PageFlag = {
  /** User loads allowed. */
  Read: 1,
  /** User stores allowed. */
  Write: 2,
  /** User instruction fetch allowed. */
  Exec: 4,
  /** Every access to the page goes to the platform's {@link FlatSlowPath} (shared memory, lazy copies). */
  Slow: 8,
  /** The page holds compiled code: a store to it invalidates that code first. */
  Code: 16,
  /** The page holds an LR reservation: a store to it may break the reservation. */
  Reserved: 32,
} as const;

/** The three permission bits of {@link PageFlag}, as a mask. */
export const PERMISSION_MASK = 7;

/** Width of a guest memory access, in bytes. */
export type AccessSize = 1 | 2 | 4;

/**
 * RISC-V exception causes (mcause/scause values) the hart reports. A closed set: the user-mode
 * subset that an RV32IMA hart without the C extension can raise.
 */
export const TrapCause = {
  /** A jump or branch to an address that is not 4-byte aligned (no C extension). */
  InstructionMisaligned: 0,
  /** An illegal or unsupported encoding. */
  IllegalInstruction: 2,
  /** `ebreak`. */
  Breakpoint: 3,
  /** A misaligned `lr.w` (ordinary loads are emulated, see the README). */
  LoadMisaligned: 4,
  /** A misaligned `sc.w` or AMO. */
  StoreMisaligned: 6,
  /** `ecall` from user mode. */
  UserEcall: 8,
  /** Instruction fetch from a page that is unmapped or not executable. */
  InstructionPageFault: 12,
  /** Load from a page that is unmapped or not readable. */
  LoadPageFault: 13,
  /** Store or AMO to a page that is unmapped or not writable. */
  StorePageFault: 15,
} as const;

/** The causes a memory access can raise: page faults and misaligned atomics/jumps. */
export type MemoryTrapCause = 0 | 4 | 6 | 12 | 13 | 15;

/**
 * What a platform's {@link TranslateFunction} answers: a non-negative number built by
 * {@link translation}, or {@link TRANSLATION_FAULT}. A plain number keeps the miss path free of
 * allocation.
 */
export type TranslationResult = number;

/** The translation failed: the hart raises the page fault of the access (cause 12, 13 or 15). */
export const TRANSLATION_FAULT = -1;

/**
 * Encodes a successful translation: the host byte offset of the 4 KiB frame (a multiple of 4096,
 * below 2^32) and the user permissions of the mapping ({@link PageFlag} Read/Write/Exec bits).
 * Answering fewer permissions than the mapping has is allowed (e.g. withhold Write until the first
 * store sets a dirty bit): the hart asks again when it needs more.
 */
export function translation(frameOffset: number, permissions: number): TranslationResult {
  return (frameOffset - (frameOffset % PAGE_SIZE)) + (permissions & PERMISSION_MASK);
}

/** Maps a page-fault access kind to its RISC-V cause. */
export function pageFaultCause(access: "read" | "write" | "execute"): 12 | 13 | 15 {
  return access === "read" ? 13 : access === "write" ? 15 : 12;
}
