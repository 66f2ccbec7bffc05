// Model-based property test of the core's subsystems together (acceptance 2): random sequences of
// process, descriptor, pipe and futex operations on a LiteBox, each compared with a small reference
// model and followed by a full invariant check (see test/model/world.ts for the invariants).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PIPE_SUBSYSTEM } from "../src/index";
import { branchHits, commandArbitrary } from "./model/commands";
import { checkInvariants, drainAndTearDown, setupWorlds, type Model } from "./model/world";

const RUNS_PER_PLATFORM = 400;
const MAX_COMMANDS = 60;

describe.each(["Isolated", "SharedMemory"] as const)("the core against its model (%s platform)", (kind) => {
  it("keeps every invariant over random operation sequences, and loses nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands([commandArbitrary], { maxCommands: MAX_COMMANDS, size: "max" }), async (commands) => {
        const { model, real } = setupWorlds(kind);
        await fc.asyncModelRun(() => ({ model, real }), commands);
        await drainAndTearDown(model, real);
      }),
      { numRuns: RUNS_PER_PLATFORM },
    );
  });
});

// Runs after both platforms' properties (vitest runs a file's tests in order): the runs must have
// reached every branch the invariants are about, or passing them would prove little.
it("reached every interesting branch", () => {
  const expected = [
    "create: created", "create: no such parent", "exit: refused", "exit: orphans reparented", "exit: orphans detached",
    "exit: parent notified", "abort: aborted", "abort: AbortProcessHasChildren", "abort: AbortProcessNotRunning",
    "abort: AbortProcessUnknown", "remove: removed", "remove: RemoveProcessRunning", "remove: RemoveProcessUnknown",
    "dup: across processes", "dup2: replaced an open number",
    "write: landed at once", "write: would block", "write: blocked", "write: blocked, then landed",
    "write: blocked, then broken pipe", "write: broken pipe",
    "read: data", "read: EOF", "read: would block", "read: blocked", "read: blocked, then data", "read: blocked, then EOF",
    "futex wait: mismatch", "futex wait: blocked", "futex wake: woke some", "futex wake: left eligible waiters",
    "futex wake: skipped by bitset", "futex wake: same guest address, other space",
  ];
  expect(expected.filter((branch) => (branchHits.get(branch) ?? 0) === 0)).toEqual([]);
});

// The invariant checker must itself be able to fail: each case corrupts one side behind the model's
// back and expects the check to notice.
describe("the invariant checker", () => {
  function worldWithPipe(): ReturnType<typeof setupWorlds> & { model: Model } {
    const worlds = setupWorlds("Isolated");
    const { model, real } = worlds;
    const init = [...model.processes.keys()][0]!;
    const storage = real.storages.get(init)!;
    const opened = real.box.pipes().openPipe(storage);
    if (!opened.ok) throw new Error("openPipe failed");
    const read = storage.get(opened.value.readFd, PIPE_SUBSYSTEM);
    const write = storage.get(opened.value.writeFd, PIPE_SUBSYSTEM);
    if (!read.ok || !write.ok) throw new Error("pipe ends not found");
    model.slots.get(init)!.set(opened.value.readFd, { entry: 1, pipe: 0, end: "read" });
    model.slots.get(init)!.set(opened.value.writeFd, { entry: 2, pipe: 0, end: "write" });
    real.entries.set(1, read.value);
    real.entries.set(2, write.value);
    model.nextEntry = 3;
    real.pipes.push(opened.value);
    model.pipes.push({ landed: [], read: [], pendingWrites: [], pendingReads: [], writes: 0 });
    checkInvariants(model, real);
    return worlds;
  }

  it("accepts a consistent pair of worlds", () => {
    expect(() => worldWithPipe()).not.toThrow();
  });

  it("notices a write end duplicated behind the model's back (writer count, refCount)", () => {
    const { model, real } = worldWithPipe();
    const storage = [...real.storages.values()][0]!;
    real.box.descriptors().duplicateDescriptor(storage, 1, real.box.descriptors().createStorage());
    expect(() => checkInvariants(model, real)).toThrow(/reader\/writer counts|refCount/);
  });

  it("notices a process created behind the model's back", () => {
    const { model, real } = worldWithPipe();
    const [init] = model.processes.keys();
    real.box.processRegistry().createProcess(init);
    expect(() => checkInvariants(model, real)).toThrow(/process table/);
  });

  it("notices bytes that entered a pipe without the model knowing", () => {
    const { model, real } = worldWithPipe();
    void real.pipes[0]!.writeEnd.write(new Uint8Array([1, 2, 3]));
    expect(() => checkInvariants(model, real)).toThrow(/buffered/);
  });

  it("notices a byte read differently from how it was written", () => {
    const { model, real } = worldWithPipe();
    model.pipes[0]!.landed.push(7);
    model.pipes[0]!.read.push(8);
    expect(() => checkInvariants(model, real)).toThrow(/byte 0/);
  });

  it("notices a futex waiter the model does not know", () => {
    const { model, real } = worldWithPipe();
    void real.box.futexManager().wait(1, 0x2000, 0, { readWord: () => ({ ok: true, value: 0 }) });
    expect(() => checkInvariants(model, real)).toThrow(/futex waiters/);
  });
});
