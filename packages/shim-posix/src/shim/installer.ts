/**
 * What an installer gets: the narrow set of registration points through which a part of the shim
 * adds syscalls, file operations, per-process and per-thread state, the signal layer, and the futex
 * key policy. Each part of the shim exports one `install…(installer)` function and adds one line to
 * `syscalls/install.ts`; nothing else in the process core needs editing.
 *
 * @module
 */
import type { FdEnabledSubsystemEntry, FdSubsystem } from "@litebox-ts/core";
import type { FileOps } from "../io/file-ops";
import type { ProcessExtension, ThreadExtension } from "../process/extensions";
import type { ProgramSource } from "../programs/program-source";
import type { SignalLayer } from "../process/signal-seam";
import type { SyscallHandler } from "../syscalls/table";
import type { FutexKeyResolver } from "./futex-key";
import type { PosixShim } from "./posix-shim";

/** Registration points handed to each installer. */
export interface ShimInstaller {
  /** The shim being built (its options, litebox, platform, tables). */
  readonly shim: PosixShim;
  /** Registers a syscall handler (a number registered twice throws). */
  syscall(number: number, name: string, handler: SyscallHandler): void;
  /** Registers the file operations of a descriptor subsystem. */
  fileOps<T extends FdEnabledSubsystemEntry>(subsystem: FdSubsystem<T>, ops: FileOps<T>): void;
  /** Adds per-process state with lifecycle callbacks. */
  processExtension<T>(key: ProcessExtension<T>): void;
  /** Adds per-thread state with lifecycle callbacks. */
  threadExtension<T>(key: ThreadExtension<T>): void;
  /** Replaces the signal layer (the provisional one is installed first). */
  signalLayer(layer: SignalLayer): void;
  /** Replaces how futex keys are derived (shared mappings need object-based keys). */
  futexKeys(resolver: FutexKeyResolver): void;
  /** Sets where spawn and execve find programs when the options name no source (the files part does). */
  programSource(source: ProgramSource): void;
}

/** One part of the shim. */
export type Installer = (installer: ShimInstaller) => void;
