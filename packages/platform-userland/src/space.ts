/**
 * One address space of the userland platform: a region of host memory, the flat memory port its harts
 * run on, and its page table — what each page of the region is (unmapped, private, or a page of a
 * shared memory object). Permissions live in the port's flags table, the one table the hart checks on
 * every access; this module keeps beside it what the port does not know (private vs. shared, which
 * object page), and serves the port's `Slow` pages — the shared ones — from the objects' buffers.
 *
 * Addresses: every guest address, whatever its shape (an address of another region, a negative number,
 * 0xFFFFFFFF), is taken as a 32-bit pattern and re-based into the region: offset `address & (size − 1)`,
 * host offset `base + offset`. A guest cannot name another region's bytes.
 *
 * @module
 */
import { PAGE_SIZE, Prot, type AddressRange } from "@litebox-ts/core";
import { FlatMemoryPort, PageFlag, type FlatSlowPath } from "@litebox-ts/riscv";
import type { HostMemory, Region } from "./host-memory";
import type { SharedObjectRecord } from "./shared-objects";

/** What a page of a space is. */
export const PageKind = {
  /** Not mapped. */
  Unmapped: 0,
  /** Private memory: the region's own bytes. */
  Private: 1,
  /** A page of a shared memory object (a `Slow` page of the port). */
  Shared: 2,
} as const;

/** A mapped page of a shared memory object. */
export interface SharedPage {
  /** The object. */
  readonly object: SharedObjectRecord;
  /** Index of the page in the object. */
  readonly index: number;
}

const PERMISSIONS = Prot.Read | Prot.Write | Prot.Exec;

/** Whether `address` is a 32-bit value, read signed or unsigned: what the calls accept as an address. */
export function isAddress(address: number): boolean {
  return Number.isInteger(address) && address >= -(2 ** 31) && address < 2 ** 32;
}

/** One address space. See the module documentation. */
export class UserlandSpace implements FlatSlowPath {
  /** The platform's id of this space. */
  readonly id: number;
  /** Its region. */
  readonly region: Region;
  /** The memory port shared by every hart of the space (over a view of the region alone). */
  readonly port: FlatMemoryPort;
  /** `addressSpaceRange`: the region's host range. */
  readonly range: AddressRange;
  /** Bytes of the region. */
  readonly size: number;
  /** `regionSize − 1` as a 32-bit pattern (ready for `&`). */
  readonly mask: number;
  /** {@link PageKind} of each page of the region. */
  readonly kinds: Uint8Array;
  /** The object page behind each shared page, by page index. */
  readonly shared = new Map<number, SharedPage>();
  /** Pages mapped (private and shared). */
  mappedPages = 0;
  /** False once destroyed. */
  alive = true;

  /**
   * @param id - the platform's id.
   * @param memory - the host memory.
   * @param region - the region this space occupies (already wiped).
   */
  constructor(id: number, memory: HostMemory, region: Region) {
    this.id = id;
    this.region = region;
    const size = memory.regionSize;
    this.range = Object.freeze({ start: region.base, end: region.base + size });
    this.size = size;
    this.mask = (size - 1) | 0;
    this.kinds = new Uint8Array(memory.pagesPerRegion);
    // The port sees only its own region (a view starting at the region's base): the translation
    // `regionBase | (address & mask)` is then the view's offset plus the mask, so even a bug in the
    // port's arithmetic could not index another region, and its indices stay below 2 GiB.
    const view = new Uint8Array(memory.bytes.buffer, region.base, size);
    this.port = new FlatMemoryPort({ bytes: view, regionBase: 0, regionSize: size, slowPath: this });
  }

  /** Region offset of guest `address` (any 32-bit value). */
  offset(address: number): number {
    return (address & this.mask) >>> 0;
  }

  /** Host offset of guest `address`: where it lands in host memory. */
  hostAddress(address: number): number {
    return this.region.base + this.offset(address);
  }

  /** Permission bits of page `index`. */
  permissions(index: number): number {
    return this.port.flags[index]! & PERMISSIONS;
  }

  // ---- the hart's marks ------------------------------------------------------------------------

  /**
   * Drops the compiled code of pages `[first, first + count)`. On this platform many guest addresses
   * name one page; the hart's code cache drops every alias of the page it is told about, but a code
   * observer keyed by the address code ran at would not, so the usual forms are told — the region
   * offset (programs loaded low), the host address (programs loaded in `addressSpaceRange`) and, when
   * given, the form the caller used (`callerDelta` = caller's address minus its region offset).
   */
  dropCode(first: number, count: number, callerDelta = 0): void {
    const { port } = this;
    const { flags } = port;
    for (let index = first; index < first + count; index++) {
      if ((flags[index]! & PageFlag.Code) === 0) continue;
      const offset = index * PAGE_SIZE;
      port.invalidateCode(offset, PAGE_SIZE);
      port.codeObserver?.codeInvalidated((this.range.start + offset) | 0);
      if (callerDelta !== 0) port.codeObserver?.codeInvalidated((offset + callerDelta) | 0);
    }
  }

  /**
   * Breaks the LR reservations on `[offset, offset + length)` (one page), as a store by another agent
   * does; like {@link UserlandSpace.dropCode}, under the usual address forms.
   */
  breakReservations(offset: number, length: number, callerDelta = 0): void {
    const { port } = this;
    if ((port.flags[offset >>> 12]! & PageFlag.Reserved) === 0) return;
    port.breakReservations(offset, length);
    port.breakReservations((this.range.start + offset) | 0, length);
    if (callerDelta !== 0) port.breakReservations((offset + callerDelta) | 0, length);
  }

  // ---- FlatSlowPath: the port's `Slow` pages are the shared ones -----------------------------------

  /** {@inheritDoc FlatSlowPath.load} Serves loads and fetches from the object's buffer. */
  load(address: number, size: number, access: "read" | "execute"): number | "fault" {
    const offset = this.offset(address);
    const page = this.shared.get(offset >>> 12);
    const need = access === "read" ? Prot.Read : Prot.Exec;
    if (page === undefined || (this.permissions(offset >>> 12) & need) === 0) return "fault";
    const bytes = page.object.bytes;
    const at = page.index * PAGE_SIZE + (offset & (PAGE_SIZE - 1));
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + bytes[at + i]!;
    return value;
  }

  /** {@inheritDoc FlatSlowPath.store} Serves stores into the object's buffer. */
  store(address: number, size: number, value: number): "done" | "fault" {
    const offset = this.offset(address);
    const page = this.shared.get(offset >>> 12);
    if (page === undefined || (this.permissions(offset >>> 12) & Prot.Write) === 0) return "fault";
    const bytes = page.object.bytes;
    const at = page.index * PAGE_SIZE + (offset & (PAGE_SIZE - 1));
    for (let i = 0; i < size; i++) bytes[at + i] = value >>> (8 * i);
    return "done";
  }
}
