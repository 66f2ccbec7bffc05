/**
 * What every NT object behind a handle has: a handle count kept by the descriptor hooks (RFC §3.1:
 * `onDup` / `onClose` fire for every handle that starts or stops referring to the object, in any
 * process, whatever the reason — create, open, DuplicateHandle, inheritance, NtClose, exit), and, for
 * the objects one can wait on, readiness through a {@link Subject}.
 *
 * @module
 */
import { Events, Subject, type EventMask, type FdEnabledSubsystemEntry, type Pollable } from "@litebox-ts/core";

/** An object a wait can name: signalled or not, and consumed (auto-reset) by the wait that sees it. */
export interface Waitable extends Pollable {
  /** True when a wait on the object would be satisfied now. */
  isSignalled(): boolean;
  /** Applies a satisfied wait's side effect (an auto-reset event resets; others do nothing). */
  acquire(): void;
}

/** The base of NT objects: counts the handles that refer to it across every process. */
export abstract class KernelObject implements FdEnabledSubsystemEntry {
  #handles = 0;

  /** Handles, in every process, that refer to this object. */
  get handleCount(): number {
    return this.#handles;
  }

  /** A handle now refers to the object. */
  onDup(): void {
    this.#handles++;
  }

  /** A handle stopped referring to the object; the last one calls {@link KernelObject.lastHandleClosed}. */
  onClose(): void {
    this.#handles--;
    if (this.#handles === 0) this.lastHandleClosed();
  }

  /** Called when the handle count drops to zero (KILL_ON_JOB_CLOSE, reaping an exited process…). */
  protected lastHandleClosed(): void {}
}

/** A waitable object that is always signalled (pipe ends and host streams, like Windows file objects). */
export class AlwaysSignalled implements Waitable {
  /** Never notified: the state never changes. */
  readonly subject = new Subject();

  /** {@inheritDoc Waitable.isSignalled} */
  isSignalled(): boolean {
    return true;
  }

  /** Nothing to consume. */
  acquire(): void {}

  /** IN, always. */
  pollEvents(): EventMask {
    return Events.IN;
  }
}

/** The one {@link AlwaysSignalled} instance. */
export const ALWAYS_SIGNALLED: Waitable = new AlwaysSignalled();
