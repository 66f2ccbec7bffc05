/**
 * `PosixProcess`: what the POSIX shim keeps per process beside the core's minimal `ProcessContext`
 * (RFC §1.2): process group and session, the address-space binding, the descriptor storage,
 * credentials, limits, cwd and umask, signal dispositions and the shared pending set, the program
 * layout (brk, stack), its threads, and extension slots for the other parts of the shim.
 *
 * @module
 */
import { Subject, type ProcessId, type RawDescriptorStorage } from "@litebox-ts/core";
import type { AddressSpaceRef } from "./address-space-ref";
import type { Credentials, ResourceLimits } from "./credentials";
import type { ProcessExtension } from "./extensions";
import type { PosixThread } from "./posix-thread";
import type { SignalActions } from "./signal-state";

/** Where the current program image lies (set by spawn and execve; used by brk and mmap). */
export interface ImageLayout {
  /** First byte after the highest loaded segment: where brk starts (page-aligned). */
  readonly brkStart: number;
  /** Lowest address of the mapped initial stack: the mmap area ends below it. */
  readonly stackBase: number;
  /** Exclusive top of the stack. */
  readonly stackTop: number;
  /** The program's entry point. */
  readonly entry: number;
}

/** The lifecycle of a {@link PosixProcess}. A closed set. */
export type PosixProcessState =
  /** Threads run. */
  | "running"
  /** exit_group or a fatal signal is tearing it down. */
  | "exiting"
  /** Exited; the registry holds its status until the parent reaps it. */
  | "zombie"
  /** Reaped: removed from the registry and from the shim. */
  | "reaped";

/** The shim's per-process state. Created only by the shim (spawn, clone). */
export class PosixProcess {
  /** The process id (the thread-group id). */
  readonly pid: ProcessId;
  /** Process group id. */
  pgid: number;
  /** Session id. */
  sid: number;
  /** The address space (shared with the parent while a CLONE_VM child has not exec'd). */
  space: AddressSpaceRef;
  /** The descriptor numbers (RFC §3.1 `RawDescriptorStorage`). */
  files: RawDescriptorStorage;
  /** Credentials (all 0 by default). */
  credentials: Credentials;
  /** Resource limits. */
  limits: ResourceLimits;
  /** Current working directory, an absolute normalised path. */
  cwd: string;
  /** File-creation mask. */
  umask: number;
  /** Signal dispositions (shared with CLONE_SIGHAND clones). */
  signalActions: SignalActions;
  /** Signals pending for the whole process (kill), as a set (bit n-1 = signal n). */
  sharedPending = 0n;
  /** Signal sent to the parent at exit (SIGCHLD for fork; 0 for none). */
  exitSignal: number;
  /** The program layout of the current image. */
  image: ImageLayout;
  /** Current program break (the memory layer moves it). */
  brk: number;
  /** The path of the current program (AT_EXECFN, /proc/self/exe). */
  executable: string;
  /** True once the process has called execve (setpgid answers EACCES to its parent then). */
  hasExeced = false;
  /** Lifecycle state. */
  state: PosixProcessState = "running";
  /** The wait status once it exits (Linux encoding). */
  exitStatus: number | undefined;
  /** Live threads, the leader first. */
  readonly threads = new Set<PosixThread>();
  /**
   * Notified (with `Events.IN`) whenever one of this process's children changes state or a child is
   * added, so blocking waitid calls re-check.
   */
  readonly childEvents = new Subject();
  /**
   * Set while a CLONE_VFORK child runs: called when the child execs or exits, releasing the parent.
   * @internal
   */
  vforkRelease: (() => void) | undefined;
  readonly #extensions = new Map<ProcessExtension<unknown>, unknown>();

  /** @internal Created by the shim. */
  constructor(init: {
    pid: ProcessId;
    pgid: number;
    sid: number;
    space: AddressSpaceRef;
    files: RawDescriptorStorage;
    credentials: Credentials;
    limits: ResourceLimits;
    cwd: string;
    umask: number;
    signalActions: SignalActions;
    exitSignal: number;
    image: ImageLayout;
    brk: number;
    executable: string;
  }) {
    this.pid = init.pid;
    this.pgid = init.pgid;
    this.sid = init.sid;
    this.space = init.space;
    this.files = init.files;
    this.credentials = init.credentials;
    this.limits = init.limits;
    this.cwd = init.cwd;
    this.umask = init.umask;
    this.signalActions = init.signalActions;
    this.exitSignal = init.exitSignal;
    this.image = init.image;
    this.brk = init.brk;
    this.executable = init.executable;
  }

  /** The pid as a plain number (guest-visible). */
  get id(): number {
    return this.pid as number;
  }

  /** True while the process runs (not exiting, not a zombie). */
  get alive(): boolean {
    return this.state === "running";
  }

  /** The thread-group leader (the thread whose tid is the pid), if it is still alive. */
  get leader(): PosixThread | undefined {
    for (const t of this.threads) if (t.tid === this.id) return t;
    return undefined;
  }

  /** The state of extension `key` (installed with the shim's installer). */
  ext<T>(key: ProcessExtension<T>): T {
    if (!this.#extensions.has(key as ProcessExtension<unknown>)) {
      throw new Error(`process extension ${key.spec.name} is not installed`);
    }
    return this.#extensions.get(key as ProcessExtension<unknown>) as T;
  }

  /** @internal Sets an extension's state (the process core does, at lifecycle points). */
  setExt<T>(key: ProcessExtension<T>, state: T): void {
    this.#extensions.set(key as ProcessExtension<unknown>, state);
  }
}
