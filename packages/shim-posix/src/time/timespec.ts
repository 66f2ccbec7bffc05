/**
 * `struct __kernel_timespec` (the time64 timespec of every `*_time64` call) in guest memory, and the
 * conversions between timespecs, nanosecond counts and the platform clock's deadlines.
 *
 * A native rv32 kernel reads `tv_sec` as 64 bits and `tv_nsec` as its 32-bit `long` (the low half
 * of the 64-bit field, signed), so a negative or too-large low half is invalid whatever the high half
 * says. Times beyond what a JavaScript number holds exactly (2^53 ns, about 104 days of monotonic
 * time) are treated as "never" — Linux saturates them at `KTIME_MAX`, 292 years away.
 *
 * @module
 */
import { err, ok } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { Timespec64Layout } from "../abi/layouts";
import type { ErrnoResult, UserMemory } from "../memory/user-memory";

/** Nanoseconds per second. */
export const NS_PER_SECOND = 1_000_000_000;
const NS = 1_000_000_000n;

/** A timespec as the kernel keeps it: 64-bit seconds and the nanoseconds (a 32-bit `long`). */
export interface Timespec {
  /** Seconds. */
  readonly sec: bigint;
  /** Nanoseconds (valid: 0 ≤ nsec < 10^9). */
  readonly nsec: number;
}

/** Reads the timespec at `address` (EFAULT). */
export function readTimespec(memory: UserMemory, address: number): ErrnoResult<Timespec> {
  const bytes = memory.readBytes(address, Timespec64Layout.SIZE);
  if (!bytes.ok) return bytes;
  const view = new DataView(bytes.value.buffer, bytes.value.byteOffset, Timespec64Layout.SIZE);
  return ok({ sec: view.getBigInt64(Timespec64Layout.tv_sec, true), nsec: view.getInt32(Timespec64Layout.tv_nsec, true) });
}

/** `timespec64_valid`: non-negative seconds and nanoseconds in [0, 10^9). */
export function isValidTimespec(ts: Timespec): boolean {
  return ts.sec >= 0n && ts.nsec >= 0 && ts.nsec < NS_PER_SECOND;
}

/** The timespec as a count of nanoseconds. */
export function timespecNs(ts: Timespec): bigint {
  return ts.sec * NS + BigInt(ts.nsec);
}

/** The timespec of `ns` nanoseconds (≥ 0). */
export function nsTimespec(ns: bigint): Timespec {
  return { sec: ns / NS, nsec: Number(ns % NS) };
}

/** Writes `ts` at `address` (16 bytes; EFAULT). */
export function writeTimespec(memory: UserMemory, address: number, ts: Timespec): ErrnoResult<void> {
  const bytes = new Uint8Array(Timespec64Layout.SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(Timespec64Layout.tv_sec, ts.sec, true);
  view.setBigInt64(Timespec64Layout.tv_nsec, BigInt(ts.nsec), true);
  return memory.writeBytes(address, bytes);
}

/**
 * A platform-clock deadline from a nanosecond time on the platform clock: `undefined` ("never") when
 * it is too far away to be a number, 0 when it is before the clock's zero.
 */
export function deadlineAt(ns: bigint): number | undefined {
  if (ns > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return ns < 0n ? 0 : Number(ns);
}

/** Reads and validates a timespec argument: EFAULT, then EINVAL. */
export function readValidTimespec(memory: UserMemory, address: number): ErrnoResult<Timespec> {
  const ts = readTimespec(memory, address);
  if (!ts.ok) return ts;
  return isValidTimespec(ts.value) ? ts : err(Errno.EINVAL);
}
