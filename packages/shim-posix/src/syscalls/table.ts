/**
 * The dispatch table: syscall number → handler. A handler gets a {@link SyscallContext} and answers
 * the result (≥ 0) or `-errno`, synchronously, or as a Promise when it blocks; the dispatcher writes
 * a0 and moves the pc past the `ecall`. Two special answers say the handler took care of the thread
 * itself: {@link CONTROL_TRANSFERRED} (execve, rt_sigreturn: registers and pc are already set) and
 * {@link THREAD_EXITED} (exit, exit_group: the thread is gone).
 *
 * @module
 */
import type { SyscallContext } from "./context";

/** The handler has set the registers and the pc itself; the dispatcher writes nothing. */
export const CONTROL_TRANSFERRED: unique symbol = Symbol("ControlTransferred");
/** The calling thread no longer exists; the scheduler drops it. */
export const THREAD_EXITED: unique symbol = Symbol("ThreadExited");

/** A handler's answer. */
export type SyscallResult = number | typeof CONTROL_TRANSFERRED | typeof THREAD_EXITED;

/** A syscall handler. */
export type SyscallHandler = (ctx: SyscallContext) => SyscallResult | Promise<SyscallResult>;

/** One table entry. */
export interface SyscallEntry {
  /** The number (a7). */
  readonly number: number;
  /** The kernel's name (for traces and deadlock reports). */
  readonly name: string;
  /** The handler. */
  readonly handler: SyscallHandler;
}

/** The table. One per shim; filled by the installers in `install.ts`. */
export class SyscallTable {
  readonly #entries = new Map<number, SyscallEntry>();

  /** Registers `handler` for `number`. Registering a number twice throws: two owners is a wiring bug. */
  register(number: number, name: string, handler: SyscallHandler): void {
    const existing = this.#entries.get(number);
    if (existing) throw new Error(`syscall ${number} (${name}) is already registered as ${existing.name}`);
    this.#entries.set(number, { number, name, handler });
  }

  /** The entry for `number`, if any. */
  lookup(number: number): SyscallEntry | undefined {
    return this.#entries.get(number);
  }

  /** Every registered entry, by number. */
  entries(): SyscallEntry[] {
    return [...this.#entries.values()].sort((a, b) => a.number - b.number);
  }
}
