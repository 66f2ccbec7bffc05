/**
 * Helpers shared by the pipe tests (not part of the package: nothing imports it outside tests).
 *
 * @module
 */
import { Pipes } from "./pipes";
import type { PipeReadEnd, PipeWriteEnd } from "./pipe";
import { VirtualClock } from "../platform/time";

/** A pipe whose ends each count one reference, as if each were open in one descriptor slot. */
export function heldPipe(capacity?: number): {
  clock: VirtualClock;
  pipes: Pipes;
  readEnd: PipeReadEnd;
  writeEnd: PipeWriteEnd;
} {
  const clock = new VirtualClock();
  const pipes = new Pipes({ time: clock }, capacity === undefined ? {} : { capacity });
  const { readEnd, writeEnd } = pipes.createPipe();
  readEnd.onDup();
  writeEnd.onDup();
  return { clock, pipes, readEnd, writeEnd };
}

/** The value itself if it is not a Promise; throws otherwise (asserts the synchronous fast path). */
export function now<T>(value: T | Promise<T>): T {
  if (value instanceof Promise) throw new Error("expected a synchronous result, got a Promise");
  return value;
}

/** Asserts the operation blocked and returns its Promise. */
export function blocked<T>(value: T | Promise<T>): Promise<T> {
  if (!(value instanceof Promise)) throw new Error(`expected a Promise, got ${JSON.stringify(value)}`);
  return value;
}

/** Lets every settled Promise run its callbacks. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** `n` bytes, byte i = (seed + i) mod 256. */
export function pattern(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed + i) & 0xff;
  return out;
}
