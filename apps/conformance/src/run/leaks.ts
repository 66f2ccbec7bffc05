/**
 * The leak check after every case: what a LiteBox and its platform hold, before and after. After a
 * case the registry must hold only PID 1, and the descriptor entries, pipes, futex waiters, open
 * files and every platform counter (address spaces, frames, regions…) must be back to their values
 * before the case.
 *
 * @module
 */
import type { AnyLiteBox } from "../plugin/types";
import type { Leak } from "../model/result";

/** What a LiteBox holds at one moment. */
export interface ResourceSnapshot {
  readonly processes: readonly number[];
  readonly descriptors: number;
  readonly pipes: number;
  readonly futexWaiters: number;
  readonly openFiles: number;
  readonly addressSpaces: number;
  readonly counters: Readonly<Record<string, number>>;
}

/** Takes a snapshot of `litebox` and its platform. */
export function snapshot(litebox: AnyLiteBox): ResourceSnapshot {
  const stats = litebox.platform.resourceStats();
  return {
    processes: litebox.processRegistry().processIds().map(Number),
    descriptors: litebox.descriptors().liveEntryCount,
    pipes: litebox.pipes().livePipeCount,
    futexWaiters: litebox.futexManager().waiterCount,
    openFiles: litebox.fileSystem().openFileCount,
    addressSpaces: stats.addressSpaces,
    counters: { ...stats.counters },
  };
}

/** What `after` holds beyond `before` (processes: anything but PID 1 alone). Empty: no leak. */
export function leaksBetween(before: ResourceSnapshot, after: ResourceSnapshot): Leak[] {
  const leaks: Leak[] = [];
  if (after.processes.length !== 1 || after.processes[0] !== 1) {
    leaks.push({ resource: "processes", before: `[${before.processes.join(", ")}]`, after: `[${after.processes.join(", ")}]` });
  }
  const counts: ReadonlyArray<readonly [string, number, number]> = [
    ["descriptors", before.descriptors, after.descriptors],
    ["pipes", before.pipes, after.pipes],
    ["futexWaiters", before.futexWaiters, after.futexWaiters],
    ["openFiles", before.openFiles, after.openFiles],
    ["addressSpaces", before.addressSpaces, after.addressSpaces],
  ];
  for (const [resource, b, a] of counts) if (a !== b) leaks.push({ resource, before: String(b), after: String(a) });
  for (const name of new Set([...Object.keys(before.counters), ...Object.keys(after.counters)])) {
    const b = before.counters[name];
    const a = after.counters[name];
    if (a !== b) leaks.push({ resource: `platform.${name}`, before: String(b ?? "absent"), after: String(a ?? "absent") });
  }
  return leaks;
}

/** One line naming every leak. */
export function describeLeaks(leaks: readonly Leak[]): string {
  return leaks.map((l) => `${l.resource} ${l.before} → ${l.after}`).join(", ");
}
