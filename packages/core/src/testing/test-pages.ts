/**
 * The memory model of the {@link TestPlatform}: a page table per address space (a `Map` from page
 * number to page), private pages whose bytes are allocated on first write, and shared memory objects
 * whose pages every mapping sees in common. It keeps the counters the platform's leak checks report.
 *
 * Internal to the test platform.
 *
 * @module
 */
import { PAGE_SIZE, type Protection, type SharedMemoryObject } from "../platform/memory";

/** The backing of a shared memory object. */
export interface SharedObjectRecord {
  /** The handle given out (compared by identity). */
  readonly handle: SharedMemoryObject;
  /** Page buffers, allocated on first write. */
  readonly pages: Array<Uint8Array | undefined>;
  /** Pages of this object mapped in any address space. */
  mappedPages: number;
  /** True once its creator released it. */
  released: boolean;
}

/** One mapped page. */
export interface Page {
  /** Its protection. */
  prot: Protection;
  /** Private bytes (allocated on first write; absent: all zero). Unused for shared pages. */
  bytes: Uint8Array | undefined;
  /** For shared pages: the object and the index of the page in it. */
  readonly shared: { readonly object: SharedObjectRecord; readonly index: number } | undefined;
}

const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/** Page tables and shared objects of one test platform, with leak counters. */
export class TestPages {
  /** Live shared objects by id. */
  readonly objects = new Map<number, SharedObjectRecord>();
  #nextObjectId = 1;
  #mappedPages = 0;

  /** Pages mapped across every address space. */
  get mappedPages(): number {
    return this.#mappedPages;
  }

  /** Creates a zero-filled shared object of `pages` pages. */
  createObject(pages: number): SharedObjectRecord {
    const handle: SharedMemoryObject = Object.freeze({ id: this.#nextObjectId++, length: pages * PAGE_SIZE });
    const record: SharedObjectRecord = { handle, pages: new Array(pages).fill(undefined), mappedPages: 0, released: false };
    this.objects.set(handle.id, record);
    return record;
  }

  /** The live record behind `handle`, or `undefined` if it is not a live object of this platform. */
  objectOf(handle: SharedMemoryObject): SharedObjectRecord | undefined {
    const record = this.objects.get(handle.id);
    return record !== undefined && record.handle === handle ? record : undefined;
  }

  /** Drops the creator's reference; frees the object if nothing maps it. */
  release(record: SharedObjectRecord): void {
    record.released = true;
    this.#freeIfUnused(record);
  }

  /** Puts `page` at page number `pn` of `table`, replacing (and unmapping) what was there. */
  set(table: Map<number, Page>, pn: number, page: Page): void {
    this.remove(table, pn);
    table.set(pn, page);
    this.#mappedPages++;
    if (page.shared) page.shared.object.mappedPages++;
  }

  /** Unmaps page number `pn` of `table` if mapped. */
  remove(table: Map<number, Page>, pn: number): void {
    const page = table.get(pn);
    if (page === undefined) return;
    table.delete(pn);
    this.#mappedPages--;
    if (page.shared) {
      page.shared.object.mappedPages--;
      this.#freeIfUnused(page.shared.object);
    }
  }

  /** The bytes of `page` for reading (a shared zero page when never written). */
  readable(page: Page): Uint8Array {
    if (page.shared) return page.shared.object.pages[page.shared.index] ?? ZERO_PAGE;
    return page.bytes ?? ZERO_PAGE;
  }

  /** The bytes of `page` for writing (allocated now if never written). */
  writable(page: Page): Uint8Array {
    if (page.shared) {
      const { object, index } = page.shared;
      return (object.pages[index] ??= new Uint8Array(PAGE_SIZE));
    }
    return (page.bytes ??= new Uint8Array(PAGE_SIZE));
  }

  #freeIfUnused(record: SharedObjectRecord): void {
    if (record.released && record.mappedPages === 0) this.objects.delete(record.handle.id);
  }
}
