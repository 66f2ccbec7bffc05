/**
 * Results: one per case × pair, the pairs' counts, and the whole run — plain data, so it crosses
 * worker threads and is what the JSON report serialises (schema/report.schema.json).
 *
 * @module
 */

/**
 * How a case ended on a pair. `xfail`: failed and listed in the expected-failures file; `xpass`:
 * listed there but passed — an unexpected pass, which fails the run like a failure (the entry is
 * stale). A closed set.
 */
export const Status = {
  Pass: "pass",
  Fail: "fail",
  Skip: "skip",
  XFail: "xfail",
  XPass: "xpass",
} as const;
/** {@inheritDoc (Status:variable)} */
export type Status = (typeof Status)[keyof typeof Status];

/** Every status, in report order. */
export const STATUSES: readonly Status[] = [Status.Pass, Status.Fail, Status.Skip, Status.XFail, Status.XPass];

/** Whether `status` makes the run fail. */
export function isUnexpected(status: Status): boolean {
  return status === Status.Fail || status === Status.XPass;
}

/** Why a run of a case failed. A closed set. */
export const FailureKind = {
  /** Standard output, standard error or the exit status differ from the expectation. */
  Transcript: "transcript",
  /** A predicate did not hold. */
  Predicate: "predicate",
  /** Something was left behind after the case (processes, descriptors, pipes, memory…). */
  Leak: "leak",
  /** The program could not be started. */
  Spawn: "spawn",
  /** Every remaining guest thread was blocked forever. */
  Deadlock: "deadlock",
  /** The case ran past the per-case time limit. */
  Timeout: "timeout",
  /** The shim, the platform or the case threw. */
  Crash: "crash",
} as const;
/** {@inheritDoc (FailureKind:variable)} */
export type FailureKind = (typeof FailureKind)[keyof typeof FailureKind];

/** One thing left behind after a case. */
export interface Leak {
  /** What: `processes`, `descriptors`, `pipes`, `futexWaiters`, `openFiles`, `addressSpaces`, or a platform counter. */
  readonly resource: string;
  /** Before the case (processes: the ids). */
  readonly before: string;
  /** After it. */
  readonly after: string;
}

/** What a guest produced. */
export interface Transcript {
  readonly stdout: string;
  readonly stderr: string;
  /** `null` when the program had not ended. */
  readonly exitStatus: number | null;
  /** How the scheduler's run ended (`completed`, `deadlock`, `stopped`, `not-run`). */
  readonly run: string;
}

/** What a failing run looked like. */
export interface Failure {
  readonly kind: FailureKind;
  /** One line. */
  readonly message: string;
  /** The schedule seed of the failing run (`null`: the default round-robin schedule). */
  readonly schedule: number | null;
  /** A unified diff of the expectation against what happened, when there is one. */
  readonly diff?: string;
  readonly leaks?: readonly Leak[];
  /** The shim's diagnostics during the failing run (first lines). */
  readonly trace?: readonly string[];
}

/** One case on one pair. */
export interface CaseResult {
  /** `<suite>/<name>`. */
  readonly caseId: string;
  /** `<shim>:<platform>`. */
  readonly pairId: string;
  readonly status: Status;
  /** Skip reason, or the expected-failure entry's reason (xfail, xpass). */
  readonly reason?: string;
  /** Present for fail and xfail. */
  readonly failure?: Failure;
  /** The transcript of the (first failing, else last) run, for transcript cases. */
  readonly transcript?: Transcript;
  /** How many runs (schedules) were made. */
  readonly runs: number;
  readonly durationMs: number;
}

/** A case as the report describes it. */
export interface CaseInfo {
  readonly id: string;
  readonly suite: string;
  readonly name: string;
  readonly about?: string;
  /** `transcript`, `pair-predicate`, `platform-predicate`, or `unavailable` (a suite that could not load). */
  readonly kind: string;
  /** The expectation in words (predicates), or the default transcript. */
  readonly expectation: string | { readonly stdout: string; readonly stderr: string; readonly exitStatus: number };
  /** Per-personality transcripts, when they differ. */
  readonly byPersonality?: Readonly<Record<string, { readonly stdout: string; readonly stderr: string; readonly exitStatus: number }>>;
}

/** Counts of one pair. */
export type StatusCounts = Readonly<Record<Status, number>>;

/** One shim × platform pair. */
export interface PairInfo {
  readonly id: string;
  readonly shim: string;
  readonly personality: string;
  readonly platform: string;
  readonly platformKind: string;
  readonly counts: StatusCounts;
  readonly durationMs: number;
}

/** A whole run. */
export interface ConformanceReport {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: string; readonly version: string };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly options: {
    readonly seed: number | null;
    readonly schedules: number;
    readonly filters: readonly string[];
    readonly jobs: number;
    readonly expectedFailures: string | null;
  };
  readonly suites: readonly { readonly name: string; readonly title: string }[];
  readonly pairs: readonly PairInfo[];
  readonly cases: readonly CaseInfo[];
  readonly results: readonly CaseResult[];
  /** Expected-failure entries that matched no case of this run (stale or filtered out). */
  readonly unusedExpectedFailures: readonly string[];
  readonly totals: StatusCounts;
  /** True when nothing failed unexpectedly (no `fail`, no `xpass`). */
  readonly ok: boolean;
}

/** Zero counts. */
export function emptyCounts(): Record<Status, number> {
  return { pass: 0, fail: 0, skip: 0, xfail: 0, xpass: 0 };
}
