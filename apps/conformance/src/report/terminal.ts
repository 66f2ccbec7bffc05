/**
 * The terminal: live per-pair progress while running (only on a TTY: redrawn in place, nothing at
 * all otherwise) and the final matrix — cases × pairs with pass, FAIL, skip, xfail and XPASS, skip
 * and expected-failure reasons as numbered notes, each pair's counts, and every unexpected result
 * with its message and diff.
 *
 * @module
 */
import type { CaseResult, ConformanceReport, Status } from "../model/result";
import type { ProgressEvent } from "../run/pair-runner";

/** ANSI styling, or none. */
interface Style {
  readonly green: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

/** Styles for a terminal (`color`) or for plain text. */
export function style(color: boolean): Style {
  const wrap = (code: number) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { green: wrap(32), red: wrap(31), yellow: wrap(33), dim: wrap(2), bold: wrap(1) };
}

/** A skip whose reason is only "this case is for another personality/kind" is drawn as a dot. */
export function isNotApplicable(result: Pick<CaseResult, "status" | "reason">): boolean {
  return result.status === "skip" && (result.reason ?? "").startsWith("applies to ");
}

const NAME_WIDTH = 56;

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** The visible length of a string with ANSI codes. */
function visible(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visible(text)));
}

/** The matrix and the details of every unexpected result, as lines of text. */
export function renderMatrix(report: ConformanceReport, color: boolean): string {
  const s = style(color);
  const lines: string[] = [];
  const width = Math.max(10, ...report.pairs.map((p) => Math.max(p.shim.length, p.platform.length) + 2));
  const byKey = new Map(report.results.map((r) => [`${r.caseId}\u0000${r.pairId}`, r]));
  const notes = new Map<string, number>();
  const note = (reason: string): number => {
    let n = notes.get(reason);
    if (n === undefined) notes.set(reason, (n = notes.size + 1));
    return n;
  };
  const cell = (result: CaseResult | undefined): string => {
    if (result === undefined) return s.dim("—");
    const label: Record<Status, string> = { pass: s.green("pass"), fail: s.red("FAIL"), skip: s.dim("skip"), xfail: s.yellow("xfail"), xpass: s.red("XPASS") };
    if (isNotApplicable(result)) return s.dim("·");
    if ((result.status === "skip" || result.status === "xfail" || result.status === "xpass") && result.reason) return `${label[result.status]}${s.dim(`[${note(result.reason)}]`)}`;
    return label[result.status];
  };
  lines.push(s.bold(`litebox-conformance: ${report.pairs.length} pairs, ${report.cases.length} cases, ${report.options.schedules} schedule${report.options.schedules === 1 ? "" : "s"} per case${report.options.seed === null ? "" : `, seed ${report.options.seed}`}`));
  lines.push("");
  lines.push((" ".repeat(NAME_WIDTH + 2) + report.pairs.map((p) => pad(s.bold(p.shim), width)).join("")).trimEnd());
  lines.push((" ".repeat(NAME_WIDTH + 2) + report.pairs.map((p) => pad(s.bold(p.platform), width)).join("")).trimEnd());
  let suite = "";
  for (const c of report.cases) {
    if (c.suite !== suite) {
      suite = c.suite;
      lines.push(s.bold(suite));
    }
    const row = report.pairs.map((p) => pad(cell(byKey.get(`${c.id}\u0000${p.id}`)), width)).join("");
    lines.push(`  ${fit(c.name, NAME_WIDTH)}${row}`.trimEnd());
  }
  lines.push("");
  for (const p of report.pairs) {
    const c = p.counts;
    const parts = [s.green(`${c.pass} pass`), c.fail ? s.red(`${c.fail} fail`) : `0 fail`, s.dim(`${c.skip} skip`), s.yellow(`${c.xfail} xfail`), c.xpass ? s.red(`${c.xpass} xpass`) : "0 xpass"];
    lines.push(`${fit(`${p.shim} × ${p.platform}`, 28)} ${parts.join(", ")}  ${s.dim(`(${(p.durationMs / 1000).toFixed(1)} s)`)}`);
  }
  if (notes.size > 0) {
    lines.push("");
    lines.push(s.bold("notes (skip and expected-failure reasons; · = the case is for another personality or platform kind)"));
    for (const [reason, n] of notes) lines.push(`  [${n}] ${reason}`);
  }
  const unexpected = report.results.filter((r) => r.status === "fail" || r.status === "xpass");
  if (unexpected.length > 0) {
    lines.push("");
    lines.push(s.bold(s.red("unexpected results")));
    for (const r of unexpected) {
      if (r.status === "xpass") {
        lines.push(`  ${s.red("XPASS")} ${r.caseId} on ${r.pairId}: passed, but the expected-failures file says "${r.reason ?? ""}" — remove the entry`);
        continue;
      }
      const f = r.failure;
      const seed = f?.schedule === null || f?.schedule === undefined ? "" : ` (schedule seed ${f.schedule}: reproduce with --seed ${f.schedule})`;
      lines.push(`  ${s.red("FAIL")} ${r.caseId} on ${r.pairId}: ${f?.message ?? "failed"}${seed}`);
      const diff = (f?.diff ?? "").split("\n").filter((l) => l !== "");
      for (const l of diff.slice(0, 40)) lines.push(`      ${l.startsWith("+") ? s.green(l) : l.startsWith("-") ? s.red(l) : l}`);
      if (diff.length > 40) lines.push(s.dim(`      … ${diff.length - 40} more lines (see --reporter html)`));
      for (const t of (f?.trace ?? []).slice(0, 5)) lines.push(s.dim(`      trace: ${t}`));
    }
  }
  if (report.unusedExpectedFailures.length > 0 && report.options.filters.length === 0) {
    lines.push("");
    lines.push(s.yellow("expected-failure entries that matched nothing (stale?):"));
    for (const u of report.unusedExpectedFailures) lines.push(`  ${u}`);
  }
  const t = report.totals;
  lines.push("");
  lines.push(`${report.ok ? s.green("ok") : s.red("FAILED")}: ${t.pass} passed, ${t.fail} failed, ${t.skip} skipped, ${t.xfail} expected failures, ${t.xpass} unexpected passes in ${(report.durationMs / 1000).toFixed(1)} s`);
  return `${lines.join("\n")}\n`;
}

/** Live progress on a terminal: one line per pair, redrawn in place. */
export class ProgressView {
  readonly #write: (text: string) => void;
  readonly #color: boolean;
  readonly #pairs = new Map<string, { done: number; total: number; failed: number }>();
  #drawn = 0;

  /** @param write - the terminal's writer (stderr). @param color - ANSI colours. */
  constructor(write: (text: string) => void, color: boolean) {
    this.#write = write;
    this.#color = color;
  }

  /** Declares the pairs up front (so their lines appear in order). */
  pairs(ids: readonly string[], total: number): void {
    for (const id of ids) this.#pairs.set(id, { done: 0, total, failed: 0 });
    this.#draw();
  }

  /** Applies one event. */
  update(event: ProgressEvent): void {
    const pair = this.#pairs.get(event.pairId) ?? { done: 0, total: 0, failed: 0 };
    if (event.kind === "pair-start") pair.total = event.total;
    else {
      pair.done++;
      if (event.status === "fail") pair.failed++;
    }
    this.#pairs.set(event.pairId, pair);
    this.#draw();
  }

  /** Erases the progress lines (before the matrix is printed). */
  clear(): void {
    if (this.#drawn > 0) this.#write(`\x1b[${this.#drawn}A\x1b[0J`);
    this.#drawn = 0;
  }

  #draw(): void {
    const s = style(this.#color);
    const lines = [...this.#pairs].map(([id, p]) => {
      const width = 24;
      const filled = p.total === 0 ? 0 : Math.round((p.done / p.total) * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      const failed = p.failed > 0 ? s.red(` ${p.failed} not passing`) : "";
      return `${fit(id, 24)} ${bar} ${p.done}/${p.total}${failed}`;
    });
    this.clear();
    this.#write(`${lines.join("\n")}\n`);
    this.#drawn = lines.length;
  }
}
