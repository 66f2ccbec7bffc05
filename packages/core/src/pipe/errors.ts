/**
 * The closed set of errors of pipe reads and writes. Shims map them: POSIX `WouldBlock` → EAGAIN,
 * `BrokenPipe` → EPIPE plus SIGPIPE, `Interrupted` → EINTR (or a restart), `TimedOut` → whatever the
 * caller's deadline means; NT `BrokenPipe` → STATUS_PIPE_BROKEN.
 *
 * @module
 */
import type { Result } from "../util/result";

/** Every error a pipe operation returns. A closed set. */
export const PipeError = {
  /** A non-blocking operation could not make progress (EAGAIN). */
  WouldBlock: "WouldBlock",
  /** A write found no reader left anywhere (EPIPE / SIGPIPE; STATUS_PIPE_BROKEN). */
  BrokenPipe: "BrokenPipe",
  /** A blocking operation's interrupt hook fired before it made progress (EINTR). */
  Interrupted: "Interrupted",
  /** A blocking operation's deadline passed before it made progress. */
  TimedOut: "TimedOut",
} as const;
/** {@inheritDoc (PipeError:variable)} */
export type PipeError = (typeof PipeError)[keyof typeof PipeError];

/** Errors of {@link PipeReadEnd.read}. */
export type PipeReadError = typeof PipeError.WouldBlock | typeof PipeError.Interrupted | typeof PipeError.TimedOut;

/** Errors of {@link PipeWriteEnd.write}. */
export type PipeWriteError =
  | typeof PipeError.WouldBlock
  | typeof PipeError.BrokenPipe
  | typeof PipeError.Interrupted
  | typeof PipeError.TimedOut;

/**
 * The outcome of a pipe operation: a byte count or an error, synchronously when no wait was needed,
 * a Promise of it when the operation blocked.
 */
export type PipeIoResult<E> = Result<number, E> | Promise<Result<number, E>>;
