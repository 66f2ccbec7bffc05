/**
 * Acceptance 5: `--schedules 20` over the portable suite passes on every pair, and a case made racy
 * on purpose (a test fixture: parent and child write without waiting for each other) passes under
 * the default round-robin schedule but is caught by `--schedules 20`, with a seed that reproduces it.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConformanceReport } from "../src/index";
import { runCli } from "./support/cli";
import { FIXTURES } from "./support/paths";

const RACY = ["--suite", join(FIXTURES, "racy-suite.mjs"), "--filter", "fixture/"];

describe("--schedules", () => {
  it("--schedules 20 over the portable suite passes on all four pairs", async () => {
    const run = await runCli(["--filter", "portable/", "--schedules", "20", "--reporter", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ConformanceReport;
    expect(report.pairs.length).toBe(4);
    expect(report.options.schedules).toBe(20);
    expect(report.results.every((r) => r.caseId.startsWith("portable/") && (r.status === "pass" || r.status === "skip"))).toBe(true);
    for (const r of report.results.filter((x) => x.status === "pass")) expect(r.runs).toBe(20);
  });

  it("the racy fixture passes under round-robin but is caught under 20 schedules, reproducibly", async () => {
    const once = JSON.parse((await runCli([...RACY, "--pairs", "posix:*", "--reporter", "json"])).stdout) as ConformanceReport;
    expect(once.results.map((r) => [r.status, r.runs])).toEqual([["pass", 1], ["pass", 1]]);

    const many = await runCli([...RACY, "--pairs", "posix:*", "--schedules", "20", "--reporter", "json"]);
    expect(many.code).toBe(1);
    const report = JSON.parse(many.stdout) as ConformanceReport;
    const failures = report.results.map((r) => r.failure);
    expect(report.results.map((r) => r.status)).toEqual(["fail", "fail"]);
    expect(failures.every((f) => f?.kind === "transcript" && typeof f.schedule === "number")).toBe(true);
    expect(failures[0]?.diff).toContain("+parent");
    expect(many.stderr).toMatch(/FAIL fixture\/racy-fork on posix:userland: transcript differs: stdout \(schedule seed \d+: reproduce with --seed \d+\)/);

    const seed = String(failures[0]!.schedule);
    const again = JSON.parse((await runCli([...RACY, "--pairs", "posix:userland", "--seed", seed, "--reporter", "json"])).stdout) as ConformanceReport;
    expect(again.results[0]?.status).toBe("fail");
    expect(again.results[0]?.transcript?.stdout).toBe(report.results[0]?.transcript?.stdout);
  });

  it("the same 20 schedules give the same results when run again", async () => {
    const a = JSON.parse((await runCli([...RACY, "--pairs", "posix:kernel-sim", "--schedules", "20", "--seed", "7", "--reporter", "json"])).stdout) as ConformanceReport;
    const b = JSON.parse((await runCli([...RACY, "--pairs", "posix:kernel-sim", "--schedules", "20", "--seed", "7", "--reporter", "json"])).stdout) as ConformanceReport;
    expect(a.results.map((r) => [r.status, r.failure?.schedule, r.transcript?.stdout])).toEqual(b.results.map((r) => [r.status, r.failure?.schedule, r.transcript?.stdout]));
  });
});
