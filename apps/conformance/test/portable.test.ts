/**
 * The portable suite through the conformance runner: every program of guest/tests/portable, built
 * for both shims from one source, passes on all four pairs with the same transcript (the orphan's
 * policy line aside), and the policy line is observed by the guest, not assumed by the expectation.
 * (`--schedules 20` over the suite is checked in schedules.test.ts.)
 */
import { describe, expect, it } from "vitest";
import type { ConformanceReport, TranscriptCase } from "../src/index";
import { runCase } from "../src/run/case-runner";
import { ntShimPlugin } from "../src/plugins/nt";
import { kernelSimPlatformPlugin, userlandPlatformPlugin } from "../src/plugins/platforms";
import { posixShimPlugin } from "../src/plugins/posix";
import { PORTABLE_CASES } from "../src/suites/portable/cases";
import { PORTABLE_PROGRAMS } from "../src/suites/portable/programs.generated";
import { runCli } from "./support/cli";
import { REPO } from "./support/paths";
import { join } from "node:path";

const GUEST = join(REPO, "guest");
const PAIRS = ["posix:userland", "posix:kernel-sim", "nt:userland", "nt:kernel-sim"];

describe("the portable suite on the four built-in pairs", () => {
  it("passes every case on every pair, with the expected transcript byte for byte and nothing left behind", async () => {
    const run = await runCli(["--filter", "portable/", "--reporter", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ConformanceReport;
    expect(report.pairs.map((p) => p.id)).toEqual(PAIRS);
    expect(report.cases.map((c) => c.id)).toEqual(PORTABLE_PROGRAMS.map((p) => `portable/${p.name}`));
    expect(report.results.length).toBe(PORTABLE_PROGRAMS.length * 4);
    for (const result of report.results) {
      const program = PORTABLE_PROGRAMS.find((p) => `portable/${p.name}` === result.caseId)!;
      const personality = result.pairId.split(":")[0]!;
      const stdout = program.policy?.byPersonality[personality]?.stdout ?? program.stdout;
      expect({ id: `${result.caseId} on ${result.pairId}`, status: result.status }).toEqual({ id: `${result.caseId} on ${result.pairId}`, status: "pass" });
      expect(result.transcript).toEqual({ stdout, stderr: "", exitStatus: program.exitStatus, run: "completed" });
    }
    // One transcript on all four pairs, except the orphan's policy line between personalities.
    for (const program of PORTABLE_PROGRAMS.filter((p) => p.policy === undefined)) {
      const seen = new Set(report.results.filter((r) => r.caseId === `portable/${program.name}`).map((r) => r.transcript?.stdout));
      expect(seen.size).toBe(1);
    }
  });

  it("observes the orphan policy: with the personalities' expectations swapped, the orphan case fails on every pair at that line alone", async () => {
    const orphan = PORTABLE_CASES.find((c) => c.name === "orphan") as TranscriptCase;
    const posix = orphan.byPersonality!.posix!;
    const nt = orphan.byPersonality!.nt!;
    const swapped: TranscriptCase = { ...orphan, expected: nt, byPersonality: { posix: nt, nt: posix } };
    const options = { seed: 1, schedules: [undefined], timeoutMs: 60_000 };
    const shims = [posixShimPlugin({ guestDir: GUEST }), ntShimPlugin({ guestDir: GUEST })];
    for (const shim of shims) {
      for (const platform of [userlandPlatformPlugin, kernelSimPlatformPlugin]) {
        const right = await runCase(orphan, { shim, platform }, options);
        expect(right.status).toBe("pass");
        const wrong = await runCase(swapped, { shim, platform }, options);
        expect(wrong.status).toBe("fail");
        expect(wrong.failure?.kind).toBe("transcript");
        const [own, other] = shim.personality === "posix" ? ["reparented", "detached"] : ["detached", "reparented"];
        const changed = (wrong.failure?.diff ?? "").split("\n").filter((l) => /^[-+][^-+]/.test(l));
        expect(changed).toEqual([
          `-orphan: what became of its parent link (the shim's orphan policy): ${other}`,
          `+orphan: what became of its parent link (the shim's orphan policy): ${own}`,
        ]);
      }
    }
  });
});
