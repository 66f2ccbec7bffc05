/**
 * litebox-conformance: one conformance suite on every LiteBox-TS shim × platform pair.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/conformance";
