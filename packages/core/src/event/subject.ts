/**
 * Subject / Observer: the readiness notification mechanism. A pollable object owns a {@link Subject};
 * whoever wants to know when it becomes ready registers an {@link Observer} with an interest mask and
 * is called with the events that occurred. Observers are held until unregistered (JS has no cheap weak
 * callbacks), so every registration returns its own {@link Registration}.
 *
 * @module
 */
import { visibleEvents, type EventMask } from "./events";

/** Something that wants to be told about events. */
export interface Observer {
  /** Called with the events that occurred (already filtered by the registration's interest). */
  onEvents(events: EventMask): void;
}

/** A live observer registration; `unregister` is idempotent. */
export interface Registration {
  /** Stops notifications to this observer. */
  unregister(): void;
}

interface Entry {
  readonly observer: Observer;
  readonly interest: EventMask;
  live: boolean;
}

/**
 * A set of observers that can be notified. Notification iterates over a snapshot, so observers may
 * unregister themselves (or others) and register new ones from inside `onEvents`.
 */
export class Subject {
  #entries: Entry[] = [];
  #closed = false;

  /** Registers `observer` for the events in `interest` (plus ERR, HUP and NVAL, which are always polled). */
  register(observer: Observer, interest: EventMask): Registration {
    const entry: Entry = { observer, interest, live: !this.#closed };
    if (entry.live) this.#entries.push(entry);
    return {
      unregister: () => {
        if (!entry.live) return;
        entry.live = false;
        const at = this.#entries.indexOf(entry);
        if (at >= 0) this.#entries.splice(at, 1);
      },
    };
  }

  /** Calls every observer whose interest (or the always-polled set) intersects `events`. */
  notify(events: EventMask): void {
    if (this.#entries.length === 0) return;
    for (const entry of this.#entries.slice()) {
      if (!entry.live) continue;
      const seen = visibleEvents(events, entry.interest);
      if (seen !== 0) entry.observer.onEvents(seen);
    }
  }

  /** Number of live observers (for tests and leak checks). */
  get observerCount(): number {
    return this.#entries.length;
  }

  /**
   * Drops every observer and refuses new ones: after this, `notify` delivers nothing. Used when the
   * object behind the subject is gone (RFC: an exit observer outliving `removeProcess` stays valid but
   * silent).
   */
  close(): void {
    this.#closed = true;
    for (const entry of this.#entries) entry.live = false;
    this.#entries = [];
  }

  /** True after {@link Subject.close}. */
  get isClosed(): boolean {
    return this.#closed;
  }
}

/** An object with readiness: its current events and the subject that announces changes. */
export interface Pollable {
  /** The events that hold right now (level-triggered). */
  pollEvents(): EventMask;
  /** Notified whenever the readiness may have changed. */
  readonly subject: Subject;
}
