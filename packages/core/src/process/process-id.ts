/**
 * Process identity (RFC §1.1). A {@link ProcessId} is a number at run time — cheap to store, compare
 * and use as a `Map` key — but a distinct type at compile time: only {@link ProcessId.new} (which
 * validates) and {@link ProcessId.INIT} produce one, so a guest-supplied integer cannot be passed to
 * the registry without being checked first.
 *
 * @module
 */

/** The largest process id: PIDs are unsigned 32-bit integers. */
const MAX_PID = 0xffff_ffff;

/**
 * A process identifier: an integer in [1, 2^32 − 1], branded so that a plain `number` does not
 * type-check as one. Build it with {@link ProcessId.new}.
 */
export type ProcessId = number & { readonly __brand: "ProcessId" };

/** Constructors and conversions for {@link (ProcessId:type)}. */
export const ProcessId = {
  /** The first process created in every LiteBox instance (PID 1). */
  INIT: 1 as ProcessId,

  /** The largest valid id, 2^32 − 1. */
  MAX: MAX_PID as ProcessId,

  /**
   * Validates `raw` as a process id: `undefined` for 0 and for anything that is not an integer in
   * [1, 2^32 − 1] (NaN, infinities, negatives, fractions, values above u32).
   */
  new(raw: number): ProcessId | undefined {
    return Number.isInteger(raw) && raw >= 1 && raw <= MAX_PID ? (raw as ProcessId) : undefined;
  },

  /** The id as an unsigned 32-bit integer (what a shim writes into guest registers). */
  asU32(id: ProcessId): number {
    return id;
  },
} as const;
