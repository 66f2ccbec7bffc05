/**
 * The HTML report: one self-contained file (inline CSS, no script, no external asset) with the
 * matrix — each pair's counts in its column heading, each cell linking to its details — and, per
 * case, the expectation, then per pair the transcript, the diff against the expectation, leaks and
 * shim diagnostics. Failures are open by default, so their diffs are visible without a click.
 *
 * @module
 */
import type { CaseInfo, CaseResult, ConformanceReport, Status } from "../model/result";
import { escapeXml as e } from "./escape";
import { isNotApplicable } from "./terminal";

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;background:#fff}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}h3{font-size:1rem;margin:1.5rem 0 .3rem}
.summary{margin:.3rem 0 1rem;color:#444}.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}
table.matrix{border-collapse:collapse;font-size:12px}
table.matrix th,table.matrix td{border:1px solid #d0d7de;padding:2px 6px;text-align:center;white-space:nowrap}
table.matrix th.case,table.matrix td.case{text-align:left;max-width:36rem;overflow:hidden;text-overflow:ellipsis}
table.matrix tr.suite td{background:#f6f8fa;font-weight:600;text-align:left}
.counts{display:block;font-weight:400;font-size:11px}
td.pass{background:#dafbe1}td.fail,td.xpass{background:#ffebe9;font-weight:700}td.xfail{background:#fff8c5}td.skip{color:#57606a}td.na{color:#aaa}
td a{color:inherit;text-decoration:none}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:.5rem;overflow:auto;max-height:30rem;font-size:12px}
pre.diff .add{color:#116329;background:#dafbe1;display:block}pre.diff .del{color:#82071e;background:#ffebe9;display:block}pre.diff .hunk{color:#6639ba;display:block}
details{margin:.3rem 0 .3rem 1rem}summary{cursor:pointer}
.status{font-weight:700;text-transform:uppercase;font-size:11px;padding:0 4px;border-radius:3px}
.status.pass{background:#dafbe1}.status.fail,.status.xpass{background:#ffebe9}.status.xfail{background:#fff8c5}.status.skip{background:#eaeef2}
table.leaks{border-collapse:collapse}table.leaks td,table.leaks th{border:1px solid #d0d7de;padding:2px 6px}
`;

const LABEL: Record<Status, string> = { pass: "pass", fail: "FAIL", skip: "skip", xfail: "xfail", xpass: "XPASS" };

function anchor(index: number): string {
  return `r${index}`;
}

function diffBlock(diff: string): string {
  const lines = diff.split("\n").map((line) => {
    const cls = line.startsWith("+++") || line.startsWith("---") ? "" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "";
    return cls === "" ? `${e(line)}\n` : `<span class="${cls}">${e(line)}</span>`;
  });
  return `<pre class="diff" data-diff>${lines.join("")}</pre>`;
}

function expectationBlock(info: CaseInfo): string {
  if (typeof info.expectation === "string") return `<p>Expectation: ${e(info.expectation)}</p>`;
  const x = info.expectation;
  const per = info.byPersonality === undefined ? "" : Object.entries(info.byPersonality)
    .map(([p, t]) => `<p>Expected for ${e(p)} shims (exit ${t.exitStatus}):</p><pre>${e(t.stdout)}</pre>`).join("");
  return `<p>Expected exit status ${x.exitStatus}; standard output:</p><pre>${e(x.stdout)}</pre>${x.stderr ? `<p>standard error:</p><pre>${e(x.stderr)}</pre>` : ""}${per}`;
}

function resultBlock(result: CaseResult, index: number): string {
  const f = result.failure;
  const open = result.status === "fail" || result.status === "xpass" ? " open" : "";
  const headline = result.status === "xpass"
    ? `passed, but listed as an expected failure: ${result.reason ?? ""}`
    : f?.message ?? result.reason ?? (result.status === "pass" ? `passed (${result.runs} run${result.runs === 1 ? "" : "s"})` : "");
  const parts: string[] = [];
  if (result.status === "xfail" && result.reason) parts.push(`<p>Expected failure: ${e(result.reason)}</p>`);
  if (f && f.schedule !== null) parts.push(`<p>Failing schedule seed ${f.schedule} (reproduce with <code>--seed ${f.schedule}</code>).</p>`);
  if (f?.diff) parts.push(`<p>Diff against the expectation:</p>${diffBlock(f.diff)}`);
  if (f?.leaks?.length) {
    parts.push(`<table class="leaks"><tr><th>leaked</th><th>before</th><th>after</th></tr>${f.leaks.map((l) => `<tr><td>${e(l.resource)}</td><td>${e(l.before)}</td><td>${e(l.after)}</td></tr>`).join("")}</table>`);
  }
  const t = result.transcript;
  if (t) {
    parts.push(`<p>Standard output (exit status ${t.exitStatus ?? "none"}, run ${e(t.run)}):</p><pre data-transcript>${e(t.stdout)}</pre>`);
    if (t.stderr) parts.push(`<p>Standard error:</p><pre>${e(t.stderr)}</pre>`);
  }
  if (f?.trace?.length) parts.push(`<p>Shim diagnostics:</p><pre>${e(f.trace.join("\n"))}</pre>`);
  return `<details id="${anchor(index)}" data-pair="${e(result.pairId)}" data-status="${result.status}"${open}><summary><span class="status ${result.status}">${LABEL[result.status]}</span> ${e(result.pairId)} — ${e(headline)}</summary>${parts.join("")}</details>`;
}

/** The HTML document of `report`. */
export function renderHtml(report: ConformanceReport): string {
  const index = new Map<string, number>();
  report.results.forEach((r, i) => index.set(`${r.caseId}\u0000${r.pairId}`, i));
  const t = report.totals;
  const head = report.pairs.map((p) => {
    const c = p.counts;
    const counts = (["pass", "fail", "skip", "xfail", "xpass"] as const).map((s) => `<span data-count="${s}">${s} ${c[s]}</span>`).join(" ");
    return `<th data-pair="${e(p.id)}">${e(p.shim)} × ${e(p.platform)}<span class="counts">${counts}</span></th>`;
  }).join("");
  const rows: string[] = [];
  let suite = "";
  for (const c of report.cases) {
    if (c.suite !== suite) {
      suite = c.suite;
      rows.push(`<tr class="suite"><td colspan="${report.pairs.length + 1}">${e(suite)}</td></tr>`);
    }
    const cells = report.pairs.map((p) => {
      const i = index.get(`${c.id}\u0000${p.id}`);
      const r = i === undefined ? undefined : report.results[i];
      if (r === undefined || i === undefined) return `<td class="na">—</td>`;
      if (isNotApplicable(r)) return `<td class="na" title="${e(r.reason ?? "")}">·</td>`;
      const title = r.reason ?? r.failure?.message ?? "";
      return `<td class="${r.status}" title="${e(title)}" data-case="${e(c.id)}" data-pair="${e(p.id)}"><a href="#${anchor(i)}">${LABEL[r.status]}</a></td>`;
    }).join("");
    rows.push(`<tr><td class="case" title="${e(c.id)}"><a href="#case-${e(c.id)}">${e(c.name)}</a></td>${cells}</tr>`);
  }
  const sections = report.cases.map((c) => {
    const results = report.pairs
      .map((p) => index.get(`${c.id}\u0000${p.id}`))
      .filter((i): i is number => i !== undefined)
      .filter((i) => !isNotApplicable(report.results[i]!))
      .map((i) => resultBlock(report.results[i]!, i));
    if (results.length === 0) return "";
    return `<section id="case-${e(c.id)}"><h3>${e(c.id)}</h3>${c.about ? `<p>${e(c.about)}</p>` : ""}${expectationBlock(c)}${results.join("")}</section>`;
  }).join("\n");
  const verdict = report.ok ? `<span class="ok">ok</span>` : `<span class="bad">FAILED</span>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>litebox-conformance report</title><style>${CSS}</style></head>
<body>
<h1>litebox-conformance</h1>
<p class="summary" data-summary>${verdict}: ${t.pass} passed, ${t.fail} failed, ${t.skip} skipped, ${t.xfail} expected failures, ${t.xpass} unexpected passes — ${report.pairs.length} pairs, ${report.cases.length} cases, ${report.options.schedules} schedule(s) per case${report.options.seed === null ? "" : `, seed ${report.options.seed}`}, ${(report.durationMs / 1000).toFixed(1)} s, ${e(report.startedAt)}</p>
<h2>Matrix</h2>
<table class="matrix"><thead><tr><th class="case">case</th>${head}</tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
<p>· the case is for another shim personality or platform kind; hover a cell for its reason.</p>
<h2>Cases</h2>
${sections}
</body></html>
`;
}
