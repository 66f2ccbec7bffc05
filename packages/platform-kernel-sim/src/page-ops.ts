/**
 * Page-table edits of whole ranges — map, unmap, protect, clone, destroy — with the TLB shootdowns
 * they require. Arguments are validated by the platform; these operations only assume page-aligned
 * ranges inside the space and, where they allocate, that the caller checked enough frames are free
 * (so each operation completes or, checked up front, never starts: all-or-nothing).
 *
 * Shootdown rules: a page whose frame or permissions change is flushed from its space's TLB with the
 * port's `flushTlbPage` (which also drops compiled code decoded from it). A fork only withdraws `W`
 * from the parent's private pages and changes no byte, so there the parent's TLB entries are dropped
 * without touching its compiled code. Other spaces never need a shootdown: an edit changes one
 * space's entries only, and a copy-on-write break leaves the other sharers' entries (and frame) as
 * they were.
 *
 * @module
 */
import { PAGE_SIZE, type Protection, type SharedMemoryObject } from "@litebox-ts/core";
import type { Mmu } from "./mmu";
import type { PageTables } from "./page-tables";
import { FrameOwner, type PhysicalMemory } from "./physical-memory";
import { PTES_PER_TABLE, Pte, leafPte, pteFrame, pteProtection } from "./pte";
import type { SharedObjectRecord, SharedObjects } from "./shared-objects";
import type { SimSpace } from "./sim-space";

const TABLE_SPAN = PAGE_SIZE * PTES_PER_TABLE;

/** One maximal run of pages with equal protection and backing. */
export interface PageRun {
  /** First address. */
  start: number;
  /** One past the last address. */
  end: number;
  /** Protection of every page. */
  prot: Protection;
  /** Backing object of a shared run, and the offset of `start` in it. */
  shared: { readonly object: SharedMemoryObject; readonly offset: number } | undefined;
}

/** Range operations over one platform's page tables. */
export class PageOps {
  readonly #memory: PhysicalMemory;
  readonly #words: Int32Array;
  readonly #tables: PageTables;
  readonly #mmu: Mmu;
  readonly #objects: SharedObjects;

  /** @param memory - frames. @param tables - tables. @param mmu - walk. @param objects - shared objects. */
  constructor(memory: PhysicalMemory, tables: PageTables, mmu: Mmu, objects: SharedObjects) {
    this.#memory = memory;
    this.#words = memory.words;
    this.#tables = tables;
    this.#mmu = mmu;
    this.#objects = objects;
  }

  /** Frames needed to map `[start, start + pages·4 KiB)` (missing level-0 tables). */
  tablesNeeded(space: SimSpace, start: number, pages: number): number {
    return this.#tables.missingTables(space.root, start, start + pages * PAGE_SIZE);
  }

  /**
   * Maps `pages` demand-zero pages at `start` with `prot`, replacing what was there. The caller
   * checked {@link PageOps.tablesNeeded} frames are free.
   */
  mapZero(space: SimSpace, start: number, pages: number, prot: Protection): void {
    const pte = leafPte(-1, prot, false);
    this.#map(space, start, pages, () => pte);
  }

  /**
   * Maps `pages` pages of `object` from page `first` at `start` with `prot`, replacing what was there.
   * The caller checked {@link PageOps.tablesNeeded} frames are free.
   */
  mapShared(space: SimSpace, start: number, pages: number, prot: Protection, object: SharedObjectRecord, first: number): void {
    this.#map(space, start, pages, (i) => {
      const frame = object.frames[first + i]!;
      this.#memory.retain(frame);
      this.#objects.mapped(object);
      return leafPte(frame * PAGE_SIZE, prot, false);
    });
  }

  #map(space: SimSpace, start: number, pages: number, entry: (i: number) => number): void {
    for (let i = 0; i < pages; i++) {
      const va = start + i * PAGE_SIZE;
      // Cannot fail: the caller made sure enough frames are free for the missing tables.
      const index = this.#tables.ensureLeafIndex(space.root, va);
      const old = this.#words[index]!;
      // The new entry first: replacing a shared page by itself must not free its frame in between.
      this.#tables.setLeaf(index, entry(i));
      if (old !== 0) {
        this.#mmu.releaseLeaf(old);
        space.port.flushTlbPage(va);
      }
    }
  }

  /** Unmaps every mapped page of `[start, start + pages·4 KiB)`, freeing emptied tables. */
  unmap(space: SimSpace, start: number, pages: number): void {
    const end = start + pages * PAGE_SIZE;
    let va = start;
    while (va < end) {
      const chunkEnd = Math.min(end, (Math.floor(va / TABLE_SPAN) + 1) * TABLE_SPAN);
      let index = this.#tables.leafIndex(space.root, va);
      if (index >= 0) {
        for (let at = va; at < chunkEnd; at += PAGE_SIZE, index++) {
          const pte = this.#words[index]!;
          if (pte === 0) continue;
          this.#tables.setLeaf(index, 0);
          this.#mmu.releaseLeaf(pte);
          space.port.flushTlbPage(at);
        }
        this.#tables.freeTableIfEmpty(space.root, va);
      }
      va = chunkEnd;
    }
  }

  /** True when every page of the range is mapped. */
  allMapped(space: SimSpace, start: number, pages: number): boolean {
    for (let i = 0; i < pages; i++) if (this.#mmu.leaf(space, start + i * PAGE_SIZE) === 0) return false;
    return true;
  }

  /** Changes the protection of every page of the range (all mapped: see {@link PageOps.allMapped}). */
  protect(space: SimSpace, start: number, pages: number, prot: Protection): void {
    for (let i = 0; i < pages; i++) {
      const va = start + i * PAGE_SIZE;
      const index = this.#tables.leafIndex(space.root, va);
      const pte = this.#words[index]!;
      const frame = pteFrame(pte);
      let updated = leafPte(frame, prot, this.#mmu.isSharedPrivate(frame));
      // A and D are hardware state of the frame's use, kept across protection changes.
      if ((updated & Pte.V) !== 0 && (pte & Pte.V) !== 0) updated |= pte & (Pte.A | Pte.D);
      this.#words[index] = updated;
      space.port.flushTlbPage(va);
    }
  }

  /** Frames a clone of `parent` needs: its root and one per level-0 table. */
  cloneFramesNeeded(parent: SimSpace): number {
    return 1 + this.#tables.tableCount(parent.root);
  }

  /**
   * Fills the empty root `childRoot` with a copy-on-write copy of `parent`'s tables: every frame gets
   * one more reference; private writable pages lose `W` and gain `COW` in both spaces; read-only
   * private pages are shared as they are (their frame's count makes any later store copy it);
   * shared-object pages stay shared and writable. The caller checked
   * {@link PageOps.cloneFramesNeeded} frames are free.
   */
  clone(parent: SimSpace, childRoot: number): void {
    const words = this.#words;
    const tlb = parent.port.tlb;
    for (let i = 0; i < PTES_PER_TABLE; i++) {
      const table = this.#tables.tableAt(parent.root, i);
      if (table < 0) continue;
      const copy = this.#memory.allocate(FrameOwner.PageTable);
      const from = table << 10;
      const to = copy << 10;
      for (let j = 0; j < PTES_PER_TABLE; j++) {
        let pte = words[from + j]!;
        if (pte !== 0 && (pte & Pte.ZERO) === 0) {
          this.#mmu.retainLeaf(pte);
          if ((pte & Pte.W) !== 0 && this.#memory.owner[pte >>> 10]! === FrameOwner.Private) {
            pte = (pte & ~Pte.W) | Pte.COW;
            words[from + j] = pte;
            // Only W was withdrawn: the parent's compiled code stays valid, its TLB entry must go.
            tlb.flushPage((i << 10) | j);
          }
        }
        words[to + j] = pte;
      }
      this.#tables.installTable(childRoot, i, copy, this.#tables.used(table));
    }
  }

  /** Releases every page and table of `space` (its root included) and empties its TLB. */
  destroy(space: SimSpace): void {
    for (let i = 0; i < PTES_PER_TABLE; i++) {
      const table = this.#tables.tableAt(space.root, i);
      if (table < 0) continue;
      for (let j = table << 10, end = j + PTES_PER_TABLE; j < end; j++) {
        const pte = this.#words[j]!;
        if (pte !== 0) this.#mmu.releaseLeaf(pte);
      }
    }
    this.#tables.freeAll(space.root);
    space.port.flushTlb();
  }

  /** Every mapped run of `space`, in address order. */
  mappings(space: SimSpace): PageRun[] {
    const runs: PageRun[] = [];
    let run: PageRun | undefined;
    for (let i = 0; i < PTES_PER_TABLE; i++) {
      const table = this.#tables.tableAt(space.root, i);
      if (table < 0) continue;
      for (let j = 0; j < PTES_PER_TABLE; j++) {
        const pte = this.#words[(table << 10) | j]!;
        if (pte === 0) continue;
        const start = ((i << 10) | j) * PAGE_SIZE;
        const prot = pteProtection(pte);
        const shared = this.sharedBacking(pte);
        const continues = run !== undefined && run.end === start && run.prot === prot &&
          (run.shared === undefined
            ? shared === undefined
            : shared !== undefined && shared.object === run.shared.object &&
              shared.offset === run.shared.offset + (start - run.start));
        if (continues) {
          run!.end = start + PAGE_SIZE;
        } else {
          if (run !== undefined) runs.push(run);
          run = { start, end: start + PAGE_SIZE, prot, shared };
        }
      }
    }
    if (run !== undefined) runs.push(run);
    return runs;
  }

  /** The shared object and offset behind a leaf, if its frame belongs to one. */
  sharedBacking(pte: number): { readonly object: SharedMemoryObject; readonly offset: number } | undefined {
    const frame = pteFrame(pte);
    if (frame < 0) return undefined;
    const f = frame >>> 12;
    const owner = this.#memory.owner[f]!;
    if (owner <= 0) return undefined;
    return { object: this.#objects.byId(owner)!.handle, offset: this.#memory.ownerIndex[f]! * PAGE_SIZE };
  }
}
