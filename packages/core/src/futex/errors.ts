/**
 * The futex manager's typed outcomes. Every failure is a tagged object from a closed set, so a shim
 * maps it to its own error space with an exhaustive `switch` on `_tag` (POSIX: `InvalidArgument` →
 * EINVAL, `ValueMismatch` → EAGAIN, `MemoryFault` → EFAULT, `WaitTimedOut` → ETIMEDOUT,
 * `WaitInterrupted` → EINTR / ERESTARTSYS).
 *
 * @module
 */
import type { MemoryFault } from "../platform/memory";
import type { WaitInterrupted, WaitTimedOut } from "../event/wait";
import type { Result } from "../util/result";

/** Why an argument was refused. A closed set. */
export type FutexInvalidReason =
  /** The futex word's address is not 4-byte aligned. */
  | "misaligned"
  /** A bitset of 0 matches no waiter (Linux refuses it for both wait and wake). */
  | "zeroBitset"
  /** A negative wake or requeue count given to {@link FutexManager.requeue}. */
  | "negativeCount";

/** An argument coming from the guest is invalid (POSIX: EINVAL). */
export interface FutexInvalidArgument {
  /** Discriminant. */
  readonly _tag: "InvalidArgument";
  /** Which argument was wrong. */
  readonly reason: FutexInvalidReason;
}

/** The futex word did not hold the expected value, so the caller did not sleep (POSIX: EAGAIN). */
export interface FutexValueMismatch {
  /** Discriminant. */
  readonly _tag: "ValueMismatch";
  /** The value the word held (unsigned 32-bit). */
  readonly actual: number;
}

/** Why {@link FutexManager.wait} did not end with a wake-up. A closed set. */
export type FutexWaitError = FutexInvalidArgument | FutexValueMismatch | MemoryFault | WaitTimedOut | WaitInterrupted;

/** Why {@link FutexManager.wake} refused to run. A closed set. */
export type FutexWakeError = FutexInvalidArgument;

/** Why {@link FutexManager.requeue} refused to run. A closed set. */
export type FutexRequeueError = FutexInvalidArgument | FutexValueMismatch | MemoryFault;

/** What a settled wait produced: `ok` when a wake (or requeue-then-wake) ended it. */
export type FutexWaitOutcome = Result<void, FutexWaitError>;

/**
 * The result of {@link FutexManager.wait}: synchronous when the wait ended without sleeping (bad
 * argument, fault, value mismatch, pending interruption, past deadline, or a wake that arrived while
 * the word was being read), a Promise when the caller sleeps.
 */
export type FutexWaitResult = FutexWaitOutcome | Promise<FutexWaitOutcome>;

/** Builds a {@link FutexInvalidArgument}. */
export function futexInvalidArgument(reason: FutexInvalidReason): FutexInvalidArgument {
  return { _tag: "InvalidArgument", reason };
}

/** Builds a {@link FutexValueMismatch}. */
export function futexValueMismatch(actual: number): FutexValueMismatch {
  return { _tag: "ValueMismatch", actual: actual >>> 0 };
}
