/**
 * Options of the kernel-sim platform, their defaults and their validation.
 *
 * @module
 */
import { InvariantViolation, PAGE_SIZE, type RawMutexFactory, type TimeProvider } from "@litebox-ts/core";
import { hostHasSharedMemory } from "./physical-memory";
import { MAX_ASID } from "./pte";

/** Options of a {@link KernelSimPlatform}. Every one has a default. */
export interface KernelSimPlatformOptions {
  /**
   * Bytes of simulated physical memory: a multiple of 4 KiB from 64 KiB to 2 GiB (default
   * {@link DEFAULT_MEMORY_SIZE}). Data frames, page tables and shared memory objects all come from it.
   * The host commits the buffer's pages lazily, so an untouched gigabyte costs little.
   */
  readonly memorySize?: number;
  /** ASIDs available, 0..511 (default 511): the most address spaces alive at once. */
  readonly asids?: number;
  /**
   * One past the last user address of every address space: page-aligned, from 0x20000 to 2^32
   * (default {@link DEFAULT_RANGE_END}). Every space's range is `[0x1000, rangeEnd)`.
   */
  readonly rangeEnd?: number;
  /** The platform clock (default: a fresh `VirtualClock`). */
  readonly clock?: TimeProvider;
  /** The mutex factory (default: the core's re-entrance-detecting mutex). */
  readonly createMutex?: RawMutexFactory;
  /** Entries of each address space's soft TLB, a power of two (default {@link DEFAULT_TLB_ENTRIES}). */
  readonly tlbEntries?: number;
  /** Block entries before the hart compiles a page (default: the hart's; `Infinity`: interpret only). */
  readonly tierUpThreshold?: number;
  /** Frequency of the harts' `time` CSR in Hz, read from the platform clock (default 10 MHz). */
  readonly timebaseHz?: number;
  /**
   * Back physical memory with a `SharedArrayBuffer` (true) or an `ArrayBuffer` (false). Default: shared
   * when the host offers `SharedArrayBuffer`; true on a host without it is an error.
   */
  readonly sharedMemory?: boolean;
}

/** Default {@link KernelSimPlatformOptions.memorySize}: 128 MiB. */
export const DEFAULT_MEMORY_SIZE = 128 * 1024 * 1024;
/** Default {@link KernelSimPlatformOptions.rangeEnd}: 2 GiB, so user addresses are positive int32 values. */
export const DEFAULT_RANGE_END = 0x8000_0000;
/** First user address of every space: page 0 is never mappable (NULL dereferences fault). */
export const RANGE_START = 0x1000;
/** Default {@link KernelSimPlatformOptions.tlbEntries}. */
export const DEFAULT_TLB_ENTRIES = 1024;
/** Default {@link KernelSimPlatformOptions.timebaseHz}: 10 MHz, QEMU virt's timebase. */
export const DEFAULT_TIMEBASE_HZ = 10_000_000;

const MIN_MEMORY = 64 * 1024;
const MAX_MEMORY = 2 ** 31;

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly memorySize: number;
  readonly asids: number;
  readonly rangeEnd: number;
  readonly tlbEntries: number;
  readonly tierUpThreshold: number | undefined;
  readonly timebaseHz: number;
  readonly sharedMemory: boolean;
}

function invalid(message: string): never {
  throw new InvariantViolation("InvalidArgument", `kernel-sim: ${message}`);
}

/** Fills defaults and checks every option; throws `InvariantViolation("InvalidArgument")` on a bad one. */
export function resolveOptions(options: KernelSimPlatformOptions): ResolvedOptions {
  const memorySize = options.memorySize ?? DEFAULT_MEMORY_SIZE;
  if (!Number.isInteger(memorySize) || memorySize % PAGE_SIZE !== 0 || memorySize < MIN_MEMORY || memorySize > MAX_MEMORY) {
    invalid(`memorySize ${memorySize} is not a multiple of 4 KiB in [64 KiB, 2 GiB]`);
  }
  const asids = options.asids ?? MAX_ASID;
  if (!Number.isInteger(asids) || asids < 0 || asids > MAX_ASID) invalid(`asids ${asids} is not an integer in [0, 511]`);
  const rangeEnd = options.rangeEnd ?? DEFAULT_RANGE_END;
  if (!Number.isInteger(rangeEnd) || rangeEnd % PAGE_SIZE !== 0 || rangeEnd < 0x20000 || rangeEnd > 2 ** 32) {
    invalid(`rangeEnd ${rangeEnd} is not a page-aligned address in [0x20000, 2^32]`);
  }
  const tlbEntries = options.tlbEntries ?? DEFAULT_TLB_ENTRIES;
  if (!Number.isInteger(tlbEntries) || tlbEntries < 1 || tlbEntries > 1 << 20 || (tlbEntries & (tlbEntries - 1)) !== 0) {
    invalid(`tlbEntries ${tlbEntries} is not a power of two in [1, 2^20]`);
  }
  const timebaseHz = options.timebaseHz ?? DEFAULT_TIMEBASE_HZ;
  if (!(timebaseHz > 0 && timebaseHz <= 1e9)) invalid(`timebaseHz ${timebaseHz} is not in (0, 1 GHz]`);
  const tierUpThreshold = options.tierUpThreshold;
  if (tierUpThreshold !== undefined && !(tierUpThreshold >= 1)) invalid(`tierUpThreshold ${tierUpThreshold} is not ≥ 1`);
  if (options.sharedMemory === true && !hostHasSharedMemory()) invalid("sharedMemory: this host has no SharedArrayBuffer");
  return {
    memorySize,
    asids,
    rangeEnd,
    tlbEntries,
    tierUpThreshold,
    timebaseHz,
    sharedMemory: options.sharedMemory ?? hostHasSharedMemory(),
  };
}
