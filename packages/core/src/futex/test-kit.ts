// Helpers shared by the futex tests (not a test file itself; not exported from the package).
import { VirtualClock } from "../platform/time";
import { memoryFault, type MemoryFault } from "../platform/memory";
import { err, ok, type Result } from "../util/result";
import { FutexManager, type FutexManagerOptions, type FutexWordReader } from "./manager";
import type { FutexWaitOutcome, FutexWaitResult } from "./errors";

/** A word store keyed by (discriminator, address); unknown words fault as unmapped. */
export class WordStore {
  readonly #words = new Map<string, number>();
  reads = 0;

  set(discriminator: number, address: number, value: number): void {
    this.#words.set(`${discriminator}:${address}`, value >>> 0);
  }

  readonly read: FutexWordReader = (discriminator, address): Result<number, MemoryFault> => {
    this.reads++;
    const value = this.#words.get(`${discriminator}:${address}`);
    return value === undefined ? err(memoryFault(address, "read", "unmapped")) : ok(value);
  };
}

export function setup(options: Partial<FutexManagerOptions> = {}): { clock: VirtualClock; futex: FutexManager; store: WordStore } {
  const clock = new VirtualClock();
  const futex = new FutexManager({ time: clock, ...options });
  return { clock, futex, store: new WordStore() };
}

/** Asserts `result` is synchronous and returns it. */
export function sync(result: FutexWaitResult): FutexWaitOutcome {
  if (result instanceof Promise) throw new Error("expected a synchronous futex result");
  return result;
}

/** Asserts `result` is a Promise and tracks whether it has settled. */
export function pending(result: FutexWaitResult): { readonly promise: Promise<FutexWaitOutcome>; settled(): FutexWaitOutcome | undefined } {
  if (!(result instanceof Promise)) throw new Error(`expected a blocked wait, got ${JSON.stringify(result)}`);
  let outcome: FutexWaitOutcome | undefined;
  const promise = result.then((value) => (outcome = value));
  return { promise, settled: () => outcome };
}

/** Lets queued microtasks (Promise settlements) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
