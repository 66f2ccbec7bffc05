import { describe, expect, it } from "vitest";
import type { CaseResult, ConformanceReport } from "../model/result";
import { renderHtml } from "./html";
import { renderJunit } from "./junit";
import { renderMatrix } from "./terminal";

const counts = (c: Partial<Record<"pass" | "fail" | "skip" | "xfail" | "xpass", number>>) => ({ pass: 0, fail: 0, skip: 0, xfail: 0, xpass: 0, ...c });
const results: CaseResult[] = [
  { caseId: "s/a", pairId: "x:p", status: "pass", runs: 1, durationMs: 1, transcript: { stdout: "<ok>\x01\n", stderr: "", exitStatus: 0, run: "completed" } },
  { caseId: "s/b", pairId: "x:p", status: "fail", runs: 2, durationMs: 1, failure: { kind: "transcript", message: "transcript differs: stdout", schedule: 77, diff: "--- expected stdout\n+++ actual stdout\n@@ -1 +1 @@\n-a\n+b", trace: ["odd call"] } },
  { caseId: "s/c", pairId: "x:p", status: "skip", reason: "applies to posix shims only", runs: 0, durationMs: 0 },
  { caseId: "s/d", pairId: "x:p", status: "xfail", reason: "known bug", runs: 1, durationMs: 0, failure: { kind: "leak", message: "leak after the case: pipes 0 → 1", schedule: null, leaks: [{ resource: "pipes", before: "0", after: "1" }] } },
  { caseId: "s/e", pairId: "x:p", status: "xpass", reason: "stale entry", runs: 1, durationMs: 0 },
  { caseId: "s/f", pairId: "x:p", status: "skip", reason: "shim 'x' does not provide this portable program", runs: 0, durationMs: 0 },
];
const report: ConformanceReport = {
  schemaVersion: 1,
  tool: { name: "litebox-conformance", version: "0.0.0" },
  startedAt: "2025-01-01T00:00:00.000Z",
  durationMs: 1234,
  options: { seed: null, schedules: 2, filters: [], jobs: 1, expectedFailures: null },
  suites: [{ name: "s", title: "S" }],
  pairs: [{ id: "x:p", shim: "x", personality: "x", platform: "p", platformKind: "Isolated", counts: counts({ pass: 1, fail: 1, skip: 2, xfail: 1, xpass: 1 }), durationMs: 5 }],
  cases: ["a", "b", "c", "d", "e", "f"].map((n) => ({ id: `s/${n}`, suite: "s", name: n, kind: "transcript", expectation: { stdout: "a\n", stderr: "", exitStatus: 0 } })),
  results,
  unusedExpectedFailures: ["s/z on *"],
  totals: counts({ pass: 1, fail: 1, skip: 2, xfail: 1, xpass: 1 }),
  ok: false,
};

describe("terminal matrix", () => {
  it("cells, numbered reasons, a dot for another personality, counts, unexpected results, stale entries", () => {
    const text = renderMatrix(report, false);
    expect(text).toContain("  a      ");
    expect(text).toMatch(/\n {2}b +FAIL\n/);
    expect(text).toMatch(/\n {2}c +·\n/);
    expect(text).toMatch(/\n {2}d +xfail\[1\]\n/);
    expect(text).toMatch(/\n {2}e +XPASS\[2\]\n/);
    expect(text).toMatch(/\n {2}f +skip\[3\]\n/);
    expect(text).toContain("  [1] known bug\n  [2] stale entry\n  [3] shim 'x' does not provide this portable program\n");
    expect(text).toContain("x × p                        1 pass, 1 fail, 2 skip, 1 xfail, 1 xpass");
    expect(text).toContain("FAIL s/b on x:p: transcript differs: stdout (schedule seed 77: reproduce with --seed 77)");
    expect(text).toContain("      +b");
    expect(text).toContain("trace: odd call");
    expect(text).toContain('XPASS s/e on x:p: passed, but the expected-failures file says "stale entry" — remove the entry');
    expect(text).toContain("matched nothing (stale?):\n  s/z on *");
    expect(text.trimEnd().split("\n").at(-1)).toBe("FAILED: 1 passed, 1 failed, 2 skipped, 1 expected failures, 1 unexpected passes in 1.2 s");
    expect(text).not.toContain("\x1b[");
    expect(renderMatrix(report, true)).toContain("\x1b[31mFAIL\x1b[0m");
  });
});

describe("JUnit and HTML", () => {
  it("JUnit escapes transcripts and maps every status", () => {
    const xml = renderJunit(report);
    expect(xml).toContain('<testsuite name="x:p" tests="6" failures="2" errors="0" skipped="3"');
    expect(xml).toContain('<skipped message="expected failure: known bug"/>');
    expect(xml).toContain('<failure type="unexpected-pass" message="passed, but expected to fail: stale entry"/>');
    expect(xml).toContain('<failure type="transcript" message="transcript differs: stdout">transcript differs: stdout\n--- expected stdout');
    expect(xml).toContain('<testcase classname="x:p.s" name="s/a" time="0.001"/>');
  });

  it("HTML: counts in the heading, failures open with their diff, leaks, escaped transcripts", () => {
    const html = renderHtml(report);
    expect(html).toContain('<th data-pair="x:p">x × p<span class="counts"><span data-count="pass">pass 1</span> <span data-count="fail">fail 1</span>');
    expect(html).toMatch(/<details id="r1" data-pair="x:p" data-status="fail" open>/);
    expect(html).toContain('<span class="del">-a</span><span class="add">+b</span>');
    expect(html).toContain("<td>pipes</td><td>0</td><td>1</td>");
    expect(html).toContain("&lt;ok&gt;\\x01\n");
    expect(html).toMatch(/<details id="r0" data-pair="x:p" data-status="pass">/);
    expect(html).not.toContain('id="r2"'); // not applicable: no details block
  });
});
