/**
 * Guest threads and the shim's entry points (litebox's `EnterShim`). A guest thread is a CPU context
 * bound to an address space, plus the shim's per-thread state; the scheduler runs it and hands every
 * trap to the shim, which answers "resume" or "terminate" — synchronously, or with a Promise when the
 * thread must block.
 *
 * @module
 */
import { InterruptLatch } from "../event/wait";
import type { CpuContext, CpuStop } from "./cpu";

/** What the shim tells the scheduler after handling a trap. */
export type ShimAction = "resume" | "terminate";

/** The value a shim entry returns: synchronous on the fast path, a Promise when the thread blocks. */
export type ShimOutcome = ShimAction | Promise<ShimAction>;

/** The lifecycle state of a {@link GuestThread}. */
export type ThreadState = "runnable" | "running" | "parked" | "exited";

/** The shim's entry points (litebox's `EnterShim`: init, syscall, exception, interrupt). */
export interface ShimEntry<S = unknown> {
  /** Called once before the thread first runs. */
  init?(thread: GuestThread<S>): ShimOutcome;
  /** The thread executed `ecall`; pc still points at it (the shim advances it). */
  syscall(thread: GuestThread<S>): ShimOutcome;
  /** The thread faulted, hit `ebreak`, or executed an illegal instruction. */
  exception(thread: GuestThread<S>, stop: Exclude<CpuStop, { kind: "ecall" } | { kind: "budget" }>): ShimOutcome;
  /** An interrupt was requested for the thread (a signal, an alert, a kill): a safe point to act on it. */
  interrupt(thread: GuestThread<S>): ShimOutcome;
}

/** A guest thread: a CPU context bound to an address space, run by the {@link Scheduler}. */
export class GuestThread<S = unknown> {
  /** Scheduler-wide number, in creation order (shims assign their own TIDs). */
  readonly id: number;
  /** The thread's registers and execution. */
  readonly cpu: CpuContext;
  /**
   * The platform's id of the address space the thread runs in. The shim updates it when the thread
   * switches spaces (execve activates a fresh space for the calling thread).
   */
  addressSpace: unknown;
  /** The shim that handles this thread's traps. */
  readonly shim: ShimEntry<S>;
  /** The shim's per-thread state. */
  shimState: S;
  /**
   * The interrupt hook to pass to blocking waits: the scheduler fires it on
   * {@link Scheduler.requestInterrupt}; the shim clears it once it has acted.
   */
  readonly interruptLatch = new InterruptLatch();
  /** Set by the shim before it returns a Promise: what the thread waits for (for deadlock reports). */
  waitingOn: string | undefined;
  /** Current lifecycle state (maintained by the scheduler). */
  state: ThreadState = "runnable";
  /** @internal set when an interrupt entry call is owed before the thread runs again. */
  interruptRequested = false;
  /** @internal set when the thread was terminated while parked or running. */
  terminateRequested = false;
  /** @internal true once `init` ran. */
  initialised = false;

  /** @internal — threads are created by {@link Scheduler.spawn}. */
  constructor(id: number, cpu: CpuContext, addressSpace: unknown, shim: ShimEntry<S>, shimState: S) {
    this.id = id;
    this.cpu = cpu;
    this.addressSpace = addressSpace;
    this.shim = shim;
    this.shimState = shimState;
  }
}
