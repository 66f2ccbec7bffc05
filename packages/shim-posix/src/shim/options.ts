/**
 * Options of a {@link PosixShim}: the seed, how guest stdio reaches the host, where programs come
 * from, the loader, the trace sink and a few limits.
 *
 * @module
 */
import type { HostInput, HostOutput } from "../io/stdio";
import type { ImageLoader } from "../programs/image-loader";
import type { ProgramSource } from "../programs/program-source";

/** Receives one line per noteworthy event (unknown syscalls, dropped signals). */
export type TraceSink = (line: string) => void;

/** The host ends of the first program's fds 0, 1 and 2. A missing one is the null device. */
export interface StdioHooks {
  /** fd 0. */
  readonly stdin?: HostInput;
  /** fd 1. */
  readonly stdout?: HostOutput;
  /** fd 2. */
  readonly stderr?: HostOutput;
}

/** Options of a {@link PosixShim}. */
export interface PosixShimOptions {
  /**
   * Loads executables (spawn, execve). Pass `loadElf` from `@litebox-ts/riscv`; the shim may not
   * import it (layering), and any loader with this shape works.
   */
  readonly loader: ImageLoader;
  /**
   * Where spawn and execve find programs by path (default: the files part's source over the
   * LiteBox's filesystem, so programs are found as files with an execute bit).
   */
  readonly programs?: ProgramSource;
  /** Seed of everything random: scheduling exploration, AT_RANDOM, getrandom. Default 0. */
  readonly seed?: number;
  /**
   * Randomise scheduling with the seed (random quanta and thread choice). Default false: round-robin,
   * which is deterministic too.
   */
  readonly exploreSchedules?: boolean;
  /** Instructions per scheduling quantum (default the scheduler's). */
  readonly quantum?: number;
  /** The first program's standard streams. */
  readonly stdio?: StdioHooks;
  /** Trace sink (default: none). */
  readonly trace?: TraceSink;
  /** Bytes of stack mapped for a new program (default 1 MiB). */
  readonly stackSize?: number;
  /** RLIMIT_NPROC of the first program (default 4096). */
  readonly maxProcesses?: number;
  /** `uname` fields. */
  readonly hostname?: string;
}
