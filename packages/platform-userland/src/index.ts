/**
 * LiteBox-TS SharedMemory platform: sandboxed regions of one shared host memory.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/platform-userland";
