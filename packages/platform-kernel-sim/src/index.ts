/**
 * LiteBox-TS Isolated platform: Sv32 page tables in simulated physical memory.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/platform-kernel-sim";
