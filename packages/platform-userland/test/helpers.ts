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
