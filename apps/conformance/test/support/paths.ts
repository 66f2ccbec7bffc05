/** Paths the tests share. */
import { join } from "node:path";

/** The repository's root. */
export const REPO = join(import.meta.dirname, "../../../..");
/** This package. */
export const PACKAGE = join(REPO, "apps/conformance");
/** The built command. */
export const CLI = join(PACKAGE, "dist/cli.js");
/** The example third-party shim (outside the workspace globs). */
export const HELLO = join(REPO, "examples/shim-hello");
/** The test fixtures. */
export const FIXTURES = join(PACKAGE, "test/fixtures");
/** Debian's Chromium. */
export const CHROMIUM = "/usr/bin/chromium";
