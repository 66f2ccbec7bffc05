/**
 * LiteBox-TS Isolated platform: Sv32 page tables in simulated physical memory.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/platform-kernel-sim";

export { KernelSimPlatform } from "./kernel-sim-platform";
export type { KernelSimCounters } from "./kernel-sim-platform";
export {
  DEFAULT_MEMORY_SIZE,
  DEFAULT_RANGE_END,
  DEFAULT_TIMEBASE_HZ,
  DEFAULT_TLB_ENTRIES,
  RANGE_START,
} from "./options";
export type { KernelSimPlatformOptions } from "./options";
export { MAX_ASID, PTE_PPN_SHIFT, PTES_PER_TABLE, Pte, Satp, encodeSatp } from "./pte";
