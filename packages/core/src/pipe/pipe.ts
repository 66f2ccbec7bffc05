/**
 * An anonymous pipe (RFC §3.2): a bounded byte queue with a read end and a write end. The ends are
 * the objects descriptor entries hold; their `onDup` / `onClose` hooks count the descriptor slots
 * that refer to each end across every process, which is all a pipe knows about its users — it has
 * no notion of a process. Semantics follow Linux `pipe(7)`:
 *
 * - writes of at most {@link PIPE_BUF} bytes are atomic: all of it lands contiguously or (when
 *   non-blocking and it does not fit) nothing does; larger writes may be split;
 * - a read returns what is there (up to the request); on an empty pipe it blocks, or returns 0
 *   (end of file) once no write end is referenced anywhere;
 * - a write with no read end referenced anywhere fails with `BrokenPipe`, unless it is a blocked
 *   large write that already wrote something, which returns its count;
 * - blocked operations are served first come, first served; blocking goes through
 *   {@link WaitContext}, so deadlines and interruption work as everywhere else.
 *
 * @module
 */
import { PipeError, type PipeIoResult, type PipeReadError, type PipeWriteError } from "./errors";
import { ByteRing } from "./ring-buffer";
import { WaitQueue, type QueueTicket } from "./wait-queue";
import { Events, type EventMask } from "../event/events";
import { Subject, type Pollable } from "../event/subject";
import {
  WAIT_INTERRUPTED,
  WaitContext,
  WOULD_BLOCK,
  isWaitFailure,
  type WaitFailure,
  type WaitOptions,
  type WouldBlock,
} from "../event/wait";
import type { FdEnabledSubsystemEntry } from "../fd/subsystem";
import { withLock, type RawMutex } from "../platform/mutex";
import type { TimeProvider } from "../platform/time";
import { InvariantViolation } from "../util/invariant";
import { err, ok, type Result } from "../util/result";

/** Writes of at most this many bytes are atomic (POSIX PIPE_BUF; Linux: 4096). */
export const PIPE_BUF = 4096;

/** Default pipe capacity in bytes (Linux: 16 pages). */
export const DEFAULT_PIPE_CAPACITY = 65536;

/** Options of one read or write. */
export interface PipeIoOptions extends WaitOptions {
  /**
   * Fail with `WouldBlock` instead of waiting (the entry's shared O_NONBLOCK flag; shims pass
   * `entry.nonBlocking`). Default false. `deadline` and `interrupt` apply only to blocking calls.
   */
  readonly nonBlocking?: boolean;
}

/** What a pipe needs from the platform and its owner. */
export interface PipeDeps {
  /** Clock for deadlines. */
  readonly time: TimeProvider;
  /** Guards the pipe's state (detects re-entrant use from callbacks). */
  readonly mutex: RawMutex;
  /** Told +1 when the first reference to either end appears, −1 when the last one goes. */
  readonly onLiveChange?: (delta: 1 | -1) => void;
}

function toFailure(failure: WaitFailure): typeof PipeError.Interrupted | typeof PipeError.TimedOut {
  return failure === WAIT_INTERRUPTED ? PipeError.Interrupted : PipeError.TimedOut;
}

/** The shared state of one pipe; the two ends are views of it. Not exported from the package. */
export class PipeCore {
  readonly ring: ByteRing;
  readonly readSubject = new Subject();
  readonly writeSubject = new Subject();
  readers = 0;
  writers = 0;
  readonly #deps: PipeDeps;
  readonly #readQueue = new WaitQueue();
  readonly #writeQueue = new WaitQueue();
  #dispatching = false;
  // Set when something readers (resp. writers) wait for may have changed.
  #readSideDirty = false;
  #writeSideDirty = false;

  constructor(capacity: number, deps: PipeDeps) {
    this.ring = new ByteRing(capacity);
    this.#deps = deps;
  }

  /** Read-end readiness: IN when data is queued, HUP when no write end is referenced. */
  readEvents(): EventMask {
    return (this.ring.size > 0 ? Events.IN : 0) | (this.writers === 0 ? Events.HUP : 0);
  }

  /** Write-end readiness: OUT when at least PIPE_BUF bytes are free, ERR when no read end is referenced. */
  writeEvents(): EventMask {
    return (this.ring.free >= PIPE_BUF ? Events.OUT : 0) | (this.readers === 0 ? Events.ERR : 0);
  }

  /** Adds `delta` (±1) to the reader or writer count (the ends' hooks). */
  adjust(side: "readers" | "writers", delta: 1 | -1): void {
    withLock(this.#deps.mutex, () => {
      const next = this[side] + delta;
      if (next < 0) throw new InvariantViolation("PipeCountUnderflow", `pipe ${side} closed more often than duplicated`);
      const before = this.readers + this.writers;
      this[side] = next;
      const after = this.readers + this.writers;
      if (before === 0 && after > 0) this.#deps.onLiveChange?.(1);
      if (before > 0 && after === 0) this.#deps.onLiveChange?.(-1);
      // Writers matter to readers (EOF) and readers to writers (BrokenPipe).
      if (side === "writers") this.#readSideDirty = true;
      else this.#writeSideDirty = true;
    });
    this.#dispatch();
  }

  read(dest: Uint8Array, options: PipeIoOptions): PipeIoResult<PipeReadError> {
    if (dest.length === 0) return ok(0);
    if (options.nonBlocking === true) {
      const result = this.#tryRead(dest, undefined, true);
      this.#dispatch();
      return result === WOULD_BLOCK ? err(PipeError.WouldBlock) : result;
    }
    let ticket: QueueTicket | undefined;
    const waited = new WaitContext(this.#deps.time, options).wait(
      () => this.#tryRead(dest, ticket, false),
      (wake) => {
        ticket = this.#readQueue.enqueue(wake);
        const mine = ticket;
        return () => this.#leave(this.#readQueue, mine, "read");
      },
    );
    this.#dispatch();
    const settle = (value: Result<number, PipeReadError> | WaitFailure): Result<number, PipeReadError> =>
      isWaitFailure(value) ? err(toFailure(value)) : value;
    return waited instanceof Promise ? waited.then(settle) : settle(waited);
  }

  write(source: Uint8Array, options: PipeIoOptions): PipeIoResult<PipeWriteError> {
    if (source.length === 0) return ok(0);
    const progress = { written: 0 };
    if (options.nonBlocking === true) {
      const result = this.#tryWrite(source, progress, undefined, true);
      this.#dispatch();
      if (result !== WOULD_BLOCK) return result;
      return progress.written > 0 ? ok(progress.written) : err(PipeError.WouldBlock);
    }
    let ticket: QueueTicket | undefined;
    const waited = new WaitContext(this.#deps.time, options).wait(
      () => this.#tryWrite(source, progress, ticket, false),
      (wake) => {
        ticket = this.#writeQueue.enqueue(wake);
        const mine = ticket;
        return () => this.#leave(this.#writeQueue, mine, "write");
      },
    );
    this.#dispatch();
    // A write cut short after it wrote something reports what it wrote, as Linux does.
    const settle = (value: Result<number, PipeWriteError> | WaitFailure): Result<number, PipeWriteError> => {
      if (!isWaitFailure(value)) return value;
      return progress.written > 0 ? ok(progress.written) : err(toFailure(value));
    };
    return waited instanceof Promise ? waited.then(settle) : settle(waited);
  }

  #tryRead(dest: Uint8Array, ticket: QueueTicket | undefined, nonBlocking: boolean): Result<number, PipeReadError> | WouldBlock {
    return withLock(this.#deps.mutex, () => {
      if (this.ring.size > 0) {
        // Blocking readers keep their turn; a non-blocking read never waits, so it never queues.
        if (!nonBlocking && !this.#readQueue.mayProceed(ticket)) return WOULD_BLOCK;
        const n = this.ring.shift(dest);
        this.#writeSideDirty = true;
        return ok(n);
      }
      if (this.writers === 0) return ok(0);
      return WOULD_BLOCK;
    });
  }

  #tryWrite(
    source: Uint8Array,
    progress: { written: number },
    ticket: QueueTicket | undefined,
    nonBlocking: boolean,
  ): Result<number, PipeWriteError> | WouldBlock {
    return withLock(this.#deps.mutex, () => {
      if (this.readers === 0) return progress.written > 0 ? ok(progress.written) : err(PipeError.BrokenPipe);
      if (!nonBlocking && !this.#writeQueue.mayProceed(ticket)) return WOULD_BLOCK;
      const total = source.length;
      const free = this.ring.free;
      if (total <= PIPE_BUF) {
        if (free < total) return WOULD_BLOCK;
        this.ring.push(source, 0, total);
        progress.written = total;
      } else {
        const n = Math.min(free, total - progress.written);
        if (n > 0) {
          this.ring.push(source, progress.written, progress.written + n);
          progress.written += n;
        }
      }
      if (progress.written > 0) this.#readSideDirty = true;
      return progress.written === total ? ok(total) : WOULD_BLOCK;
    });
  }

  #leave(queue: WaitQueue, ticket: QueueTicket, side: "read" | "write"): void {
    if (queue.remove(ticket)) {
      // The head left (done, timed out or interrupted): the next one may proceed now.
      if (side === "read") this.#readSideDirty = true;
      else this.#writeSideDirty = true;
    }
    this.#dispatch();
  }

  /**
   * Serves blocked operations and notifies pollers until nothing changes. Runs outside the lock
   * and never nested: an operation finishing inside it only marks a side dirty and the loop picks
   * it up, so no attempt ever runs inside another.
   */
  #dispatch(): void {
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      while (this.#readSideDirty || this.#writeSideDirty) {
        if (this.#readSideDirty) {
          this.#readSideDirty = false;
          this.#readQueue.pump();
          this.readSubject.notify(this.readEvents());
        }
        if (this.#writeSideDirty) {
          this.#writeSideDirty = false;
          this.#writeQueue.pump();
          this.writeSubject.notify(this.writeEvents());
        }
      }
    } finally {
      this.#dispatching = false;
    }
  }
}

/** What both ends of a pipe answer alike: the queries on the shared pipe. */
abstract class PipeEndBase {
  /** @internal The pipe both ends share. */
  protected readonly pipe: PipeCore;

  /** @internal Created by {@link Pipes.createPipe}. */
  constructor(pipe: PipeCore) {
    this.pipe = pipe;
  }

  /** Bytes queued in the pipe (FIONREAD, on either end). */
  get available(): number {
    return this.pipe.ring.size;
  }

  /** The pipe's capacity in bytes. */
  get capacity(): number {
    return this.pipe.ring.capacity;
  }

  /** Descriptor slots referring to the read end, across all processes. */
  get readerCount(): number {
    return this.pipe.readers;
  }

  /** Descriptor slots referring to the write end, across all processes. */
  get writerCount(): number {
    return this.pipe.writers;
  }
}

/** The read end of a pipe: what a read-only descriptor entry holds. */
export class PipeReadEnd extends PipeEndBase implements FdEnabledSubsystemEntry, Pollable {
  /** Discriminant: which end this is. */
  readonly kind = "read" as const;

  /**
   * Reads up to `dest.length` bytes into `dest`. Returns at once with what is queued (≥ 1 byte), 0
   * for a zero-length request, or 0 at end of file (empty and no write end referenced). Otherwise it
   * blocks (a Promise) until data or EOF arrives, the deadline passes (`TimedOut`) or the interrupt
   * fires (`Interrupted`) — or, non-blocking, fails with `WouldBlock`.
   */
  read(dest: Uint8Array, options: PipeIoOptions = {}): PipeIoResult<PipeReadError> {
    return this.pipe.read(dest, options);
  }

  /** {@inheritDoc Pollable.subject} */
  get subject(): Subject {
    return this.pipe.readSubject;
  }

  /** IN when data is queued; HUP when no write end is referenced. */
  pollEvents(): EventMask {
    return this.pipe.readEvents();
  }

  /** One more slot refers to the read end. */
  onDup(): void {
    this.pipe.adjust("readers", 1);
  }

  /** One slot less refers to the read end; at zero, writers get `BrokenPipe` and ERR. */
  onClose(): void {
    this.pipe.adjust("readers", -1);
  }
}

/** The write end of a pipe: what a write-only descriptor entry holds. */
export class PipeWriteEnd extends PipeEndBase implements FdEnabledSubsystemEntry, Pollable {
  /** Discriminant: which end this is. */
  readonly kind = "write" as const;

  /**
   * Writes `source`. At most {@link PIPE_BUF} bytes: atomically, once there is room for all of it.
   * More: in pieces as room appears, and other writers' data may fall between the pieces. Returns
   * the full length once done; `BrokenPipe` if no read end is referenced (or the count written so
   * far, if a blocked large write was cut short by the last reader closing); when blocking ends on
   * the deadline or the interrupt, the count written so far if > 0, else `TimedOut` / `Interrupted`;
   * non-blocking, what fits (all or nothing up to PIPE_BUF) or `WouldBlock`. The pipe reads
   * `source` as it goes: leave it unchanged until the operation settles.
   *
   * A short count with {@link PipeWriteEnd.readerCount} at 0 afterwards means the last reader went
   * away mid-write; Linux raises SIGPIPE in that case too, so a POSIX shim checks for it.
   * A blocked write holds no reference of its own: if the caller's slot is closed meanwhile, the
   * write end may lose its last writer while the write is still pending (Linux keeps the file
   * alive for the duration of the call); a shim that needs that holds a duplicate for the call.
   */
  write(source: Uint8Array, options: PipeIoOptions = {}): PipeIoResult<PipeWriteError> {
    return this.pipe.write(source, options);
  }

  /** {@inheritDoc Pollable.subject} */
  get subject(): Subject {
    return this.pipe.writeSubject;
  }

  /** OUT when at least {@link PIPE_BUF} bytes are free; ERR when no read end is referenced. */
  pollEvents(): EventMask {
    return this.pipe.writeEvents();
  }

  /** One more slot refers to the write end. */
  onDup(): void {
    this.pipe.adjust("writers", 1);
  }

  /** One slot less refers to the write end; at zero, readers see end of file and HUP. */
  onClose(): void {
    this.pipe.adjust("writers", -1);
  }
}

/** Either end of a pipe: the object type of {@link PIPE_SUBSYSTEM} entries. */
export type PipeEnd = PipeReadEnd | PipeWriteEnd;
