/**
 * NT timeouts: a pointer to a LARGE_INTEGER in 100 ns units — NULL for no limit, negative for a
 * relative interval, positive for an absolute system time (FILETIME), zero to poll — turned into an
 * absolute deadline on the platform's clock.
 *
 * @module
 */
import { err, ok, type Result } from "@litebox-ts/core";
import type { NtStatus } from "../abi/status";
import type { NtKernel } from "../kernel";
import type { GuestMemory } from "../memory/guest-memory";

/** Intervals longer than this many nanoseconds (about 104 days) wait without limit. */
const FOREVER_NS = Number.MAX_SAFE_INTEGER;

/** The deadline (ns on the kernel's clock) for the timeout at `pointer`; `undefined`: none. */
export function readDeadline(kernel: NtKernel, memory: GuestMemory, pointer: number): Result<number | undefined, NtStatus> {
  if (pointer === 0) return ok(undefined);
  const value = memory.readI64(pointer);
  if (!value.ok) return err(value.error);
  return ok(deadlineOf(kernel, value.value));
}

/** The deadline of a LARGE_INTEGER timeout value (see the module documentation). */
export function deadlineOf(kernel: NtKernel, timeout: bigint): number | undefined {
  const now = kernel.time.now();
  if (timeout === 0n) return now;
  if (timeout < 0n) {
    const ns = -timeout * 100n;
    return ns > BigInt(FOREVER_NS) ? undefined : now + Number(ns);
  }
  const ns = (timeout - kernel.systemTime()) * 100n;
  if (ns <= 0n) return now;
  return ns > BigInt(FOREVER_NS) ? undefined : now + Number(ns);
}
