/**
 * A whole conformance run: resolve and load the plugins, form the shim × platform pairs, select the
 * cases, run every pair (in this thread or in worker threads), apply the expected-failures file and
 * assemble the report.
 *
 * @module
 */
import { err, ok, type Result } from "@litebox-ts/core";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { expectationFor} from "../model/case";
import { type ConformanceCase } from "../model/case";
import {
  Status,
  STATUSES,
  emptyCounts,
  isUnexpected,
  type CaseInfo,
  type CaseResult,
  type ConformanceReport,
  type PairInfo,
} from "../model/result";
import {
  BUILTIN_PLATFORMS,
  BUILTIN_SHIMS,
  loadPlatformPlugin,
  loadShimPlugin,
  resolvePluginSpec,
  type PluginLoadError,
  type PluginSpec,
} from "../plugin/load";
import { locateGuestDir } from "../guest/files";
import { ExpectedFailures, parseExpectedFailures, type ExpectedFailuresError } from "./expected-failures";
import { collectCases, loadSuiteList, runPairJob, type PairJob, type ProgressEvent, type RawResult, type RunSettings } from "./pair-runner";
import { anyOf } from "./patterns";
import { scheduleSeeds } from "./seeds";
import { runPairsInWorkers } from "./worker-pool";

/** The package's version, reported in the JSON report. */
export const VERSION = "0.0.0";

/** What to run. */
export interface ConformanceOptions {
  /** Extra shims (`--shim`): built-in names, paths or packages; the built-in shims always run. */
  readonly shims?: readonly string[];
  /** Extra platforms (`--platform`). */
  readonly platforms?: readonly string[];
  /** Pair-id patterns (`--pairs`, e.g. `hello:*`); none: every pair. */
  readonly pairs?: readonly string[];
  /** Case-id patterns (`--filter`); none: every case. */
  readonly filters?: readonly string[];
  /** Seed (`--seed`): the guests' randomness and the base of the schedule seeds. */
  readonly seed?: number;
  /** Schedules per case (`--schedules`); absent: one run, round-robin unless a seed is given. */
  readonly schedules?: number;
  /** Pairs at once in worker threads (`--jobs`); 1: everything in this thread. */
  readonly jobs?: number;
  /** Per-run time limit in milliseconds (default 120 000). */
  readonly timeoutMs?: number;
  /** The guest folder (`--guest`); default: found from `cwd`. */
  readonly guestDir?: string;
  /** The expected-failures file (`--expected-failures`). */
  readonly expectedFailures?: string;
  /** Modules with extra suites (`--suite`). */
  readonly suites?: readonly string[];
  /** Where relative paths start (default: the process's working directory). */
  readonly cwd?: string;
}

/** Why a run could not start. A closed set. */
export type ConformanceError = PluginLoadError | ExpectedFailuresError | { readonly _tag: "NoPairs"; readonly message: string };

/** Hears progress while pairs run. */
export type ProgressListener = (event: ProgressEvent) => void;

function caseInfo(id: string, suite: string, testCase: ConformanceCase | undefined, unavailable: string | undefined): CaseInfo {
  const base = { id, suite, name: id.slice(suite.length + 1) };
  if (testCase === undefined) return { ...base, kind: "unavailable", expectation: unavailable ?? "" };
  const about = testCase.about === undefined ? {} : { about: testCase.about };
  if (testCase.kind !== "transcript") return { ...base, ...about, kind: testCase.kind, expectation: testCase.expectation };
  const full = (e: ReturnType<typeof expectationFor>) => ({ stdout: e.stdout, stderr: e.stderr ?? "", exitStatus: e.exitStatus });
  const byPersonality = testCase.byPersonality === undefined ? {} : {
    byPersonality: Object.fromEntries(Object.entries(testCase.byPersonality).map(([k, v]) => [k, full(v)])),
  };
  return { ...base, ...about, kind: "transcript", expectation: full(testCase.expected), ...byPersonality };
}

/** Applies the expected-failures file to a raw result. */
function finalise(raw: RawResult, expected: ExpectedFailures): CaseResult {
  const { outcome } = raw;
  const common = { caseId: raw.caseId, pairId: raw.pairId, runs: outcome.runs, durationMs: raw.durationMs };
  const details = {
    ...(outcome.failure ? { failure: outcome.failure } : {}),
    ...(outcome.transcript ? { transcript: outcome.transcript } : {}),
  };
  if (outcome.status === Status.Skip) return { ...common, status: Status.Skip, reason: outcome.reason ?? "skipped", ...details };
  const xfail = expected.lookup(raw.caseId, raw.pairId);
  if (xfail === undefined) return { ...common, status: outcome.status, ...details };
  return { ...common, status: outcome.status === Status.Fail ? Status.XFail : Status.XPass, reason: xfail, ...details };
}

/** Runs the conformance matrix. */
export async function runConformance(options: ConformanceOptions, onProgress: ProgressListener = () => undefined): Promise<Result<ConformanceReport, ConformanceError>> {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const guestDir = locateGuestDir(options.guestDir, cwd);
  let expected = ExpectedFailures.none;
  if (options.expectedFailures !== undefined) {
    const path = resolve(cwd, options.expectedFailures);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      return err({ _tag: "ExpectedFailuresError", message: `${options.expectedFailures}: cannot read (${(e as { code?: string }).code ?? String(e)})` });
    }
    const parsed = parseExpectedFailures(text, options.expectedFailures);
    if (!parsed.ok) return parsed;
    expected = parsed.value;
  }

  const specs = (given: readonly string[], builtins: readonly string[]): Result<PluginSpec[], PluginLoadError> => {
    const out: PluginSpec[] = builtins.map((name) => ({ kind: "builtin", name }));
    for (const g of given) {
      if (builtins.includes(g)) continue;
      const spec = resolvePluginSpec(g, builtins, cwd);
      if (!spec.ok) return spec;
      out.push(spec.value);
    }
    return ok(out);
  };
  const shimSpecs = specs(options.shims ?? [], BUILTIN_SHIMS);
  if (!shimSpecs.ok) return shimSpecs;
  const platformSpecs = specs(options.platforms ?? [], BUILTIN_PLATFORMS);
  if (!platformSpecs.ok) return platformSpecs;
  const suiteSpecs: Extract<PluginSpec, { kind: "module" }>[] = [];
  for (const s of options.suites ?? []) {
    const spec = resolvePluginSpec(s, [], cwd);
    if (!spec.ok) return spec;
    if (spec.value.kind === "module") suiteSpecs.push(spec.value);
  }

  // Load every plugin here too: names, personalities and kinds make the pair ids and the report.
  const shims = [];
  for (const spec of shimSpecs.value) {
    const plugin = await loadShimPlugin(spec, guestDir);
    if (!plugin.ok) return plugin;
    shims.push({ spec, plugin: plugin.value });
  }
  const platforms = [];
  for (const spec of platformSpecs.value) {
    const plugin = await loadPlatformPlugin(spec);
    if (!plugin.ok) return plugin;
    platforms.push({ spec, plugin: plugin.value });
  }
  const wantedPair = anyOf(options.pairs ?? [], "exact");
  const jobs: PairJob[] = [];
  const pairInfo = new Map<string, Omit<PairInfo, "counts" | "durationMs">>();
  for (const shim of shims) {
    for (const platform of platforms) {
      const pairId = `${shim.plugin.name}:${platform.plugin.name}`;
      if (!wantedPair(pairId) || pairInfo.has(pairId)) continue;
      jobs.push({ pairId, shim: shim.spec, platform: platform.spec });
      pairInfo.set(pairId, { id: pairId, shim: shim.plugin.name, personality: shim.plugin.personality, platform: platform.plugin.name, platformKind: platform.plugin.kind });
    }
  }
  if (jobs.length === 0) return err({ _tag: "NoPairs", message: `no shim × platform pair matches ${(options.pairs ?? []).join(", ")}` });

  const schedules = options.schedules === undefined
    ? [options.seed ?? null]
    : scheduleSeeds(options.seed ?? 0, options.schedules);
  const settings: RunSettings = {
    guestDir,
    filters: options.filters ?? [],
    seed: options.seed ?? 0,
    schedules,
    timeoutMs: options.timeoutMs ?? 120_000,
    extraSuites: suiteSpecs,
  };
  const suites = await loadSuiteList(settings);
  if (!suites.ok) return suites;
  const entries = collectCases(suites.value, settings);

  const parallel = Math.max(1, options.jobs ?? 1);
  const durations = new Map<string, number>();
  const timed = async (job: PairJob, run: () => Promise<Result<RawResult[], PluginLoadError>>) => {
    const t = performance.now();
    const r = await run();
    durations.set(job.pairId, Math.round(performance.now() - t));
    return r;
  };
  let raw: Result<RawResult[], PluginLoadError>[];
  if (parallel === 1 || jobs.length === 1) {
    raw = [];
    for (const job of jobs) raw.push(await timed(job, () => runPairJob(job, settings, onProgress)));
  } else {
    const t = performance.now();
    raw = await runPairsInWorkers(jobs, settings, parallel, onProgress);
    // Workers overlap: report each pair's own time from its cases.
    for (const [i, job] of jobs.entries()) {
      const r = raw[i];
      durations.set(job.pairId, r?.ok ? r.value.reduce((sum, x) => sum + x.durationMs, 0) : Math.round(performance.now() - t));
    }
  }

  const results: CaseResult[] = [];
  const pairs: PairInfo[] = [];
  for (const [i, job] of jobs.entries()) {
    const r = raw[i]!;
    if (!r.ok) return r;
    const counts = emptyCounts();
    for (const one of r.value) {
      const result = finalise(one, expected);
      counts[result.status]++;
      results.push(result);
    }
    pairs.push({ ...pairInfo.get(job.pairId)!, counts, durationMs: durations.get(job.pairId) ?? 0 });
  }
  const totals = emptyCounts();
  for (const p of pairs) for (const s of STATUSES) totals[s] += p.counts[s];
  return ok({
    schemaVersion: 1,
    tool: { name: "litebox-conformance", version: VERSION },
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    options: {
      seed: options.seed ?? null,
      schedules: schedules.length,
      filters: options.filters ?? [],
      jobs: parallel,
      expectedFailures: options.expectedFailures ?? null,
    },
    suites: suites.value.map((s) => ({ name: s.name, title: s.title })),
    pairs,
    cases: entries.map((e) => caseInfo(e.id, e.suite.name, e.testCase, e.unavailable)),
    results,
    unusedExpectedFailures: expected.unused(),
    totals,
    ok: !results.some((r) => isUnexpected(r.status)),
  });
}
