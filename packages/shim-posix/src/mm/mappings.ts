/**
 * What is mapped in a process's address space, in guest addresses, and where a new mapping can go.
 * The platform's page tables are the one source of truth (the loader, fork, the signal trampoline
 * and the memory syscalls all map through them); `mappings()` lists them as runs. SharedMemory
 * platforms list re-based host addresses, so runs are moved back into the guest range here.
 *
 * The allocator is Linux's top-down `vm_unmapped_area`: the highest gap below `mmap_base` that
 * fits, or the hint when it is free (never closer to the stack than its guard gap). Deterministic:
 * the same mappings give the same address.
 *
 * @module
 */
import type { Provider, SharedMemoryObject } from "@litebox-ts/core";
import type { AddressSpaceRef } from "../process/address-space-ref";
import type { SpaceGeometry } from "./geometry";

/** One run of pages with equal protection and backing, in guest addresses. */
export interface GuestMapping {
  /** First address (page-aligned). */
  readonly start: number;
  /** One past the last address. */
  readonly end: number;
  /** Protection bits (`Prot`). */
  readonly prot: number;
  /** For MAP_SHARED runs: the shared object and the offset of `start` in it. */
  readonly sharedObject?: { readonly object: SharedMemoryObject; readonly offset: number };
}

/** Every mapped run of `space`, in guest addresses and ascending order (none once the space is gone). */
export function guestMappings(platform: Provider<unknown>, space: AddressSpaceRef): readonly GuestMapping[] {
  const runs = platform.mappings(space.id);
  const range = platform.addressSpaceRange(space.id);
  if (!runs.ok || !range.ok) return [];
  const delta = space.guestRange.start - range.value.start;
  if (delta === 0) return runs.value;
  return runs.value.map((m) => ({ ...m, start: m.start + delta, end: m.end + delta }));
}

/** Total mapped bytes (what RLIMIT_AS limits). */
export function mappedBytes(mappings: readonly GuestMapping[]): number {
  let total = 0;
  for (const m of mappings) total += m.end - m.start;
  return total;
}

/** Mapped bytes inside `[start, end)`. */
export function mappedBytesIn(mappings: readonly GuestMapping[], start: number, end: number): number {
  let total = 0;
  for (const m of mappings) {
    const a = Math.max(m.start, start);
    const b = Math.min(m.end, end);
    if (a < b) total += b - a;
  }
  return total;
}

/** True when some page of `[start, end)` is mapped. */
export function intersects(mappings: readonly GuestMapping[], start: number, end: number): boolean {
  for (const m of mappings) if (m.start < end && m.end > start) return true;
  return false;
}

/** The parts of `mappings` inside `[start, end)`, clipped, in order. */
export function clip(mappings: readonly GuestMapping[], start: number, end: number): GuestMapping[] {
  const out: GuestMapping[] = [];
  for (const m of mappings) {
    if (m.end <= start || m.start >= end) continue;
    const a = Math.max(m.start, start);
    const b = Math.min(m.end, end);
    const shared = m.sharedObject ? { sharedObject: { object: m.sharedObject.object, offset: m.sharedObject.offset + (a - m.start) } } : {};
    out.push({ start: a, end: b, prot: m.prot, ...shared });
  }
  return out;
}

/** True when `[start, start + length)` would come within the stack's guard gap (or overlap the stack). */
function nearStack(geometry: SpaceGeometry, start: number, length: number): boolean {
  return start < geometry.stackTop && start + length > geometry.stackBase - geometry.guardGap;
}

/**
 * Where a non-fixed mapping of `length` bytes (page-aligned, > 0) goes: the page-aligned `hint` when
 * it is free and in the space (`generic_get_unmapped_area_topdown`'s first test), else the top of the
 * highest free gap below `mmap_base`. `undefined` when nothing fits (ENOMEM).
 */
export function findFreeArea(
  mappings: readonly GuestMapping[],
  geometry: SpaceGeometry,
  length: number,
  hint: number,
): number | undefined {
  if (length > geometry.end - geometry.low) return undefined;
  if (hint !== 0) {
    const at = hint < geometry.low ? geometry.low : hint;
    if (at + length <= geometry.end && !intersects(mappings, at, at + length) && !nearStack(geometry, at, length)) return at;
  }
  // Top-down: walk the gaps below mmap_base from the highest one.
  let top = geometry.mmapBase;
  for (let i = mappings.length - 1; i >= -1; i--) {
    const m = i >= 0 ? mappings[i]! : undefined;
    if (m !== undefined && m.start >= top) continue;
    const gapStart = Math.max(geometry.low, m === undefined ? geometry.low : m.end);
    if (top - gapStart >= length) return top - length;
    if (m === undefined) break;
    top = Math.min(top, m.start);
  }
  return undefined;
}
