/**
 * The deterministic guest scheduler shared by every platform. One JS thread runs many guest threads:
 * it picks a runnable thread, runs its CPU context for a quantum of instructions, and hands traps to
 * the thread's shim. A shim entry that returns a Promise parks the thread until it settles while the
 * others run. Time is the platform's clock: a {@link VirtualClock} advances with executed instructions
 * and jumps to the next deadline when nothing is runnable, so a run is a pure function of the binaries
 * and the seed. With a seed, quanta are cut at random (reproducible) points and the next thread is
 * drawn at random, which explores interleavings. When nothing is runnable, nothing is pending and no
 * deadline exists, the run ends with a report of every blocked thread.
 *
 * It lives in the core (not in a platform) because both platforms share it and because it needs no
 * CPU details: it drives the abstract {@link CpuContext}, and shims need its types.
 *
 * @module
 */
import { RealClock, VirtualClock, type TimeProvider } from "../platform/time";
import { SeededRandom } from "../util/random";
import type { CpuContext, CpuStop } from "./cpu";
import { GuestThread, type ShimAction, type ShimEntry, type ShimOutcome } from "./thread";

/** Options of a {@link Scheduler}. */
export interface SchedulerOptions {
  /** The clock (the platform's). A {@link VirtualClock} is advanced by the scheduler. */
  readonly clock: TimeProvider;
  /** Instructions per quantum (default 10 000). */
  readonly quantum?: number;
  /** Virtual nanoseconds per executed instruction (default 10: a nominal 100 MHz hart). */
  readonly nsPerInstruction?: number;
  /** Schedule-exploration seed: random quantum lengths and random choice among runnable threads. */
  readonly seed?: number;
  /**
   * The platform's notion of the current thread (its `setCurrentCpu`): the scheduler makes each thread
   * current for its slice and restores the host context afterwards.
   */
  readonly executor?: { setCurrentCpu(cpu: CpuContext | undefined): CpuContext | undefined };
}

/** One thread that could not make progress when the run stopped. */
export interface BlockedThread {
  /** The thread's scheduler number. */
  readonly threadId: number;
  /** What the shim said it waits on (or "unknown"). */
  readonly waitingOn: string;
}

/** How {@link Scheduler.run} ended. A closed set. */
export type RunReport =
  /** Every thread exited. */
  | { readonly kind: "completed"; readonly instructions: number }
  /** Nothing runnable, nothing pending, no deadline: every remaining thread is blocked forever. */
  | { readonly kind: "deadlock"; readonly blocked: readonly BlockedThread[]; readonly instructions: number }
  /** {@link Scheduler.stop} was called. */
  | { readonly kind: "stopped"; readonly instructions: number };

const DEFAULT_QUANTUM = 10_000;
/** Longest stretch of real time (ms) the scheduler runs guests without yielding to the host. */
const HOST_YIELD_MS = 10;

/** Yields to the host's macrotask queue: every pending microtask has run when it resolves. */
function macrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** Runs guest threads; see the module documentation. */
export class Scheduler {
  readonly #clock: TimeProvider;
  readonly #quantum: number;
  readonly #nsPerInstruction: number;
  readonly #random: SeededRandom | undefined;
  readonly #executor: SchedulerOptions["executor"];
  readonly #runQueue: GuestThread<never>[] = [];
  readonly #threads = new Set<GuestThread<never>>();
  #nextId = 1;
  #instructions = 0;
  #stopRequested = false;
  #running = false;
  #wake: (() => void) | undefined;
  #lastHostYield = globalThis.performance.now();

  /** @param options - clock, quantum, virtual-time rate and exploration seed. */
  constructor(options: SchedulerOptions) {
    this.#clock = options.clock;
    this.#quantum = Math.max(1, Math.floor(options.quantum ?? DEFAULT_QUANTUM));
    this.#nsPerInstruction = options.nsPerInstruction ?? 10;
    this.#random = options.seed === undefined ? undefined : new SeededRandom(options.seed);
    this.#executor = options.executor;
  }

  /** The clock this scheduler advances. */
  get clock(): TimeProvider {
    return this.#clock;
  }

  /** Instructions executed by all threads so far. */
  get instructions(): number {
    return this.#instructions;
  }

  /** Live (not exited) threads. */
  get threads(): ReadonlySet<GuestThread<unknown>> {
    return this.#threads as ReadonlySet<GuestThread<unknown>>;
  }

  /** Creates a runnable thread; it runs (after `shim.init`, if any) when the scheduler picks it. */
  spawn<S>(cpu: CpuContext, addressSpace: unknown, shim: ShimEntry<S>, shimState: S): GuestThread<S> {
    const thread = new GuestThread<S>(this.#nextId++, cpu, addressSpace, shim, shimState);
    this.#threads.add(thread as GuestThread<never>);
    this.#makeRunnable(thread as GuestThread<never>);
    return thread;
  }

  /**
   * Asks for `thread`'s shim `interrupt` entry to run before the thread executes again, and ends any
   * interruptible wait it is parked in (through {@link GuestThread.interruptLatch}).
   */
  requestInterrupt(thread: GuestThread<unknown>): void {
    if (thread.state === "exited") return;
    thread.interruptRequested = true;
    thread.interruptLatch.interrupt();
  }

  /**
   * Ends `thread`: at once when it is runnable; when the running thread ends itself, after its current
   * shim call; when parked, its wait is interrupted and whatever it returns is discarded.
   */
  terminate(thread: GuestThread<unknown>): void {
    if (thread.state === "exited") return;
    thread.terminateRequested = true;
    if (thread.state === "runnable") {
      const at = this.#runQueue.indexOf(thread as GuestThread<never>);
      if (at >= 0) this.#runQueue.splice(at, 1);
      this.#exit(thread as GuestThread<never>);
    } else if (thread.state === "parked") {
      thread.interruptLatch.interrupt();
    }
  }

  /** Makes {@link Scheduler.run} return `stopped` at the next scheduling point. */
  stop(): void {
    this.#stopRequested = true;
    this.#wake?.();
  }

  /** Runs until every thread exits, a deadlock, or {@link Scheduler.stop}. */
  async run(): Promise<RunReport> {
    if (this.#running) throw new Error("Scheduler.run: already running");
    this.#running = true;
    this.#stopRequested = false;
    try {
      for (;;) {
        if (this.#stopRequested) return { kind: "stopped", instructions: this.#instructions };
        const thread = this.#pick();
        if (thread) {
          await this.#slice(thread);
          // Busy guests must not starve the host: hand it the event loop every few milliseconds of
          // real time, so host I/O, real-time timers and watchdogs (which may call stop) get in.
          // Guest-visible order is unchanged: no guest state moves while the scheduler waits.
          const now = globalThis.performance.now();
          if (now - this.#lastHostYield >= HOST_YIELD_MS) {
            await macrotask();
            this.#lastHostYield = globalThis.performance.now();
          }
          continue;
        }
        if (this.#threads.size === 0) return { kind: "completed", instructions: this.#instructions };
        // Nothing runnable: let every pending microtask and host callback run, then move time.
        await macrotask();
        if (this.#progressed()) continue;
        const clock = this.#clock;
        if (clock instanceof VirtualClock) {
          if (clock.advanceToNextDeadline()) continue;
          // Timer callbacks may need microtasks to turn into runnable threads.
          await macrotask();
          if (this.#progressed()) continue;
          if (clock.nextDeadline() !== undefined) continue;
          return { kind: "deadlock", blocked: this.#blockedReport(), instructions: this.#instructions };
        }
        // Real clock: wait for a host timer to make a thread runnable; with none pending, nothing can.
        if (!(clock instanceof RealClock) || clock.pendingTimers === 0) {
          return { kind: "deadlock", blocked: this.#blockedReport(), instructions: this.#instructions };
        }
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
      }
    } finally {
      this.#running = false;
    }
  }

  /** Something changed while we yielded: a thread became runnable or exited, or a stop was asked. */
  #progressed(): boolean {
    return this.#runQueue.length > 0 || this.#threads.size === 0 || this.#stopRequested;
  }

  #blockedReport(): BlockedThread[] {
    return [...this.#threads].map((t) => ({ threadId: t.id, waitingOn: t.waitingOn ?? "unknown" }));
  }

  #pick(): GuestThread<never> | undefined {
    const queue = this.#runQueue;
    if (queue.length === 0) return undefined;
    const index = this.#random && queue.length > 1 ? this.#random.nextInt(queue.length) : 0;
    return index === 0 ? queue.shift() : queue.splice(index, 1)[0];
  }

  #makeRunnable(thread: GuestThread<never>): void {
    thread.state = "runnable";
    thread.waitingOn = undefined;
    this.#runQueue.push(thread);
    this.#wake?.();
  }

  #exit(thread: GuestThread<never>): void {
    thread.state = "exited";
    this.#threads.delete(thread);
    this.#wake?.();
  }

  /** Applies a shim outcome; returns true when the thread may keep running in this slice. */
  #settle(thread: GuestThread<never>, outcome: ShimOutcome): boolean {
    if (typeof outcome === "string") return this.#apply(thread, outcome, false);
    thread.state = "parked";
    outcome.then(
      (action) => this.#apply(thread, action, true),
      (error: unknown) => {
        // A shim bug is a host error: surface it and end the thread rather than hang.
        console.error(`litebox scheduler: thread ${thread.id}'s shim entry rejected:`, error);
        this.#exit(thread);
      },
    );
    return false;
  }

  #apply(thread: GuestThread<never>, action: ShimAction, async: boolean): boolean {
    if (thread.state === "exited") return false;
    if (action === "terminate" || thread.terminateRequested) {
      this.#exit(thread);
      return false;
    }
    if (async) this.#makeRunnable(thread);
    return true;
  }

  async #slice(thread: GuestThread<never>): Promise<void> {
    thread.state = "running";
    const quantum = this.#random ? 1 + this.#random.nextInt(this.#quantum) : this.#quantum;
    let remaining = quantum;
    const cpu = thread.cpu;
    const previous = this.#executor?.setCurrentCpu(cpu);
    try {
      if (!thread.initialised) {
        thread.initialised = true;
        if (thread.shim.init && !this.#settle(thread, thread.shim.init(thread))) return;
      }
      while (remaining > 0) {
        if (thread.interruptRequested) {
          thread.interruptRequested = false;
          if (!this.#settle(thread, thread.shim.interrupt(thread))) return;
        }
        const before = cpu.instructionCount;
        const stop: CpuStop = cpu.run(remaining);
        const executed = cpu.instructionCount - before;
        // A trap that retired nothing still consumes budget, so a shim that resumes without moving
        // the pc cannot spin inside one slice forever.
        remaining -= Math.max(executed, 1);
        this.#account(executed);
        if (stop.kind === "budget") break;
        const outcome = stop.kind === "ecall" ? thread.shim.syscall(thread) : thread.shim.exception(thread, stop);
        if (!this.#settle(thread, outcome)) return;
        if (thread.terminateRequested) {
          this.#exit(thread);
          return;
        }
        if (this.#stopRequested) break;
      }
      this.#makeRunnable(thread);
    } finally {
      // Every slice ends in a trap or a preemption: as on Linux, that breaks LR reservations.
      cpu.deschedule();
      this.#executor?.setCurrentCpu(previous);
      // Give settled promises (other threads' wake-ups) a chance to run between slices.
      if (this.#threads.size > 1) await Promise.resolve();
    }
  }

  #account(executed: number): void {
    this.#instructions += executed;
    const clock = this.#clock;
    if (clock instanceof VirtualClock && executed > 0) clock.advance(executed * this.#nsPerInstruction);
  }
}
