/**
 * The portable suite's case list and the subset a minimal shim can run.
 *
 * @module
 */
import type { ConformanceCase } from "../../model/case";
import { portableCase } from "./program";
import { PORTABLE_PROGRAMS } from "./programs.generated";

/** One transcript case per portable program, in run order. */
export const PORTABLE_CASES: readonly ConformanceCase[] = PORTABLE_PROGRAMS.map(portableCase);

/**
 * The portable programs whose POSIX builds (`guest/bin/portable/posix/<name>.elf`) make only the
 * Linux `write` (64) and `exit_group` (94) system calls: what a minimal third-party shim with
 * nothing else (`examples/shim-hello`) can pass. Its plugin provides `portable/<name>` for these
 * names and no others; the rest of the suite is then skipped for it, with that reason.
 */
export const PORTABLE_MINIMAL_SUBSET: readonly string[] = PORTABLE_PROGRAMS.filter((p) => p.minimal).map((p) => p.name);
