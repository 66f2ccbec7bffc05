/**
 * Acceptance 6: a shim that forgets to close descriptors on exit is caught by the leak check after
 * each case, and the failure names the case and what was left behind.
 */
import { describe, expect, it } from "vitest";
import type { ConformanceReport } from "../src/index";
import { runCli } from "./support/cli";
import { FIXTURES } from "./support/paths";
import { join } from "node:path";

describe("leak check", () => {
  it("reports the leaky fixture shim's cases as leaks, by name; the correct shims pass the same cases", async () => {
    const run = await runCli(["--shim", join(FIXTURES, "leaky-shim.mjs"), "--pairs", "leaky:*", "--pairs", "posix:*", "--filter", "core/", "--reporter", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ConformanceReport;
    const leaky = report.results.filter((r) => r.pairId.startsWith("leaky:"));
    const failed = leaky.filter((r) => r.status === "fail");
    // Every case that starts a program leaks; the ones that start none do not.
    expect(failed.map((r) => r.caseId).sort()).toEqual(["core/exit-status", "core/exit-status", "core/many-programs", "core/many-programs", "core/say", "core/say", "core/spawn-exit-reap", "core/spawn-exit-reap"]);
    for (const r of failed) {
      expect(r.failure?.kind).toBe("leak");
      expect(r.failure?.leaks).toContainEqual({ resource: "descriptors", before: "0", after: r.caseId === "core/many-programs" ? "16" : "2" });
      expect(r.failure?.leaks).toContainEqual({ resource: "pipes", before: "0", after: r.caseId === "core/many-programs" ? "8" : "1" });
    }
    expect(report.results.filter((r) => r.pairId.startsWith("posix:")).every((r) => r.status === "pass")).toBe(true);
    // The matrix names the case and the leak.
    expect(run.stderr).toContain("FAIL core/say on leaky:userland: leak after the case: descriptors 0 → 2, pipes 0 → 1");
  });
});
