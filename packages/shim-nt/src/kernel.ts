/**
 * The NT shim's kernel state: every process and thread, and the operations the syscalls share —
 * handle resolution with pseudo-handles, thread creation, thread and process termination (RFC §4.2:
 * every handle of an exiting process is closed, orphans are detached), reaping of unreferenced
 * objects, job membership and termination. Syscall handlers (`syscalls/`) and process creation
 * (`process/create-process.ts`) are written against it.
 *
 * @module
 */
import {
  AddressSpaceKind,
  PIPE_SUBSYSTEM,
  detachOrphans,
  err,
  ok,
  type Descriptors,
  type FutexManager,
  type Pipes,
  type ProcessId,
  type ProcessRegistry,
  type Provider,
  type Result,
  type Scheduler,
  type ShimEntry,
  type TimeProvider,
} from "@litebox-ts/core";
import { CURRENT_PROCESS_HANDLE, CURRENT_THREAD_HANDLE, MemoryType, PageProtection, StandardAccess } from "./abi/constants";
import { NtStatus } from "./abi/status";
import { DEFAULT_HANDLE_LIMIT } from "./handles/handle-table";
import { JOB_OBJECT, type NtJob } from "./jobs/job";
import { EVENT_OBJECT } from "./objects/event";
import { ALWAYS_SIGNALLED, type Waitable } from "./objects/kernel-object";
import { HOST_STREAM_OBJECT } from "./host/host-stream";
import { PROCESS_OBJECT, type NtProcess } from "./process/process";
import { SystemPage, Teb } from "./process/layout";
import { NtThread, THREAD_OBJECT } from "./process/thread";
import type { ImageLoader, ProgramSource } from "./process/image";

/** FILETIME (100 ns since 1601-01-01) of 2024-01-01T00:00:00Z: the system time when the clock reads 0. */
export const DEFAULT_SYSTEM_TIME_ORIGIN = 133_485_408_000_000_000n;

/** What the kernel needs from its embedder. */
export interface NtKernelOptions {
  /** The scheduler that runs the guest threads. */
  readonly scheduler: Scheduler;
  /** Where image paths resolve to bytes (default: the LiteBox's filesystem). */
  readonly programs?: ProgramSource;
  /** The ELF loader (riscv's `loadElf`). */
  readonly loadImage: ImageLoader;
  /** Most handles per process (default 2^24). */
  readonly handleLimit?: number;
  /** Bytes of each initial thread's stack (default 256 KiB). */
  readonly stackSize?: number;
  /** Bytes of each created thread's stack when the caller asks for 0 (default 64 KiB). */
  readonly threadStackSize?: number;
  /** The system time (FILETIME) at clock 0 (default {@link DEFAULT_SYSTEM_TIME_ORIGIN}). */
  readonly systemTimeOrigin?: bigint;
  /** Receives one line per unusual event (unknown syscall numbers). */
  readonly trace?: (line: string) => void;
}

/** Options of {@link NtKernel.createThread}. */
export interface CreateThreadOptions {
  /** The first instruction. */
  readonly pc: number;
  /** The stack pointer; 0: allocate a stack of `stackSize` bytes. */
  readonly sp: number;
  /** Stack bytes to allocate when `sp` is 0 (0: the default). */
  readonly stackSize: number;
  /** a0 and a1 at start. */
  readonly arguments: readonly [number, number];
  /** gp at start (the image's global pointer). */
  readonly gp: number;
  /** Start suspended (suspend count 1). */
  readonly suspended: boolean;
  /** The stack's bounds when `sp` is given (for the TEB). */
  readonly stack?: { readonly base: number; readonly top: number };
}

/** The state and shared operations of one NT shim instance. */
export class NtKernel {
  /** The platform (address spaces, memory, CPUs). */
  readonly platform: Provider<unknown>;
  /** The scheduler. */
  readonly scheduler: Scheduler;
  /** The core's process registry. */
  readonly registry: ProcessRegistry;
  /** The core's descriptor table (handle tables are storages of it). */
  readonly descriptors: Descriptors;
  /** The core's pipes. */
  readonly pipes: Pipes;
  /** The core's futex manager (WaitOnAddress). */
  readonly futexes: FutexManager;
  /** Options as given. */
  readonly options: NtKernelOptions;
  /** Live and not-yet-reaped processes. */
  readonly processes = new Map<ProcessId, NtProcess>();
  /** Threads by id, until terminated and unreferenced. */
  readonly threads = new Map<number, NtThread>();
  /** Where image paths resolve to bytes. */
  readonly programs: ProgramSource;
  /** The shim entry every thread is spawned with (set by the shim). */
  entry!: ShimEntry<NtThread>;
  #nextTid = 1;

  /** @param parts - the LiteBox's subsystems. @param options - the embedder's seams. */
  constructor(
    parts: {
      readonly platform: Provider<unknown>;
      readonly registry: ProcessRegistry;
      readonly descriptors: Descriptors;
      readonly pipes: Pipes;
      readonly futexes: FutexManager;
      readonly programs: ProgramSource;
    },
    options: NtKernelOptions,
  ) {
    this.platform = parts.platform;
    this.registry = parts.registry;
    this.descriptors = parts.descriptors;
    this.pipes = parts.pipes;
    this.futexes = parts.futexes;
    this.programs = options.programs ?? parts.programs;
    this.scheduler = options.scheduler;
    this.options = options;
  }

  /** The clock. */
  get time(): TimeProvider {
    return this.platform.time;
  }

  /** The most handles per process. */
  get handleLimit(): number {
    return this.options.handleLimit ?? DEFAULT_HANDLE_LIMIT;
  }

  /** True on SharedMemory platforms (guests address their region through re-basing). */
  get sharedMemory(): boolean {
    return this.platform.addressSpaceKind === AddressSpaceKind.SharedMemory;
  }

  /** The system time as a FILETIME (100 ns units since 1601). */
  systemTime(): bigint {
    return (this.options.systemTimeOrigin ?? DEFAULT_SYSTEM_TIME_ORIGIN) + BigInt(Math.floor(this.time.now() / 100));
  }

  // ---- handle resolution ----------------------------------------------------------------------

  /** Resolves a process handle of `caller` (-1: the caller's process, all access). */
  resolveProcess(caller: NtProcess, handle: number, access: number): Result<NtProcess, NtStatus> {
    if (handle >>> 0 === CURRENT_PROCESS_HANDLE) return ok(caller);
    if (handle >>> 0 === CURRENT_THREAD_HANDLE) return err(NtStatus.OBJECT_TYPE_MISMATCH);
    const found = caller.handles.lookup(handle, PROCESS_OBJECT, access);
    return found.ok ? ok(found.value.object) : found;
  }

  /** Resolves a thread handle of `caller` (-2: the calling thread, all access). */
  resolveThread(caller: NtThread, handle: number, access: number): Result<NtThread, NtStatus> {
    if (handle >>> 0 === CURRENT_THREAD_HANDLE) return ok(caller);
    if (handle >>> 0 === CURRENT_PROCESS_HANDLE) return err(NtStatus.OBJECT_TYPE_MISMATCH);
    const found = caller.process.handles.lookup(handle, THREAD_OBJECT, access);
    return found.ok ? ok(found.value.object) : found;
  }

  /** Resolves a handle to something a wait can name; the handle needs SYNCHRONIZE. */
  resolveWaitable(caller: NtThread, handle: number): Result<Waitable, NtStatus> {
    if (handle >>> 0 === CURRENT_PROCESS_HANDLE) return ok(caller.process);
    if (handle >>> 0 === CURRENT_THREAD_HANDLE) return ok(caller);
    const found = caller.process.handles.get(handle);
    if (!found.ok) return found;
    if ((found.value.access & StandardAccess.SYNCHRONIZE) === 0) return err(NtStatus.ACCESS_DENIED);
    const entry = found.value.entry;
    if (entry.is(PROCESS_OBJECT) || entry.is(THREAD_OBJECT) || entry.is(EVENT_OBJECT) || entry.is(JOB_OBJECT)) {
      return ok(entry.object as Waitable);
    }
    // File objects (pipe ends, host streams) are signalled while no I/O is pending: always, here.
    if (entry.is(PIPE_SUBSYSTEM) || entry.is(HOST_STREAM_OBJECT)) return ok(ALWAYS_SIGNALLED);
    return err(NtStatus.OBJECT_TYPE_MISMATCH);
  }

  // ---- threads --------------------------------------------------------------------------------

  /** A fresh thread id: never 0, never the id of a live thread or of a process in the registry. */
  allocateTid(): number {
    for (;;) {
      const tid = this.#nextTid;
      this.#nextTid = this.#nextTid >= 0x7fff_fff0 ? 1 : this.#nextTid + 1;
      if (this.threads.has(tid)) continue;
      if (this.registry.withContext(tid as ProcessId, () => true)) continue;
      return tid;
    }
  }

  /**
   * Creates a thread in `process`: its TEB, its stack (unless given), a CPU, and a scheduler thread.
   * All or nothing: on failure nothing stays allocated.
   */
  createThread(process: NtProcess, options: CreateThreadOptions): Result<NtThread, NtStatus> {
    const vm = process.vm;
    const teb = vm.allocate(0, Teb.Size, MemoryType.RESERVE | MemoryType.COMMIT, PageProtection.READWRITE, {
      kind: "system",
      alignment: Teb.Size,
    });
    if (!teb.ok) return err(teb.error === NtStatus.NO_MEMORY ? NtStatus.NO_MEMORY : NtStatus.INSUFFICIENT_RESOURCES);
    let stackBase = 0;
    let stackTop = options.sp;
    let stackLimit = options.stack?.base ?? 0;
    const stackTopField = options.stack?.top ?? options.sp;
    if (options.sp === 0) {
      const size = options.stackSize > 0 ? options.stackSize : (this.options.threadStackSize ?? 64 * 1024);
      const stack = vm.allocate(0, size, MemoryType.RESERVE | MemoryType.COMMIT | MemoryType.TOP_DOWN, PageProtection.READWRITE);
      if (!stack.ok) {
        vm.releaseRegion(teb.value.base);
        return err(NtStatus.NO_MEMORY);
      }
      stackBase = stack.value.base;
      stackTop = stack.value.base + stack.value.size;
      stackLimit = stackBase;
    }
    const cpu = this.platform.createCpu(process.space);
    if (!cpu.ok) {
      if (stackBase !== 0) vm.releaseRegion(stackBase);
      vm.releaseRegion(teb.value.base);
      return err(NtStatus.INSUFFICIENT_RESOURCES);
    }
    const tid = this.allocateTid();
    const thread = new NtThread(tid, process, (t) => this.forgetThread(t));
    thread.teb = teb.value.base;
    thread.stackBase = stackBase;
    const tebFields: Array<[number, number]> = [
      [Teb.Self, thread.teb],
      [Teb.ProcessId, process.pid],
      [Teb.ThreadId, tid],
      [Teb.Peb, process.peb],
      [Teb.StackBase, options.sp === 0 ? stackTop : stackTopField],
      [Teb.StackLimit, stackLimit],
    ];
    for (const [offset, value] of tebFields) process.memory.writeU32(thread.teb + offset, value);
    const regs = cpu.value;
    regs.pc = options.pc >>> 0;
    regs.setRegister(2, (stackTop & ~15) >>> 0); // sp, 16-byte aligned (psABI)
    regs.setRegister(1, process.systemPage + SystemPage.ThreadExit); // ra: returning ends the thread
    regs.setRegister(3, options.gp); // gp
    regs.setRegister(4, thread.teb); // tp
    regs.setRegister(10, options.arguments[0]);
    regs.setRegister(11, options.arguments[1]);
    if (options.suspended) thread.suspendCount = 1;
    process.threads.add(thread);
    this.threads.set(tid, thread);
    thread.guest = this.scheduler.spawn(regs, process.space, this.entry, thread);
    return ok(thread);
  }

  /**
   * Terminates `thread` with `status`: it runs no more guest code, its waiters are released, its
   * stack and TEB are freed. The last thread of a process takes the process with it (exit status:
   * the thread's). Idempotent.
   */
  terminateThread(thread: NtThread, status: number): void {
    if (thread.state === "terminated") return;
    thread.state = "terminated";
    thread.exitStatus = status >>> 0;
    if (thread.guest) {
      this.scheduler.terminate(thread.guest);
      // Whatever the scheduler thinks the thread is doing, a wait it is in must end now.
      thread.guest.interruptLatch.interrupt();
    }
    thread.releaseResumeWaiters("terminate");
    const process = thread.process;
    process.threads.delete(thread);
    if (process.state === "running") {
      if (thread.stackBase !== 0) process.vm.releaseRegion(thread.stackBase);
      process.vm.releaseRegion(thread.teb);
    }
    thread.subject.notify(thread.pollEvents());
    if (thread.handleCount === 0) this.threads.delete(thread.tid);
    if (process.state === "running" && process.threads.size === 0) this.terminateProcess(process, status);
  }

  /**
   * Ends `process` with `status` (RFC §4.2): terminates its threads, closes every handle (pipe counts,
   * kill-on-job-close and object lifetimes follow through the hooks), leaves its jobs' active sets,
   * records the exit in the registry with orphans detached (RFC §4.3: NT keeps no parent for them),
   * frees its memory and address space, and reaps it if nothing refers to it. Idempotent.
   */
  terminateProcess(process: NtProcess, status: number): void {
    if (process.state !== "running") return;
    process.state = "exiting";
    process.exitStatus = status >>> 0;
    for (const thread of [...process.threads]) this.terminateThread(thread, status);
    process.handles.closeAll();
    for (const job of process.jobChain()) job.active.delete(process);
    process.state = "exited";
    if (this.registry.withContext(process.pid, (c) => c.state.kind === "Running")) {
      this.registry.exitProcess(process.pid, process.exitStatus, detachOrphans);
    }
    process.vm.clear();
    this.platform.destroyAddressSpace(process.space);
    this.reapProcess(process);
  }

  /** Removes an exited process nobody refers to (no handle, no host reference) from the registry and the table. */
  reapProcess(process: NtProcess): void {
    if (process.state !== "exited" || process.handleCount > 0 || process.hostReferences > 0) return;
    if (this.processes.get(process.pid) !== process) return;
    this.processes.delete(process.pid);
    // Another personality sharing PID 1 may have reaped it already.
    if (this.registry.withContext(process.pid, (c) => c.state.kind === "Exited")) this.registry.removeProcess(process.pid);
  }

  /** Forgets a terminated thread nobody refers to. */
  forgetThread(thread: NtThread): void {
    if (thread.state === "terminated" && thread.handleCount === 0 && this.threads.get(thread.tid) === thread) {
      this.threads.delete(thread.tid);
    }
  }

  // ---- jobs -----------------------------------------------------------------------------------

  /**
   * Terminates every active process of `job`'s subtree with `status` and signals the job and its
   * nested jobs (TerminateJobObject; a nested job's termination terminates its child jobs).
   */
  terminateJob(job: NtJob, status: number): void {
    for (const j of job.subtree()) j.signal();
    for (const process of [...job.active]) {
      if (process.state !== "running") continue;
      for (const j of process.jobChain()) j.totalTerminatedProcesses++;
      this.terminateProcess(process, status);
    }
  }

  /** Adds `process` to `job` as its immediate job (and to every ancestor's counts). */
  joinJob(process: NtProcess, job: NtJob): void {
    const before = new Set(process.jobChain());
    process.job = job;
    for (const j of job.chain()) {
      if (before.has(j)) continue;
      j.totalProcesses++;
      j.active.add(process);
    }
  }
}
