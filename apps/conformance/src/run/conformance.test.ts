import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConformanceReport } from "../model/result";
import { runConformance, type ConformanceOptions } from "./conformance";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures");
const dir = mkdtempSync(join(tmpdir(), "conformance-run-"));

async function report(options: ConformanceOptions): Promise<ConformanceReport> {
  const r = await runConformance({ suites: [join(FIXTURES, "verdict-suite.mjs")], filters: ["verdicts/"], pairs: ["posix:*"], ...options });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function xfailFile(entries: unknown[]): string {
  const path = join(dir, `x${Math.random()}.json`);
  writeFileSync(path, JSON.stringify({ expectedFailures: entries }));
  return path;
}

describe("runConformance", () => {
  it("results per case × pair, counts per pair and in total, not ok when something failed", async () => {
    const r = await report({});
    expect(r.pairs.map((p) => p.id)).toEqual(["posix:userland", "posix:kernel-sim"]);
    expect(r.cases.map((c) => c.id)).toEqual(["verdicts/passes", "verdicts/fails", "verdicts/skips", "verdicts/isolated-only"]);
    const status = (caseId: string, pairId: string) => r.results.find((x) => x.caseId === caseId && x.pairId === pairId)?.status;
    expect(status("verdicts/isolated-only", "posix:userland")).toBe("skip");
    expect(status("verdicts/isolated-only", "posix:kernel-sim")).toBe("pass");
    expect(r.pairs[0]?.counts).toEqual({ pass: 1, fail: 1, skip: 2, xfail: 0, xpass: 0 });
    expect(r.totals).toEqual({ pass: 3, fail: 2, skip: 3, xfail: 0, xpass: 0 });
    expect(r.ok).toBe(false);
    expect(r.options).toEqual({ seed: null, schedules: 1, filters: ["verdicts/"], jobs: 1, expectedFailures: null });
  });

  it("the expected-failures file: a failure becomes xfail, a pass xpass (not ok), a skip stays a skip; unused entries are listed", async () => {
    const file = xfailFile([
      { case: "verdicts/fails", reason: "known" },
      { case: "verdicts/passes", pairs: ["posix:userland"], reason: "stale" },
      { case: "verdicts/skips", reason: "irrelevant" },
      { case: "verdicts/none", reason: "typo" },
    ]);
    const r = await report({ expectedFailures: file });
    const pick = (caseId: string, pairId: string) => r.results.find((x) => x.caseId === caseId && x.pairId === pairId);
    expect(pick("verdicts/fails", "posix:kernel-sim")).toMatchObject({ status: "xfail", reason: "known", failure: { kind: "predicate", message: "always" } });
    expect(pick("verdicts/passes", "posix:userland")).toMatchObject({ status: "xpass", reason: "stale" });
    expect(pick("verdicts/passes", "posix:kernel-sim")?.status).toBe("pass");
    expect(pick("verdicts/skips", "posix:userland")).toMatchObject({ status: "skip", reason: "never runs" });
    expect(r.unusedExpectedFailures).toEqual(["verdicts/skips on *", "verdicts/none on *"]);
    expect(r.ok).toBe(false);
    const fixed = await report({ expectedFailures: xfailFile([{ case: "verdicts/fails", reason: "known" }]) });
    expect(fixed.ok).toBe(true);
  });

  it("--schedules N runs pair cases N times from the seed; --seed alone once with that schedule", async () => {
    const r = await report({ schedules: 3, seed: 9 });
    expect(r.results.find((x) => x.caseId === "verdicts/passes")?.runs).toBe(3);
    expect(r.results.find((x) => x.caseId === "verdicts/fails")?.failure?.schedule).toBe(9);
    const seeded = await report({ seed: 4 });
    expect(seeded.results.find((x) => x.caseId === "verdicts/fails")?.failure?.schedule).toBe(4);
    expect((await report({})).results.find((x) => x.caseId === "verdicts/fails")?.failure?.schedule).toBeNull();
  });

  it("refuses a run with no pair, a duplicate suite, a bad expected-failures file", async () => {
    const tag = async (options: ConformanceOptions) => {
      const r = await runConformance(options);
      return r.ok ? "ok" : `${r.error._tag}: ${r.error.message}`;
    };
    expect(await tag({ pairs: ["none:*"] })).toBe("NoPairs: no shim × platform pair matches none:*");
    const twice = join(FIXTURES, "verdict-suite.mjs");
    expect(await tag({ suites: [twice, twice] })).toMatch(/^PluginLoadError: .*a suite named 'verdicts' exists already$/);
    expect(await tag({ expectedFailures: xfailFile([{ case: "" }]) })).toMatch(/^ExpectedFailuresError: .*case must be a non-empty string$/);
    expect(await tag({ shims: ["./missing"] })).toBe("PluginLoadError: ./missing: no such file or folder");
    expect(await tag({ platforms: ["./missing"] })).toBe("PluginLoadError: ./missing: no such file or folder");
    expect(await tag({ suites: ["./missing"] })).toBe("PluginLoadError: ./missing: no such file or folder");
  });

  it("a suite that cannot load its cases is one skipped row with the reason", async () => {
    const r = await runConformance({ guestDir: join(dir, "no-guest"), filters: ["posix/"], pairs: ["posix:userland"] });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.cases.map((c) => [c.id, c.kind])).toEqual([["posix/(suite unavailable)", "unavailable"]]);
    expect(r.value.results[0]).toMatchObject({ status: "skip", reason: expect.stringMatching(/^cannot read .*tests\.json: ENOENT$/) });
  });
});
