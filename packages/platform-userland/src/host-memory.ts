/**
 * The host memory: one buffer cut into equal, size-aligned regions, and the bookkeeping that lets a
 * region be handed to a new address space without leaking the previous one's bytes.
 *
 * A fresh buffer reads as zero and the operating system commits its pages only when they are touched,
 * so reserving 4 GiB costs only what guests use. To keep it that way the platform never zero-fills
 * blindly: each region tracks its *dirty* pages — pages that may hold a non-zero byte because they were
 * mapped writable, made writable, or written by the kernel side — and only those are wiped (and, among
 * them, only pages that really hold a non-zero word are written, so a page that was mapped writable but
 * never touched stays uncommitted).
 *
 * @module
 */
import { PAGE_SIZE } from "@litebox-ts/core";

const WORDS_PER_PAGE = PAGE_SIZE / 4;
/**
 * Copied over a page to zero it: V8 fills a SharedArrayBuffer-backed array element by element
 * (about 15 times slower than a plain buffer), while `set` copies in bulk on both.
 */
const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/** Whether the host offers `SharedArrayBuffer` (browsers do only in cross-origin-isolated pages). */
export function isSharedArrayBufferAvailable(): boolean {
  return typeof globalThis.SharedArrayBuffer === "function";
}

/** Allocates `length` zeroed bytes, shared between workers when `shared` (and the host allows it). */
export function allocateBuffer(length: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length);
}

/** One region of host memory: what an address space is on this platform. */
export interface Region {
  /** Position among the regions (0-based). */
  readonly index: number;
  /** Host offset of the region's first byte: `index × regionSize`. */
  readonly base: number;
  /** How many address spaces this region has held (the generation part of their ids). */
  generation: number;
  /** One byte per page: 1 when the page may hold non-zero bytes. */
  readonly dirty: Uint8Array;
}

/** The host buffer, its regions, and the dirty-page bookkeeping. */
export class HostMemory {
  /** The whole host memory, byte view. */
  readonly bytes: Uint8Array;
  /** The whole host memory as words (for the zero scan). */
  readonly #words: Int32Array;
  /** Every region, by index. */
  readonly regions: readonly Region[];
  /** Bytes of each region. */
  readonly regionSize: number;
  /** Pages in each region. */
  readonly pagesPerRegion: number;
  #dirtyPages = 0;

  /**
   * @param regionSize - bytes per region (a power of two ≥ 64 KiB).
   * @param regionCount - number of regions (`regionCount × regionSize` ≤ 4 GiB).
   * @param shared - back it with a `SharedArrayBuffer`.
   */
  constructor(regionSize: number, regionCount: number, shared: boolean) {
    const buffer = allocateBuffer(regionSize * regionCount, shared);
    this.bytes = new Uint8Array(buffer);
    this.#words = new Int32Array(buffer);
    this.regionSize = regionSize;
    this.pagesPerRegion = regionSize / PAGE_SIZE;
    const dirty = new Uint8Array(this.pagesPerRegion * regionCount);
    const regions: Region[] = [];
    for (let index = 0; index < regionCount; index++) {
      regions.push({
        index,
        base: index * regionSize,
        generation: 0,
        dirty: dirty.subarray(index * this.pagesPerRegion, (index + 1) * this.pagesPerRegion),
      });
    }
    this.regions = regions;
  }

  /** Pages, over every region, that may hold non-zero bytes (0 once every space is destroyed). */
  get dirtyPages(): number {
    return this.#dirtyPages;
  }

  /** Records that pages `[first, first + count)` of `region` may now hold non-zero bytes. */
  markDirty(region: Region, first: number, count: number): void {
    const { dirty } = region;
    for (let page = first; page < first + count; page++) {
      if (dirty[page] === 0) {
        dirty[page] = 1;
        this.#dirtyPages++;
      }
    }
  }

  /** Makes pages `[first, first + count)` of `region` read as zero again, touching only dirty ones. */
  wipe(region: Region, first: number, count: number): void {
    const { dirty } = region;
    for (let page = first; page < first + count; page++) {
      if (dirty[page] === 0) continue;
      dirty[page] = 0;
      this.#dirtyPages--;
      const host = region.base + page * PAGE_SIZE;
      if (!this.#isZero(host)) this.bytes.set(ZERO_PAGE, host);
    }
  }

  /** Wipes every dirty page of `region`: what destroying its address space does before reuse. */
  wipeRegion(region: Region): void {
    this.wipe(region, 0, this.pagesPerRegion);
  }

  #isZero(host: number): boolean {
    const words = this.#words;
    const first = host / 4;
    for (let i = first; i < first + WORDS_PER_PAGE; i++) if (words[i] !== 0) return false;
    return true;
  }
}
