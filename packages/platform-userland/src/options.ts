/**
 * Options of the userland platform and their validation. The host memory is one buffer of
 * `regionCount × regionSize` bytes; the flat memory port addresses it with 32-bit host offsets, so the
 * whole of it is at most 4 GiB and the number of address spaces (processes) is at most
 * 4 GiB / `regionSize` (64 with the default 64 MiB regions).
 *
 * @module
 */
import { InvariantViolation, VirtualClock, defaultMutexFactory, type RawMutexFactory, type TimeProvider } from "@litebox-ts/core";
import { isSharedArrayBufferAvailable } from "./host-memory";

/** Options of a {@link UserlandPlatform}. */
export interface UserlandPlatformOptions {
  /**
   * Bytes of each region (= each address space), a power of two from 64 KiB to 2 GiB
   * (default {@link DEFAULT_REGION_SIZE}, 64 MiB).
   */
  readonly regionSize?: number;
  /**
   * Number of regions: the most address spaces alive at once (default {@link DEFAULT_REGION_COUNT}).
   * `regionCount × regionSize` must not exceed 4 GiB. Give this or `totalSize`, not both.
   */
  readonly regionCount?: number;
  /** Bytes of host memory (a multiple of `regionSize`, at most 4 GiB): sets `regionCount` to `totalSize / regionSize`. */
  readonly totalSize?: number;
  /**
   * Back host memory and shared memory objects with `SharedArrayBuffer` (`true`) or a plain
   * `ArrayBuffer` (`false`). Default: shared when the host offers `SharedArrayBuffer` (browsers do only
   * in cross-origin-isolated pages). `true` on a host without it is an error.
   */
  readonly sharedBuffer?: boolean;
  /**
   * Most bytes held by shared memory objects at once; `createSharedMemory` answers `NoMemory` past it
   * (default {@link DEFAULT_SHARED_MEMORY_LIMIT}, 1 GiB).
   */
  readonly sharedMemoryLimit?: number;
  /** The clock (default: a fresh `VirtualClock`; pass a `RealClock` for benchmarks). */
  readonly clock?: TimeProvider;
  /** The mutex factory (default: the core's re-entrance-detecting mutex). */
  readonly createMutex?: RawMutexFactory;
  /** Forwarded to every hart: block entries before a page of code is compiled (default: the hart's). */
  readonly tierUpThreshold?: number;
}

/** Default region size: 64 MiB, so at most 64 address spaces fit in 4 GiB. */
export const DEFAULT_REGION_SIZE = 64 * 1024 * 1024;
/** Default number of regions (1 GiB of host memory with the default region size; reserved, not committed). */
export const DEFAULT_REGION_COUNT = 16;
/** Smallest region: 64 KiB (guests are linked at 0x10000, so anything smaller holds no program). */
export const MIN_REGION_SIZE = 64 * 1024;
/** Largest host memory: 4 GiB, the reach of the flat port's 32-bit host offsets. */
export const MAX_HOST_MEMORY = 2 ** 32;
/** Largest region: 2 GiB (the hart's typed-array views over one region stay below 2^32 bytes). */
export const MAX_REGION_SIZE = 2 ** 31;
/** Default {@link UserlandPlatformOptions.sharedMemoryLimit}: 1 GiB. */
export const DEFAULT_SHARED_MEMORY_LIMIT = 2 ** 30;

/** The options after defaults and validation. */
export interface ResolvedOptions {
  /** Bytes per region. */
  readonly regionSize: number;
  /** Number of regions. */
  readonly regionCount: number;
  /** Back memory with `SharedArrayBuffer`. */
  readonly sharedBuffer: boolean;
  /** Most bytes of live shared memory objects. */
  readonly sharedMemoryLimit: number;
  /** The platform clock. */
  readonly clock: TimeProvider;
  /** The mutex factory. */
  readonly createMutex: RawMutexFactory;
  /** The harts' tier-up threshold, or `undefined` for the hart's default. */
  readonly tierUpThreshold: number | undefined;
}

function invalid(message: string): never {
  throw new InvariantViolation("InvalidArgument", `UserlandPlatform: ${message}`);
}

/** Applies defaults and checks every option; a bad option throws `InvariantViolation("InvalidArgument")`. */
export function resolveOptions(options: UserlandPlatformOptions): ResolvedOptions {
  const regionSize = options.regionSize ?? DEFAULT_REGION_SIZE;
  if (!Number.isInteger(regionSize) || regionSize < MIN_REGION_SIZE || regionSize > MAX_REGION_SIZE ||
    !Number.isInteger(Math.log2(regionSize))) {
    invalid(`regionSize ${regionSize} is not a power of two from 64 KiB to 2 GiB`);
  }
  if (options.regionCount !== undefined && options.totalSize !== undefined) {
    invalid("give regionCount or totalSize, not both");
  }
  let regionCount = options.regionCount ?? DEFAULT_REGION_COUNT;
  if (options.totalSize !== undefined) {
    const { totalSize } = options;
    if (!Number.isInteger(totalSize) || totalSize <= 0 || totalSize % regionSize !== 0) {
      invalid(`totalSize ${totalSize} is not a positive multiple of regionSize ${regionSize}`);
    }
    regionCount = totalSize / regionSize;
  } else if (options.regionCount === undefined) {
    // The default count shrinks with big regions so that the default always fits in 4 GiB.
    regionCount = Math.min(DEFAULT_REGION_COUNT, MAX_HOST_MEMORY / regionSize);
  }
  if (!Number.isInteger(regionCount) || regionCount < 1) invalid(`regionCount ${regionCount} is not a positive integer`);
  if (regionCount * regionSize > MAX_HOST_MEMORY) {
    invalid(`${regionCount} regions of ${regionSize} bytes exceed 4 GiB (at most ${MAX_HOST_MEMORY / regionSize})`);
  }
  const available = isSharedArrayBufferAvailable();
  const sharedBuffer = options.sharedBuffer ?? available;
  if (sharedBuffer && !available) invalid("sharedBuffer: true, but this host has no SharedArrayBuffer");
  const sharedMemoryLimit = options.sharedMemoryLimit ?? DEFAULT_SHARED_MEMORY_LIMIT;
  if (!(sharedMemoryLimit >= 0)) invalid(`sharedMemoryLimit ${sharedMemoryLimit} is not a non-negative number`);
  const { tierUpThreshold } = options;
  if (tierUpThreshold !== undefined && !(tierUpThreshold >= 1)) invalid(`tierUpThreshold ${tierUpThreshold} is below 1`);
  return {
    regionSize,
    regionCount,
    sharedBuffer,
    sharedMemoryLimit,
    clock: options.clock ?? new VirtualClock(),
    createMutex: options.createMutex ?? defaultMutexFactory,
    tierUpThreshold,
  };
}
