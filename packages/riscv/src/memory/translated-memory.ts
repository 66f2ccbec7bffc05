/**
 * A self-contained translated memory: a {@link TranslatedMemoryPort} over a pool of frames with a
 * one-level page map, for tests of the translated path. Frames are handed out from the top of the
 * pool downwards, so guest virtual addresses and host offsets never coincide and a hart that
 * bypassed translation would be caught. Every mapping change shoots the TLB entry down.
 *
 * @module
 */
import { PageError, err, ok, type AccessKind, type Result } from "@litebox-ts/core";
import { PAGE_SHIFT, PAGE_SIZE, PERMISSION_MASK, PageFlag, TRANSLATION_FAULT, translation } from "./access";
import { TranslatedMemoryPort } from "./translated-port";

/** Options of a {@link TranslatedMemory}. */
export interface TranslatedMemoryOptions {
  /** Frames of 4 KiB in the pool (default 4096: 16 MiB). */
  readonly frames?: number;
  /** TLB entries (a power of two). */
  readonly tlbEntries?: number;
}

interface PageEntry {
  frame: number;
  permissions: number;
}

/** The page map, kept apart so the port's translate function can exist before the port does. */
class PageMap {
  readonly bytes: Uint8Array;
  readonly pages = new Map<number, PageEntry>();
  readonly free: number[] = [];

  constructor(frames: number) {
    this.bytes = new Uint8Array(frames * PAGE_SIZE);
    for (let f = 0; f < frames; f++) this.free.push(f * PAGE_SIZE);
  }

  translate(address: number, access: AccessKind): number {
    const entry = this.pages.get(address >>> PAGE_SHIFT);
    if (entry === undefined) return TRANSLATION_FAULT;
    const need = access === "read" ? PageFlag.Read : access === "write" ? PageFlag.Write : PageFlag.Exec;
    return (entry.permissions & need) === 0 ? TRANSLATION_FAULT : translation(entry.frame, entry.permissions);
  }
}

/** A translated memory for tests. See the module documentation. */
export class TranslatedMemory extends TranslatedMemoryPort {
  readonly #map: PageMap;

  /** @param options - pool size and TLB size. */
  constructor(options: TranslatedMemoryOptions = {}) {
    const map = new PageMap(options.frames ?? 4096);
    super({
      bytes: map.bytes,
      translate: (address, access) => map.translate(address, access),
      ...(options.tlbEntries === undefined ? {} : { tlbEntries: options.tlbEntries }),
    });
    this.#map = map;
  }

  /** Maps fresh zero-filled frames over the range, replacing what was there. */
  map(address: number, length: number, permissions: number): Result<void, PageError> {
    const pages = this.#check(address, length, permissions);
    if (!pages.ok) return pages;
    let fresh = 0;
    for (let i = 0; i < pages.value; i++) if (!this.#map.pages.has((address >>> PAGE_SHIFT) + i)) fresh++;
    if (fresh > this.#map.free.length) return err(PageError.NoMemory);
    for (let i = 0; i < pages.value; i++) {
      const vpn = (address >>> PAGE_SHIFT) + i;
      let entry = this.#map.pages.get(vpn);
      if (entry === undefined) {
        entry = { frame: this.#map.free.pop()!, permissions };
        this.#map.pages.set(vpn, entry);
      }
      entry.permissions = permissions;
      this.bytes.fill(0, entry.frame, entry.frame + PAGE_SIZE);
      this.flushTlbPage(vpn << PAGE_SHIFT);
    }
    return ok(undefined);
  }

  /** Unmaps the range and returns its frames to the pool. */
  unmap(address: number, length: number): Result<void, PageError> {
    const pages = this.#check(address, length, 0);
    if (!pages.ok) return pages;
    for (let i = 0; i < pages.value; i++) {
      const vpn = (address >>> PAGE_SHIFT) + i;
      const entry = this.#map.pages.get(vpn);
      if (entry === undefined) continue;
      this.#map.pages.delete(vpn);
      this.#map.free.push(entry.frame);
      this.flushTlbPage(vpn << PAGE_SHIFT);
    }
    return ok(undefined);
  }

  /** Changes the permissions of mapped pages; `NotMapped` (nothing changed) if one is unmapped. */
  protect(address: number, length: number, permissions: number): Result<void, PageError> {
    const pages = this.#check(address, length, permissions);
    if (!pages.ok) return pages;
    for (let i = 0; i < pages.value; i++) {
      if (!this.#map.pages.has((address >>> PAGE_SHIFT) + i)) return err(PageError.NotMapped);
    }
    for (let i = 0; i < pages.value; i++) {
      const vpn = (address >>> PAGE_SHIFT) + i;
      this.#map.pages.get(vpn)!.permissions = permissions;
      this.flushTlbPage(vpn << PAGE_SHIFT);
    }
    return ok(undefined);
  }

  /** The host offset of the frame behind the page holding `address`, if mapped. */
  frameOf(address: number): number | undefined {
    return this.#map.pages.get(address >>> PAGE_SHIFT)?.frame;
  }

  #check(address: number, length: number, permissions: number): Result<number, PageError> {
    if (!Number.isInteger(address) || !Number.isInteger(length) || address % PAGE_SIZE !== 0 || length <= 0
      || (permissions & ~PERMISSION_MASK) !== 0) {
      return err(PageError.InvalidArgument);
    }
    const pages = Math.ceil(length / PAGE_SIZE);
    if (address < 0 || address + pages * PAGE_SIZE > 2 ** 32) return err(PageError.OutOfRange);
    return ok(pages);
  }
}
