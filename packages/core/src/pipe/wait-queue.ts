/**
 * A first-come, first-served queue of blocked pipe operations. The pipe wakes only the head, so
 * blocked readers and writers are served in the order they blocked, deterministically, and a large
 * atomic write cannot be starved by a stream of small ones.
 *
 * @module
 */

/** A place in a {@link WaitQueue}. */
export interface QueueTicket {
  /** Retries the blocked operation (the `wake` its wait context registered). */
  readonly wake: () => void;
}

/** FIFO of blocked operations. */
export class WaitQueue {
  readonly #tickets: QueueTicket[] = [];

  /** Number of blocked operations. */
  get length(): number {
    return this.#tickets.length;
  }

  /** True if an operation holding `ticket` (or, without one, a newcomer) may proceed now. */
  mayProceed(ticket: QueueTicket | undefined): boolean {
    return ticket === undefined ? this.#tickets.length === 0 : this.#tickets[0] === ticket;
  }

  /** Adds a blocked operation at the tail. */
  enqueue(wake: () => void): QueueTicket {
    const ticket = { wake };
    this.#tickets.push(ticket);
    return ticket;
  }

  /** Removes `ticket`; true if it was at the head (the next one may now be able to proceed). */
  remove(ticket: QueueTicket): boolean {
    const at = this.#tickets.indexOf(ticket);
    if (at < 0) return false;
    this.#tickets.splice(at, 1);
    return at === 0;
  }

  /** Wakes the head, then each next head, until one stays blocked or the queue is empty. */
  pump(): void {
    for (;;) {
      const head = this.#tickets[0];
      if (!head) return;
      head.wake();
      if (this.#tickets[0] === head) return;
    }
  }
}
