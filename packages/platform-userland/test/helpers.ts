/** Small helpers shared by the platform's tests. */
import type { Result } from "@litebox-ts/core";

/** Unwraps an `ok` result (fails the test with the error otherwise). */
export function value<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Bytes from numbers. */
export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

/** 1 MiB. */
export const MiB = 1024 * 1024;

/**
 * Index of the first byte where `a` and `b` differ (or where the shorter one ends), -1 when equal. A
 * plain loop: deep equality of big typed arrays in the test runner is slow.
 */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Whether every byte of `bytes` is zero. */
export function allZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
