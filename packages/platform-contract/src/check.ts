/**
 * The checks contract cases are written with: each compares what the platform did with what the
 * contract requires and throws a {@link ContractViolation} naming the operation when they differ.
 * Internal to the suite.
 *
 * @module
 */
import type { AccessKind, AddressRange, CpuStop, MemoryFault, Result } from "@litebox-ts/core";
import { ContractViolation, ContractViolationCode, type ContractViolationCode as Code } from "./violation";

/** Formats a number as hex for messages. */
export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** Formats a value for messages (ranges, faults, stops, errors). */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? `${value} (${hex(value)})` : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 255 ? hex(v) : v));
  } catch {
    return String(value);
  }
}

/** Throws a violation unconditionally. */
export function fail(code: Code, message: string, expected?: unknown, actual?: unknown): never {
  throw new ContractViolation(code, message, { expected, actual });
}

/** The value of a result that must succeed. */
export function expectOk<T, E>(result: Result<T, E>, what: string): T {
  if (!result.ok) fail(ContractViolationCode.UnexpectedError, `${what} failed with ${show(result.error)}`, "success", result.error);
  return result.value;
}

/** Checks that a result failed with `expected`. */
export function expectErr<T, E>(result: Result<T, E>, expected: E, what: string): void {
  if (result.ok) fail(ContractViolationCode.MissingError, `${what} succeeded (value ${show(result.value)}); expected ${show(expected)}`, expected, result.value);
  if (result.error !== expected) {
    fail(ContractViolationCode.WrongError, `${what} failed with ${show(result.error)}; expected ${show(expected)}`, expected, result.error);
  }
}

/** Checks `actual === expected` (or deep equality for plain data), with `code` on mismatch. */
export function expectEqual<T>(actual: T, expected: T, what: string, code: Code = ContractViolationCode.WrongValue): void {
  if (!sameValue(actual, expected)) fail(code, `${what} is ${show(actual)}; expected ${show(expected)}`, expected, actual);
}

/** Checks a condition, with `code` and `message` when it does not hold. */
export function expectTrue(condition: boolean, code: Code, message: string): asserts condition {
  if (!condition) fail(code, message);
}

/** Checks that a guest-memory access did not fault. */
export function expectNoFault(fault: MemoryFault | undefined, what: string): void {
  if (fault !== undefined) fail(ContractViolationCode.UnexpectedFault, `${what} faulted: ${show(fault)}`, undefined, fault);
}

/** The fault an access must produce. */
export interface ExpectedFault {
  /** The first address that cannot be accessed. */
  readonly address: number;
  /** The access kind. */
  readonly access: AccessKind;
  /** Why. */
  readonly reason: MemoryFault["reason"];
}

/** Checks that an access faulted exactly as `expected` says (address, access kind and reason). */
export function expectFault(fault: MemoryFault | undefined, expected: ExpectedFault, what: string): void {
  if (fault === undefined) fail(ContractViolationCode.MissingFault, `${what} succeeded; expected a fault ${show(expected)}`, expected, undefined);
  if (fault._tag !== "MemoryFault" || fault.address !== expected.address >>> 0 || fault.access !== expected.access || fault.reason !== expected.reason) {
    fail(ContractViolationCode.WrongFault, `${what} faulted with ${show(fault)}; expected ${show(expected)}`, expected, fault);
  }
}

/** The fault of a result-returning access (`readU32`, `readCString`), or `undefined` if it succeeded. */
export function faultOf<T>(result: Result<T, MemoryFault>): MemoryFault | undefined {
  return result.ok ? undefined : result.error;
}

/** Checks that two byte arrays are equal, reporting the first differing offset. */
export function expectBytes(actual: Uint8Array, expected: Uint8Array, what: string, code: Code = ContractViolationCode.WrongValue): void {
  const at = firstDifference(actual, expected);
  if (at !== undefined) {
    fail(code, `${what}: byte ${at} is ${show(actual[at])}, expected ${show(expected[at])} (lengths ${actual.length}/${expected.length})`,
      expected[at], actual[at]);
  }
}

/** Index of the first difference of two byte arrays (lengths included), or `undefined`. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? undefined : n;
}

/** Checks how a CPU stopped: the kind and, for faults, cause, access and address. */
export function expectStop(stop: CpuStop, expected: CpuStop, what: string): void {
  const same = stop.kind === expected.kind && (stop.kind !== "fault" || expected.kind !== "fault" ||
    (stop.cause === expected.cause && stop.access === expected.access && stop.address >>> 0 === expected.address >>> 0));
  if (!same) fail(ContractViolationCode.WrongStop, `${what} stopped with ${show(stop)}; expected ${show(expected)}`, expected, stop);
}

/** Whether two ranges share an address. */
export function overlaps(a: AddressRange, b: AddressRange): boolean {
  return a.start < b.end && b.start < a.end;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) &&
    sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
