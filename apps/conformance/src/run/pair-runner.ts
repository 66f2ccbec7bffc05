/**
 * Runs every selected case on one pair — in the main thread or in a worker thread, from plain-data
 * settings, so both load the same plugins and suites and produce the same raw results.
 *
 * @module
 */
import { err, ok, type Result } from "@litebox-ts/core";
import { caseId, type ConformanceCase, type Suite } from "../model/case";
import { Status } from "../model/result";
import { loadPlatformPlugin, loadShimPlugin, loadSuites, type PluginLoadError, type PluginSpec } from "../plugin/load";
import { BUILTIN_SUITES } from "../suites/registry";
import { runCase, type RawOutcome } from "./case-runner";
import { anyOf } from "./patterns";

/** Everything a pair run needs, as plain data (it crosses to worker threads). */
export interface RunSettings {
  readonly guestDir: string | undefined;
  /** Case-id patterns (`--filter`); none: every case. */
  readonly filters: readonly string[];
  readonly seed: number;
  /** One run per entry (a schedule seed, or `null` for round-robin). */
  readonly schedules: readonly (number | null)[];
  readonly timeoutMs: number;
  /** Modules with extra suites (`--suite`). */
  readonly extraSuites: readonly Extract<PluginSpec, { kind: "module" }>[];
}

/** One pair to run. */
export interface PairJob {
  readonly pairId: string;
  readonly shim: PluginSpec;
  readonly platform: PluginSpec;
}

/** A case's raw outcome on a pair. */
export interface RawResult {
  readonly caseId: string;
  readonly pairId: string;
  readonly outcome: RawOutcome;
  readonly durationMs: number;
}

/** Progress of a pair run. */
export type ProgressEvent =
  | { readonly kind: "pair-start"; readonly pairId: string; readonly total: number }
  | { readonly kind: "case-done"; readonly pairId: string; readonly caseId: string; readonly status: RawOutcome["status"] };

/** A selected case, or the one row of a suite that could not load its cases. */
export interface CaseEntry {
  readonly id: string;
  readonly suite: Suite;
  readonly testCase: ConformanceCase | undefined;
  /** Why the suite has no cases here (then `testCase` is undefined). */
  readonly unavailable?: string;
}

/** The built-in suites followed by the extra ones (a duplicate suite name is refused). */
export async function loadSuiteList(settings: RunSettings): Promise<Result<readonly Suite[], PluginLoadError>> {
  const suites: Suite[] = [...BUILTIN_SUITES];
  for (const spec of settings.extraSuites) {
    const loaded = await loadSuites(spec);
    if (!loaded.ok) return loaded;
    for (const suite of loaded.value) {
      if (suites.some((s) => s.name === suite.name)) return err({ _tag: "PluginLoadError", reason: "NotAPlugin", message: `${spec.given}: a suite named '${suite.name}' exists already` });
      suites.push(suite);
    }
  }
  return ok(suites);
}

/** Every case of `suites` whose id matches the filters, in suite order. */
export function collectCases(suites: readonly Suite[], settings: RunSettings): CaseEntry[] {
  const selected = anyOf(settings.filters, "contains");
  const entries: CaseEntry[] = [];
  for (const suite of suites) {
    const cases = suite.cases({ guestDir: settings.guestDir });
    if (!cases.ok) {
      const id = caseId(suite.name, "(suite unavailable)");
      if (selected(id) || settings.filters.some((f) => f.startsWith(`${suite.name}/`))) {
        entries.push({ id, suite, testCase: undefined, unavailable: cases.error.reason });
      }
      continue;
    }
    const seen = new Set<string>();
    for (const testCase of cases.value) {
      const id = caseId(suite.name, testCase.name);
      // A duplicate name would make two rows one: keep the first, like a map would.
      if (seen.has(id)) continue;
      seen.add(id);
      if (selected(id)) entries.push({ id, suite, testCase });
    }
  }
  return entries;
}

/** Runs `job` with `settings`; `onProgress` hears each case as it ends. */
export async function runPairJob(job: PairJob, settings: RunSettings, onProgress: (event: ProgressEvent) => void): Promise<Result<RawResult[], PluginLoadError>> {
  const shim = await loadShimPlugin(job.shim, settings.guestDir);
  if (!shim.ok) return shim;
  const platform = await loadPlatformPlugin(job.platform);
  if (!platform.ok) return platform;
  const suites = await loadSuiteList(settings);
  if (!suites.ok) return suites;
  const entries = collectCases(suites.value, settings);
  onProgress({ kind: "pair-start", pairId: job.pairId, total: entries.length });
  const options = { seed: settings.seed, schedules: settings.schedules.map((s) => s ?? undefined), timeoutMs: settings.timeoutMs };
  const results: RawResult[] = [];
  for (const entry of entries) {
    const started = performance.now();
    const outcome: RawOutcome = entry.testCase === undefined
      ? { status: Status.Skip, reason: entry.unavailable ?? "unavailable", runs: 0 }
      : await runCase(entry.testCase, { shim: shim.value, platform: platform.value }, options);
    results.push({ caseId: entry.id, pairId: job.pairId, outcome, durationMs: Math.round(performance.now() - started) });
    onProgress({ kind: "case-done", pairId: job.pairId, caseId: entry.id, status: outcome.status });
  }
  return ok(results);
}
