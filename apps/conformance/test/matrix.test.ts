/**
 * Acceptance 1 in a test: the full matrix on the built-in shims and platforms, with the checked-in
 * expected-failures file — four columns, every case present on every pair, nothing failing, every
 * expected failure with its reason. (An unexpected pass means a shim got better: `npm start` fails on
 * it so the stale entry is removed; this test reports it without failing, because it is the shim's
 * change, not the runner, that must update the file.)
 */
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConformanceReport } from "../src/index";
import { runCli } from "./support/cli";

describe("the full matrix on 2 shims × 2 platforms", () => {
  it("prints the matrix; every case passes, is skipped with a reason, or is an expected failure with its reason", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "conformance-")), "report.json");
    const run = await runCli(["--expected-failures", "apps/conformance/expected-failures.json", "--reporter", "json", "--output", out, "--jobs", "2"]);
    const report = JSON.parse(readFileSync(out, "utf8")) as ConformanceReport;
    expect(report.pairs.map((p) => p.id)).toEqual(["posix:userland", "posix:kernel-sim", "nt:userland", "nt:kernel-sim"]);
    for (const suite of ["core", "platform", "posix", "nt"]) expect(report.cases.some((c) => c.suite === suite)).toBe(true);
    expect(report.results.length).toBe(report.cases.length * 4);
    expect(report.results.filter((r) => r.status === "fail").map((r) => `${r.caseId} on ${r.pairId}: ${r.failure?.message}`)).toEqual([]);
    for (const r of report.results) if (r.status !== "pass") expect(r.reason, `${r.caseId} on ${r.pairId}`).toMatch(/\S/);
    // The personality suites run where they belong and nowhere else.
    const on = (caseSuite: string, pair: string) => report.results.filter((r) => r.caseId.startsWith(`${caseSuite}/`) && r.pairId === pair);
    expect(on("posix", "nt:userland").every((r) => r.status === "skip" && r.reason === "applies to posix shims only")).toBe(true);
    expect(on("nt", "posix:kernel-sim").every((r) => r.status === "skip" && r.reason === "applies to nt shims only")).toBe(true);
    expect(on("nt", "nt:kernel-sim").some((r) => r.status === "pass")).toBe(true);
    expect(on("posix", "posix:userland").some((r) => r.status === "pass")).toBe(true);
    const xpass = report.results.filter((r) => r.status === "xpass");
    if (xpass.length > 0) console.warn(`stale expected failures (now passing): ${xpass.map((r) => `${r.caseId} on ${r.pairId}`).join(", ")}`);
    expect(run.code).toBe(xpass.length > 0 ? 1 : 0);
    expect(run.stdout).toMatch(/posix +posix +nt +nt\n +userland +kernel-sim +userland +kernel-sim\n/);
    expect(run.stdout).toContain("core\n  init-present");
    expect(run.stderr).toBe("");
  });
});
