/**
 * Deadlock detection on both platforms (acceptance 4): two guest threads, in two processes, each
 * reading a core pipe whose only write end the other holds and never writes. The test shim's read
 * returns the pipe's blocking Promise, so both park; the Scheduler's run ends with a `deadlock` report
 * naming both threads and what they wait on, instead of hanging. The same plumbing with one write
 * added completes, so the report is not an artefact of the set-up.
 */
import { Descriptors, PIPE_SUBSYSTEM, Pipes, Scheduler, type PipeReadEnd, type PipeWriteEnd, type Provider, type RawDescriptorStorage } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { kernelSim, userland } from "./support/platforms";
import { testProcess, testShim } from "./support/test-shim";
import { readPipe, spaceWith, threadCpu } from "./support/threads";

interface Crossed {
  readonly storages: readonly [RawDescriptorStorage, RawDescriptorStorage];
  /** Each process's read fd and write fd. */
  readonly fds: readonly [{ read: number; write: number }, { read: number; write: number }];
  readonly describe: (end: PipeReadEnd | PipeWriteEnd) => string;
  readonly descriptors: Descriptors;
}

/** Pipe "P0" read by process 0 and written by 1, "P1" read by 1 and written by 0. */
function crossedPipes(platform: Provider<unknown>): Crossed {
  const descriptors = new Descriptors();
  const pipes = new Pipes(platform);
  const storages = [descriptors.createStorage(), descriptors.createStorage()] as const;
  const names = new Map<PipeReadEnd | PipeWriteEnd, string>();
  const fds = storages.map((mine, i) => {
    const other = storages[1 - i]!;
    const opened = pipes.openPipe(mine);
    if (!opened.ok) throw new Error(opened.error);
    names.set(opened.value.readEnd, `pipe P${i} (its write end is held by process ${1 - i} only)`);
    const moved = descriptors.duplicateDescriptor(mine, opened.value.writeFd, other);
    if (!moved.ok) throw new Error(moved.error);
    mine.close(opened.value.writeFd);
    return opened.value.readFd;
  });
  // Each storage: its own read end, and the write end of the other's pipe.
  const writeFd = (s: RawDescriptorStorage): number => s.slots().find((slot) => slot.entry.is(PIPE_SUBSYSTEM) && slot.entry.object.kind === "write")!.fd;
  return {
    storages,
    descriptors,
    fds: [{ read: fds[0]!, write: writeFd(storages[0]) }, { read: fds[1]!, write: writeFd(storages[1]) }],
    describe: (end) => names.get(end) ?? "an unnamed pipe",
  };
}

async function runCrossed(platform: Provider<unknown>, process1Writes: boolean) {
  const crossed = crossedPipes(platform);
  const scheduler = new Scheduler({ clock: platform.time, executor: platform });
  const transcript: string[] = [];
  const shim = testShim(platform, transcript);
  const threads = [0, 1].map((i) => {
    const fd = crossed.fds[i]!;
    const space = spaceWith(platform, readPipe(fd.read, i === 1 && process1Writes ? fd.write : undefined), 1);
    const state = testProcess(`P${i}`, space, { storage: crossed.storages[i]!, describe: crossed.describe });
    return scheduler.spawn(threadCpu(platform, space, 0), space, shim, state);
  });
  const report = await scheduler.run();
  return { report, threads, transcript, crossed };
}

const platforms: ReadonlyArray<readonly [string, () => Provider<unknown>]> = [
  ["platform-userland", () => userland() as never],
  ["platform-kernel-sim", () => kernelSim() as never],
];

describe.each(platforms)("deadlock detection on %s", (_name, make) => {
  it("two threads each reading the other's never-written pipe end in a deadlock report naming both", async () => {
    const { report, threads, crossed } = await runCrossed(make(), false);
    expect(report.kind).toBe("deadlock");
    if (report.kind !== "deadlock") return;
    const [a, b] = threads as [NonNullable<(typeof threads)[0]>, NonNullable<(typeof threads)[1]>];
    expect(report.blocked).toEqual([
      { threadId: a.id, waitingOn: `read(fd ${crossed.fds[0].read}) on pipe P0 (its write end is held by process 1 only)` },
      { threadId: b.id, waitingOn: `read(fd ${crossed.fds[1].read}) on pipe P1 (its write end is held by process 0 only)` },
    ]);
    expect(a.state).toBe("parked");
    expect(b.state).toBe("parked");
    expect(a.shimState.exitCode).toBeUndefined();
  });

  it("the same set-up with one write completes: P1 writes P0, P0 wakes and exits, P1 gets EOF", async () => {
    const { report, threads, transcript } = await runCrossed(make(), true);
    expect(report.kind).toBe("completed");
    expect(threads.map((t) => t.shimState.exitCode)).toEqual([0, 0]);
    // P0 blocks in read, P1 writes and blocks in read, P0 wakes and exits.
    expect(transcript.map((l) => l.replace(/@\d+$/, ""))).toEqual(["P0:sys63", "P1:sys64", "P1:sys63", "P0:sys93", "P1:sys93"]);
  });
});
