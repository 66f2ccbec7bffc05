/**
 * Readiness events: a bit set with Linux's `poll` values, so shims can pass them through unchanged.
 *
 * @module
 */

/** Readiness event bits (values equal Linux's POLL* constants). */
export const Events = {
  /** Data can be read. */
  IN: 0x001,
  /** Priority data can be read. */
  PRI: 0x002,
  /** Data can be written. */
  OUT: 0x004,
  /** An error condition (for a pipe write end: no reader remains). */
  ERR: 0x008,
  /** Hang-up (for a pipe read end: every writer closed). */
  HUP: 0x010,
  /** The descriptor is not open. */
  NVAL: 0x020,
  /** The peer closed its writing half. */
  RDHUP: 0x2000,
} as const;

/** A combination of {@link Events} bits. */
export type EventMask = number;

/** Events that are always reported whether or not they were asked for (as `poll` does). */
export const ALWAYS_POLLED: EventMask = Events.ERR | Events.HUP | Events.NVAL;

/** Every known event bit. */
export const ALL_EVENTS: EventMask =
  Events.IN | Events.PRI | Events.OUT | Events.ERR | Events.HUP | Events.NVAL | Events.RDHUP;

/** The events of `ready` that a waiter asking for `interest` sees (adds {@link ALWAYS_POLLED}). */
export function visibleEvents(ready: EventMask, interest: EventMask): EventMask {
  return ready & (interest | ALWAYS_POLLED);
}
