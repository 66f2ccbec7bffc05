/**
 * The pipe subsystem: creates pipes and opens their two ends in a process's descriptor storage
 * (`pipe2` semantics without the errno words, which belong to the shims). Pipes are plain objects;
 * the descriptor layer is their only link to processes.
 *
 * @module
 */
import { DEFAULT_PIPE_CAPACITY, PIPE_BUF, PipeCore, PipeReadEnd, PipeWriteEnd, type PipeEnd } from "./pipe";
import type { DescriptorOpenError } from "../fd/errors";
import { DescriptorFlags, type RawDescriptorStorage } from "../fd/storage";
import { AccessMode, FdSubsystem } from "../fd/subsystem";
import { defaultMutexFactory, type RawMutexFactory } from "../platform/mutex";
import type { RawMutexProvider, TimeSourceProvider } from "../platform/provider";
import type { TimeProvider } from "../platform/time";
import { InvariantViolation } from "../util/invariant";
import { ok, type Result } from "../util/result";

/** The subsystem token of pipe entries: `storage.get(fd, PIPE_SUBSYSTEM)` yields a {@link PipeEnd}. */
export const PIPE_SUBSYSTEM: FdSubsystem<PipeEnd> = new FdSubsystem<PipeEnd>("pipe");

/** Options of a {@link Pipes} subsystem. */
export interface PipesOptions {
  /** Capacity of new pipes in bytes (an integer ≥ {@link PIPE_BUF}); default {@link DEFAULT_PIPE_CAPACITY}. */
  readonly capacity?: number;
}

/** Options of {@link Pipes.createPipe}. */
export interface CreatePipeOptions {
  /** This pipe's capacity (an integer ≥ {@link PIPE_BUF}); default: the subsystem's. */
  readonly capacity?: number;
}

/** Options of {@link Pipes.openPipe} (the pipe2 flags). */
export interface OpenPipeOptions extends CreatePipeOptions {
  /** Set close-on-exec on both numbers (O_CLOEXEC). Default false. */
  readonly closeOnExec?: boolean;
  /** Make both entries non-blocking (O_NONBLOCK). Default false. */
  readonly nonBlocking?: boolean;
}

/** The two ends of a new pipe. */
export interface PipePair {
  /** The read end. */
  readonly readEnd: PipeReadEnd;
  /** The write end. */
  readonly writeEnd: PipeWriteEnd;
}

/** A pipe opened in a storage: its two numbers and its two ends. */
export interface OpenedPipe extends PipePair {
  /** The number of the read end (the lower of the two when both were free). */
  readonly readFd: number;
  /** The number of the write end. */
  readonly writeFd: number;
}

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < PIPE_BUF) {
    throw new InvariantViolation("InvalidArgument", `pipe capacity ${capacity} is not an integer ≥ PIPE_BUF (${PIPE_BUF})`);
  }
  return capacity;
}

/** The pipe subsystem of one LiteBox instance. */
export class Pipes {
  /** Capacity of new pipes, in bytes. */
  readonly capacity: number;
  readonly #time: TimeProvider;
  readonly #createMutex: RawMutexFactory;
  #live = 0;

  /**
   * @param platform - the clock (for deadlines) and optionally the raw mutex factory.
   * @param options - subsystem options.
   */
  constructor(platform: TimeSourceProvider & Partial<RawMutexProvider>, options: PipesOptions = {}) {
    this.#time = platform.time;
    this.#createMutex = platform.createMutex ?? defaultMutexFactory;
    this.capacity = checkCapacity(options.capacity ?? DEFAULT_PIPE_CAPACITY);
  }

  /**
   * Creates a pipe. Its ends count no reference yet: each counts the descriptor slots that refer to
   * it (through the hooks), so until an end is opened somewhere its pipe reports no reader / no
   * writer. Use {@link Pipes.openPipe} to create and open in one step.
   */
  createPipe(options: CreatePipeOptions = {}): PipePair {
    const core = new PipeCore(checkCapacity(options.capacity ?? this.capacity), {
      time: this.#time,
      mutex: this.#createMutex("Pipe"),
      onLiveChange: (delta) => (this.#live += delta),
    });
    return { readEnd: new PipeReadEnd(core), writeEnd: new PipeWriteEnd(core) };
  }

  /**
   * Creates a pipe and opens its read end then its write end at the lowest free numbers of
   * `storage`. If the second cannot be opened the first is closed again, so a failure leaves
   * nothing behind.
   */
  openPipe(storage: RawDescriptorStorage, options: OpenPipeOptions = {}): Result<OpenedPipe, DescriptorOpenError> {
    const pair = this.createPipe(options);
    const flags = options.closeOnExec === true ? DescriptorFlags.CLOSE_ON_EXEC : 0;
    const nonBlocking = options.nonBlocking ?? false;
    const table = storage.descriptors;
    const read = table.open(storage, PIPE_SUBSYSTEM, pair.readEnd, { accessMode: AccessMode.Read, nonBlocking, flags });
    if (!read.ok) return read;
    const write = table.open(storage, PIPE_SUBSYSTEM, pair.writeEnd, { accessMode: AccessMode.Write, nonBlocking, flags });
    if (!write.ok) {
      storage.close(read.value);
      return write;
    }
    return ok({ ...pair, readFd: read.value, writeFd: write.value });
  }

  /** Pipes with at least one end referenced by a descriptor slot (0 when nothing leaks). */
  get livePipeCount(): number {
    return this.#live;
  }
}
