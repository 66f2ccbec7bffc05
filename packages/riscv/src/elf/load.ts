/**
 * `loadElf`: validate, map, build the initial stack — what `execve` needs from a loader, in one call.
 *
 * @module
 */
import { err, ok, type Result } from "@litebox-ts/core";
import type { ElfLoadError } from "./errors";
import { mapImage, unmapRuns } from "./map";
import { parseElf, type ElfImage } from "./parse";
import { buildInitialStack, type InitialStack, type InitialStackOptions } from "./stack";
import type { LoadTarget } from "./target";

/** A loaded executable: where to start the first thread and what the shim needs to remember. */
export interface LoadedElf {
  /** The entry point: the new thread's pc. */
  readonly entry: number;
  /** The initial stack pointer: the new thread's x2. */
  readonly sp: number;
  /** The start of the program break: the page-aligned end of the highest segment. */
  readonly brk: number;
  /** `AT_PHDR`: the program headers' address in memory (0 if no segment holds them). */
  readonly phdr: number;
  /** The validated image. */
  readonly image: ElfImage;
  /** The stack's layout. */
  readonly stack: InitialStack;
}

/**
 * Loads the executable `bytes` into `target`: validates it (nothing is touched if it is
 * malformed), maps its segments with their permissions, and builds the Linux initial stack with
 * `options.argv` and `options.envp`. On any error nothing stays mapped. The caller sets the thread's
 * pc to `entry` and sp (x2) to `sp`; the other registers are zero at process start.
 */
export function loadElf<Id>(bytes: Uint8Array, target: LoadTarget<Id>, options: InitialStackOptions): Result<LoadedElf, ElfLoadError> {
  const parsed = parseElf(bytes, target.range);
  if (!parsed.ok) return parsed;
  const image = parsed.value;
  const mapped = mapImage(target, image, bytes);
  if (!mapped.ok) return mapped;
  const stack = buildInitialStack(target, image, options);
  if (!stack.ok) {
    unmapRuns(target, mapped.value);
    return err(stack.error);
  }
  return ok({ entry: image.entry, sp: stack.value.sp, brk: image.end, phdr: image.phdrAddress, image, stack: stack.value });
}
