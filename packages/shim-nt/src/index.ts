/**
 * LiteBox-TS NT shim: an NT-style syscall ABI (processes, handles, waits, jobs).
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/shim-nt";
