/**
 * The platform's raw mutex (the RFC's `RawMutex`). In one JS thread no two pieces of code run at once,
 * so a lock cannot be contended; its job is to detect re-entrance — a callback (an orphan handler, an
 * observer) calling back into a locked structure — and to fail loudly instead of corrupting state.
 * A platform running the core across real workers may supply an Atomics-based implementation.
 *
 * @module
 */
import { InvariantViolation } from "../util/invariant";

/** A non-recursive lock guarding one core structure. */
export interface RawMutex {
  /** Acquires the lock; throws {@link InvariantViolation} (`ReentrantLock`) if it is already held. */
  lock(): void;
  /** Releases the lock; throws (`UnlockNotHeld`) if it is not held. */
  unlock(): void;
  /** True while held. */
  readonly isLocked: boolean;
}

/** Creates a fresh {@link RawMutex}; the core asks the platform for one per guarded structure. */
export type RawMutexFactory = (name: string) => RawMutex;

/** The default single-threaded mutex: detects re-entrant locking and names the structure in its error. */
export class ReentrancyDetectingMutex implements RawMutex {
  #held = false;
  readonly #name: string;

  /** @param name - the guarded structure's name, used in error messages. */
  constructor(name = "mutex") {
    this.#name = name;
  }

  /** {@inheritDoc RawMutex.isLocked} */
  get isLocked(): boolean {
    return this.#held;
  }

  /** {@inheritDoc RawMutex.lock} */
  lock(): void {
    if (this.#held) {
      throw new InvariantViolation("ReentrantLock",
        `${this.#name} was locked again while already held: a callback re-entered it (call it after the operation returns instead)`);
    }
    this.#held = true;
  }

  /** {@inheritDoc RawMutex.unlock} */
  unlock(): void {
    if (!this.#held) throw new InvariantViolation("UnlockNotHeld", `${this.#name} was unlocked while not held`);
    this.#held = false;
  }
}

/** Runs `f` with `mutex` held, releasing it even when `f` throws. */
export function withLock<R>(mutex: RawMutex, f: () => R): R {
  mutex.lock();
  try {
    return f();
  } finally {
    mutex.unlock();
  }
}

/** The default {@link RawMutexFactory}. */
export const defaultMutexFactory: RawMutexFactory = (name) => new ReentrancyDetectingMutex(name);
