/**
 * The guest-visible layouts the shim writes: the PEB (process parameters, kept in guest memory as on
 * Windows, so GetStdHandle / SetStdHandle are plain memory accesses), the TEB (pointed to by `tp`,
 * where the last-error value lives) and the system page's trampolines. Offsets are part of the
 * versioned ABI (README).
 *
 * @module
 */

/** PEB field offsets (all u32). */
export const Peb = {
  /** (major << 16) | minor of the ABI. */
  AbiVersion: 0,
  ProcessId: 4,
  InheritedFromUniqueProcessId: 8,
  StdInput: 12,
  StdOutput: 16,
  StdError: 20,
  /** Pointer to the NUL-terminated image path. */
  ImagePathName: 24,
  /** Pointer to the NUL-terminated command line. */
  CommandLine: 28,
  /** Where the strings start. */
  StringsStart: 64,
} as const;

/** TEB field offsets (all u32). */
export const Teb = {
  Self: 0,
  ProcessId: 4,
  ThreadId: 8,
  LastErrorValue: 12,
  Peb: 16,
  /** Top of the thread's stack (exclusive). */
  StackBase: 20,
  /** Bottom of the thread's stack. */
  StackLimit: 24,
  LastStatusValue: 28,
  /** Bytes the shim reserves (one page). */
  Size: 4096,
} as const;

/** Offsets of the trampolines in the system page. */
export const SystemPage = {
  /** `a1 = a0; a0 = -2; NtTerminateThread`: where a thread's start routine returns to. */
  ThreadExit: 0,
  /** `NtContinue`: where a user APC routine returns to. */
  ApcReturn: 32,
} as const;

/** Longest command line or image path accepted (Windows' UNICODE_STRING limit, in bytes here). */
export const MAX_PROCESS_STRING = 32767;

function addi(rd: number, rs1: number, imm: number): number {
  return (((imm & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | 0x13) >>> 0;
}
const ECALL = 0x0000_0073;
const EBREAK = 0x0010_0073;
const A0 = 10;
const A1 = 11;
const A7 = 17;

/** The system page's code, as little-endian words at their offsets. */
export function systemPageCode(ntTerminateThread: number, ntContinue: number): Uint8Array {
  const page = new Uint8Array(64);
  const view = new DataView(page.buffer);
  const put = (offset: number, words: number[]): void => words.forEach((w, i) => view.setUint32(offset + i * 4, w, true));
  put(SystemPage.ThreadExit, [addi(A1, A0, 0), addi(A0, 0, -2), addi(A7, 0, ntTerminateThread), ECALL, EBREAK]);
  put(SystemPage.ApcReturn, [addi(A7, 0, ntContinue), ECALL, EBREAK]);
  return page;
}
