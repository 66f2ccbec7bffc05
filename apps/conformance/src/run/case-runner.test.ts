import { describe, expect, it } from "vitest";
import type { ConformanceCase, TranscriptCase } from "../model/case";
import { runCase, type CaseRunOptions } from "./case-runner";
import { fakeShim, testPlatformPlugin as platform } from "./fakes.test-helper";

const once: CaseRunOptions = { seed: 3, schedules: [undefined], timeoutMs: 10_000 };
const say: TranscriptCase = {
  kind: "transcript",
  name: "say",
  program: { kind: "named", name: "core/say", args: ["hi"] },
  expected: { stdout: "hi\n", exitStatus: 0 },
};

describe("runCase: transcript cases", () => {
  it("passes when the transcript matches, once per schedule, handing each schedule and the seed to a fresh session", async () => {
    const shim = fakeShim(() => ({ stdout: "hi\n" }));
    const outcome = await runCase(say, { shim, platform }, { ...once, schedules: [undefined, 11, 12] });
    expect(outcome).toEqual({ status: "pass", transcript: { stdout: "hi\n", stderr: "", exitStatus: 0, run: "completed" }, runs: 3 });
    expect(shim.sessions.map((s) => [s.schedule, s.seed])).toEqual([[undefined, 3], [11, 3], [12, 3]]);
  });

  it("fails at the first failing schedule, naming it, with the diff and the shim's trace", async () => {
    const shim = fakeShim((schedule) => (schedule === 12 ? { stdout: "ih\n", trace: "odd" } : { stdout: "hi\n" }));
    const outcome = await runCase(say, { shim, platform }, { ...once, schedules: [11, 12, 13] });
    expect(outcome.status).toBe("fail");
    expect(outcome.runs).toBe(2);
    expect(outcome.failure).toMatchObject({ kind: "transcript", message: "transcript differs: stdout", schedule: 12, trace: ["odd"] });
    expect(outcome.failure?.diff).toContain("-hi\n+ih");
    expect(shim.sessions.length).toBe(2);
  });

  it("reports stderr and exit status differences, and the personality's own expectation", async () => {
    const c: TranscriptCase = { ...say, byPersonality: { other: { stdout: "other\n", exitStatus: 3 } } };
    const wrong = await runCase(c, { shim: fakeShim(() => ({ stdout: "hi\n", stderr: "e", exit: 1 })), platform }, once);
    expect(wrong.failure?.message).toBe("transcript differs: stderr, exit status 1 (expected 0)");
    const other = await runCase(c, { shim: fakeShim(() => ({ stdout: "other\n", exit: 3 }), "other"), platform }, once);
    expect(other.status).toBe("pass");
  });

  it("skips a case for another personality or platform kind, or whose named program the shim lacks", async () => {
    const shim = fakeShim(() => ({}));
    expect(await runCase({ ...say, appliesTo: { personalities: ["posix"] } }, { shim, platform }, once)).toEqual({ status: "skip", reason: "applies to posix shims only", runs: 0 });
    expect(await runCase({ ...say, appliesTo: { platformKinds: ["SharedMemory"] } }, { shim, platform }, once)).toEqual({ status: "skip", reason: "applies to SharedMemory platforms only", runs: 0 });
    const missing: TranscriptCase = { ...say, program: { kind: "named", name: "portable/x", args: [] } };
    expect(await runCase(missing, { shim, platform }, once)).toEqual({ status: "skip", reason: "shim 'fake' does not provide this portable program", runs: 0 });
    expect(shim.sessions).toEqual([]);
  });

  it("a failed spawn, a deadlock, a timeout, a leak and a crash are failures of their kind", async () => {
    const kind = async (behaviour: Parameters<typeof fakeShim>[0], timeoutMs = 10_000) =>
      (await runCase(say, { shim: fakeShim(behaviour), platform }, { ...once, timeoutMs })).failure;
    expect(await kind(() => ({ spawnError: "Load/BadMagic" }))).toMatchObject({ kind: "spawn", message: "cannot start /say: Load/BadMagic" });
    expect(await kind(() => ({ stdout: "hi\n", report: { kind: "deadlock", blocked: [{ threadId: 4, waitingOn: "read" }], instructions: 9 } })))
      .toMatchObject({ kind: "deadlock", message: "deadlock: every thread is blocked (thread 4: read)" });
    expect(await kind(() => ({ hang: true }), 20)).toMatchObject({ kind: "timeout", message: "still running after 20 ms" });
    const leak = await kind(() => ({ stdout: "hi\n", leak: true }));
    expect(leak).toMatchObject({ kind: "leak", message: "leak after the case: descriptors 0 → 2, pipes 0 → 1" });
    expect(await kind(() => ({ throwOnRun: true }))).toMatchObject({ kind: "crash", message: "threw Error: the shim fell over" });
  });

  it("a concrete program is run as given", async () => {
    const c: TranscriptCase = { ...say, program: { kind: "program", program: { path: "/p", argv: ["/p"], files: { read: () => undefined } } } };
    expect((await runCase(c, { shim: fakeShim(() => ({ stdout: "hi\n" })), platform }, once)).status).toBe("pass");
  });
});

describe("runCase: predicate cases", () => {
  const predicate = (check: Extract<ConformanceCase, { kind: "pair-predicate" }>["check"], programs?: string[]): ConformanceCase => ({
    kind: "pair-predicate", name: "p", expectation: "holds", check, ...(programs ? { programs } : {}),
  });

  it("pair predicates: pass, fail with expected and actual, skip, and a leak after a pass", async () => {
    const shim = fakeShim(() => ({}));
    expect(await runCase(predicate(() => ({ kind: "pass" })), { shim, platform }, { ...once, schedules: [1, 2] })).toEqual({ status: "pass", runs: 2 });
    const failed = await runCase(predicate(() => ({ kind: "fail", message: "no", expected: "1", actual: "2" })), { shim, platform }, { ...once, schedules: [5] });
    expect(failed.failure).toEqual({ kind: "predicate", message: "no", schedule: 5, diff: "--- expected\n+++ actual\n-1\n+2" });
    expect(await runCase(predicate(() => ({ kind: "skip", reason: "why" })), { shim, platform }, once)).toEqual({ status: "skip", reason: "why", runs: 0 });
    const leaky = predicate((c) => {
      c.litebox.pipes().openPipe(c.litebox.descriptors().createStorage());
      return { kind: "pass" };
    });
    expect((await runCase(leaky, { shim, platform }, once)).failure?.kind).toBe("leak");
  });

  it("pair predicates see the session's output, and are skipped when a program they need is missing", async () => {
    const shim = fakeShim(() => ({ stdout: "out" }));
    const sees = predicate(async (c) => {
      const program = c.program("core/say", []);
      if (program === undefined || !c.session.spawn(program).ok) return { kind: "fail", message: "spawn" };
      await c.session.run();
      return c.stdout() === "out" ? { kind: "pass" } : { kind: "fail", message: c.stdout() };
    }, ["core/say"]);
    expect((await runCase(sees, { shim, platform }, once)).status).toBe("pass");
    expect(await runCase(predicate(() => ({ kind: "pass" }), ["portable/none"]), { shim, platform }, once)).toEqual({ status: "skip", reason: "shim 'fake' does not provide this portable program", runs: 0 });
  });

  it("platform predicates run once on the platform plugin", async () => {
    const shim = fakeShim(() => ({}));
    const seen: string[] = [];
    const c = (verdict: Awaited<ReturnType<Extract<ConformanceCase, { kind: "platform-predicate" }>["check"]>>): ConformanceCase => ({
      kind: "platform-predicate", name: "q", expectation: "x", check: (p) => (seen.push(p.name), verdict),
    });
    expect(await runCase(c({ kind: "pass" }), { shim, platform }, { ...once, schedules: [1, 2, 3] })).toEqual({ status: "pass", runs: 1 });
    expect(await runCase(c({ kind: "skip", reason: "r" }), { shim, platform }, once)).toEqual({ status: "skip", reason: "r", runs: 0 });
    expect((await runCase(c({ kind: "fail", message: "m" }), { shim, platform }, once)).failure).toEqual({ kind: "predicate", message: "m", schedule: null });
    expect(seen).toEqual(["test", "test", "test"]);
    expect(shim.sessions).toEqual([]);
  });
});
