/**
 * Time: a monotonic clock in nanoseconds and one-shot timers on it. The default is a
 * {@link VirtualClock} that only moves when told to (the scheduler advances it with executed
 * instructions and jumps it to the next deadline when no thread is runnable), which makes runs
 * deterministic. {@link RealClock} follows the host's monotonic clock, for benchmarks.
 *
 * @module
 */

/** A cancellable timer registration. */
export interface TimerHandle {
  /** Cancels the timer; a no-op if it already fired or was cancelled. */
  cancel(): void;
}

/** The platform's time source (RFC: the `Time` provider part). */
export interface TimeProvider {
  /** Which clock this is: `virtual` (deterministic) or `real` (host monotonic time). */
  readonly kind: "virtual" | "real";
  /** Monotonic time in nanoseconds since the clock was created. */
  now(): number;
  /** Calls `callback` once, as soon as `now() >= deadline`. A past deadline fires at the next check. */
  setTimer(deadline: number, callback: () => void): TimerHandle;
}

interface PendingTimer {
  readonly deadline: number;
  readonly seq: number;
  callback: (() => void) | undefined;
}

/**
 * A deterministic clock: time advances only through {@link VirtualClock.advance} or
 * {@link VirtualClock.advanceToNextDeadline}. Timers with equal deadlines fire in registration order.
 */
export class VirtualClock implements TimeProvider {
  /** {@inheritDoc TimeProvider.kind} */
  readonly kind = "virtual" as const;
  #now = 0;
  #seq = 0;
  #timers: PendingTimer[] = [];

  /** {@inheritDoc TimeProvider.now} */
  now(): number {
    return this.#now;
  }

  /** {@inheritDoc TimeProvider.setTimer} */
  setTimer(deadline: number, callback: () => void): TimerHandle {
    const timer: PendingTimer = { deadline, seq: this.#seq++, callback };
    // Keep sorted by (deadline, seq); timers are few, insertion is linear.
    let i = this.#timers.length;
    while (i > 0 && this.#timers[i - 1]!.deadline > deadline) i--;
    this.#timers.splice(i, 0, timer);
    return {
      cancel: () => {
        if (timer.callback === undefined) return;
        timer.callback = undefined;
        const at = this.#timers.indexOf(timer);
        if (at >= 0) this.#timers.splice(at, 1);
      },
    };
  }

  /** The earliest pending deadline, or `undefined` when no timer is pending. */
  nextDeadline(): number | undefined {
    return this.#timers[0]?.deadline;
  }

  /** Number of pending timers. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ns` nanoseconds (≥ 0) and fires every timer now due, in order. */
  advance(ns: number): void {
    if (!(ns >= 0)) throw new RangeError(`VirtualClock.advance: ${ns} is not a non-negative duration`);
    this.#now += ns;
    this.fireDue();
  }

  /** Jumps to the earliest deadline (if later than now) and fires what is due. False if none pending. */
  advanceToNextDeadline(): boolean {
    const next = this.nextDeadline();
    if (next === undefined) return false;
    if (next > this.#now) this.#now = next;
    this.fireDue();
    return true;
  }

  /** Fires every timer whose deadline has passed. */
  fireDue(): void {
    while (this.#timers.length > 0 && this.#timers[0]!.deadline <= this.#now) {
      const timer = this.#timers.shift()!;
      const cb = timer.callback;
      timer.callback = undefined;
      cb?.();
    }
  }
}

/** The host's monotonic clock (`performance.now()`), with host timers. For benchmarks and `--clock real`. */
export class RealClock implements TimeProvider {
  /** {@inheritDoc TimeProvider.kind} */
  readonly kind = "real" as const;
  readonly #origin = globalThis.performance.now();
  #pending = 0;

  /** Number of timers registered and neither fired nor cancelled. */
  get pendingTimers(): number {
    return this.#pending;
  }

  /** {@inheritDoc TimeProvider.now} */
  now(): number {
    return Math.round((globalThis.performance.now() - this.#origin) * 1e6);
  }

  /** {@inheritDoc TimeProvider.setTimer} */
  setTimer(deadline: number, callback: () => void): TimerHandle {
    const delayMs = Math.max(0, (deadline - this.now()) / 1e6);
    let live = true;
    this.#pending++;
    const handle = globalThis.setTimeout(() => {
      live = false;
      this.#pending--;
      callback();
    }, delayMs);
    return {
      cancel: () => {
        if (!live) return;
        live = false;
        this.#pending--;
        globalThis.clearTimeout(handle);
      },
    };
  }
}
