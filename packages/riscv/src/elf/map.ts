/**
 * Maps a validated image: every page the segments touch is mapped read-write, the file bytes are
 * copied in (the rest of each page, bss included, is the platform's fresh zero fill), then each page
 * gets its final protection. A page two segments share (allowed when their bytes do not overlap)
 * gets the union of their permissions. On failure, every page mapped so far is unmapped again.
 *
 * @module
 */
import { PAGE_SIZE, Prot, err, ok, type Protection, type Result } from "@litebox-ts/core";
import { elfMapError, type ElfMapError } from "./errors";
import type { ElfImage } from "./parse";
import type { LoadTarget } from "./target";

/** A run of consecutive pages with one protection. */
export interface PageRun {
  /** First page address. */
  readonly start: number;
  /** Bytes (a multiple of the page size). */
  readonly length: number;
  /** The run's protection. */
  readonly prot: Protection;
}

/** The pages of `image` as runs of equal protection, in address order. */
export function imagePageRuns(image: ElfImage): PageRun[] {
  const pages = new Map<number, Protection>();
  for (const s of image.segments) {
    const first = Math.floor(s.vaddr / PAGE_SIZE);
    const last = Math.ceil((s.vaddr + s.memsz) / PAGE_SIZE);
    for (let pn = first; pn < last; pn++) pages.set(pn, (pages.get(pn) ?? 0) | s.prot);
  }
  const runs: PageRun[] = [];
  let run: { start: number; length: number; prot: Protection } | undefined;
  for (const pn of [...pages.keys()].sort((a, b) => a - b)) {
    const prot = pages.get(pn)!;
    const at = pn * PAGE_SIZE;
    if (run !== undefined && run.start + run.length === at && run.prot === prot) {
      run.length += PAGE_SIZE;
    } else {
      if (run !== undefined) runs.push(run);
      run = { start: at, length: PAGE_SIZE, prot };
    }
  }
  if (run !== undefined) runs.push(run);
  return runs;
}

/** Unmaps `runs` (best effort: an unmap failure cannot be repaired here and is ignored). */
export function unmapRuns<Id>(target: LoadTarget<Id>, runs: readonly PageRun[]): void {
  for (const r of runs) target.pages.unmapPages(target.space, r.start, r.length);
}

/**
 * Maps `image` (validated by `parseElf` from `bytes`) into `target`. Returns the page runs it
 * mapped, so a caller that fails later can unmap them with {@link unmapRuns}.
 */
export function mapImage<Id>(target: LoadTarget<Id>, image: ElfImage, bytes: Uint8Array): Result<PageRun[], ElfMapError> {
  const runs = imagePageRuns(image);
  const mapped: PageRun[] = [];
  const undo = (address: number, cause: Parameters<typeof elfMapError>[1]): Result<never, ElfMapError> => {
    unmapRuns(target, mapped);
    return err(elfMapError(address, cause));
  };
  for (const r of runs) {
    const done = target.pages.mapPages(target.space, r.start, r.length, Prot.Read | Prot.Write);
    if (!done.ok) return undo(r.start, done.error);
    mapped.push(r);
  }
  for (const s of image.segments) {
    if (s.filesz === 0) continue;
    const fault = target.memory.writeBytes(target.space, s.vaddr, bytes.subarray(s.offset, s.offset + s.filesz));
    if (fault !== undefined) return undo(s.vaddr, fault);
  }
  for (const r of runs) {
    if (r.prot === (Prot.Read | Prot.Write)) continue;
    const done = target.pages.protectPages(target.space, r.start, r.length, r.prot);
    if (!done.ok) return undo(r.start, done.error);
  }
  return ok(runs);
}
