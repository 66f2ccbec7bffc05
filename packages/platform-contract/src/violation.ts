/**
 * How a contract case fails: a typed {@link ContractViolation} with a closed {@link ContractViolationCode}
 * saying which kind of promise was broken, a message for humans naming the operation, and the expected
 * and actual values for reports. Cases throw it; the runner turns it into a failed result. Nothing here
 * depends on a test framework, so the conformance app and third-party harnesses read it the same way.
 *
 * @module
 */

/** Which kind of promise a platform broke. A closed set. */
export const ContractViolationCode = {
  /** An operation that must succeed returned an error. */
  UnexpectedError: "UnexpectedError",
  /** An operation that must fail succeeded. */
  MissingError: "MissingError",
  /** An operation failed with the wrong error. */
  WrongError: "WrongError",
  /** An operation returned the wrong value. */
  WrongValue: "WrongValue",
  /** A guest-memory access that must succeed faulted. */
  UnexpectedFault: "UnexpectedFault",
  /** A guest-memory access that must fault succeeded. */
  MissingFault: "MissingFault",
  /** A guest-memory access faulted, but with the wrong address, access kind or reason. */
  WrongFault: "WrongFault",
  /** A CPU stopped for the wrong reason, or at the wrong place. */
  WrongStop: "WrongStop",
  /** `withAddressSpace` (or a thread switch) did not restore the previously active space. */
  NotRestored: "NotRestored",
  /** Activation leaked from one thread (CPU context or the host) to another. */
  NotPerThread: "NotPerThread",
  /** Bytes written through one address space were seen through another, or ranges overlap. */
  IsolationBreach: "IsolationBreach",
  /** After a fork, a write through parent or child was seen by the other. */
  NotPrivate: "NotPrivate",
  /** After a fork, a shared memory object was no longer shared. */
  NotShared: "NotShared",
  /** On an Isolated platform, a clone copied frames eagerly instead of sharing them until written. */
  NotCopyOnWrite: "NotCopyOnWrite",
  /** Resource counters did not return to their initial values after everything was destroyed. */
  Leak: "Leak",
  /** The case threw something other than a {@link ContractViolation} (a platform crash). */
  UnexpectedException: "UnexpectedException",
} as const;
/** {@inheritDoc (ContractViolationCode:variable)} */
export type ContractViolationCode = (typeof ContractViolationCode)[keyof typeof ContractViolationCode];

/** What a {@link ContractViolation} carries besides its code and message. */
export interface ContractViolationDetails {
  /** What the contract requires (for reports), when there is one value to show. */
  readonly expected?: unknown;
  /** What the platform did. */
  readonly actual?: unknown;
  /** The underlying exception, for {@link ContractViolationCode.UnexpectedException}. */
  readonly cause?: unknown;
}

/** A broken platform promise, thrown by a contract case. */
export class ContractViolation extends Error {
  /** Discriminant for pattern matching. */
  readonly _tag = "ContractViolation" as const;
  /** Which kind of promise was broken. */
  readonly code: ContractViolationCode;
  /** The required value, if the check compared values. */
  readonly expected: unknown;
  /** The value the platform produced. */
  readonly actual: unknown;

  /**
   * @param code - which kind of promise was broken.
   * @param message - a human-readable account naming the operation and its arguments.
   * @param details - expected and actual values, or the underlying exception.
   */
  constructor(code: ContractViolationCode, message: string, details: ContractViolationDetails = {}) {
    super(`${code}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ContractViolation";
    this.code = code;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

/** True when `value` is a {@link ContractViolation} (also across realms and bundles, by its tag). */
export function isContractViolation(value: unknown): value is ContractViolation {
  return typeof value === "object" && value !== null && (value as { _tag?: unknown })._tag === "ContractViolation";
}
