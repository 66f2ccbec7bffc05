/**
 * The shim's per-thread state, which is also the thread object behind thread handles: its id, its
 * process, its CPU's guest thread, suspension, alerts and user APCs, and its exit status. It is
 * signalled (for waits) when the thread terminates.
 *
 * @module
 */
import { Events, FdSubsystem, InterruptLatch, Subject, type EventMask, type GuestThread } from "@litebox-ts/core";
import { STILL_ACTIVE } from "../abi/constants";
import { KernelObject, type Waitable } from "../objects/kernel-object";
import type { NtProcess } from "./process";

/** A queued user APC (NtQueueApcThread). */
export interface UserApc {
  readonly routine: number;
  readonly arguments: readonly [number, number, number];
}

/** Registers saved when a user APC interrupts the thread, restored by NtContinue. */
export interface SavedContext {
  readonly registers: readonly number[];
  readonly pc: number;
}

/** Most times a thread can be suspended without being resumed (MAXIMUM_SUSPEND_COUNT). */
export const MAXIMUM_SUSPEND_COUNT = 127;

/** A thread of an NT process. */
export class NtThread extends KernelObject implements Waitable {
  /** The thread id (TID). */
  readonly tid: number;
  /** The process the thread belongs to. */
  readonly process: NtProcess;
  /** Notified with IN when the thread terminates. */
  readonly subject = new Subject();
  /** Fired on alerts and queued APCs: the interrupt source of the thread's alertable waits. */
  readonly alertLatch = new InterruptLatch();
  /** The scheduler's guest thread (set once the thread is spawned). */
  guest: GuestThread<NtThread> | undefined;
  /** `running` until the thread terminates. */
  state: "running" | "terminated" = "running";
  /** The exit status (STILL_ACTIVE while running). */
  exitStatus: number = STILL_ACTIVE;
  /** NtSuspendThread count; the thread runs no guest code while it is above zero. */
  suspendCount = 0;
  /** An NtAlertThread not yet consumed by an alertable wait. */
  alerted = false;
  /** True while the thread is in an alertable wait. */
  inAlertableWait = false;
  /** Queued user APCs, delivered in FIFO order at alertable waits and NtTestAlert. */
  readonly apcQueue: UserApc[] = [];
  /** Contexts saved by APC delivery, innermost last. */
  readonly savedContexts: SavedContext[] = [];
  /** The thread environment block's address (tp). */
  teb = 0;
  /** The base of the stack the shim allocated for the thread (0 for the initial thread's loader stack). */
  stackBase = 0;
  readonly #resumeWaiters: Array<(action: "resume" | "terminate") => void> = [];
  readonly #onUnreferenced: (thread: NtThread) => void;

  /**
   * @param tid - the thread id. @param process - its process.
   * @param onUnreferenced - called when the last handle closes (the kernel forgets terminated threads).
   */
  constructor(tid: number, process: NtProcess, onUnreferenced: (thread: NtThread) => void) {
    super();
    this.tid = tid;
    this.process = process;
    this.#onUnreferenced = onUnreferenced;
  }

  /** {@inheritDoc Waitable.isSignalled} */
  isSignalled(): boolean {
    return this.state === "terminated";
  }

  /** Threads are not consumed by waits. */
  acquire(): void {}

  /** IN once terminated. */
  pollEvents(): EventMask {
    return this.state === "terminated" ? Events.IN | Events.HUP : 0;
  }

  /** Parks until the suspend count reaches zero (`resume`) or the thread is terminated (`terminate`). */
  waitForResume(): Promise<"resume" | "terminate"> {
    if (this.state === "terminated") return Promise.resolve("terminate");
    return new Promise((resolve) => this.#resumeWaiters.push(resolve));
  }

  /** Releases every {@link NtThread.waitForResume} with `action`. */
  releaseResumeWaiters(action: "resume" | "terminate"): void {
    for (const resolve of this.#resumeWaiters.splice(0)) resolve(action);
  }

  protected override lastHandleClosed(): void {
    this.#onUnreferenced(this);
  }
}

/** The descriptor subsystem of thread handles. */
export const THREAD_OBJECT: FdSubsystem<NtThread> = new FdSubsystem<NtThread>("nt-thread");
