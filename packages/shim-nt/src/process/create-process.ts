/**
 * NtCreateUserProcess as RFC §4.1 composes it: (1) a PID from the registry, (2) an address space,
 * (3) the inherited handles duplicated into a new handle table, (4) memory populated from the
 * executable image (plus the PEB, the system page, the TEB and stack of the first thread), (5) the
 * PID bound to all of it in the shim's process table — then the creator's handles and the job.
 * Every failure rolls back what was done (handles closed through the hooks, memory unmapped, the
 * address space destroyed, the PID aborted) and answers the NTSTATUS Windows would: nothing leaks.
 *
 * @module
 */
import { ProcessId, err, ok, type Result } from "@litebox-ts/core";
import {
  CURRENT_PROCESS_HANDLE,
  CURRENT_THREAD_HANDLE,
  FileAccess,
  MemoryType,
  PageProtection,
} from "../abi/constants";
import { NtStatus } from "../abi/status";
import { NT_ABI_VERSION, NtSyscall } from "../abi/syscalls";
import { HandleAttribute, HandleTable, type HandleEntry } from "../handles/handle-table";
import { HOST_STREAM_OBJECT, type HostStream } from "../host/host-stream";
import { placeChild } from "../jobs/placement";
import type { NtKernel } from "../kernel";
import { GuestMemory, guestView } from "../memory/guest-memory";
import { VirtualMemory } from "../memory/virtual-memory";
import { PROGRAM_ACCESS_DENIED, type ImageLoadError } from "./image";
import { MAX_PROCESS_STRING, Peb, systemPageCode } from "./layout";
import { NtProcess, PROCESS_OBJECT, type StandardHandles } from "./process";
import { THREAD_OBJECT, type NtThread } from "./thread";

/** Everything NtCreateUserProcess (or the host) asks for. */
export interface CreateProcessRequest {
  /** The process that gets the new handles; `undefined`: the host (no handles). */
  readonly creator: NtProcess | undefined;
  /** The parent (the creator, or PROC_THREAD_ATTRIBUTE_PARENT_PROCESS); `undefined`: PID 1. */
  readonly parent: NtProcess | undefined;
  /** The image path (resolved by the program source). */
  readonly imagePath: string;
  /** The command line (the image path if the caller gave none). */
  readonly commandLine: string;
  /** bInheritHandles: the parent's inheritable handles are duplicated at the same values. */
  readonly inheritHandles: boolean;
  /** PROC_THREAD_ATTRIBUTE_HANDLE_LIST: only these (inheritable) handles are inherited. */
  readonly handleList: readonly number[] | undefined;
  /** STARTF_USESTDHANDLES: the child's standard handle values. */
  readonly stdHandles: StandardHandles | undefined;
  /** For the host's first process: its standard handles, as host streams. */
  readonly hostStreams?: { readonly input?: HostStream; readonly output?: HostStream; readonly error?: HostStream };
  /** CREATE_BREAKAWAY_FROM_JOB. */
  readonly breakaway: boolean;
  /** CREATE_SUSPENDED. */
  readonly suspended: boolean;
  /** Access of the process handle given to the creator. */
  readonly processAccess: number;
  /** Access of the thread handle given to the creator. */
  readonly threadAccess: number;
  /** Attributes (OBJ_INHERIT) of the process handle. */
  readonly processAttributes: number;
  /** Attributes (OBJ_INHERIT) of the thread handle. */
  readonly threadAttributes: number;
}

/** A created process, its first thread, and the creator's handles to them (0 for the host). */
export interface CreatedProcess {
  readonly process: NtProcess;
  readonly thread: NtThread;
  readonly processHandle: number;
  readonly threadHandle: number;
}

/** Bytes of the first thread's stack unless configured. */
const DEFAULT_STACK_SIZE = 256 * 1024;

function loadStatus(error: ImageLoadError): NtStatus {
  return error._tag === "ElfMapError" || error._tag === "InitialStackError" ? NtStatus.NO_MEMORY : NtStatus.INVALID_IMAGE_FORMAT;
}

/** Validates the handle list against the parent: every entry an open, inheritable, real handle. */
function inheritedHandles(parent: NtProcess, request: CreateProcessRequest): Result<HandleEntry[], NtStatus> {
  if (!request.inheritHandles) return ok([]);
  const inheritable = parent.handles.entries().filter((e) => (e.attributes & HandleAttribute.INHERIT) !== 0);
  if (request.handleList === undefined) return ok(inheritable);
  const chosen = new Set<number>();
  for (const h of request.handleList) {
    if (h >>> 0 === CURRENT_PROCESS_HANDLE || h >>> 0 === CURRENT_THREAD_HANDLE) return err(NtStatus.INVALID_PARAMETER);
    const found = parent.handles.get(h);
    if (!found.ok || (found.value.attributes & HandleAttribute.INHERIT) === 0) return err(NtStatus.INVALID_PARAMETER);
    chosen.add(found.value.handle);
  }
  return ok(inheritable.filter((e) => chosen.has(e.handle)));
}

/** Reads the standard handle values of `process` from its PEB (0 where unreadable). */
export function readStdHandles(process: NtProcess): StandardHandles {
  const read = (offset: number): number => {
    const r = process.memory.readU32(process.peb + offset);
    return r.ok ? r.value : 0;
  };
  return { input: read(Peb.StdInput), output: read(Peb.StdOutput), error: read(Peb.StdError) };
}

/** RFC §4.1 with rollback. See the module documentation. */
export function createUserProcess(kernel: NtKernel, request: CreateProcessRequest): Result<CreatedProcess, NtStatus> {
  const { platform, registry } = kernel;
  if (request.imagePath.length > MAX_PROCESS_STRING || request.commandLine.length > MAX_PROCESS_STRING) {
    return err(NtStatus.NAME_TOO_LONG);
  }
  const bytes = kernel.programs.readProgram(request.imagePath);
  if (bytes === undefined) return err(NtStatus.OBJECT_NAME_NOT_FOUND);
  if (bytes === PROGRAM_ACCESS_DENIED) return err(NtStatus.ACCESS_DENIED);
  const parent = request.parent;
  if (parent !== undefined && parent.state !== "running") return err(NtStatus.PROCESS_IS_TERMINATING);
  const job = placeChild(parent?.job, request.breakaway);
  if (!job.ok) return job;
  const inherited = parent === undefined ? ok([]) : inheritedHandles(parent, request);
  if (!inherited.ok) return inherited;

  // (1) the PID.
  const pid = registry.createProcess(parent?.pid ?? ProcessId.INIT);
  if (!pid.ok) return err(NtStatus.PROCESS_IS_TERMINATING);
  // (2) the address space.
  const space = platform.createAddressSpace();
  if (!space.ok) {
    registry.abortProcess(pid.value);
    return err(NtStatus.INSUFFICIENT_RESOURCES);
  }
  const hostRange = platform.addressSpaceRange(space.value);
  const handles = new HandleTable(kernel.descriptors, kernel.handleLimit);
  // What exists so far, for the rollback.
  const built: { process?: NtProcess; thread?: NtThread } = {};
  const creatorHandles: number[] = [];
  const rollback = (status: NtStatus): Result<never, NtStatus> => {
    const { process, thread } = built;
    if (process) process.state = "aborted";
    if (thread) {
      kernel.threads.delete(thread.tid);
      if (thread.guest) kernel.scheduler.terminate(thread.guest);
    }
    for (const h of creatorHandles) request.creator?.handles.storage.close((h >>> 2) - 1);
    handles.closeAll();
    if (process) {
      process.vm.clear();
      kernel.processes.delete(pid.value);
    }
    platform.destroyAddressSpace(space.value);
    registry.abortProcess(pid.value);
    return err(status);
  };
  if (!hostRange.ok) return rollback(NtStatus.INSUFFICIENT_RESOURCES);

  // (3) inherited handles keep their values, access and attributes.
  for (const entry of inherited.value) {
    const dup = parent!.handles.duplicateInto(entry, handles, entry.attributes, entry.access, entry.handle);
    if (!dup.ok) return rollback(NtStatus.INSUFFICIENT_RESOURCES);
  }

  // (4) memory: the image and its stack, then the system page and the PEB.
  const view = guestView(hostRange.value, kernel.sharedMemory);
  const memory = new GuestMemory<unknown>(platform, space.value, view);
  const vm = new VirtualMemory<unknown>(platform, space.value, view);
  const process = new NtProcess(
    {
      pid: pid.value,
      space: space.value,
      handles,
      memory,
      vm,
      observer: registry.exitObserver(pid.value)!,
      parentPid: parent?.pid ?? ProcessId.INIT,
      imagePath: request.imagePath,
      commandLine: request.commandLine,
    },
    (p) => kernel.reapProcess(p),
  );
  built.process = process;
  const loaderRange = kernel.sharedMemory ? { start: 0, end: hostRange.value.end - hostRange.value.start } : hostRange.value;
  const loaded = kernel.options.loadImage(
    bytes,
    { pages: platform, memory: platform, space: space.value, range: loaderRange },
    { argv: [request.imagePath], stackSize: kernel.options.stackSize ?? DEFAULT_STACK_SIZE },
  );
  if (!loaded.ok) return rollback(loadStatus(loaded.error));
  const mappings = platform.mappings(space.value);
  if (!mappings.ok) return rollback(NtStatus.NO_MEMORY);
  const rebase = (a: number): number => (kernel.sharedMemory ? a - hostRange.value.start : a);
  const runs = mappings.value.map((m) => ({ start: rebase(m.start), end: rebase(m.end), prot: m.prot }));
  const { stackBase, stackTop } = loaded.value.stack;
  const imageRuns = runs.filter((r) => r.end <= stackBase || r.start >= stackTop);
  const stackRuns = runs.filter((r) => r.start >= stackBase && r.end <= stackTop);
  if (imageRuns.length > 0) {
    vm.adopt(Math.min(...imageRuns.map((r) => r.start)), Math.max(...imageRuns.map((r) => r.end)), "image", imageRuns);
  }
  vm.adopt(stackBase, stackTop, "private", stackRuns);

  const system = vm.allocate(0, 4096, MemoryType.RESERVE | MemoryType.COMMIT | MemoryType.TOP_DOWN, PageProtection.EXECUTE_READ, {
    kind: "system",
    alignment: 4096,
  });
  if (!system.ok) return rollback(NtStatus.NO_MEMORY);
  process.systemPage = system.value.base;
  if (platform.writeBytes(space.value, system.value.base, systemPageCode(NtSyscall.NtTerminateThread, NtSyscall.NtContinue), { force: true })) {
    return rollback(NtStatus.NO_MEMORY);
  }
  const encoder = new TextEncoder();
  const imageBytes = encoder.encode(request.imagePath);
  const commandBytes = encoder.encode(request.commandLine);
  const pebSize = Peb.StringsStart + imageBytes.length + 1 + commandBytes.length + 1;
  const peb = vm.allocate(0, pebSize, MemoryType.RESERVE | MemoryType.COMMIT | MemoryType.TOP_DOWN, PageProtection.READWRITE, {
    kind: "system",
    alignment: 4096,
  });
  if (!peb.ok) return rollback(NtStatus.NO_MEMORY);
  process.peb = peb.value.base;

  // Standard handles: as given (STARTF_USESTDHANDLES), host streams for the host's first process, or
  // the creator's values — host streams among them duplicated, as consoles are shared with children.
  let std: StandardHandles;
  if (request.hostStreams !== undefined) {
    const open = (stream: HostStream | undefined, access: number): Result<number, NtStatus> =>
      stream === undefined ? ok(0) : handles.insert(HOST_STREAM_OBJECT, stream, access, 0);
    const input = open(request.hostStreams.input, FileAccess.GENERIC_READ);
    const output = open(request.hostStreams.output, FileAccess.GENERIC_WRITE);
    const error = open(request.hostStreams.error, FileAccess.GENERIC_WRITE);
    if (!input.ok || !output.ok || !error.ok) return rollback(NtStatus.INSUFFICIENT_RESOURCES);
    std = { input: input.value, output: output.value, error: error.value };
  } else if (request.stdHandles !== undefined || request.creator === undefined) {
    std = request.stdHandles ?? { input: 0, output: 0, error: 0 };
  } else {
    const creator = request.creator;
    const values = readStdHandles(creator);
    const share = (value: number): Result<number, NtStatus> => {
      const found = creator.handles.get(value);
      if (!found.ok || !found.value.entry.is(HOST_STREAM_OBJECT)) return ok(value);
      const already = handles.get(value);
      if (already.ok && already.value.entry === found.value.entry) return ok(value);
      return creator.handles.duplicateInto(found.value, handles, 0, found.value.access);
    };
    const input = share(values.input);
    const output = share(values.output);
    const error = share(values.error);
    if (!input.ok || !output.ok || !error.ok) return rollback(NtStatus.INSUFFICIENT_RESOURCES);
    std = { input: input.value, output: output.value, error: error.value };
  }
  const imageAt = peb.value.base + Peb.StringsStart;
  const commandAt = imageAt + imageBytes.length + 1;
  const pebFields: Array<[number, number]> = [
    [Peb.AbiVersion, (NT_ABI_VERSION.major << 16) | NT_ABI_VERSION.minor],
    [Peb.ProcessId, pid.value],
    [Peb.InheritedFromUniqueProcessId, process.parentPid],
    [Peb.StdInput, std.input],
    [Peb.StdOutput, std.output],
    [Peb.StdError, std.error],
    [Peb.ImagePathName, imageAt],
    [Peb.CommandLine, commandAt],
  ];
  for (const [offset, value] of pebFields) {
    if (memory.writeU32(peb.value.base + offset, value) !== NtStatus.SUCCESS) return rollback(NtStatus.NO_MEMORY);
  }
  if (memory.write(imageAt, imageBytes) !== NtStatus.SUCCESS || memory.write(commandAt, commandBytes) !== NtStatus.SUCCESS) {
    return rollback(NtStatus.NO_MEMORY);
  }

  // (5) bind, then the first thread (held suspended until everything else succeeded).
  kernel.processes.set(pid.value, process);
  const first = kernel.createThread(process, {
    pc: loaded.value.entry,
    sp: loaded.value.sp,
    stackSize: 0,
    arguments: [process.peb, 0],
    gp: 0,
    suspended: true,
    stack: { base: stackBase, top: stackTop },
  });
  if (!first.ok) return rollback(first.error);
  const thread = first.value;
  built.thread = thread;

  let processHandle = 0;
  let threadHandle = 0;
  if (request.creator !== undefined) {
    const ph = request.creator.handles.insert(PROCESS_OBJECT, process, request.processAccess, request.processAttributes);
    if (!ph.ok) return rollback(ph.error);
    creatorHandles.push(ph.value);
    const th = request.creator.handles.insert(THREAD_OBJECT, thread, request.threadAccess, request.threadAttributes);
    if (!th.ok) return rollback(th.error);
    creatorHandles.push(th.value);
    processHandle = ph.value;
    threadHandle = th.value;
  }
  if (job.value !== undefined) kernel.joinJob(process, job.value);
  if (!request.suspended) thread.suspendCount = 0;
  return ok({ process, thread, processHandle, threadHandle });
}
