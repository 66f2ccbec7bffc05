/**
 * The hello shim: an OS personality with two system calls — Linux rv32's `write` (64) and `exit`
 * (93) / `exit_group` (94); everything else answers -ENOSYS. It builds each process the way RFC
 * §4.1 says (registry entry → address space → descriptors → memory → thread), rolls back on
 * failure, and closes every descriptor and frees every page when the process exits (RFC §4.2).
 */
import {
  DescriptorTarget,
  FdSubsystem,
  ProcessId,
  Scheduler,
  err,
  ok,
  reparentOrphansToInit,
  type AddressRange,
  type FdEnabledSubsystemEntry,
  type GuestThread,
  type RawDescriptorStorage,
  type Result,
  type RunReport,
  type ShimEntry,
  type ShimOutcome,
} from "@litebox-ts/core";
import type { AnyLiteBox, GuestProgram, SessionOptions, ShimSession, SpawnFailure, SpawnedGuest } from "@litebox-ts/conformance";

const SYS_WRITE = 64;
const SYS_EXIT = 93;
const SYS_EXIT_GROUP = 94;
const EBADF = 9;
const EFAULT = 14;
const ENOSYS = 38;
/** The status of a process killed by a fault, as a shell reports SIGSEGV. */
const FAULT_STATUS = 128 + 11;

/** A host stream behind descriptors 1 and 2. */
class HostStream implements FdEnabledSubsystemEntry {
  constructor(readonly write: (bytes: Uint8Array) => void) {}
  onDup(): void {}
  onClose(): void {}
}

const HOST_STREAM = new FdSubsystem<HostStream>("hello-host-stream");

/** One process of the hello shim. */
interface HelloProcess {
  readonly pid: ProcessId;
  readonly space: unknown;
  readonly storage: RawDescriptorStorage;
  exitStatus: number | undefined;
}

function failure(detail: string): SpawnFailure {
  return { _tag: "SpawnFailure", detail };
}

/** Options of {@link HelloSession} beyond the runner's. */
export interface HelloSessionOptions {
  /** Close every descriptor of an exiting process (RFC §4.2). Default true. */
  readonly closeDescriptorsOnExit?: boolean;
}

/** The hello shim on one LiteBox: spawn programs, run them, end them. */
export class HelloSession implements ShimSession, ShimEntry<HelloProcess> {
  readonly #litebox: AnyLiteBox;
  readonly #options: SessionOptions;
  readonly #scheduler: Scheduler;
  readonly #stdout: HostStream;
  readonly #stderr: HostStream;
  readonly #closeOnExit: boolean;

  constructor(litebox: AnyLiteBox, options: SessionOptions, extra: HelloSessionOptions = {}) {
    this.#litebox = litebox;
    this.#options = options;
    this.#scheduler = new Scheduler({
      clock: litebox.platform.time,
      executor: litebox.platform,
      ...(options.schedule === undefined ? {} : { seed: options.schedule }),
    });
    this.#stdout = new HostStream(options.stdout);
    this.#stderr = new HostStream(options.stderr);
    this.#closeOnExit = extra.closeDescriptorsOnExit ?? true;
  }

  spawn(program: GuestProgram): Result<SpawnedGuest, SpawnFailure> {
    const bytes = program.files.read(program.path);
    if (bytes === undefined) return err(failure(`NotFound ${program.path}`));
    const { platform } = this.#litebox;
    const registry = this.#litebox.processRegistry();
    // RFC §4.1, with every step undone when a later one fails.
    const pid = registry.createProcess(ProcessId.INIT);
    if (!pid.ok) return err(failure(`Registry/${pid.error}`));
    const space = platform.createAddressSpace();
    if (!space.ok) {
      registry.abortProcess(pid.value);
      return err(failure(`AddressSpace/${space.error}`));
    }
    const storage = this.#litebox.descriptors().createStorage();
    const undo = (detail: string): Result<never, SpawnFailure> => {
      storage.closeAll();
      platform.destroyAddressSpace(space.value);
      registry.abortProcess(pid.value);
      return err(failure(detail));
    };
    for (const [fd, stream] of [[1, this.#stdout], [2, this.#stderr]] as const) {
      const opened = this.#litebox.descriptors().open(storage, HOST_STREAM, stream, { target: DescriptorTarget.exact(fd) });
      if (!opened.ok) return undo(`Descriptors/${opened.error}`);
    }
    const range = platform.addressSpaceRange(space.value);
    if (!range.ok) return undo(`AddressSpace/${range.error}`);
    // A SharedMemory space is a region the CPU re-bases into: guests see addresses from 0.
    const guestRange: AddressRange = platform.addressSpaceKind === "SharedMemory" ? { start: 0, end: range.value.end - range.value.start } : range.value;
    const loaded = this.#options.loadImage(bytes, { pages: platform, memory: platform, space: space.value, range: guestRange }, { argv: program.argv });
    if (!loaded.ok) return undo(`Load/${loaded.error._tag}`);
    const cpu = platform.createCpu(space.value);
    if (!cpu.ok) return undo(`Cpu/${cpu.error}`);
    cpu.value.pc = loaded.value.entry;
    cpu.value.setRegister(2, loaded.value.sp);
    const process: HelloProcess = { pid: pid.value, space: space.value, storage, exitStatus: undefined };
    this.#scheduler.spawn(cpu.value, space.value, this, process);
    return ok({ exitStatus: () => process.exitStatus, release: () => undefined });
  }

  run(): Promise<RunReport> {
    return this.#scheduler.run();
  }

  stop(): void {
    this.#scheduler.stop();
  }

  syscall(guest: GuestThread<HelloProcess>): ShimOutcome {
    const cpu = guest.cpu;
    const process = guest.shimState;
    const number = cpu.getRegister(17);
    if (number === SYS_EXIT || number === SYS_EXIT_GROUP) {
      this.#exit(process, cpu.getRegister(10) & 0xff);
      return "terminate";
    }
    let result = -ENOSYS;
    if (number === SYS_WRITE) result = this.#write(process, cpu.getRegister(10), cpu.getRegister(11), cpu.getRegister(12));
    else this.#options.trace(`hello: pid ${process.pid}: unimplemented syscall ${number} -> ENOSYS`);
    cpu.setRegister(10, result >>> 0);
    cpu.pc = (cpu.pc + 4) >>> 0;
    return "resume";
  }

  exception(guest: GuestThread<HelloProcess>): ShimOutcome {
    this.#exit(guest.shimState, FAULT_STATUS);
    return "terminate";
  }

  interrupt(): ShimOutcome {
    return "resume";
  }

  #write(process: HelloProcess, fd: number, address: number, length: number): number {
    const entry = process.storage.entry(fd);
    if (!entry.ok || entry.value.subsystem !== HOST_STREAM) return -EBADF;
    const bytes = new Uint8Array(Math.min(length, 1 << 20));
    if (this.#litebox.platform.readBytes(process.space, address, bytes) !== undefined) return -EFAULT;
    (entry.value.object as HostStream).write(bytes);
    return bytes.length;
  }

  /** RFC §4.2: close every descriptor, free the memory, record the exit; init (the host) reaps at once. */
  #exit(process: HelloProcess, status: number): void {
    if (this.#closeOnExit) process.storage.closeAll();
    this.#litebox.platform.destroyAddressSpace(process.space);
    const registry = this.#litebox.processRegistry();
    registry.exitProcess(process.pid, status, reparentOrphansToInit);
    registry.removeProcess(process.pid);
    process.exitStatus = status;
  }
}
