/**
 * Schedule exploration on both platforms (acceptance 3): two guest threads of one process race on a
 * counter under the core's Scheduler with a seed. With LR/SC the total is exact under every one of 200
 * seeds; the same seed gives the same interleaving (slice-by-slice transcript and per-thread
 * instruction counts); and a plain load/store loop loses updates under some seeds, which shows the
 * seeds really do change the interleaving.
 */
import type { Provider } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { kernelSim, userland } from "./support/platforms";
import { lrScIncrements, race, racyIncrements } from "./support/threads";

const N = 200;
const SEEDS = Array.from({ length: 200 }, (_, i) => 1 + i * 7919);

const platforms: ReadonlyArray<readonly [string, () => Provider<unknown>]> = [
  ["platform-userland", () => userland() as never],
  ["platform-kernel-sim", () => kernelSim() as never],
];

describe.each(platforms)("schedule exploration on %s", (_name, make) => {
  it(`LR/SC increments total exactly 2×${N} under 200 seeds, with interleavings that differ`, async () => {
    const platform = make();
    const transcripts = new Set<string>();
    let retriedRuns = 0;
    for (const seed of SEEDS) {
      const run = await race(platform, lrScIncrements(N), seed);
      expect(run.report.kind, `seed ${seed}`).toBe("completed");
      expect(run.counter, `seed ${seed}`).toBe(2 * N);
      transcripts.add(run.transcript.join(" "));
      // 2 + 2 set-up, 7 per iteration without a retry, 3 to exit (the ecall does not retire).
      const minimum = 4 + 7 * N + 2;
      for (const count of run.instructions) expect(count).toBeGreaterThanOrEqual(minimum);
      if (run.instructions.some((c) => c > minimum)) retriedRuns++;
    }
    expect(transcripts.size).toBeGreaterThan(190);
    // Preemption between lr.w and sc.w happens: some runs had to retry an sc.w.
    expect(retriedRuns).toBeGreaterThan(0);
    expect(platform.resourceStats().addressSpaces).toBe(0);
  }, 60_000);

  it("the same seed twice gives the same transcript and the same per-thread instruction counts", async () => {
    const platform = make();
    for (const seed of [5, 77, 2024]) {
      const first = await race(platform, lrScIncrements(N), seed);
      const second = await race(platform, lrScIncrements(N), seed);
      expect(second.transcript).toEqual(first.transcript);
      expect(second.instructions).toEqual(first.instructions);
      expect(first.transcript.length).toBeGreaterThan(20);
    }
  }, 60_000);

  it("a plain lw/addi/sw loop loses updates under some seeds (the seeds change the interleaving)", async () => {
    const platform = make();
    const totals: number[] = [];
    for (const seed of SEEDS.slice(0, 50)) {
      const run = await race(platform, racyIncrements(N), seed);
      expect(run.report.kind).toBe("completed");
      totals.push(run.counter);
    }
    expect(Math.min(...totals)).toBeLessThan(2 * N);
    expect(Math.max(...totals)).toBeLessThanOrEqual(2 * N);
    expect(new Set(totals).size).toBeGreaterThan(5);
  }, 60_000);
});

describe("schedule exploration across platforms", () => {
  it("a seed gives the same interleaving on userland and kernel-sim (the scheduler sees only instruction counts)", async () => {
    const [u, k] = [userland() as never as Provider<unknown>, kernelSim() as never as Provider<unknown>];
    for (const seed of [3, 1234]) {
      const onU = await race(u, lrScIncrements(N), seed);
      const onK = await race(k, lrScIncrements(N), seed);
      expect(onK.transcript).toEqual(onU.transcript);
      expect(onK.instructions).toEqual(onU.instructions);
    }
  }, 60_000);
});
