/**
 * What the core records about each process (RFC §1.2): its id, its parent and whether it still runs.
 * The record is deliberately minimal; shims keep their own per-process state (POSIX: pgid, sid, umask,
 * credentials, signal mask; NT: job, token, handle table) beside it, keyed by {@link ProcessId}.
 *
 * @module
 */
import type { ProcessId } from "./process-id";

/** A process that has not exited. */
export interface ProcessRunning {
  /** Discriminant. */
  readonly kind: "Running";
}

/**
 * A process that has exited and is waiting to be removed (POSIX calls it a zombie). `status` is the
 * opaque unsigned 32-bit value given to `exitProcess`; shims give it meaning (POSIX: a wait status;
 * NT: an NTSTATUS or exit code).
 */
export interface ProcessExited {
  /** Discriminant. */
  readonly kind: "Exited";
  /** The opaque exit status, an integer in [0, 2^32 − 1]. */
  readonly status: number;
}

/** The lifecycle state of a process in the registry. */
export type ProcessState = ProcessRunning | ProcessExited;

/** Constructors for {@link (ProcessState:type)}. */
export const ProcessState = {
  /** The (shared, frozen) running state. */
  Running: Object.freeze({ kind: "Running" }) as ProcessRunning,
  /** An exited state carrying `status`. */
  exited(status: number): ProcessExited {
    return Object.freeze({ kind: "Exited", status });
  },
} as const;

/**
 * Per-process state tracked by the core. Values handed out by the registry are frozen snapshots: a
 * later change (exit, reparenting) produces a new object and never mutates one a caller holds.
 */
export interface ProcessContext {
  /** The process's id. */
  readonly id: ProcessId;
  /**
   * The parent process. `undefined` only for the init process and for an orphan whose exit-time
   * orphan handler chose to detach it (the RFC says "only for init"; see the README's departures).
   */
  readonly parent: ProcessId | undefined;
  /** Running, or exited with its status. */
  readonly state: ProcessState;
}

/**
 * Returned by `exitProcess` when the exiting process's parent is still running, so the shim can tell
 * the parent through whatever mechanism it has (SIGCHLD, signalling a process handle…).
 */
export interface ExitNotification {
  /** The (running) parent to notify. */
  readonly parentPid: ProcessId;
  /** The process that exited. */
  readonly childPid: ProcessId;
  /** The opaque status given to `exitProcess`. */
  readonly exitStatus: number;
}
