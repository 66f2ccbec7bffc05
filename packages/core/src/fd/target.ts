/**
 * Where a new descriptor slot goes: the lowest free number (open, dup), the lowest free number at or
 * above a minimum (F_DUPFD), or one exact number, replacing whatever is open there (dup2/dup3).
 *
 * @module
 */

/** The number a new slot should get. */
export type DescriptorTarget =
  | { readonly kind: "lowest" }
  | { readonly kind: "atLeast"; readonly minimum: number }
  | { readonly kind: "exact"; readonly fd: number };

/** Builders for {@link DescriptorTarget}. */
export const DescriptorTarget = {
  /** The lowest free number (POSIX `open`, `dup`). */
  lowest: Object.freeze({ kind: "lowest" as const }),
  /** The lowest free number ≥ `minimum` (F_DUPFD); `minimum` must be below the storage's limit. */
  atLeast(minimum: number): DescriptorTarget {
    return { kind: "atLeast", minimum };
  },
  /**
   * Exactly `fd` (dup2/dup3), which must be below the storage's limit. If `fd` is open its slot is
   * closed first, through the hooks.
   */
  exact(fd: number): DescriptorTarget {
    return { kind: "exact", fd };
  },
} as const;
