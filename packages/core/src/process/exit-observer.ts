/**
 * Exit observation (RFC §1.3): a shared handle through which anyone — a POSIX `waitid`, an NT wait on
 * a process handle, a `pidfd`-like poll — learns that a process exited, without holding the
 * registry's lock. The registry keeps one {@link ProcessExitObserver} per process and hands out the
 * same object every time, so every holder sees the same flag and the same subject.
 *
 * @module
 */
import { Events, type EventMask } from "../event/events";
import { Subject, type Pollable } from "../event/subject";

/**
 * The events an exit observer's subject is notified with when its process exits, and that
 * {@link ProcessExitObserver.pollEvents} reports from then on: `HUP` (the process hung up for good)
 * and `IN` (its status can now be read), as Linux reports a pidfd whose process exited.
 */
export const PROCESS_EXIT_EVENTS: EventMask = Events.HUP | Events.IN;

/** A boolean cell shared by every holder of an observer (the RFC's `Arc<AtomicBool>`). */
export interface ExitedFlag {
  /** True once the process has exited; never goes back to false. */
  readonly value: boolean;
}

/**
 * A shared handle for observing one process's exit. `exited.value` becomes true when the process
 * exits, and `subject` is then notified once with {@link PROCESS_EXIT_EVENTS}. It is also a
 * {@link Pollable}, so a `WaitContext` can wait on it directly.
 *
 * After `removeProcess` (or `abortProcess`) the handle stays usable but silent: the subject is closed
 * (no observer is called, new registrations are ignored) and the flag keeps its last value.
 */
export interface ProcessExitObserver extends Pollable {
  /** The shared "has exited" flag. */
  readonly exited: ExitedFlag;
  /** Notified with {@link PROCESS_EXIT_EVENTS} when the process exits. */
  readonly subject: Subject;
  /** {@link PROCESS_EXIT_EVENTS} once exited, 0 before. */
  pollEvents(): EventMask;
}

/**
 * The registry's private side of an observer: only it can set the flag. Holders see `exited` as a
 * frozen object with a getter, so they cannot set it by accident either.
 */
export class ExitObserverCell implements ProcessExitObserver {
  #exited = false;
  /** {@inheritDoc ProcessExitObserver.exited} */
  readonly exited: ExitedFlag;
  /** {@inheritDoc ProcessExitObserver.subject} */
  readonly subject = new Subject();

  constructor() {
    const read = (): boolean => this.#exited;
    this.exited = Object.freeze({
      get value(): boolean {
        return read();
      },
    });
  }

  /** {@inheritDoc ProcessExitObserver.pollEvents} */
  pollEvents(): EventMask {
    return this.#exited ? PROCESS_EXIT_EVENTS : 0;
  }

  /** Sets the flag (under the registry lock; the subject is notified after the lock is released). */
  markExited(): void {
    this.#exited = true;
  }
}
