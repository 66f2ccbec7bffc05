/**
 * Schedule seeds for `--schedules N`: the i-th is `base + i × 0x9E3779B9` (mod 2³²) — the first is
 * the base itself, so a failing schedule reproduces with `--seed <its seed>` and no `--schedules`,
 * and the golden-ratio step spreads the others over the whole 32-bit range.
 *
 * @module
 */

/** The `count` schedule seeds derived from `base`. */
export function scheduleSeeds(base: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (base + Math.imul(i, 0x9e37_79b9)) >>> 0);
}
