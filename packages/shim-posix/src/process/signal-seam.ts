/**
 * The seam between the process core and the signal layer. The process core *raises* signals — SIGCHLD
 * to a parent, SIGPIPE on EPIPE, SIGSEGV on a fault, kill's signal — through
 * `PosixShim.sendSignal`, which hands them to the installed {@link SignalLayer}; the signal layer owns
 * what happens next (pending sets, masks, handler frames, default actions). The scheduler's interrupt
 * and exception entries go to the signal layer too, because that is where a pending signal is acted on.
 *
 * The shim starts with a provisional layer (`src/signal/provisional.ts`) that knows only default
 * actions; the full layer replaces it with one `installer.signalLayer(...)` call.
 *
 * @module
 */
import type { CpuStop, ShimOutcome } from "@litebox-ts/core";
import type { PosixProcess } from "./posix-process";
import type { PosixThread } from "./posix-thread";

/** The fields of a `siginfo_t` a sender fills (the rest are zero). */
export interface SignalInfo {
  /** Signal number. */
  readonly signo: number;
  /** `si_code` (SI_USER, SI_TKILL, SI_KERNEL, CLD_*, SEGV_*…). */
  readonly code: number;
  /** `si_errno`. */
  readonly errno?: number;
  /** Sender (kill, tgkill) or child (SIGCHLD) pid. */
  readonly pid?: number;
  /** Sender's or child's real uid. */
  readonly uid?: number;
  /** SIGCHLD: exit code or signal. */
  readonly status?: number;
  /** Faults: the faulting address. */
  readonly addr?: number;
  /** rt signals: the sigval. */
  readonly value?: number;
}

/** Where a signal goes: a whole process (kill) or one thread (tgkill, synchronous faults). */
export type SignalTarget = PosixProcess | PosixThread;

/** The exceptions a thread can take (everything but ecall and budget expiry). */
export type ThreadException = Exclude<CpuStop, { kind: "ecall" } | { kind: "budget" }>;

/** What the signal layer implements. */
export interface SignalLayer {
  /**
   * Makes `info.signo` pending on `target` and arranges its delivery (interrupting a blocked thread
   * through the scheduler). Signal 0 is never sent (kill's permission check is the caller's).
   */
  send(target: SignalTarget, info: SignalInfo): void;
  /** The scheduler's interrupt entry for `thread`: a safe point to deliver pending signals. */
  interrupt(thread: PosixThread): ShimOutcome;
  /** The thread took a fault, an ebreak or an illegal instruction (Linux: SIGSEGV, SIGTRAP, SIGILL, SIGBUS). */
  exception(thread: PosixThread, stop: ThreadException): ShimOutcome;
}
