/**
 * The process core's lifecycle: creating the first program (RFC §4.1 with rollback), creating
 * threads, ending threads and processes (RFC §4.2: descriptors closed through the hooks), reparenting
 * orphans to init and reaping. fork/clone live in `clone.ts`, execve in `exec.ts`, waitid in the
 * syscalls.
 *
 * @module
 */
import {
  AccessMode,
  DescriptorTarget,
  Events,
  ProcessId,
  err,
  ok,
  type AddressSpaceError,
  type CpuContext,
  type CreateProcessError,
  type DescriptorOpenError,
  type Result,
} from "@litebox-ts/core";
import { Rlimit } from "../abi/constants";
import { Signal, isValidSignal } from "../abi/signals";
import { decodeWaitStatus } from "../abi/wait";
import { STDIO_SUBSYSTEM, StdioObject, type StdioStream } from "../io/stdio";
import type { ImageLoadError, LoadedImage } from "../programs/image-loader";
import { resolvePath, type ProgramLookupError } from "../programs/program-source";
import type { PosixShim } from "../shim/posix-shim";
import { AddressSpaceRef, guestRangeOf } from "./address-space-ref";
import { ResourceLimits, credentials } from "./credentials";
import { PosixProcess } from "./posix-process";
import { PosixThread } from "./posix-thread";
import { SignalActions } from "./signal-state";

/** Default bytes of stack mapped for a new program. */
export const DEFAULT_STACK_SIZE = 1024 * 1024;

/** What to run. */
export interface SpawnOptions {
  /** A path looked up in the shim's program source, or the executable's bytes. */
  readonly program: string | Uint8Array;
  /** argv (default: `[program path]`). */
  readonly argv?: readonly string[];
  /** envp (default: none). */
  readonly envp?: readonly string[];
  /** The working directory (default "/"). */
  readonly cwd?: string;
}

/** A started program. */
export interface SpawnedProgram {
  /** Its process. */
  readonly process: PosixProcess;
  /** Its pid. */
  readonly pid: number;
  /** Resolves with its wait status (Linux encoding) when it exits; init reaps it at once. */
  readonly exited: Promise<number>;
}

/** Why spawn failed. A closed set. */
export type SpawnError =
  | { readonly _tag: "ProgramLookup"; readonly error: ProgramLookupError }
  | { readonly _tag: "Registry"; readonly error: CreateProcessError }
  | { readonly _tag: "AddressSpace"; readonly error: AddressSpaceError }
  | { readonly _tag: "Descriptors"; readonly error: DescriptorOpenError }
  | { readonly _tag: "Load"; readonly error: ImageLoadError };

const encoder = new TextEncoder();
const exitWaiters = new WeakMap<PosixProcess, (status: number) => void>();

/** Creates an address space and its binding record. */
export function createAddressSpace(shim: PosixShim): Result<AddressSpaceRef, AddressSpaceError> {
  const platform = shim.platform;
  const created = platform.createAddressSpace();
  if (!created.ok) return created;
  return ok(bindAddressSpace(shim, created.value));
}

/** Wraps a freshly created (or cloned) platform space in an {@link AddressSpaceRef}. */
export function bindAddressSpace(shim: PosixShim, id: unknown): AddressSpaceRef {
  const platform = shim.platform;
  const range = platform.addressSpaceRange(id);
  // A space we just created always has a range; a platform answering otherwise is broken.
  if (!range.ok) throw new Error(`platform has no range for a space it just created: ${range.error}`);
  return new AddressSpaceRef(id, guestRangeOf(platform.addressSpaceKind, range.value), platform.futexDiscriminator(id));
}

/** Drops one user of `space`; destroys it with the last. */
export function releaseAddressSpace(shim: PosixShim, space: AddressSpaceRef): void {
  if (space.release()) shim.platform.destroyAddressSpace(space.id);
}

/** Loads `bytes` into `space` with the shim's loader. */
export function loadImage(
  shim: PosixShim,
  space: AddressSpaceRef,
  bytes: Uint8Array,
  argv: readonly Uint8Array[],
  envp: readonly Uint8Array[],
  execfn: Uint8Array,
  creds: { uid: number; euid: number; gid: number; egid: number },
): Result<LoadedImage, ImageLoadError> {
  const platform = shim.platform;
  return shim.options.loader(
    bytes,
    { pages: platform, memory: platform, space: space.id, range: space.guestRange },
    {
      argv,
      envp,
      execfn,
      random: (dest) => {
        for (let i = 0; i < dest.length; i++) dest[i] = shim.random.nextU32() & 0xff;
      },
      stackSize: shim.options.stackSize ?? DEFAULT_STACK_SIZE,
      credentials: { uid: creds.uid, euid: creds.euid, gid: creds.gid, egid: creds.egid },
    },
  );
}

/** Starts a program as a child of init; see {@link PosixShim.spawn}. */
export function spawnProgram(shim: PosixShim, options: SpawnOptions): Result<SpawnedProgram, SpawnError> {
  const platform = shim.platform;
  const litebox = shim.litebox;
  const cwd = resolvePath("/", options.cwd ?? "/");
  let bytes: Uint8Array;
  let path: string;
  if (typeof options.program === "string") {
    path = resolvePath(cwd, options.program);
    const found = shim.programs?.lookup(path) ?? err("NotFound" as const);
    if (!found.ok) return err({ _tag: "ProgramLookup", error: found.error });
    bytes = found.value.bytes;
  } else {
    bytes = options.program;
    path = options.argv?.[0] ?? "";
  }
  const argv = options.argv ?? [path];

  // RFC §4.1 step 1: the PID, a child of init.
  const registry = litebox.processRegistry();
  const pid = registry.createProcess(ProcessId.INIT);
  if (!pid.ok) return err({ _tag: "Registry", error: pid.error });
  // Step 2: the memory context.
  const space = createAddressSpace(shim);
  if (!space.ok) {
    registry.abortProcess(pid.value);
    return err({ _tag: "AddressSpace", error: space.error });
  }
  const limits = new ResourceLimits(undefined, {
    nofile: litebox.descriptors().createStorage().limit,
    nproc: shim.options.maxProcesses ?? 4096,
  });
  const files = litebox.descriptors().createStorage({ limit: limits.soft(Rlimit.RLIMIT_NOFILE) });
  const rollback = (error: SpawnError): Result<never, SpawnError> => {
    files.closeAll();
    releaseAddressSpace(shim, space.value);
    registry.abortProcess(pid.value);
    return err(error);
  };
  // Step 3: descriptors — the host's standard streams.
  const stdio = shim.options.stdio ?? {};
  const streams: Array<[number, StdioStream, AccessMode]> = [
    [0, stdio.stdin ? { kind: "input", input: stdio.stdin } : { kind: "null" }, AccessMode.Read],
    [1, stdio.stdout ? { kind: "output", output: stdio.stdout } : { kind: "null" }, AccessMode.Write],
    [2, stdio.stderr ? { kind: "output", output: stdio.stderr } : { kind: "null" }, AccessMode.Write],
  ];
  for (const [fd, stream, accessMode] of streams) {
    const opened = files.open(STDIO_SUBSYSTEM, new StdioObject(stream), { accessMode, target: DescriptorTarget.exact(fd) });
    if (!opened.ok) return rollback({ _tag: "Descriptors", error: opened.error });
  }
  // Step 4: memory — load the image and the initial stack.
  const creds = credentials();
  const loaded = loadImage(
    shim,
    space.value,
    bytes,
    argv.map((a) => encoder.encode(a)),
    (options.envp ?? []).map((e) => encoder.encode(e)),
    encoder.encode(path),
    creds,
  );
  if (!loaded.ok) return rollback({ _tag: "Load", error: loaded.error });
  const cpu = platform.createCpu(space.value.id);
  if (!cpu.ok) return rollback({ _tag: "AddressSpace", error: cpu.error });
  // Step 5: bind pid, space and descriptors in the shim's state.
  const image = loaded.value;
  const process = new PosixProcess({
    pid: pid.value,
    pgid: 1,
    sid: 1,
    space: space.value,
    files,
    credentials: creds,
    limits,
    cwd,
    umask: 0o022,
    signalActions: new SignalActions(),
    exitSignal: Signal.SIGCHLD,
    image: { brkStart: image.brk, stackBase: image.stack.stackBase, stackTop: image.stack.stackTop, entry: image.entry },
    brk: image.brk,
    executable: path,
  });
  for (const key of shim.processExtensions) process.setExt(key, key.spec.create(process));
  shim.processes.addProcess(process);
  cpu.value.pc = image.entry;
  cpu.value.setRegister(2, image.sp);
  startThread(shim, process, cpu.value, process.id, undefined, 0);
  const exited = new Promise<number>((resolve) => exitWaiters.set(process, resolve));
  return ok({ process, pid: process.id, exited });
}

/**
 * Creates the shim state of a new thread of `process` running on `cpu` and hands it to the
 * scheduler. `parent` is the cloning thread (undefined for a program's first thread).
 */
export function startThread(
  shim: PosixShim,
  process: PosixProcess,
  cpu: CpuContext,
  tid: number,
  parent: PosixThread | undefined,
  cloneFlags: number,
): PosixThread {
  const thread = new PosixThread(tid, process, cpu);
  if (parent) thread.signalMask = parent.signalMask;
  for (const key of shim.threadExtensions) {
    const spec = key.spec;
    thread.setExt(key, parent && spec.clone ? spec.clone(parent.ext(key), thread, cloneFlags) : spec.create(thread));
  }
  process.threads.add(thread);
  shim.processes.addThread(thread);
  thread.guest = shim.scheduler.spawn(cpu, process.space.id, shim, thread);
  return thread;
}

/** Ends one thread's existence (not its process): CLONE_CHILD_CLEARTID, extensions, scheduler. */
export function endThread(shim: PosixShim, thread: PosixThread): void {
  if (!thread.alive) return;
  thread.alive = false;
  const process = thread.process;
  process.threads.delete(thread);
  // Linux (mm_release) clears and wakes only when someone else still uses the memory.
  if (thread.clearChildTid !== 0 && (process.threads.size > 0 || process.space.users > 1)) {
    const memory = shim.memoryOf(process);
    if (memory.writeU32(thread.clearChildTid, 0).ok) {
      const key = shim.futexKey(process, thread.clearChildTid, true);
      shim.litebox.futexManager().wake(key.discriminator, key.address, 1);
    }
  }
  for (const key of shim.threadExtensions) key.spec.exit?.(thread.ext(key), thread);
  shim.processes.removeThread(thread);
  shim.scheduler.terminate(thread.guest);
}

/** exit(2): ends `thread`; the last one's exit ends the process with `status`. */
export function exitThread(shim: PosixShim, thread: PosixThread, status: number): void {
  const process = thread.process;
  if (process.state === "running" && process.threads.size === 1 && process.threads.has(thread)) {
    terminateProcess(shim, process, status);
    return;
  }
  endThread(shim, thread);
}

/** exit_group(2) and fatal signals; see {@link PosixShim.terminateProcess}. */
export function terminateProcess(shim: PosixShim, process: PosixProcess, status: number): void {
  if (process.state !== "running") return;
  process.state = "exiting";
  process.exitStatus = status;
  for (const thread of [...process.threads]) endThread(shim, thread);
  for (const key of shim.processExtensions) key.spec.exit?.(process.ext(key), process);
  // RFC §4.2: the core does not close descriptors on exit; the shim does, through the hooks.
  process.files.closeAll();
  releaseVfork(process);
  releaseAddressSpace(shim, process.space);
  const zombies: ProcessId[] = [];
  const notification = shim.litebox.processRegistry().exitProcess(process.pid, status, (orphan, context) => {
    if (context.state.kind === "Exited") zombies.push(orphan);
    return ProcessId.INIT;
  });
  process.state = "zombie";
  exitWaiters.get(process)?.(status);
  exitWaiters.delete(process);
  // Init reaps adopted zombies at once; running orphans are init's children from now on.
  for (const zombie of zombies) reapById(shim, zombie);
  if (notification) notifyParent(shim, process, notification.parentPid as number, status);
}

/** Wakes a CLONE_VFORK parent (the child exec'd or exited). */
export function releaseVfork(process: PosixProcess): void {
  const release = process.vforkRelease;
  process.vforkRelease = undefined;
  release?.();
}

function notifyParent(shim: PosixShim, child: PosixProcess, parentPid: number, status: number): void {
  if (parentPid === 1) {
    reap(shim, child);
    shim.processes.init.childEvents.notify(Events.IN);
    return;
  }
  const parent = shim.processes.process(parentPid);
  if (parent === undefined) return;
  let signal = child.exitSignal;
  let autoreap = false;
  // Linux (do_notify_parent): SIGCHLD ignored or SA_NOCLDWAIT means no zombie; SIG_IGN also sends nothing.
  if (signal === Signal.SIGCHLD && parent.signalActions.reapsChildrenAutomatically) {
    autoreap = true;
    if (parent.signalActions.get(Signal.SIGCHLD).handler === 1) signal = 0;
  }
  if (signal !== 0 && isValidSignal(signal)) {
    const decoded = decodeWaitStatus(status);
    shim.sendSignal(parent, signal, {
      code: decoded.code,
      pid: child.id,
      uid: child.credentials.uid,
      status: decoded.status,
    });
  }
  if (autoreap) reap(shim, child);
  parent.childEvents.notify(Events.IN);
}

function reapById(shim: PosixShim, pid: ProcessId): void {
  const process = shim.processes.process(pid as number);
  if (process) reap(shim, process);
  else shim.litebox.processRegistry().removeProcess(pid);
}

/** Removes a zombie from the registry and the shim (waitid, init, autoreap). */
export function reap(shim: PosixShim, process: PosixProcess): void {
  if (process.state !== "zombie") return;
  shim.litebox.processRegistry().removeProcess(process.pid);
  process.state = "reaped";
  shim.processes.removeProcess(process);
}
