/**
 * Invariant violations: where the RFC says a method panics (a caller broke the contract), the
 * TypeScript core throws an {@link InvariantViolation}. These are programming errors in a shim or
 * platform, never the consequence of guest input.
 *
 * @module
 */

/** The closed set of contract violations the core detects. */
export type InvariantCode =
  | "AbortProcessHasChildren"
  | "AbortProcessNotRunning"
  | "AbortProcessUnknown"
  | "RemoveProcessRunning"
  | "RemoveProcessUnknown"
  | "ExitProcessUnknown"
  | "ExitProcessNotRunning"
  | "OrphanParentNotAlive"
  | "OrphanParentCycle"
  | "ReentrantLock"
  | "UnlockNotHeld"
  | "DescriptorEntryClosed"
  | "PipeCountUnderflow"
  | "OpenFileReleased"
  | "InvalidArgument";

/** Thrown when a caller breaks a documented precondition of the core (the RFC's "panics"). */
export class InvariantViolation extends Error {
  /** Discriminant for pattern matching. */
  readonly _tag = "InvariantViolation" as const;
  /** Which contract was broken. */
  readonly code: InvariantCode;

  /** @param code - which contract was broken. @param message - a human-readable explanation. */
  constructor(code: InvariantCode, message: string) {
    super(`${code}: ${message}`);
    this.name = "InvariantViolation";
    this.code = code;
  }
}
