/**
 * The LiteBox-TS platform contract suite: the cases every platform (ours and third parties') must pass.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/platform-contract";
