/**
 * The worked example of packages/core/README.md, compiled and run. The code between the
 * `example:start` / `example:end` markers is the README's code block, word for word (the test
 * checks it), except that the README imports from "@litebox-ts/core" and this file from "./index".
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PipeReadEnd, PipeWriteEnd } from "./index";
// example:start
import {
  DescriptorTarget,
  Events,
  LiteBox,
  PIPE_SUBSYSTEM,
  Prot,
  ProcessId,
  TestPlatform,
  WOULD_BLOCK,
  WaitContext,
  err,
  isWaitFailure,
  ok,
  reparentOrphansToInit,
  type ExitNotification,
  type RawDescriptorStorage,
  type Result,
} from "./index";

/** What this toy shim keeps per process beside the core's minimal record (RFC §1.2). */
interface ShimProcess {
  readonly pid: ProcessId;
  readonly space: number; // the platform's address-space id: the binding is the shim's (RFC §4.1 step 5)
  readonly fds: RawDescriptorStorage;
}

/** Why a spawn failed: a closed set, mapped to errno / NTSTATUS by a real shim. */
type SpawnError = "NoSuchParent" | "NoSpace" | "TooManyDescriptors" | "NoMemory";

const litebox = new LiteBox(new TestPlatform());
const processes = new Map<ProcessId, ShimProcess>();

/** RFC §4.1: create a child of `parent` running `image`, all or nothing. */
function spawn(parent: ShimProcess, image: Uint8Array): Result<ShimProcess, SpawnError> {
  const registry = litebox.processRegistry();
  const platform = litebox.platform;

  // 1. Allocate a PID.
  const pid = registry.createProcess(parent.pid);
  if (!pid.ok) return err("NoSuchParent");

  // 2. Create the memory context.
  const space = platform.createAddressSpace();
  if (!space.ok) {
    registry.abortProcess(pid.value);
    return err("NoSpace");
  }
  const fds = litebox.descriptors().createStorage();
  const rollback = <E extends SpawnError>(error: E): Result<never, E> => {
    fds.closeAll(); // fires on_close for every duplicate made so far
    platform.destroyAddressSpace(space.value); // rolls back step 2
    registry.abortProcess(pid.value); // rolls back step 1
    return err(error);
  };

  // 3. Duplicate the standard descriptors into the child, at the same numbers (fork inheritance).
  for (const fd of [0, 1, 2]) {
    const dup = litebox.descriptors().duplicateDescriptor(parent.fds, fd, fds, {
      target: DescriptorTarget.exact(fd),
      flags: "inherit",
    });
    if (!dup.ok && dup.error !== "NotFound") return rollback("TooManyDescriptors");
  }

  // 4. Populate memory: here, load `image` read-only and executable at the bottom of the range.
  const range = platform.addressSpaceRange(space.value);
  if (!range.ok) return rollback("NoSpace");
  const mapped = platform.mapPages(space.value, range.value.start, image.length, Prot.Read | Prot.Exec);
  if (!mapped.ok) return rollback("NoMemory");
  if (platform.writeBytes(space.value, range.value.start, image, { force: true })) return rollback("NoMemory");

  // 5. Bind the ProcessId to its address space and descriptors, in the shim's own state.
  const child: ShimProcess = { pid: pid.value, space: space.value, fds };
  processes.set(child.pid, child);
  return ok(child);
}

/** RFC §4.2: a process exits. Returns whom to tell (POSIX: SIGCHLD to the parent). */
function exit(process: ShimProcess, status: number): ExitNotification | undefined {
  // The core does not close descriptors on exit: the shim does, so pipe counts stay right.
  process.fds.closeAll();
  // POSIX policy: orphans are reparented to init (an NT shim would pass `detachOrphans`).
  const notification = litebox.processRegistry().exitProcess(process.pid, status, reparentOrphansToInit);
  litebox.platform.destroyAddressSpace(process.space); // a zombie needs no memory
  return notification;
}

/** Waits until `child` has exited, then reaps it: returns its status and frees its PID. */
async function reap(child: ProcessId): Promise<number> {
  const registry = litebox.processRegistry();
  const observer = registry.exitObserver(child);
  if (observer === undefined) throw new Error(`no process ${child}`);
  const status = await new WaitContext(litebox.platform.time).waitOnEvents(
    [{ pollable: observer, interest: Events.IN }],
    () => registry.withContext(child, (c) => (c.state.kind === "Exited" ? c.state.status : WOULD_BLOCK)) ?? WOULD_BLOCK,
  );
  if (isWaitFailure(status)) throw new Error("unreachable: this wait has neither deadline nor interrupt");
  registry.removeProcess(child);
  processes.delete(child);
  return status;
}
// example:end

/** Init's shim state: a pipe whose write end is its stdout and stderr, its read end stdin. */
function setUpInit(): { init: ShimProcess; readEnd: number } {
  const space = litebox.platform.createAddressSpace();
  if (!space.ok) throw new Error("no space");
  const fds = litebox.descriptors().createStorage();
  const pipe = litebox.pipes().openPipe(fds);
  if (!pipe.ok) throw new Error("no pipe");
  // stdin (0) is the read end; stdout (1) the write end; stderr (2) a duplicate of it.
  expect([pipe.value.readFd, pipe.value.writeFd]).toEqual([0, 1]);
  expect(litebox.descriptors().duplicateDescriptor(fds, 1, fds, { target: DescriptorTarget.exact(2) })).toEqual({ ok: true, value: 2 });
  // Init keeps a second reference to the read end, at 3, to read what its children write.
  expect(litebox.descriptors().duplicateDescriptor(fds, 0)).toEqual({ ok: true, value: 3 });
  const init: ShimProcess = { pid: ProcessId.INIT, space: space.value, fds };
  processes.set(init.pid, init);
  return { init, readEnd: 3 };
}

/** The read end behind `fd` of `storage`. */
function readEndAt(storage: RawDescriptorStorage, fd: number): PipeReadEnd {
  const entry = storage.get(fd, PIPE_SUBSYSTEM);
  if (!entry.ok || !(entry.value.object instanceof PipeReadEnd)) throw new Error(`${fd} is not a pipe read end`);
  return entry.value.object;
}

function state(init: ShimProcess): unknown {
  const pipe = readEndAt(init.fds, 3);
  return {
    pids: litebox.processRegistry().processIds(),
    running: litebox.processRegistry().processCount(),
    entries: litebox.descriptors().liveEntryCount,
    readers: pipe.readerCount,
    writers: pipe.writerCount,
    spaces: litebox.platform.liveAddressSpaces,
    pages: litebox.platform.mappedPages,
  };
}

describe("README worked example", () => {
  it("is the README's code block, word for word", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const block = /<!-- example:start -->\n```ts\n([\s\S]*?)```\n<!-- example:end -->/.exec(readme)?.[1];
    const source = readFileSync(new URL(import.meta.url), "utf8");
    const code = /\/\/ example:start\n([\s\S]*?)\/\/ example:end\n/.exec(source)?.[1];
    expect(code).toBeDefined();
    expect(block).toBe(code!.replace('} from "./index";', '} from "@litebox-ts/core";'));
  });

  it("spawns a child, lets it write to the inherited pipe, exits and reaps it", async () => {
    const { init, readEnd } = setUpInit();
    const image = Uint8Array.from([0x73, 0, 0, 0]); // an ecall
    const spawned = spawn(init, image);
    if (!spawned.ok) throw new Error(spawned.error);
    const child = spawned.value;
    expect(litebox.processRegistry().getParent(child.pid)).toBe(ProcessId.INIT);
    const pipe = readEndAt(init.fds, readEnd);
    expect(pipe.writerCount).toBe(4); // init's 1 and 2, the child's 1 and 2

    // Init drops its own write ends, so only the child holds the pipe open for writing.
    init.fds.close(1);
    init.fds.close(2);
    const out = child.fds.get(1, PIPE_SUBSYSTEM);
    if (!out.ok || !(out.value.object instanceof PipeWriteEnd)) throw new Error("stdout is not a pipe's write end");
    expect(out.value.object.write(new TextEncoder().encode("hi"))).toEqual({ ok: true, value: 2 });
    expect(pipe.writerCount).toBe(2);

    const reaped = reap(child.pid); // blocks: the child still runs
    expect(exit(child, 7)).toEqual({ parentPid: ProcessId.INIT, childPid: child.pid, exitStatus: 7 });
    expect(await reaped).toBe(7);
    expect(litebox.processRegistry().processIds()).toEqual([ProcessId.INIT]);

    // The child's exit closed its write ends: init reads the data, then end of file.
    const buffer = new Uint8Array(16);
    expect(pipe.writerCount).toBe(0);
    expect(pipe.read(buffer)).toEqual({ ok: true, value: 2 });
    expect(new TextDecoder().decode(buffer.subarray(0, 2))).toBe("hi");
    expect(pipe.read(buffer)).toEqual({ ok: true, value: 0 });
  });

  it("rolls back completely when populating memory fails (step 4)", () => {
    const { init } = setUpInit();
    const before = state(init);
    litebox.platform.failOnCall("mapPages");
    expect(spawn(init, new Uint8Array(4096))).toEqual({ ok: false, error: "NoMemory" });
    expect(state(init)).toEqual(before);
  });

  it("rolls back when the address space cannot be created (step 2)", () => {
    const { init } = setUpInit();
    const before = state(init);
    litebox.platform.failOnCall("createAddressSpace");
    expect(spawn(init, new Uint8Array(4))).toEqual({ ok: false, error: "NoSpace" });
    expect(state(init)).toEqual(before);
  });

  it("fails with NoSuchParent once the parent has exited", () => {
    const { init } = setUpInit();
    const spawned = spawn(init, new Uint8Array(4));
    if (!spawned.ok) throw new Error(spawned.error);
    exit(spawned.value, 0);
    expect(spawn(spawned.value, new Uint8Array(4))).toEqual({ ok: false, error: "NoSuchParent" });
  });
});
