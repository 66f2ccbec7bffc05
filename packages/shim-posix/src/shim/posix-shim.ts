/**
 * `PosixShim`: the Linux rv32 personality as a core `ShimEntry`. It is built from a `LiteBox` and
 * options, owns the scheduler its guest threads run on, the syscall table, the file-operations
 * registry and the process tables, and dispatches every trap: `ecall` → the table (a7 = number,
 * a0..a5 = arguments, a0 = result or -errno, pc += 4), faults and other exceptions → the signal
 * layer, interrupts → the signal layer.
 *
 * The parts of the shim (process core, descriptors, signals, memory, files…) are installed by the
 * installers listed in `syscalls/install.ts`; see `syscalls/README.md` for who owns what.
 *
 * @module
 */
import {
  Scheduler,
  SeededRandom,
  type FdEnabledSubsystemEntry,
  type FdSubsystem,
  type GuestThread,
  type LiteBox,
  type Provider,
  type Result,
  type RunReport,
  type ShimAction,
  type ShimEntry,
  type ShimOutcome,
} from "@litebox-ts/core";
import { Errno, RESTART_CODES } from "../abi/errno";
import { syscallName } from "../abi/syscall-numbers";
import { FileOpsRegistry, type FileOps } from "../io/file-ops";
import { UserMemory } from "../memory/user-memory";
import type { ProcessExtension, ThreadExtension } from "../process/extensions";
import {
  exitThread,
  spawnProgram,
  terminateProcess,
  type SpawnError,
  type SpawnOptions,
  type SpawnedProgram,
} from "../process/lifecycle";
import type { PosixProcess } from "../process/posix-process";
import type { PosixThread } from "../process/posix-thread";
import type { ProgramSource } from "../programs/program-source";
import { ProcessTable } from "../process/process-table";
import type { SignalInfo, SignalLayer, SignalTarget, ThreadException } from "../process/signal-seam";
import { ProvisionalSignalLayer } from "../signal/provisional";
import { SyscallContext } from "../syscalls/context";
import { INSTALLERS } from "../syscalls/install";
import { CONTROL_TRANSFERRED, SyscallTable, THREAD_EXITED, type SyscallHandler, type SyscallResult } from "../syscalls/table";
import { addressSpaceFutexKeys, type FutexKeyOf, type FutexKeyResolver } from "./futex-key";
import type { Installer, ShimInstaller } from "./installer";
import type { PosixShimOptions } from "./options";

/** A LiteBox over any platform (the shim sees address-space ids as opaque values). */
export type AnyLiteBox = LiteBox<Provider<unknown>>;

/** The POSIX shim. See the module documentation. */
export class PosixShim implements ShimEntry<PosixThread> {
  /** The LiteBox instance (registry, descriptors, pipes, futexes). */
  readonly litebox: AnyLiteBox;
  /** The platform (south interface). */
  readonly platform: Provider<unknown>;
  /** The options the shim was built with. */
  readonly options: PosixShimOptions;
  /** The scheduler that runs every guest thread of this shim. */
  readonly scheduler: Scheduler;
  /** The syscall table. */
  readonly syscalls = new SyscallTable();
  /** File operations by descriptor subsystem. */
  readonly fileOps = new FileOpsRegistry();
  /** Processes and threads. */
  readonly processes = new ProcessTable();
  /** The seeded generator behind AT_RANDOM and getrandom. */
  readonly random: SeededRandom;
  #signals: SignalLayer;
  #futexKeys: FutexKeyResolver;
  #programs: ProgramSource | undefined;
  readonly #processExtensions: ProcessExtension<unknown>[] = [];
  readonly #threadExtensions: ThreadExtension<unknown>[] = [];
  readonly #memories = new WeakMap<PosixProcess, UserMemory>();

  /**
   * @param litebox - the LiteBox instance; PID 1 already exists in its registry and becomes the
   *   shim's init (a reaper).
   * @param options - loader, program source, seed, stdio, trace.
   * @param installers - the parts to install (default: every part, `syscalls/install.ts`).
   */
  constructor(litebox: AnyLiteBox, options: PosixShimOptions, installers: readonly Installer[] = INSTALLERS) {
    this.litebox = litebox;
    this.platform = litebox.platform;
    this.options = options;
    const seed = options.seed ?? 0;
    this.random = new SeededRandom(seed ^ 0x5eed_0001);
    this.scheduler = new Scheduler({
      clock: this.platform.time,
      executor: this.platform,
      ...(options.exploreSchedules === true ? { seed } : {}),
      ...(options.quantum === undefined ? {} : { quantum: options.quantum }),
    });
    this.#signals = new ProvisionalSignalLayer(this);
    this.#futexKeys = addressSpaceFutexKeys(this.platform);
    this.#programs = options.programs;
    const installer: ShimInstaller = {
      shim: this,
      syscall: (number: number, name: string, handler: SyscallHandler) => this.syscalls.register(number, name, handler),
      fileOps: <T extends FdEnabledSubsystemEntry>(subsystem: FdSubsystem<T>, ops: FileOps<T>) =>
        this.fileOps.register(subsystem, ops),
      processExtension: <T>(key: ProcessExtension<T>) => void this.#processExtensions.push(key as ProcessExtension<unknown>),
      threadExtension: <T>(key: ThreadExtension<T>) => void this.#threadExtensions.push(key as ThreadExtension<unknown>),
      signalLayer: (layer: SignalLayer) => void (this.#signals = layer),
      futexKeys: (resolver: FutexKeyResolver) => void (this.#futexKeys = resolver),
      programSource: (source: ProgramSource) => void (this.#programs = options.programs ?? source),
    };
    for (const install of installers) install(installer);
  }

  // ---- running programs ----------------------------------------------------------------------

  /**
   * Starts a program as a child of init (the first one is PID 2), following RFC §4.1 with rollback.
   * Its fds 0, 1, 2 are the host streams of `options.stdio`.
   */
  spawn(options: SpawnOptions): Result<SpawnedProgram, SpawnError> {
    return spawnProgram(this, options);
  }

  /**
   * Runs every guest thread until all exit, a deadlock, or `scheduler.stop()`. Threads blocked on the
   * host's stdin are not a deadlock while the input has not ended: the run waits for the host to push
   * more (or end it), then continues.
   */
  async run(): Promise<RunReport> {
    for (;;) {
      const report = await this.scheduler.run();
      const stdin = this.options.stdio?.stdin;
      if (report.kind !== "deadlock" || stdin === undefined || stdin.ended || !stdin.awaited) return report;
      await stdin.nextEvent();
      // Let the woken waits settle into runnable threads before scheduling again.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  }

  // ---- the ShimEntry ---------------------------------------------------------------------------

  /** {@inheritDoc ShimEntry.syscall} */
  syscall(guest: GuestThread<PosixThread>): ShimOutcome {
    const thread = guest.shimState;
    const cpu = guest.cpu;
    const number = cpu.getRegister(17);
    const originalA0 = cpu.getRegister(10);
    thread.restart = undefined;
    const entry = this.syscalls.lookup(number);
    if (entry === undefined) {
      this.trace(
        `pid ${thread.process.id} tid ${thread.tid}: unimplemented syscall ${syscallName(number) ?? "?"} (${number}) -> ENOSYS`,
      );
      return this.#complete(thread, number, originalA0, -Errno.ENOSYS);
    }
    const ctx = new SyscallContext(this, thread, number, entry.name);
    const result = entry.handler(ctx);
    if (result instanceof Promise) {
      guest.waitingOn = ctx.waitingOn ?? guest.waitingOn ?? `${entry.name} (pid ${thread.process.id} tid ${thread.tid})`;
      return result.then((value) => this.#complete(thread, number, originalA0, value));
    }
    return this.#complete(thread, number, originalA0, result);
  }

  /** {@inheritDoc ShimEntry.exception} */
  exception(guest: GuestThread<PosixThread>, stop: ThreadException): ShimOutcome {
    return this.#signals.exception(guest.shimState, stop);
  }

  /** {@inheritDoc ShimEntry.interrupt} */
  interrupt(guest: GuestThread<PosixThread>): ShimOutcome {
    if (!guest.shimState.alive) return "terminate";
    return this.#signals.interrupt(guest.shimState);
  }

  #complete(thread: PosixThread, number: number, originalA0: number, result: SyscallResult): ShimAction {
    if (result === THREAD_EXITED || !thread.alive) return "terminate";
    if (result === CONTROL_TRANSFERRED) return "resume";
    let value = result;
    if (value < 0 && RESTART_CODES.has(-value)) {
      // The signal layer may restart the call (pc back to the ecall, a0 restored); otherwise EINTR.
      thread.restart = { code: -value, number, originalA0 };
      value = -Errno.EINTR;
    }
    const cpu = thread.cpu;
    cpu.setRegister(10, value >>> 0);
    cpu.pc = (cpu.pc + 4) >>> 0;
    return "resume";
  }

  // ---- seams for the parts of the shim ------------------------------------------------------------

  /**
   * Raises `signal` on a process or a thread through the signal layer (SIGCHLD, SIGPIPE, kill…).
   * `info` defaults to a kernel-sent signal (SI_KERNEL).
   */
  sendSignal(target: SignalTarget, signal: number, info?: Omit<SignalInfo, "signo">): void {
    this.#signals.send(target, { code: 0x80, ...info, signo: signal });
  }

  /** Where spawn and execve find programs: the options' source, else the one an installer set. */
  get programs(): ProgramSource | undefined {
    return this.#programs;
  }

  /** The installed signal layer. */
  get signalLayer(): SignalLayer {
    return this.#signals;
  }

  /** Writes one line to the trace sink. */
  trace(line: string): void {
    this.options.trace?.(`litebox-posix: ${line}`);
  }

  /** User-pointer access for `process`'s current address space (EFAULT once the process is gone). */
  memoryOf(process: PosixProcess): UserMemory {
    const cached = this.#memories.get(process);
    if (cached && cached.space === process.space) return cached;
    const memory = new UserMemory(this.platform, process.space, () => process.state === "running" || process.state === "exiting");
    this.#memories.set(process, memory);
    return memory;
  }

  /** The futex key of the word at `address` in `process` (`shared`: not FUTEX_PRIVATE_FLAG). */
  futexKey(process: PosixProcess, address: number, shared: boolean): FutexKeyOf {
    return this.#futexKeys(process, address, shared);
  }

  /** @internal The installed per-process extensions, in installation order. */
  get processExtensions(): readonly ProcessExtension<unknown>[] {
    return this.#processExtensions;
  }

  /** @internal The installed per-thread extensions, in installation order. */
  get threadExtensions(): readonly ThreadExtension<unknown>[] {
    return this.#threadExtensions;
  }

  // ---- process core entry points used by the parts ----------------------------------------------

  /**
   * Ends every thread of `process` and makes it a zombie with wait status `status` (exit_group, a
   * fatal signal): descriptors closed through the hooks (RFC §4.2), memory released, orphans
   * reparented to init, the parent notified. Idempotent.
   */
  terminateProcess(process: PosixProcess, status: number): void {
    terminateProcess(this, process, status);
  }

  /** Ends one thread (exit); the last thread's exit ends the process with `status`. */
  exitThread(thread: PosixThread, status: number): void {
    exitThread(this, thread, status);
  }
}
