/**
 * What a syscall handler receives and returns. A handler gets the calling thread, its process, the
 * six argument registers and the process's checked guest memory, and answers an NTSTATUS (written to
 * a0, pc advanced past the ecall), a Promise of one when it blocks, {@link THREAD_EXIT} when the
 * calling thread no longer runs, or {@link REGISTERS_SET} when it has set the registers itself
 * (user APC delivery, NtContinue).
 *
 * @module
 */
import type { NtStatus } from "../abi/status";
import type { NtKernel } from "../kernel";
import type { GuestMemory } from "../memory/guest-memory";
import type { NtProcess } from "../process/process";
import type { NtThread } from "../process/thread";

/** The calling thread ended (itself or its process): the scheduler retires it. */
export const THREAD_EXIT: unique symbol = Symbol("ThreadExit");
/** The handler set pc and a0 itself: the dispatcher must not touch them. */
export const REGISTERS_SET: unique symbol = Symbol("RegistersSet");

/** A handler's answer once settled. */
export type SyscallResult = NtStatus | typeof THREAD_EXIT | typeof REGISTERS_SET;

/** A handler's answer: synchronous on the fast path, a Promise when the thread blocks. */
export type SyscallOutcome = SyscallResult | Promise<SyscallResult>;

/** The calling context of one syscall. */
export interface SyscallContext {
  /** The shim's kernel state. */
  readonly kernel: NtKernel;
  /** The calling thread. */
  readonly thread: NtThread;
  /** Its process. */
  readonly process: NtProcess;
  /** a0..a5, as unsigned 32-bit values. */
  readonly args: readonly [number, number, number, number, number, number];
  /** The process's memory, through the checking helpers. */
  readonly memory: GuestMemory;
}

/** A syscall handler. */
export type SyscallHandler = (context: SyscallContext) => SyscallOutcome;

/** Writes `value` to the u32 at `address` when `address` is not NULL; SUCCESS or ACCESS_VIOLATION. */
export function writeOptionalU32(context: SyscallContext, address: number, value: number): NtStatus {
  return address === 0 ? 0 : context.memory.writeU32(address, value);
}
