/**
 * The core suite: LiteBox-level checks run on every pair — PID 1 present, a program spawned, run,
 * exited and reaped with its status, many programs at once, and the descriptor and pipe accounting
 * every shim relies on (RFC §3, §4). They need only the named programs `core/say` and `core/exit`
 * (a shim with nothing but `write` and `exit` passes them all).
 *
 * @module
 */
import { ProcessId, ok, type RunReport } from "@litebox-ts/core";
import type { ConformanceCase, PairContext, Suite, Verdict } from "../model/case";
import { CORE_PROGRAMS } from "../plugins/named-programs";
import { notProvided } from "../run/case-runner";

const PASS: Verdict = { kind: "pass" };

function fail(message: string, expected?: unknown, actual?: unknown): Verdict {
  return {
    kind: "fail",
    message,
    ...(expected === undefined ? {} : { expected: JSON.stringify(expected) }),
    ...(actual === undefined ? {} : { actual: JSON.stringify(actual) }),
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function ids(context: PairContext): number[] {
  return context.litebox.processRegistry().processIds().map(Number);
}

function runEnded(report: RunReport): Verdict | undefined {
  if (report.kind === "completed") return undefined;
  const blocked = report.kind === "deadlock" ? `: ${report.blocked.map((t) => `thread ${t.threadId} waits on ${t.waitingOn}`).join("; ")}` : "";
  return fail(`the run ended with '${report.kind}'${blocked}`, "completed", report.kind);
}

/** Spawns a named program or answers why not. */
function spawnNamed(context: PairContext, name: string, args: readonly string[]) {
  const program = context.program(name, args);
  if (program === undefined) return { verdict: { kind: "skip", reason: notProvided(context.shim.name, name) } as Verdict };
  const spawned = context.session.spawn(program);
  if (!spawned.ok) return { verdict: fail(`spawn of ${name} failed: ${spawned.error.detail}`) };
  return { guest: spawned.value };
}

const initPresent: ConformanceCase = {
  kind: "pair-predicate",
  name: "init-present",
  about: "A new LiteBox with the shim on it holds exactly PID 1, alive and without a parent.",
  expectation: "processIds() = [1]; PID 1 alive; no parent",
  check(context) {
    const registry = context.litebox.processRegistry();
    if (!same(ids(context), [1])) return fail("the registry does not hold exactly PID 1", [1], ids(context));
    if (!registry.isAlive(ProcessId.INIT)) return fail("PID 1 is not alive");
    if (registry.getParent(ProcessId.INIT) !== undefined) return fail("PID 1 has a parent", undefined, registry.getParent(ProcessId.INIT));
    return PASS;
  },
};

const say: ConformanceCase = {
  kind: "transcript",
  name: "say",
  about: "A spawned program's standard output reaches the host and its exit status 0 is reported.",
  program: { kind: "named", name: CORE_PROGRAMS.say, args: ["hello,", "litebox"] },
  expected: { stdout: "hello, litebox\n", exitStatus: 0 },
};

const exitStatus: ConformanceCase = {
  kind: "transcript",
  name: "exit-status",
  about: "A program's exit status reaches the host unchanged.",
  program: { kind: "named", name: CORE_PROGRAMS.exit, args: ["42"] },
  expected: { stdout: "", exitStatus: 42 },
};

const spawnExitReap: ConformanceCase = {
  kind: "pair-predicate",
  name: "spawn-exit-reap",
  about: "RFC §4.1/§4.2: a spawned program is a child of PID 1 with its own address space; after it exits and the host lets go, only PID 1 remains and the space is gone.",
  expectation: "after spawn: [1, child], parent 1, one more address space; after the run: exit 0, [1], address spaces as before",
  programs: [CORE_PROGRAMS.say],
  async check(context) {
    const spacesBefore = context.litebox.platform.resourceStats().addressSpaces;
    const spawned = spawnNamed(context, CORE_PROGRAMS.say, ["reaped"]);
    if (spawned.guest === undefined) return spawned.verdict;
    const during = ids(context);
    if (during.length !== 2 || during[0] !== 1) return fail("after spawn the registry does not hold PID 1 and one child", "[1, child]", during);
    const child = ProcessId.new(during[1]!);
    const parent = child === undefined ? undefined : context.litebox.processRegistry().getParent(child);
    if (parent !== ProcessId.INIT) return fail("the spawned program's parent is not PID 1", 1, parent);
    const spacesDuring = context.litebox.platform.resourceStats().addressSpaces;
    if (spacesDuring !== spacesBefore + 1) return fail("the spawned program does not have one address space of its own", spacesBefore + 1, spacesDuring);
    const ended = runEnded(await context.session.run());
    if (ended) return ended;
    if (spawned.guest.exitStatus() !== 0) return fail("wrong exit status", 0, spawned.guest.exitStatus());
    spawned.guest.release();
    if (!same(ids(context), [1])) return fail("the exited program was not reaped", [1], ids(context));
    const spacesAfter = context.litebox.platform.resourceStats().addressSpaces;
    if (spacesAfter !== spacesBefore) return fail("the exited program's address space was not destroyed", spacesBefore, spacesAfter);
    if (context.stdout() !== "reaped\n") return fail("wrong standard output", "reaped\n", context.stdout());
    return PASS;
  },
};

const CHILDREN = 8;

const manyPrograms: ConformanceCase = {
  kind: "pair-predicate",
  name: "many-programs",
  about: "Eight programs started at once all run to the end on one scheduler, each exit reported, all reaped.",
  expectation: `${CHILDREN} distinct pids; each exits 0; "many\\n" × ${CHILDREN} on standard output; then only PID 1`,
  programs: [CORE_PROGRAMS.say],
  async check(context) {
    const guests = [];
    for (let i = 0; i < CHILDREN; i++) {
      const spawned = spawnNamed(context, CORE_PROGRAMS.say, ["many"]);
      if (spawned.guest === undefined) return spawned.verdict;
      guests.push(spawned.guest);
    }
    const during = ids(context);
    if (during.length !== CHILDREN + 1 || new Set(during).size !== during.length) return fail("the programs do not have distinct pids", CHILDREN + 1, during);
    const ended = runEnded(await context.session.run());
    if (ended) return ended;
    const statuses = guests.map((g) => g.exitStatus());
    if (!statuses.every((s) => s === 0)) return fail("not every program exited with 0", Array<number>(CHILDREN).fill(0), statuses);
    for (const g of guests) g.release();
    if (context.stdout() !== "many\n".repeat(CHILDREN)) return fail("wrong standard output", "many\n".repeat(CHILDREN), context.stdout());
    if (!same(ids(context), [1])) return fail("not every program was reaped", [1], ids(context));
    return PASS;
  },
};

const descriptorAccounting: ConformanceCase = {
  kind: "pair-predicate",
  name: "descriptor-accounting",
  about: "RFC §3.1: an entry lives while any slot in any storage refers to it; duplication across storages shares it; the last close frees it.",
  expectation: "open pipe: +2 entries, +1 pipe; duplicate into another storage: no new entry; close all: back to before",
  check(context) {
    const descriptors = context.litebox.descriptors();
    const pipes = context.litebox.pipes();
    const entries0 = descriptors.liveEntryCount;
    const pipes0 = pipes.livePipeCount;
    const a = descriptors.createStorage();
    const b = descriptors.createStorage();
    const opened = pipes.openPipe(a);
    if (!opened.ok) return fail("openPipe failed", "ok", opened.error);
    const { readFd, writeFd, readEnd } = opened.value;
    // Read the counters through functions: they change behind TypeScript's narrowing.
    const readers = (): number => readEnd.readerCount;
    const writers = (): number => readEnd.writerCount;
    if (descriptors.liveEntryCount !== entries0 + 2) return fail("a new pipe is not two live entries", entries0 + 2, descriptors.liveEntryCount);
    if (pipes.livePipeCount !== pipes0 + 1) return fail("a new pipe is not one live pipe", pipes0 + 1, pipes.livePipeCount);
    const dup = descriptors.duplicateDescriptor(a, readFd, b);
    if (!dup.ok) return fail("duplicateDescriptor failed", "ok", dup.error);
    if (descriptors.liveEntryCount !== entries0 + 2) return fail("a duplicate made a new entry", entries0 + 2, descriptors.liveEntryCount);
    if (readers() !== 2) return fail("the read end does not count both slots", 2, readers());
    a.close(readFd);
    if (descriptors.liveEntryCount !== entries0 + 2 || readers() !== 1) return fail("closing one of two slots freed the entry", [entries0 + 2, 1], [descriptors.liveEntryCount, readers()]);
    a.close(writeFd);
    if (writers() !== 0 || descriptors.liveEntryCount !== entries0 + 1) return fail("closing the only write slot did not free its entry", [entries0 + 1, 0], [descriptors.liveEntryCount, writers()]);
    b.closeAll();
    if (descriptors.liveEntryCount !== entries0) return fail("entries left after every slot closed", entries0, descriptors.liveEntryCount);
    if (pipes.livePipeCount !== pipes0) return fail("the pipe outlived every slot", pipes0, pipes.livePipeCount);
    return PASS;
  },
};

const pipeAccounting: ConformanceCase = {
  kind: "pair-predicate",
  name: "pipe-accounting",
  about: "RFC §3.2: data written before the last writer closed is read, then end of file; the pipe is freed with its last end.",
  expectation: 'write "abc", close the write end: read "abc", then 0 (EOF); close the read end: the pipe is gone',
  check(context) {
    const pipes = context.litebox.pipes();
    const pipes0 = pipes.livePipeCount;
    const storage = context.litebox.descriptors().createStorage();
    const opened = pipes.openPipe(storage, { nonBlocking: true });
    if (!opened.ok) return fail("openPipe failed", "ok", opened.error);
    const { readFd, writeFd, readEnd, writeEnd } = opened.value;
    const wrote = writeEnd.write(new TextEncoder().encode("abc"), { nonBlocking: true });
    if (wrote instanceof Promise || !wrote.ok || wrote.value !== 3) return fail("a 3-byte write into an empty pipe did not complete at once", ok(3), wrote instanceof Promise ? "Promise" : wrote);
    storage.close(writeFd);
    if (pipes.livePipeCount !== pipes0 + 1) return fail("the pipe died while its read end is open", pipes0 + 1, pipes.livePipeCount);
    const buffer = new Uint8Array(8);
    const first = readEnd.read(buffer, { nonBlocking: true });
    if (first instanceof Promise || !first.ok || first.value !== 3) return fail("the data written before the close was not read", ok(3), first instanceof Promise ? "Promise" : first);
    const second = readEnd.read(buffer, { nonBlocking: true });
    if (second instanceof Promise || !second.ok || second.value !== 0) return fail("no end of file after the last writer closed", ok(0), second instanceof Promise ? "Promise" : second);
    storage.close(readFd);
    if (pipes.livePipeCount !== pipes0) return fail("the pipe outlived both ends", pipes0, pipes.livePipeCount);
    return PASS;
  },
};

/** The core cases, in run order. */
export const coreCases: readonly ConformanceCase[] = [initPresent, say, exitStatus, spawnExitReap, manyPrograms, descriptorAccounting, pipeAccounting];

/** The core suite. */
export const coreSuite: Suite = {
  name: "core",
  title: "LiteBox-level checks on every pair: PID 1, spawn/exit/reap, descriptor and pipe accounting",
  cases: () => ok(coreCases),
};
