/**
 * `PosixThread`: the shim's per-thread state, the `shimState` of the core's `GuestThread`: the tid,
 * the thread's process, `clear_child_tid` (CLONE_CHILD_CLEARTID / set_tid_address), the signal mask
 * and thread-directed pending set, the syscall-restart record the signal layer consumes, and
 * extension slots.
 *
 * @module
 */
import type { CpuContext, GuestThread } from "@litebox-ts/core";
import type { ThreadExtension } from "./extensions";
import type { PosixProcess } from "./posix-process";

/** What the dispatcher remembers about a syscall that ended with a kernel-internal restart code. */
export interface SyscallRestart {
  /** The ERESTART* code the handler returned (positive). */
  readonly code: number;
  /** The syscall number. */
  readonly number: number;
  /** a0 as it was on entry (a0 is the result register, so a restart must put it back). */
  readonly originalA0: number;
}

/** The shim's per-thread state. */
export class PosixThread {
  /**
   * Thread id (the leader's equals the pid). Changes only when a non-leader thread execs: it takes
   * over the leader's id, as Linux's de_thread does.
   */
  tid: number;
  /** The process the thread belongs to (a new one after nothing: threads never change process). */
  readonly process: PosixProcess;
  /** The CPU context. */
  readonly cpu: CpuContext;
  /** The scheduler's thread (set right after the scheduler spawns it). */
  guest!: GuestThread<PosixThread>;
  /** Address to clear and futex-wake at thread exit (0: none). */
  clearChildTid = 0;
  /** Blocked signals (bit n-1 = signal n). */
  signalMask = 0n;
  /** Signals pending for this thread only (tkill, tgkill, faults). */
  pending = 0n;
  /**
   * The mask to restore after a call that installed a temporary one (ppoll's sigmask,
   * rt_sigsuspend): set while such a call runs; when it ends interrupted, the signal layer restores
   * it after delivering the signal (Linux's saved_sigmask); otherwise the call restores it itself.
   */
  savedMask: bigint | undefined;
  /**
   * Set by the dispatcher when a handler returned an ERESTART* code (the guest sees EINTR unless the
   * signal layer restarts the call); cleared at the next syscall entry.
   */
  restart: SyscallRestart | undefined;
  /** False once the thread exited or was killed. */
  alive = true;
  readonly #extensions = new Map<ThreadExtension<unknown>, unknown>();

  /** @internal Created by the shim. */
  constructor(tid: number, process: PosixProcess, cpu: CpuContext) {
    this.tid = tid;
    this.process = process;
    this.cpu = cpu;
  }

  /** The state of extension `key`. */
  ext<T>(key: ThreadExtension<T>): T {
    if (!this.#extensions.has(key as ThreadExtension<unknown>)) {
      throw new Error(`thread extension ${key.spec.name} is not installed`);
    }
    return this.#extensions.get(key as ThreadExtension<unknown>) as T;
  }

  /** @internal Sets an extension's state. */
  setExt<T>(key: ThreadExtension<T>, state: T): void {
    this.#extensions.set(key as ThreadExtension<unknown>, state);
  }
}
