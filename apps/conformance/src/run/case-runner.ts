/**
 * Runs one case on one pair: decides whether it applies, then runs it once per schedule — each run
 * on a fresh platform and LiteBox with the shim created on it — checks the expectation, then checks
 * for leaks. The first failing schedule decides the outcome (its seed is reported, so the failure
 * reproduces with `--seed <it>`).
 *
 * @module
 */
import { LiteBox, type RunReport } from "@litebox-ts/core";
import { loadElf } from "@litebox-ts/riscv";
import { applicabilityReason, expectationFor, type ConformanceCase, type PairContext, type TranscriptCase, type Verdict } from "../model/case";
import { FailureKind, Status, type Failure, type Transcript } from "../model/result";
import type { AnyLiteBox, GuestProgram, PlatformPlugin, ShimPlugin, ShimSession } from "../plugin/types";
import { describeLeaks, leaksBetween, snapshot } from "./leaks";
import { OutputCollector, transcriptDiff, transcriptMatches } from "./transcript";

/** The two plugins of a pair. */
export interface PairPlugins {
  readonly shim: ShimPlugin;
  readonly platform: PlatformPlugin;
}

/** How to run cases. */
export interface CaseRunOptions {
  /** Seed of the guests' randomness. */
  readonly seed: number;
  /** One run per entry: a schedule seed, or `undefined` for the default round-robin schedule. */
  readonly schedules: readonly (number | undefined)[];
  /** Per-run limit in milliseconds, enforced by stopping the scheduler when it next yields. */
  readonly timeoutMs: number;
}

/** A case's outcome before the expected-failures file is applied. */
export interface RawOutcome {
  readonly status: typeof Status.Pass | typeof Status.Fail | typeof Status.Skip;
  readonly reason?: string;
  readonly failure?: Failure;
  readonly transcript?: Transcript;
  readonly runs: number;
}

const MAX_TRACE = 40;

/**
 * The skip reason for a named program a shim does not provide: one wording per shim and kind of
 * program (the case's row already names the program), so the matrix needs one note, not one per case.
 */
export function notProvided(shim: string, program: string): string {
  const kind = program.includes("/") ? program.slice(0, program.indexOf("/")) : program;
  return `shim '${shim}' does not provide this ${kind} program`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** One run's frame: fresh platform, LiteBox, collectors and shim session, with a guarded `run`. */
interface Frame {
  readonly litebox: AnyLiteBox;
  readonly session: ShimSession;
  readonly stdout: OutputCollector;
  readonly stderr: OutputCollector;
  readonly trace: string[];
  timedOut: boolean;
}

function openFrame(pair: PairPlugins, options: CaseRunOptions, schedule: number | undefined): Frame {
  const litebox = new LiteBox(pair.platform.create()) as AnyLiteBox;
  const stdout = new OutputCollector();
  const stderr = new OutputCollector();
  const trace: string[] = [];
  const inner = pair.shim.createSession(litebox, {
    stdout: stdout.write,
    stderr: stderr.write,
    trace: (line) => void (trace.length < MAX_TRACE && trace.push(line)),
    seed: options.seed,
    schedule,
    loadImage: loadElf,
  });
  const frame: Frame = {
    litebox,
    stdout,
    stderr,
    trace,
    timedOut: false,
    session: {
      spawn: (program) => inner.spawn(program),
      stop: () => inner.stop(),
      async run(): Promise<RunReport> {
        const timer = setTimeout(() => {
          frame.timedOut = true;
          inner.stop();
        }, options.timeoutMs);
        try {
          return await inner.run();
        } finally {
          clearTimeout(timer);
        }
      },
    },
  };
  return frame;
}

function failure(kind: Failure["kind"], message: string, schedule: number | undefined, extra: Partial<Failure> = {}): Failure {
  return { kind, message, schedule: schedule ?? null, ...extra };
}

/** Leak-checks a frame after the case body; `undefined` when nothing leaked. */
function leakFailure(frame: Frame, before: ReturnType<typeof snapshot>, schedule: number | undefined): Failure | undefined {
  const leaks = leaksBetween(before, snapshot(frame.litebox));
  if (leaks.length === 0) return undefined;
  return failure(FailureKind.Leak, `leak after the case: ${describeLeaks(leaks)}`, schedule, { leaks, ...(frame.trace.length ? { trace: frame.trace } : {}) });
}

interface RunOnce {
  readonly failure?: Failure;
  readonly transcript?: Transcript;
}

async function transcriptOnce(testCase: TranscriptCase, program: GuestProgram, pair: PairPlugins, options: CaseRunOptions, schedule: number | undefined): Promise<RunOnce> {
  const frame = openFrame(pair, options, schedule);
  const before = snapshot(frame.litebox);
  const spawned = frame.session.spawn(program);
  if (!spawned.ok) return { failure: failure(FailureKind.Spawn, `cannot start ${program.path}: ${spawned.error.detail}`, schedule) };
  const report = await frame.session.run();
  const exitStatus = spawned.value.exitStatus();
  spawned.value.release();
  const transcript: Transcript = { stdout: frame.stdout.text(), stderr: frame.stderr.text(), exitStatus: exitStatus ?? null, run: report.kind };
  const expected = expectationFor(testCase, pair.shim.personality);
  const trace = frame.trace.length ? { trace: frame.trace } : {};
  const diff = transcriptDiff(expected, transcript);
  const withDiff = diff === "" ? trace : { ...trace, diff };
  if (frame.timedOut) return { transcript, failure: failure(FailureKind.Timeout, `still running after ${options.timeoutMs} ms`, schedule, withDiff) };
  if (report.kind === "deadlock") {
    const blocked = report.blocked.map((t) => `thread ${t.threadId}: ${t.waitingOn}`).join("; ");
    return { transcript, failure: failure(FailureKind.Deadlock, `deadlock: every thread is blocked (${blocked})`, schedule, withDiff) };
  }
  if (!transcriptMatches(expected, transcript)) {
    const parts = [
      transcript.stdout !== expected.stdout ? "stdout" : "",
      transcript.stderr !== (expected.stderr ?? "") ? "stderr" : "",
      transcript.exitStatus !== expected.exitStatus ? `exit status ${transcript.exitStatus ?? "none"} (expected ${expected.exitStatus})` : "",
    ].filter((p) => p !== "");
    return { transcript, failure: failure(FailureKind.Transcript, `transcript differs: ${parts.join(", ")}`, schedule, withDiff) };
  }
  const leak = leakFailure(frame, before, schedule);
  return leak ? { transcript, failure: leak } : { transcript };
}

async function predicateOnce(check: (context: PairContext) => Verdict | Promise<Verdict>, pair: PairPlugins, options: CaseRunOptions, schedule: number | undefined): Promise<RunOnce & { skip?: string }> {
  const frame = openFrame(pair, options, schedule);
  const before = snapshot(frame.litebox);
  const context: PairContext = {
    litebox: frame.litebox,
    session: frame.session,
    shim: pair.shim,
    platform: pair.platform,
    stdout: () => frame.stdout.text(),
    program: (name, args) => pair.shim.program(name, args),
  };
  const verdict = await check(context);
  const trace = frame.trace.length ? { trace: frame.trace } : {};
  if (frame.timedOut) return { failure: failure(FailureKind.Timeout, `still running after ${options.timeoutMs} ms`, schedule, trace) };
  if (verdict.kind === "skip") return { skip: verdict.reason };
  if (verdict.kind === "fail") {
    const diff = verdict.expected !== undefined || verdict.actual !== undefined ? { diff: `--- expected\n+++ actual\n-${verdict.expected ?? ""}\n+${verdict.actual ?? ""}` } : {};
    return { failure: failure(FailureKind.Predicate, verdict.message, schedule, { ...trace, ...diff }) };
  }
  const leak = leakFailure(frame, before, schedule);
  return leak ? { failure: leak } : {};
}

/** Runs `testCase` on `pair` under every schedule of `options`. */
export async function runCase(testCase: ConformanceCase, pair: PairPlugins, options: CaseRunOptions): Promise<RawOutcome> {
  const notApplicable = applicabilityReason(testCase.appliesTo, pair.shim, pair.platform);
  if (notApplicable !== undefined) return { status: Status.Skip, reason: notApplicable, runs: 0 };
  try {
    if (testCase.kind === "platform-predicate") {
      const verdict = await testCase.check(pair.platform);
      if (verdict.kind === "pass") return { status: Status.Pass, runs: 1 };
      if (verdict.kind === "skip") return { status: Status.Skip, reason: verdict.reason, runs: 0 };
      const diff = verdict.expected !== undefined || verdict.actual !== undefined ? { diff: `--- expected\n+++ actual\n-${verdict.expected ?? ""}\n+${verdict.actual ?? ""}` } : {};
      return { status: Status.Fail, failure: failure(FailureKind.Predicate, verdict.message, undefined, diff), runs: 1 };
    }
    if (testCase.kind === "transcript") {
      let program: GuestProgram | undefined;
      if (testCase.program.kind === "named") {
        program = pair.shim.program(testCase.program.name, testCase.program.args);
        if (program === undefined) return { status: Status.Skip, reason: notProvided(pair.shim.name, testCase.program.name), runs: 0 };
      } else {
        program = testCase.program.program;
      }
      let last: RunOnce = {};
      let runs = 0;
      for (const schedule of options.schedules) {
        runs++;
        last = await transcriptOnce(testCase, program, pair, options, schedule);
        if (last.failure) return { status: Status.Fail, failure: last.failure, ...(last.transcript ? { transcript: last.transcript } : {}), runs };
      }
      return { status: Status.Pass, ...(last.transcript ? { transcript: last.transcript } : {}), runs };
    }
    const pairCase = testCase;
    for (const name of pairCase.programs ?? []) {
      if (pair.shim.program(name, []) === undefined) return { status: Status.Skip, reason: notProvided(pair.shim.name, name), runs: 0 };
    }
    let runs = 0;
    for (const schedule of options.schedules) {
      runs++;
      const once = await predicateOnce((c) => pairCase.check(c), pair, options, schedule);
      if (once.skip !== undefined) return { status: Status.Skip, reason: once.skip, runs: 0 };
      if (once.failure) return { status: Status.Fail, failure: once.failure, runs };
    }
    return { status: Status.Pass, runs };
  } catch (e) {
    return { status: Status.Fail, failure: failure(FailureKind.Crash, `threw ${errorText(e)}`, undefined), runs: 1 };
  }
}
