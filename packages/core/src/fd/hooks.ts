/**
 * Deferred hook calls. Table operations record the `onDup` / `onClose` / `onRelease` calls they owe
 * while the table is locked, then run them after unlocking, so hooks see a consistent table and may
 * call back into it.
 *
 * @module
 */
import type { DescriptorEntry } from "./entry";

/** The hook calls one table operation owes, in the order they must run. */
export class HookBatch {
  readonly #calls: Array<() => void> = [];

  /** Records the `onDup` owed for a slot that now refers to `entry`. */
  dup(entry: DescriptorEntry): void {
    this.#calls.push(() => entry.object.onDup(entry));
  }

  /** Records the `onClose` owed for a slot that left `entry`, and `onRelease` if it was the last. */
  close(entry: DescriptorEntry, released: boolean): void {
    this.#calls.push(() => entry.object.onClose(entry));
    if (released) this.#calls.push(() => entry.object.onRelease?.(entry));
  }

  /** Runs every call, even when one throws; re-throws the first error once all have run. */
  run(): void {
    let failure: { error: unknown } | undefined;
    for (const call of this.#calls) {
      try {
        call();
      } catch (error) {
        failure ??= { error };
      }
    }
    this.#calls.length = 0;
    if (failure) throw failure.error;
  }
}
