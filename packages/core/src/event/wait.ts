/**
 * The one blocking mechanism of the core (litebox's `WaitContext`): try the operation; if it would
 * block, register for wake-ups, try again (closing the window between the first try and the
 * registration), then wait — retrying on each wake-up — until it succeeds, the deadline passes, or the
 * interrupt hook fires. Pipes, futexes, process waits and ppoll all use it.
 *
 * When the first try succeeds the result is returned synchronously: no Promise on the fast path.
 *
 * @module
 */
import type { EventMask } from "./events";
import type { Pollable } from "./subject";
import type { TimeProvider } from "../platform/time";

/** Returned by an attempt that cannot complete yet. */
export const WOULD_BLOCK: unique symbol = Symbol("WouldBlock");
/** The type of {@link WOULD_BLOCK}. */
export type WouldBlock = typeof WOULD_BLOCK;

/** The wait ended because its deadline passed. */
export interface WaitTimedOut {
  /** Discriminant. */
  readonly _tag: "WaitTimedOut";
}

/** The wait ended because its interrupt hook fired (a signal, an alert, termination). */
export interface WaitInterrupted {
  /** Discriminant. */
  readonly _tag: "WaitInterrupted";
}

/** Why a wait ended without a result. A closed set. */
export type WaitFailure = WaitTimedOut | WaitInterrupted;

/** The singleton {@link WaitTimedOut}. */
export const WAIT_TIMED_OUT: WaitTimedOut = Object.freeze({ _tag: "WaitTimedOut" as const });
/** The singleton {@link WaitInterrupted}. */
export const WAIT_INTERRUPTED: WaitInterrupted = Object.freeze({ _tag: "WaitInterrupted" as const });

/** True if `value` is a {@link WaitFailure}. */
export function isWaitFailure(value: unknown): value is WaitFailure {
  return value === WAIT_TIMED_OUT || value === WAIT_INTERRUPTED;
}

/**
 * The interrupt hook of a wait: a per-thread source of interruptions. The shim implements it (POSIX:
 * an unblocked signal is pending; NT: an alert or termination is requested).
 */
export interface InterruptSource {
  /** True when an interruption is already pending: the wait then ends at once, before parking. */
  isPending(): boolean;
  /** Calls `onInterrupt` when an interruption arrives; returns the unsubscribe function. */
  subscribe(onInterrupt: () => void): () => void;
}

/** A simple {@link InterruptSource} driven by hand (for tests and simple shims). */
export class InterruptLatch implements InterruptSource {
  #pending = false;
  #listeners = new Set<() => void>();

  /** {@inheritDoc InterruptSource.isPending} */
  isPending(): boolean {
    return this.#pending;
  }

  /** {@inheritDoc InterruptSource.subscribe} */
  subscribe(onInterrupt: () => void): () => void {
    this.#listeners.add(onInterrupt);
    return () => this.#listeners.delete(onInterrupt);
  }

  /** Marks an interruption pending and ends every wait subscribed to this latch. */
  interrupt(): void {
    this.#pending = true;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Clears the pending interruption (the shim consumed it: delivered the signal, say). */
  clear(): void {
    this.#pending = false;
  }
}

/** Options of a {@link WaitContext}. */
export interface WaitOptions {
  /** Absolute deadline on the context's clock (ns). Absent: wait without limit. */
  readonly deadline?: number;
  /** The interrupt hook. Absent: the wait cannot be interrupted. */
  readonly interrupt?: InterruptSource;
}

/**
 * A registration function for {@link WaitContext.wait}: arranges for `wake` to be called whenever the
 * attempt might now succeed, and returns the function that undoes the arrangement.
 */
export type WakeRegistrar = (wake: () => void) => () => void;

/** The result of a wait: synchronous when the first attempt succeeded, a Promise otherwise. */
export type WaitResult<T> = T | WaitFailure | Promise<T | WaitFailure>;

/** Blocks callers until an attempt succeeds, a deadline passes, or an interruption arrives. */
export class WaitContext {
  readonly #time: TimeProvider;
  readonly #options: WaitOptions;

  /** @param time - the clock deadlines are measured on. @param options - deadline and interrupt hook. */
  constructor(time: TimeProvider, options: WaitOptions = {}) {
    this.#time = time;
    this.#options = options;
  }

  /** The absolute deadline, if any. */
  get deadline(): number | undefined {
    return this.#options.deadline;
  }

  /**
   * Runs `attempt` until it returns something other than {@link WOULD_BLOCK}. `register` is called
   * once, before the second attempt, and its undo function once the wait ends (whatever the reason).
   */
  wait<T>(attempt: () => T | WouldBlock, register: WakeRegistrar): WaitResult<T> {
    const first = attempt();
    if (first !== WOULD_BLOCK) return first;
    const { deadline, interrupt } = this.#options;
    if (interrupt?.isPending()) return WAIT_INTERRUPTED;
    if (deadline !== undefined && this.#time.now() >= deadline) return WAIT_TIMED_OUT;

    let settle!: (value: T | WaitFailure) => void;
    const promise = new Promise<T | WaitFailure>((resolve) => (settle = resolve));
    let done = false;
    const cleanups: Array<() => void> = [];
    const finish = (value: T | WaitFailure): void => {
      if (done) return;
      done = true;
      for (const cleanup of cleanups) cleanup();
      settle(value);
    };
    const retry = (): void => {
      if (done) return;
      const value = attempt();
      if (value !== WOULD_BLOCK) finish(value);
    };
    cleanups.push(register(retry));
    // Try again now that we are registered: a wake-up between the first try and the registration
    // would otherwise be lost.
    retry();
    if (done) return promise;
    if (interrupt) cleanups.push(interrupt.subscribe(() => finish(WAIT_INTERRUPTED)));
    if (deadline !== undefined) {
      const timer = this.#time.setTimer(deadline, () => finish(WAIT_TIMED_OUT));
      cleanups.push(() => timer.cancel());
    }
    return promise;
  }

  /**
   * Waits on readiness: `attempt` is retried whenever any of `pollables` reports one of the events in
   * its `interest` (or ERR, HUP, NVAL).
   */
  waitOnEvents<T>(
    pollables: ReadonlyArray<{ readonly pollable: Pollable; readonly interest: EventMask }>,
    attempt: () => T | WouldBlock,
  ): WaitResult<T> {
    return this.wait(attempt, (wake) => {
      const observer = { onEvents: wake };
      const registrations = pollables.map(({ pollable, interest }) => pollable.subject.register(observer, interest));
      return () => {
        for (const registration of registrations) registration.unregister();
      };
    });
  }
}
