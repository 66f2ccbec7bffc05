/**
 * LiteBox-TS POSIX shim: the Linux rv32 syscall ABI for many processes.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/shim-posix";
