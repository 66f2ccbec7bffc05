// RFC §4.1 (acceptance 3): creating a child is a shim-level composition — create_process, create an
// address space, duplicate descriptors, populate memory, bind the ids — and a failure at any step is
// rolled back with abortProcess and destroyAddressSpace. After the rollback the registry, the
// descriptor table and every pipe's counts must be exactly what they were before.
import { describe, expect, it } from "vitest";
import {
  AddressSpaceError,
  DescriptorError,
  LiteBox,
  PAGE_SIZE,
  PageError,
  Prot,
  ProcessId,
  SharedMemoryTestPlatform,
  TestPlatform,
  reparentOrphansToInit,
  type OpenedPipe,
  type RawDescriptorStorage,
} from "../src/index";

type Step = "createAddressSpace" | "duplicateDescriptors" | "populateMemory";

interface Fixture {
  readonly box: LiteBox<TestPlatform>;
  readonly platform: TestPlatform;
  readonly parentStorage: RawDescriptorStorage;
  readonly pipes: readonly OpenedPipe[];
  /** The three parent descriptors the child inherits: both ends of pipe 0 and the write end of pipe 1. */
  readonly inherited: readonly number[];
}

function fixture(platform: TestPlatform): Fixture {
  const box = new LiteBox(platform);
  const parentStorage = box.descriptors().createStorage();
  const pipes = [0, 1, 2].map(() => {
    const opened = box.pipes().openPipe(parentStorage);
    if (!opened.ok) throw new Error("openPipe failed");
    return opened.value;
  });
  // A sibling that already exists, so the parent's child list is not trivially empty.
  const sibling = box.processRegistry().createProcess(ProcessId.INIT);
  if (!sibling.ok) throw new Error("createProcess failed");
  const inherited = [pipes[0]!.readFd, pipes[0]!.writeFd, pipes[1]!.writeFd];
  return { box, platform, parentStorage, pipes, inherited };
}

/** Everything the rollback must restore, as plain data. */
function snapshot(f: Fixture): unknown {
  const registry = f.box.processRegistry();
  return {
    processIds: registry.processIds(),
    processCount: registry.processCount(),
    contexts: registry.processIds().map((pid) => registry.withContext(pid, (c) => ({ ...c }))),
    childrenOfInit: registry.getChildren(ProcessId.INIT),
    liveEntries: f.box.descriptors().liveEntries().map((e) => ({ id: e.id, refCount: e.refCount, accessMode: e.accessMode })),
    liveEntryCount: f.box.descriptors().liveEntryCount,
    parentSlots: f.parentStorage.slots().map((s) => ({ fd: s.fd, entry: s.entry.id, flags: s.flags })),
    pipes: f.pipes.map((p) => ({
      readers: p.readEnd.readerCount,
      writers: p.readEnd.writerCount,
      writeEndReaders: p.writeEnd.readerCount,
      writeEndWriters: p.writeEnd.writerCount,
      available: p.readEnd.available,
      readEvents: p.readEnd.pollEvents(),
      writeEvents: p.writeEnd.pollEvents(),
    })),
    livePipes: f.box.pipes().livePipeCount,
    addressSpaces: f.platform.liveAddressSpaces,
    mappedPages: f.platform.mappedPages,
  };
}

/** The four fallible steps of RFC §4.1, failing at `failAt`; returns what was built, for the rollback. */
function spawnChild(f: Fixture, failAt: Step | undefined): {
  child: ProcessId;
  space: number | undefined;
  childStorage: RawDescriptorStorage;
  failed: Step | undefined;
} {
  const registry = f.box.processRegistry();
  // Step 1: allocate the PID.
  const created = registry.createProcess(ProcessId.INIT);
  if (!created.ok) throw new Error("createProcess failed");
  const child = created.value;
  const childStorage = f.box.descriptors().createStorage(failAt === "duplicateDescriptors" ? { limit: 2 } : {});

  // Step 2: the address space.
  if (failAt === "createAddressSpace") f.platform.failOnCall("createAddressSpace");
  const space = f.platform.createAddressSpace();
  if (!space.ok) {
    expect(space.error).toBe(AddressSpaceError.NoSpace);
    return { child, space: undefined, childStorage, failed: "createAddressSpace" };
  }

  // Step 3: the descriptors, at the parent's numbers as fork does (a limit of 2 refuses number 3).
  for (const fd of f.inherited) {
    const dup = f.box.descriptors().duplicateDescriptor(f.parentStorage, fd, childStorage, { target: { kind: "exact", fd } });
    if (!dup.ok) {
      expect(dup.error).toBe(DescriptorError.OutOfRange);
      return { child, space: space.value, childStorage, failed: "duplicateDescriptors" };
    }
  }

  // Step 4: populate memory — text mapped fine, then the data segment runs out of memory.
  expect(f.platform.mapPages(space.value, 0x10000, 2 * PAGE_SIZE, Prot.Read | Prot.Exec)).toEqual({ ok: true, value: undefined });
  if (failAt === "populateMemory") f.platform.failOnCall("mapPages");
  const data = f.platform.mapPages(space.value, 0x20000, PAGE_SIZE, Prot.Read | Prot.Write);
  if (!data.ok) {
    expect(data.error).toBe(PageError.NoMemory);
    return { child, space: space.value, childStorage, failed: "populateMemory" };
  }
  return { child, space: space.value, childStorage, failed: undefined };
}

/** The rollback of RFC §4.1: close the child's descriptors, abort the PID, destroy the space. */
function rollBack(f: Fixture, built: ReturnType<typeof spawnChild>): void {
  built.childStorage.closeAll();
  f.box.processRegistry().abortProcess(built.child);
  if (built.space !== undefined) expect(f.platform.destroyAddressSpace(built.space)).toEqual({ ok: true, value: undefined });
}

describe.each([
  ["Isolated", (): TestPlatform => new TestPlatform()],
  ["SharedMemory", (): TestPlatform => new SharedMemoryTestPlatform()],
] as const)("RFC §4.1 child creation on the %s test platform", (_kind, makePlatform) => {
  it("a failure at step 4 (populate memory), rolled back, leaves registry, descriptors and pipes exactly as before", () => {
    const f = fixture(makePlatform());
    const before = snapshot(f);
    const built = spawnChild(f, "populateMemory");
    expect(built.failed).toBe("populateMemory");

    // The half-built child is visible, so the comparison below is not vacuous.
    const registry = f.box.processRegistry();
    expect(registry.getChildren(ProcessId.INIT)).toContain(built.child);
    expect(f.pipes[0]!.readEnd.readerCount).toBe(2);
    expect(f.pipes[0]!.writeEnd.writerCount).toBe(2);
    expect(f.pipes[1]!.writeEnd.writerCount).toBe(2);
    expect(f.platform.mappedPages).toBeGreaterThan(0);
    expect(snapshot(f)).not.toEqual(before);

    rollBack(f, built);
    expect(snapshot(f)).toEqual(before);
    expect(registry.withContext(built.child, (c) => c)).toBeUndefined();
    expect(registry.isAlive(built.child)).toBe(false);
    expect(registry.getParent(built.child)).toBeUndefined();
    expect(registry.getChildren(ProcessId.INIT)).not.toContain(built.child);
    expect(built.childStorage.count).toBe(0);
  });

  it.each(["createAddressSpace", "duplicateDescriptors"] as const)("a failure at %s is rolled back just as completely", (step) => {
    const f = fixture(makePlatform());
    const before = snapshot(f);
    const built = spawnChild(f, step);
    expect(built.failed).toBe(step);
    rollBack(f, built);
    expect(snapshot(f)).toEqual(before);
  });

  it("the pipes still work across the rollback: the parent alone keeps them open, and EOF follows its close", () => {
    const f = fixture(makePlatform());
    rollBack(f, spawnChild(f, "populateMemory"));
    const pipe = f.pipes[0]!;
    expect(pipe.writeEnd.write(new Uint8Array([1, 2, 3]))).toEqual({ ok: true, value: 3 });
    f.parentStorage.close(pipe.writeFd);
    const dest = new Uint8Array(8);
    expect(pipe.readEnd.read(dest)).toEqual({ ok: true, value: 3 });
    expect(pipe.readEnd.read(dest)).toEqual({ ok: true, value: 0 });
  });

  it("a child that is built, runs and exits is undone by the RFC §4.2 path (close all, exit, remove, destroy)", () => {
    const f = fixture(makePlatform());
    const before = snapshot(f);
    const built = spawnChild(f, undefined);
    expect(built.failed).toBeUndefined();
    const registry = f.box.processRegistry();
    built.childStorage.closeAll();
    expect(registry.exitProcess(built.child, 0, reparentOrphansToInit)).toEqual({ parentPid: ProcessId.INIT, childPid: built.child, exitStatus: 0 });
    registry.removeProcess(built.child);
    expect(f.platform.destroyAddressSpace(built.space!)).toEqual({ ok: true, value: undefined });
    expect(snapshot(f)).toEqual(before);
  });
});
