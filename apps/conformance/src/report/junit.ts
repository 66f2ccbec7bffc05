/**
 * The JUnit XML report (the Jenkins/Surefire dialect every CI reads): one `<testsuite>` per pair, one
 * `<testcase>` per case. JUnit has no expected failure: an `xfail` is a `<skipped>` whose message
 * starts with "expected failure:", an unexpected pass a `<failure type="unexpected-pass">`.
 *
 * @module
 */
import type { CaseResult, ConformanceReport } from "../model/result";
import { escapeXml } from "./escape";

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function body(result: CaseResult): string {
  const f = result.failure;
  switch (result.status) {
    case "pass":
      return "";
    case "skip":
      return `      <skipped message="${escapeXml(result.reason ?? "skipped")}"/>\n`;
    case "xfail":
      return `      <skipped message="${escapeXml(`expected failure: ${result.reason ?? ""}`)}"/>\n`;
    case "xpass":
      return `      <failure type="unexpected-pass" message="${escapeXml(`passed, but expected to fail: ${result.reason ?? ""}`)}"/>\n`;
    case "fail": {
      const text = [f?.message ?? "failed", f?.diff ?? "", ...(f?.leaks ?? []).map((l) => `leak: ${l.resource} ${l.before} -> ${l.after}`)].filter((x) => x !== "").join("\n");
      const out = result.transcript ? `      <system-out>${escapeXml(result.transcript.stdout)}</system-out>\n      <system-err>${escapeXml(result.transcript.stderr)}</system-err>\n` : "";
      return `      <failure type="${escapeXml(f?.kind ?? "failure")}" message="${escapeXml(f?.message ?? "failed")}">${escapeXml(text)}</failure>\n${out}`;
    }
  }
}

/** The JUnit XML of `report`. */
export function renderJunit(report: ConformanceReport): string {
  const failures = (c: { fail: number; xpass: number }) => c.fail + c.xpass;
  const skipped = (c: { skip: number; xfail: number }) => c.skip + c.xfail;
  const total = report.results.length;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="litebox-conformance" tests="${total}" failures="${failures(report.totals)}" errors="0" skipped="${skipped(report.totals)}" time="${seconds(report.durationMs)}">`,
  ];
  for (const pair of report.pairs) {
    const results = report.results.filter((r) => r.pairId === pair.id);
    lines.push(`  <testsuite name="${escapeXml(pair.id)}" tests="${results.length}" failures="${failures(pair.counts)}" errors="0" skipped="${skipped(pair.counts)}" time="${seconds(pair.durationMs)}" timestamp="${escapeXml(report.startedAt.replace(/\.\d+Z$/, ""))}">`);
    lines.push(`    <properties>`);
    for (const [name, value] of [["shim", pair.shim], ["personality", pair.personality], ["platform", pair.platform], ["platformKind", pair.platformKind]] as const) {
      lines.push(`      <property name="${name}" value="${escapeXml(value)}"/>`);
    }
    lines.push(`    </properties>`);
    for (const r of results) {
      const suite = r.caseId.slice(0, r.caseId.indexOf("/"));
      const inner = body(r);
      const open = `    <testcase classname="${escapeXml(`${pair.id}.${suite}`)}" name="${escapeXml(r.caseId)}" time="${seconds(r.durationMs)}"`;
      lines.push(inner === "" ? `${open}/>` : `${open}>\n${inner}    </testcase>`);
    }
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`);
  return `${lines.join("\n")}\n`;
}
