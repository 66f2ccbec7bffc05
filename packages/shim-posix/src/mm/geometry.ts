/**
 * The shape of a process's address space as the memory syscalls see it: the guest range (Linux's
 * `TASK_SIZE`, from `addressSpaceRange` through the process's {@link AddressSpaceRef}), the lowest
 * address a non-fixed mapping may get (`mmap_min_addr`), the stack and the guard gap below it, and
 * the top of the mmap area (`mmap_base`). Everything is derived from the process's image layout, so
 * it is deterministic: no randomisation.
 *
 * Deliberate difference (README M3): Linux puts `mmap_base` at least 128 MiB below the stack; our spaces can be as small as a few MiB
 * (the userland platform's regions), so the mmap area here starts right below the stack guard gap —
 * Linux's `stack_guard_gap` of 256 pages, shrunk to a sixteenth of the space below the stack when the
 * space is small.
 *
 * @module
 */
import { PAGE_SIZE } from "@litebox-ts/core";
import type { PosixProcess } from "../process/posix-process";

/** Linux's default `stack_guard_gap`: 256 pages. */
export const STACK_GUARD_GAP = 256 * PAGE_SIZE;

/** Linux's `mmap_min_addr` (riscv's default, 4096): no non-fixed mapping starts below it. */
export const MMAP_MIN_ADDR = PAGE_SIZE;

/** The geometry of one process's address space (guest addresses, page-aligned). */
export interface SpaceGeometry {
  /** First guest address of the space. */
  readonly start: number;
  /** One past the last guest address: Linux's `TASK_SIZE`. */
  readonly end: number;
  /** Lowest address of a non-fixed mapping. */
  readonly low: number;
  /** Lowest address of the initial stack. */
  readonly stackBase: number;
  /** One past the stack's top. */
  readonly stackTop: number;
  /** The unmapped gap kept below the stack (no mapping or heap may come closer). */
  readonly guardGap: number;
  /** Top of the mmap area: mappings are placed top-down below it. */
  readonly mmapBase: number;
}

/** Rounds `value` down to a page boundary. */
export function pageDown(value: number): number {
  return value - (value % PAGE_SIZE);
}

/** Rounds `value` up to a page boundary (may return 2^32 for values near the top). */
export function pageUp(value: number): number {
  const rest = value % PAGE_SIZE;
  return rest === 0 ? value : value + PAGE_SIZE - rest;
}

/** The geometry of `process`'s current address space. */
export function geometryOf(process: PosixProcess): SpaceGeometry {
  const { start, end } = process.space.guestRange;
  const stackBase = Math.max(start, Math.min(end, process.image.stackBase));
  const stackTop = Math.max(stackBase, Math.min(end, process.image.stackTop));
  const below = stackBase - start;
  const guardGap = Math.min(STACK_GUARD_GAP, Math.max(PAGE_SIZE, pageDown(Math.floor(below / 16))));
  const low = Math.max(start, MMAP_MIN_ADDR);
  const mmapBase = Math.max(low, stackBase - guardGap);
  return { start, end, low, stackBase, stackTop, guardGap, mmapBase };
}
