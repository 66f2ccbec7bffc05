/**
 * LiteBox-TS SharedMemory platform: sandboxed regions of one shared host memory.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/platform-userland";

// the platform
export { UserlandPlatform } from "./platform";
export {
  DEFAULT_REGION_COUNT,
  DEFAULT_REGION_SIZE,
  DEFAULT_SHARED_MEMORY_LIMIT,
  MAX_HOST_MEMORY,
  MAX_REGION_SIZE,
  MIN_REGION_SIZE,
} from "./options";
export type { UserlandPlatformOptions } from "./options";
export { NS_PER_TICK, TIMEBASE_HZ, timeTicks } from "./timebase";
export { isSharedArrayBufferAvailable } from "./host-memory";
