/**
 * Event objects: manual-reset (NotificationEvent — stays signalled and releases every waiter) and
 * auto-reset (SynchronizationEvent — the one wait that sees it signalled consumes it).
 *
 * @module
 */
import { Events, FdSubsystem, Subject, type EventMask } from "@litebox-ts/core";
import { KernelObject, type Waitable } from "./kernel-object";

/** An NT event. */
export class NtEvent extends KernelObject implements Waitable {
  /** Notified with IN whenever the event becomes signalled. */
  readonly subject = new Subject();
  /** True for auto-reset (SynchronizationEvent). */
  readonly autoReset: boolean;
  #signalled: boolean;

  /** @param autoReset - SynchronizationEvent. @param initialState - signalled at creation. */
  constructor(autoReset: boolean, initialState: boolean) {
    super();
    this.autoReset = autoReset;
    this.#signalled = initialState;
  }

  /** The current state. */
  get signalled(): boolean {
    return this.#signalled;
  }

  /** Signals the event; returns the previous state. Waiters are tried in the order they started waiting. */
  set(): boolean {
    const previous = this.#signalled;
    this.#signalled = true;
    this.subject.notify(Events.IN);
    return previous;
  }

  /** Resets the event; returns the previous state. */
  reset(): boolean {
    const previous = this.#signalled;
    this.#signalled = false;
    return previous;
  }

  /** {@inheritDoc Waitable.isSignalled} */
  isSignalled(): boolean {
    return this.#signalled;
  }

  /** An auto-reset event is consumed by the wait that sees it. */
  acquire(): void {
    if (this.autoReset) this.#signalled = false;
  }

  /** IN while signalled. */
  pollEvents(): EventMask {
    return this.#signalled ? Events.IN : 0;
  }
}

/** The descriptor subsystem of events. */
export const EVENT_OBJECT: FdSubsystem<NtEvent> = new FdSubsystem<NtEvent>("nt-event");
