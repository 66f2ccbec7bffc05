/**
 * `NtShim`: the NT personality's entry points (litebox's `EnterShim`) and its host-facing API. The
 * scheduler hands it every trap of an NT guest thread: `ecall` goes through the dispatch table (a7 =
 * number, a0..a5 = arguments, NTSTATUS back in a0), faults end the process with the matching NTSTATUS
 * (an unhandled access violation: STATUS_ACCESS_VIOLATION), and the interrupt entry parks suspended
 * threads. The host starts processes with {@link NtShim.start} and observes their exit.
 *
 * @module
 */
import {
  ProcessId,
  err,
  ok,
  type AddressSpaceIdOf,
  type CpuStop,
  type GuestThread,
  type LiteBox,
  type Provider,
  type Result,
  type ShimEntry,
  type ShimOutcome,
} from "@litebox-ts/core";
import { NtStatus } from "./abi/status";
import { NT_SYSCALL_NAMES } from "./abi/syscalls";
import type { HostStream } from "./host/host-stream";
import { NtKernel, type NtKernelOptions } from "./kernel";
import { createUserProcess } from "./process/create-process";
import { programsFromFileSystem } from "./process/image";
import type { NtProcess } from "./process/process";
import type { NtThread } from "./process/thread";
import { REGISTERS_SET, THREAD_EXIT, type SyscallContext, type SyscallOutcome, type SyscallResult } from "./syscalls/context";
import { SYSCALL_TABLE } from "./syscalls/table";

/** What {@link NtShim.start} runs. */
export interface StartOptions {
  /** The image path (looked up in the program source). */
  readonly imagePath: string;
  /** The command line (default: the image path). */
  readonly commandLine?: string;
  /** Standard input, output and error as host streams (each optional). */
  readonly stdin?: HostStream;
  readonly stdout?: HostStream;
  readonly stderr?: HostStream;
  /** Start suspended (the host calls {@link StartedProcess.resume}). */
  readonly suspended?: boolean;
}

/** A process the host started: its id, its exit, and the host's reference to it. */
export interface StartedProcess {
  /** Its process id. */
  readonly pid: ProcessId;
  /** Resolves with the exit status (NTSTATUS or exit code) when the process exits. */
  readonly exited: Promise<number>;
  /** The exit status, or `undefined` while it runs. */
  exitStatus(): number | undefined;
  /** Resumes a process started suspended. */
  resume(): void;
  /** Terminates the process with `status` (as TerminateProcess). */
  terminate(status: number): void;
  /** Drops the host's reference: an exited process nobody refers to is then removed from the registry. */
  release(): void;
}

/** The exit status of a process killed by an unhandled trap, by kind of trap. */
function trapStatus(stop: Exclude<CpuStop, { kind: "ecall" } | { kind: "budget" }>): NtStatus {
  switch (stop.kind) {
    case "fault":
      return NtStatus.ACCESS_VIOLATION;
    case "illegal":
      return NtStatus.ILLEGAL_INSTRUCTION;
    case "ebreak":
      return NtStatus.BREAKPOINT;
    case "misaligned":
      return NtStatus.DATATYPE_MISALIGNMENT;
  }
}

/** The NT shim. */
export class NtShim<P extends Provider<AddressSpaceIdOf<P>> = Provider> implements ShimEntry<NtThread> {
  /** The kernel state (processes, threads, shared operations). */
  readonly kernel: NtKernel;
  /** The LiteBox this shim runs in. */
  readonly litebox: LiteBox<P>;

  /**
   * @param litebox - the LiteBox instance (registry, descriptors, pipes, futexes, platform).
   * @param options - the scheduler, the program source and the image loader, and limits.
   */
  constructor(litebox: LiteBox<P>, options: NtKernelOptions) {
    this.litebox = litebox;
    this.kernel = new NtKernel(
      {
        platform: litebox.platform as unknown as Provider<unknown>,
        registry: litebox.processRegistry(),
        descriptors: litebox.descriptors(),
        pipes: litebox.pipes(),
        futexes: litebox.futexManager(),
        programs: programsFromFileSystem(litebox.fileSystem()),
      },
      options,
    );
    this.kernel.entry = this;
  }

  /**
   * Starts a process from the host: a child of PID 1 with the given host streams as its standard
   * handles. Fails with the NTSTATUS NtCreateUserProcess would give.
   */
  start(options: StartOptions): Result<StartedProcess, NtStatus> {
    const created = createUserProcess(this.kernel, {
      creator: undefined,
      parent: undefined,
      imagePath: options.imagePath,
      commandLine: options.commandLine ?? options.imagePath,
      inheritHandles: false,
      handleList: undefined,
      stdHandles: undefined,
      hostStreams: {
        ...(options.stdin ? { input: options.stdin } : {}),
        ...(options.stdout ? { output: options.stdout } : {}),
        ...(options.stderr ? { error: options.stderr } : {}),
      },
      breakaway: false,
      suspended: options.suspended ?? false,
      processAccess: 0,
      threadAccess: 0,
      processAttributes: 0,
      threadAttributes: 0,
    });
    if (!created.ok) return err(created.error);
    const { process, thread } = created.value;
    process.hostReferences++;
    const kernel = this.kernel;
    const exited = new Promise<number>((resolve) => {
      const done = (): boolean => {
        if (process.state === "exited") resolve(process.exitStatus);
        return process.state === "exited";
      };
      if (done()) return;
      const registration = process.subject.register({ onEvents: () => done() && registration.unregister() }, 1);
    });
    let released = false;
    return ok({
      pid: process.pid,
      exited,
      exitStatus: () => (process.state === "exited" ? process.exitStatus : undefined),
      resume: () => {
        if (thread.suspendCount > 0 && --thread.suspendCount === 0) thread.releaseResumeWaiters("resume");
      },
      terminate: (status) => kernel.terminateProcess(process, status),
      release: () => {
        if (released) return;
        released = true;
        process.hostReferences--;
        kernel.reapProcess(process);
      },
    });
  }

  /** The process with id `pid`, while the shim knows it. */
  process(pid: ProcessId | number): NtProcess | undefined {
    const id = ProcessId.new(pid);
    return id === undefined ? undefined : this.kernel.processes.get(id);
  }

  /** {@inheritDoc ShimEntry.init} — a thread created suspended parks until resumed. */
  init(guest: GuestThread<NtThread>): ShimOutcome {
    const thread = guest.shimState;
    if (thread.state === "terminated") return "terminate";
    return thread.suspendCount > 0 ? thread.waitForResume() : "resume";
  }

  /** {@inheritDoc ShimEntry.syscall} */
  syscall(guest: GuestThread<NtThread>): ShimOutcome {
    const thread = guest.shimState;
    const cpu = guest.cpu;
    const number = cpu.getRegister(17);
    const handler = SYSCALL_TABLE.get(number);
    let outcome: SyscallOutcome;
    if (handler === undefined) {
      this.kernel.options.trace?.(`nt: pid ${thread.process.pid} tid ${thread.tid}: unknown syscall ${number}`);
      outcome = NtStatus.INVALID_SYSTEM_SERVICE;
    } else {
      const context: SyscallContext = {
        kernel: this.kernel,
        thread,
        process: thread.process,
        args: [cpu.getRegister(10), cpu.getRegister(11), cpu.getRegister(12), cpu.getRegister(13), cpu.getRegister(14), cpu.getRegister(15)],
        memory: thread.process.memory,
      };
      outcome = handler(context);
    }
    if (!(outcome instanceof Promise)) return this.#finish(guest, outcome);
    // For the scheduler's deadlock report: what the parked thread waits in.
    guest.waitingOn = `${NT_SYSCALL_NAMES.get(number) ?? number} (pid ${thread.process.pid}, tid ${thread.tid})`;
    return outcome.then((result) => this.#finish(guest, result));
  }

  /** {@inheritDoc ShimEntry.exception} — an unhandled trap ends the process (STATUS_ACCESS_VIOLATION for faults). */
  exception(guest: GuestThread<NtThread>, stop: Exclude<CpuStop, { kind: "ecall" } | { kind: "budget" }>): ShimOutcome {
    const thread = guest.shimState;
    this.kernel.terminateProcess(thread.process, trapStatus(stop));
    return "terminate";
  }

  /** {@inheritDoc ShimEntry.interrupt} — a suspension request: park until resumed. */
  interrupt(guest: GuestThread<NtThread>): ShimOutcome {
    const thread = guest.shimState;
    if (thread.state === "terminated") return "terminate";
    guest.interruptLatch.clear();
    return thread.suspendCount > 0 ? thread.waitForResume() : "resume";
  }

  /** Writes the result, steps past the ecall, and parks the thread if it was suspended meanwhile. */
  #finish(guest: GuestThread<NtThread>, result: SyscallResult): ShimOutcome {
    const thread = guest.shimState;
    if (result === THREAD_EXIT || thread.state === "terminated") return "terminate";
    if (result !== REGISTERS_SET) {
      guest.cpu.setRegister(10, result >>> 0);
      guest.cpu.pc = (guest.cpu.pc + 4) >>> 0;
    }
    return thread.suspendCount > 0 ? thread.waitForResume() : "resume";
  }

  /** The name of syscall `number`, for traces. */
  static syscallName(number: number): string | undefined {
    return NT_SYSCALL_NAMES.get(number);
  }
}
