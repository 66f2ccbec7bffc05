/**
 * A process's virtual-memory map, as NtAllocateVirtualMemory / NtFreeVirtualMemory /
 * NtProtectVirtualMemory / NtQueryVirtualMemory see it: reservations (regions starting on 64 KiB
 * boundaries, sized in pages) whose pages are each free-in-the-reservation or committed with a
 * PAGE_* protection. Committed pages are mapped through the platform's page management (zero-filled,
 * with the matching `Prot`); reserved ones are not mapped, so touching them faults. Everything stays
 * inside the process's guest range. The image and the initial stack are registered as regions too,
 * so allocations never overlap them.
 *
 * @module
 */
import { PAGE_SIZE, Prot, err, ok, type AddressRange, type PageManagementProvider, type Protection, type Result } from "@litebox-ts/core";
import { ALLOCATION_GRANULARITY, MemoryType, PageProtection } from "../abi/constants";
import { NtStatus } from "../abi/status";

/** What a region holds. `private` regions are the guest's to free; the others are the system's. */
export type RegionKind = "private" | "image" | "system";

interface Region {
  readonly base: number;
  readonly end: number;
  readonly kind: RegionKind;
  readonly allocationProtect: number;
}

/** One allocated (or freed) range, as the calls report it back. */
export interface VmRange {
  /** First address (page- or granularity-aligned). */
  readonly base: number;
  /** Length in bytes (whole pages). */
  readonly size: number;
}

/** NtQueryVirtualMemory's MEMORY_BASIC_INFORMATION. */
export interface MemoryBasicInformation {
  readonly baseAddress: number;
  readonly allocationBase: number;
  readonly allocationProtect: number;
  readonly regionSize: number;
  readonly state: number;
  readonly protect: number;
  readonly type: number;
}

const BASIC_PROTECTIONS: ReadonlyMap<number, Protection> = new Map([
  [PageProtection.NOACCESS, Prot.None],
  [PageProtection.READONLY, Prot.Read],
  [PageProtection.READWRITE, Prot.Read | Prot.Write],
  [PageProtection.EXECUTE, Prot.Exec],
  [PageProtection.EXECUTE_READ, Prot.Read | Prot.Exec],
  [PageProtection.EXECUTE_READWRITE, Prot.Read | Prot.Write | Prot.Exec],
]);

/** The platform protection of a PAGE_* value, or `undefined` if it is not one this shim supports. */
export function protectionOf(pageProtection: number): Protection | undefined {
  return BASIC_PROTECTIONS.get(pageProtection >>> 0);
}

/** The PAGE_* value of a platform protection. */
export function pageProtectionOf(prot: Protection): number {
  for (const [page, p] of BASIC_PROTECTIONS) if (p === prot) return page;
  return (prot & Prot.Write) !== 0 ? PageProtection.READWRITE : PageProtection.READONLY;
}

const pageDown = (a: number): number => Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
const pageUp = (a: number): number => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;
const granuleDown = (a: number): number => Math.floor(a / ALLOCATION_GRANULARITY) * ALLOCATION_GRANULARITY;
const granuleUp = (a: number): number => Math.ceil(a / ALLOCATION_GRANULARITY) * ALLOCATION_GRANULARITY;

/** The memory map of one process. */
export class VirtualMemory<Id = unknown> {
  readonly #pages: PageManagementProvider<Id>;
  readonly #space: Id;
  /** The guest range every region lies in. */
  readonly range: AddressRange;
  /** Regions sorted by base. */
  readonly #regions: Region[] = [];
  /** Committed pages: page address → PAGE_* protection. */
  readonly #committed = new Map<number, number>();

  /** @param pages - the platform. @param space - the address space. @param range - the guest range. */
  constructor(pages: PageManagementProvider<Id>, space: Id, range: AddressRange) {
    this.#pages = pages;
    this.#space = space;
    this.range = range;
  }

  /** Bytes committed (for tests and accounting). */
  get committedBytes(): number {
    return this.#committed.size * PAGE_SIZE;
  }

  /**
   * Records memory the loader already mapped (image, initial stack) as a region with committed pages
   * of the given protections; nothing is mapped or unmapped.
   */
  adopt(base: number, end: number, kind: RegionKind, pages: ReadonlyArray<{ start: number; end: number; prot: Protection }>): void {
    this.#insert({ base, end, kind, allocationProtect: PageProtection.EXECUTE_READWRITE });
    for (const run of pages) {
      for (let a = run.start; a < run.end; a += PAGE_SIZE) this.#committed.set(a, pageProtectionOf(run.prot));
    }
  }

  /**
   * NtAllocateVirtualMemory. `base` 0 lets the shim choose (bottom-up first fit, or top-down with
   * MEM_TOP_DOWN); `alignment` is the reservation granularity (64 KiB for guests, a page for the shim's
   * own PEB/TEB/stack allocations).
   */
  allocate(
    base: number,
    size: number,
    allocationType: number,
    pageProtection: number,
    options: { readonly kind?: RegionKind; readonly alignment?: number } = {},
  ): Result<VmRange, NtStatus> {
    const type = allocationType >>> 0;
    const known = MemoryType.COMMIT | MemoryType.RESERVE | MemoryType.TOP_DOWN;
    if ((type & ~known) !== 0 || (type & (MemoryType.COMMIT | MemoryType.RESERVE)) === 0) {
      return err(NtStatus.INVALID_PARAMETER_5);
    }
    const prot = protectionOf(pageProtection);
    if (prot === undefined) return err(NtStatus.INVALID_PAGE_PROTECTION);
    if (size <= 0 || size > this.range.end) return err(NtStatus.INVALID_PARAMETER_4);
    const reserving = (type & MemoryType.RESERVE) !== 0 || base === 0;
    const committing = (type & MemoryType.COMMIT) !== 0;

    if (reserving) {
      const alignment = options.alignment ?? ALLOCATION_GRANULARITY;
      let start: number;
      let end: number;
      if (base === 0) {
        end = pageUp(size);
        const found = this.#findFree(end, alignment, (type & MemoryType.TOP_DOWN) !== 0);
        if (found === undefined) return err(NtStatus.NO_MEMORY);
        start = found;
        end = start + end;
      } else {
        start = Math.floor(base / alignment) * alignment;
        end = pageUp(base + size);
        if (start < this.range.start || end > this.range.end) return err(NtStatus.CONFLICTING_ADDRESSES);
        if (this.#overlaps(start, end)) return err(NtStatus.CONFLICTING_ADDRESSES);
      }
      if (committing) {
        const mapped = this.#pages.mapPages(this.#space, start, end - start, prot);
        if (!mapped.ok) return err(NtStatus.NO_MEMORY);
        for (let a = start; a < end; a += PAGE_SIZE) this.#committed.set(a, pageProtection >>> 0);
      }
      this.#insert({ base: start, end, kind: options.kind ?? "private", allocationProtect: pageProtection >>> 0 });
      return ok({ base: start, size: end - start });
    }

    // Commit inside an existing reservation.
    const start = pageDown(base);
    const end = pageUp(base + size);
    const region = this.#regionOf(start);
    if (region === undefined || end > region.end) return err(NtStatus.CONFLICTING_ADDRESSES);
    // Map the runs not yet committed, all or nothing.
    const fresh: Array<[number, number]> = [];
    for (let a = start; a < end; a += PAGE_SIZE) {
      if (this.#committed.has(a)) continue;
      const last = fresh[fresh.length - 1];
      if (last && last[1] === a) last[1] = a + PAGE_SIZE;
      else fresh.push([a, a + PAGE_SIZE]);
    }
    const done: Array<[number, number]> = [];
    for (const [s, e] of fresh) {
      const mapped = this.#pages.mapPages(this.#space, s, e - s, prot);
      if (!mapped.ok) {
        for (const [ds, de] of done) this.#pages.unmapPages(this.#space, ds, de - ds);
        return err(NtStatus.NO_MEMORY);
      }
      done.push([s, e]);
    }
    for (const [s, e] of fresh) for (let a = s; a < e; a += PAGE_SIZE) this.#committed.set(a, pageProtection >>> 0);
    return ok({ base: start, size: end - start });
  }

  /** NtFreeVirtualMemory with MEM_RELEASE or MEM_DECOMMIT. */
  free(base: number, size: number, freeType: number): Result<VmRange, NtStatus> {
    const type = freeType >>> 0;
    if (type !== MemoryType.RELEASE && type !== MemoryType.DECOMMIT) return err(NtStatus.INVALID_PARAMETER_4);
    const region = this.#regionOf(pageDown(base));
    if (region === undefined) return err(NtStatus.MEMORY_NOT_ALLOCATED);
    if (region.kind !== "private") return err(NtStatus.UNABLE_TO_FREE_VM);
    if (type === MemoryType.RELEASE) {
      if (base !== region.base) return err(NtStatus.FREE_VM_NOT_AT_BASE);
      if (size !== 0 && pageUp(size) !== region.end - region.base) return err(NtStatus.UNABLE_TO_FREE_VM);
      this.#unmapCommitted(region.base, region.end);
      this.#regions.splice(this.#regions.indexOf(region), 1);
      return ok({ base: region.base, size: region.end - region.base });
    }
    const start = size === 0 ? region.base : pageDown(base);
    const end = size === 0 ? region.end : pageUp(base + size);
    if (size === 0 && base !== region.base) return err(NtStatus.FREE_VM_NOT_AT_BASE);
    if (end > region.end) return err(NtStatus.UNABLE_TO_FREE_VM);
    this.#unmapCommitted(start, end);
    return ok({ base: start, size: end - start });
  }

  /**
   * Releases the whole region starting at `base`, whatever its kind (the shim's own TEBs, stacks and
   * pages); false if no region starts there.
   */
  releaseRegion(base: number): boolean {
    const region = this.#regions.find((r) => r.base === base);
    if (region === undefined) return false;
    this.#unmapCommitted(region.base, region.end);
    this.#regions.splice(this.#regions.indexOf(region), 1);
    return true;
  }

  /** NtProtectVirtualMemory: returns the range and the old protection of its first page. */
  protect(base: number, size: number, pageProtection: number): Result<VmRange & { readonly old: number }, NtStatus> {
    const prot = protectionOf(pageProtection);
    if (prot === undefined) return err(NtStatus.INVALID_PAGE_PROTECTION);
    const start = pageDown(base);
    // A zero size means the page holding `base`, as on Windows (the range rounds out to whole pages).
    const end = Math.max(pageUp(base + size), start + PAGE_SIZE);
    const region = this.#regionOf(start);
    if (region === undefined) return err(NtStatus.MEMORY_NOT_ALLOCATED);
    if (end > region.end) return err(NtStatus.CONFLICTING_ADDRESSES);
    for (let a = start; a < end; a += PAGE_SIZE) if (!this.#committed.has(a)) return err(NtStatus.NOT_COMMITTED);
    const changed = this.#pages.protectPages(this.#space, start, end - start, prot);
    if (!changed.ok) return err(NtStatus.NOT_COMMITTED);
    const old = this.#committed.get(start)!;
    for (let a = start; a < end; a += PAGE_SIZE) this.#committed.set(a, pageProtection >>> 0);
    return ok({ base: start, size: end - start, old });
  }

  /** NtQueryVirtualMemory's basic information for the page holding `address` (`undefined`: out of range). */
  query(address: number): MemoryBasicInformation | undefined {
    if (address < this.range.start || address >= this.range.end) return undefined;
    const page = pageDown(address);
    const region = this.#regionOf(page);
    if (region === undefined) {
      // A free run: from this page to the next region (or the end of the range).
      const next = this.#regions.find((r) => r.base > page);
      const freeEnd = next ? next.base : this.range.end;
      return { baseAddress: page, allocationBase: 0, allocationProtect: 0, regionSize: freeEnd - page, state: MemoryType.FREE, protect: PageProtection.NOACCESS, type: 0 };
    }
    const protect = this.#committed.get(page);
    let end = page + PAGE_SIZE;
    while (end < region.end && this.#committed.get(end) === protect) end += PAGE_SIZE;
    return {
      baseAddress: page,
      allocationBase: region.base,
      allocationProtect: region.allocationProtect,
      regionSize: end - page,
      state: protect === undefined ? MemoryType.RESERVE : MemoryType.COMMIT,
      protect: protect ?? 0,
      type: region.kind === "image" ? MemoryType.IMAGE : MemoryType.PRIVATE,
    };
  }

  /** Unmaps every committed page and forgets every region (process teardown). */
  clear(): void {
    for (const region of this.#regions) this.#unmapCommitted(region.base, region.end);
    this.#regions.length = 0;
  }

  #unmapCommitted(start: number, end: number): void {
    let runStart: number | undefined;
    const flush = (at: number): void => {
      if (runStart !== undefined) this.#pages.unmapPages(this.#space, runStart, at - runStart);
      runStart = undefined;
    };
    for (let a = start; a < end; a += PAGE_SIZE) {
      if (this.#committed.delete(a)) runStart ??= a;
      else flush(a);
    }
    flush(end);
  }

  #insert(region: Region): void {
    let i = this.#regions.length;
    while (i > 0 && this.#regions[i - 1]!.base > region.base) i--;
    this.#regions.splice(i, 0, region);
  }

  #regionOf(address: number): Region | undefined {
    return this.#regions.find((r) => address >= r.base && address < r.end);
  }

  #overlaps(start: number, end: number): boolean {
    return this.#regions.some((r) => start < r.end && r.base < end);
  }

  /** First fit of `length` bytes at an `alignment` boundary, bottom-up or top-down. */
  #findFree(length: number, alignment: number, topDown: boolean): number | undefined {
    const align = (a: number): number => Math.ceil(a / alignment) * alignment;
    const lowest = alignment === ALLOCATION_GRANULARITY ? granuleUp(this.range.start) : align(this.range.start);
    const gaps: Array<[number, number]> = [];
    let cursor = lowest;
    for (const r of this.#regions) {
      if (r.base > cursor) gaps.push([cursor, r.base]);
      cursor = Math.max(cursor, r.end);
    }
    if (this.range.end > cursor) gaps.push([cursor, this.range.end]);
    if (topDown) {
      for (let i = gaps.length - 1; i >= 0; i--) {
        const [s, e] = gaps[i]!;
        const start = Math.floor((e - length) / alignment) * alignment;
        if (start >= align(s) && start >= lowest) return start;
      }
      return undefined;
    }
    for (const [s, e] of gaps) {
      const start = align(s);
      if (start + length <= e) return start;
    }
    return undefined;
  }
}

/** Rounds an address down to the allocation granularity (what a reservation at `base` starts at). */
export function reservationBase(base: number): number {
  return granuleDown(base);
}
