/**
 * The signal layer's own per-thread and per-process state, kept as process-core extensions so that
 * it follows Linux's lifetimes without the process core knowing it:
 *
 * - per thread: the thread-directed pending queue (mirrored into `thread.pending`) and the alternate
 *   signal stack (inherited by fork, reset for a thread or CLONE_VM child and by execve);
 * - per process: the process-directed pending queue (mirrored into `process.sharedPending`) and the
 *   job-control state (stopped, the report waitid owes the parent); and, in a second extension made
 *   by the layer (it needs the platform), where the sigreturn trampoline page of the current image is.
 *
 * A new process starts with nothing pending (fork does not inherit pending signals); execve keeps
 * pending signals, as Linux does.
 *
 * @module
 */
import { CloneFlag } from "../abi/clone";
import { SigaltstackFlags } from "../abi/signals";
import { ProcessExtension, ThreadExtension } from "../process/extensions";
import type { PosixProcess } from "../process/posix-process";
import type { PosixThread } from "../process/posix-thread";
import { PendingSignals } from "./pending";

/** An alternate signal stack (`stack_t` as sigaltstack stores it). */
export interface AltStack {
  /** Lowest address. */
  sp: number;
  /** Size in bytes (0: none). */
  size: number;
  /** The flags as last set (0, SS_ONSTACK, SS_DISABLE, possibly with SS_AUTODISARM). */
  flags: number;
}

/** No alternate stack (`sas_ss_reset`). */
export function noAltStack(): AltStack {
  return { sp: 0, size: 0, flags: SigaltstackFlags.SS_DISABLE };
}

/** What the signal layer keeps per thread. */
export interface ThreadSignals {
  /** Signals directed at this thread. */
  readonly pending: PendingSignals;
  /** The alternate signal stack. */
  altStack: AltStack;
}

/** A state change of a child that waitid reports with WSTOPPED / WCONTINUED. */
export interface JobReport {
  /** CLD_STOPPED or CLD_CONTINUED. */
  readonly code: number;
  /** The stop signal, or SIGCONT. */
  readonly status: number;
}

/** Job control of one process (Linux: `signal->flags` SIGNAL_STOP_* and `group_exit_code`). */
export interface JobControl {
  /** True from the group stop until SIGCONT (or death). */
  stopped: boolean;
  /** The signal that stopped the process. */
  stopSignal: number;
  /** The stop or continue not yet reported to a waiting parent (reported once). */
  report: JobReport | undefined;
  /** Threads parked by the stop, woken by SIGCONT. */
  readonly parked: Set<() => void>;
}

/** What the signal layer keeps per process. */
export interface ProcessSignals {
  /** Signals directed at the whole process. */
  readonly pending: PendingSignals;
  /** Job control. */
  readonly job: JobControl;
}

function processState(process: PosixProcess): ProcessSignals {
  return {
    pending: new PendingSignals((set) => void (process.sharedPending = set)),
    job: { stopped: false, stopSignal: 0, report: undefined, parked: new Set() },
  };
}

function threadState(thread: PosixThread, altStack: AltStack): ThreadSignals {
  return { pending: new PendingSignals((set) => void (thread.pending = set)), altStack };
}

/** The per-process extension (pending signals and job control). */
export const PROCESS_SIGNALS = new ProcessExtension<ProcessSignals>({
  name: "signals",
  create: (process) => {
    process.sharedPending = 0n;
    return processState(process);
  },
  fork: (_parent, child) => {
    child.sharedPending = 0n;
    return processState(child);
  },
  exit: (state) => {
    state.pending.clear();
    for (const wake of [...state.job.parked]) wake();
  },
});

/** Where the sigreturn trampoline page of a process's current image is. */
export interface TrampolineState {
  /** Its address (undefined: not mapped yet; delivery maps it). */
  address: number | undefined;
}

/**
 * The per-process trampoline extension. `map` maps the page into the process's current image and
 * answers its address (called for the first program and after each execve; fork copies or shares
 * the memory, so a child's page is where its parent's is).
 */
export function trampolineExtension(map: (process: PosixProcess) => number | undefined): ProcessExtension<TrampolineState> {
  return new ProcessExtension<TrampolineState>({
    name: "sigreturn trampoline",
    create: (process) => ({ address: map(process) }),
    fork: (parent) => ({ address: parent.address }),
    exec: (state, process) => {
      state.address = map(process);
      return state;
    },
  });
}

/** The per-thread extension. */
export const THREAD_SIGNALS = new ThreadExtension<ThreadSignals>({
  name: "signals",
  create: (thread) => {
    thread.pending = 0n;
    return threadState(thread, noAltStack());
  },
  clone: (parent, thread, flags) => {
    thread.pending = 0n;
    // A thread or a CLONE_VM child must not share the alternate stack (copy_process: sas_ss_reset).
    const sharesMemory = (flags & (CloneFlag.CLONE_VM | CloneFlag.CLONE_VFORK)) === CloneFlag.CLONE_VM;
    return threadState(thread, sharesMemory ? noAltStack() : { ...parent.altStack });
  },
  exec: (state) => {
    state.altStack = noAltStack();
    return state;
  },
  exit: (state) => state.pending.clear(),
});
