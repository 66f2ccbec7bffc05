/**
 * Per-process and per-thread state that other parts of the shim add without editing the process
 * core: a module defines a key with lifecycle callbacks, installs it once
 * (`installer.processExtension(KEY)`), and reads its state with `process.ext(KEY)`. The process core
 * calls the callbacks at the points Linux would: creation of the first program, fork/clone (with
 * rollback), the point of no return of execve, and exit.
 *
 * @module
 */
import type { PosixProcess } from "./posix-process";
import type { PosixThread } from "./posix-thread";

/** Why a fork-time copy failed: an errno value (positive), returned to the guest negated. */
export type ExtensionForkError = number;

/** Lifecycle callbacks of a per-process extension. */
export interface ProcessExtensionSpec<T> {
  /** A name for diagnostics. */
  readonly name: string;
  /** State of a process created from nothing (the first program). */
  create(process: PosixProcess): T;
  /**
   * State of a child created by fork/clone from `parent`'s state. Returning a number fails the fork
   * with that errno (everything done so far is rolled back, and `discard` is called on the states
   * already made for this child). Default: `create(child)`.
   */
  fork?(parent: T, child: PosixProcess, cloneFlags: number): T | ExtensionForkError;
  /** Undoes `fork` when a later step of process creation failed. */
  discard?(state: T, child: PosixProcess): void;
  /** execve passed its point of no return; returns the state for the new image (default: unchanged). */
  exec?(state: T, process: PosixProcess): T;
  /** The process is exiting (its threads are gone, its memory not yet released). */
  exit?(state: T, process: PosixProcess): void;
}

/** The key of one per-process extension (compare by identity). */
export class ProcessExtension<T> {
  /** The callbacks. */
  readonly spec: ProcessExtensionSpec<T>;
  /** Type-only marker. */
  declare readonly __state?: T;

  /** @param spec - the callbacks. */
  constructor(spec: ProcessExtensionSpec<T>) {
    this.spec = spec;
  }
}

/** Lifecycle callbacks of a per-thread extension. */
export interface ThreadExtensionSpec<T> {
  /** A name for diagnostics. */
  readonly name: string;
  /** State of a thread with nothing to inherit from (the first thread of the first program). */
  create(thread: PosixThread): T;
  /** State of a thread cloned (fork or a new thread) from `parent`'s state. Default: `create`. */
  clone?(parent: T, thread: PosixThread, cloneFlags: number): T;
  /** The thread survives execve (it is the caller): its state for the new image. */
  exec?(state: T, thread: PosixThread): T;
  /** The thread is exiting. */
  exit?(state: T, thread: PosixThread): void;
}

/** The key of one per-thread extension (compare by identity). */
export class ThreadExtension<T> {
  /** The callbacks. */
  readonly spec: ThreadExtensionSpec<T>;
  /** Type-only marker. */
  declare readonly __state?: T;

  /** @param spec - the callbacks. */
  constructor(spec: ThreadExtensionSpec<T>) {
    this.spec = spec;
  }
}
