/**
 * RV32IMA user-mode hart, decoder and ELF32 loader for LiteBox-TS guests.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/riscv";
