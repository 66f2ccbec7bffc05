/**
 * Platform-agnostic core of LiteBox-TS: process registry, descriptors, pipes, futexes, readiness events and the platform (south) interfaces.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/core";
