/**
 * The portable suite: C programs written once against `guest/sdk/lbx.h`, built for every
 * personality, with the same expected transcript on all four pairs. The cases are generated from
 * `guest/tests/portable` (see `cases.ts`, `program.ts` and that folder's README).
 *
 * To add cases, put them in files beside this one and list them in `portableCases`. A portable case
 * is a transcript case whose program is the named program `portable/<name>`: each shim plugin
 * resolves it to its own build (the built-in shims: `guest/bin/portable/<personality>/<name>.elf`,
 * see `plugins/named-programs.ts`); a shim that does not provide it is skipped with that reason.
 * Where a shim's policy legitimately differs (orphans), give `byPersonality` transcripts:
 *
 * ```ts
 * const spawnExit: TranscriptCase = {
 *   kind: "transcript",
 *   name: "spawn-exit",
 *   about: "A child's exit code reaches its parent.",
 *   program: { kind: "named", name: "portable/spawn-exit", args: [] },
 *   expected: { stdout: "child exited with 7\n", exitStatus: 0 },
 * };
 * ```
 *
 * @module
 */
import { ok } from "@litebox-ts/core";
import type { ConformanceCase, Suite } from "../../model/case";
import { PORTABLE_CASES } from "./cases";

/** The portable cases, in run order. */
export const portableCases: readonly ConformanceCase[] = PORTABLE_CASES;

/** The portable suite (every shim, every platform). */
export const portableSuite: Suite = {
  name: "portable",
  title: "Portable programs (guest/sdk/lbx.h): one source, one transcript, every pair",
  cases: () => ok(portableCases),
};
