/**
 * Sv32 two-level page tables in simulated physical memory: a root table (level 1) of 1024 entries,
 * each covering 4 MiB, pointing at level-0 tables of 1024 leaf entries, each covering one 4 KiB page.
 * Entries are addressed by word index into {@link PhysicalMemory.words} (physical address / 4). This
 * module knows the table structure; what a leaf means is {@link pte}'s and the MMU's business.
 *
 * Level-0 tables are allocated when a mapping first needs them and freed as soon as their last entry
 * is cleared (a per-table count of non-zero entries keeps that O(1)).
 *
 * @module
 */
import { FrameOwner, type PhysicalMemory } from "./physical-memory";
import { PTES_PER_TABLE, PTE_PPN_SHIFT, Pte, isPointer } from "./pte";

/** Level-0 table operations over one physical memory. */
export class PageTables {
  readonly #memory: PhysicalMemory;
  readonly #words: Int32Array;
  /** Non-zero entries per level-0 table, by frame. */
  readonly #use: Uint16Array;

  /** @param memory - where the tables live. */
  constructor(memory: PhysicalMemory) {
    this.#memory = memory;
    this.#words = memory.words;
    this.#use = new Uint16Array(memory.frameCount);
  }

  /** Allocates a zeroed root table; its frame, or -1 when memory is exhausted. */
  createRoot(): number {
    return this.#memory.allocateZeroed(FrameOwner.PageTable);
  }

  /** Word index of the level-1 entry covering `va` in the root table at frame `root`. */
  rootEntryIndex(root: number, va: number): number {
    return (root << 10) | (va >>> 22);
  }

  /** Word index of the leaf entry for `va`, or -1 when no level-0 table covers it. */
  leafIndex(root: number, va: number): number {
    const l1 = this.#words[(root << 10) | (va >>> 22)]!;
    if (!isPointer(l1)) return -1;
    return ((l1 >>> PTE_PPN_SHIFT) << 10) | ((va >>> 12) & (PTES_PER_TABLE - 1));
  }

  /** Like {@link PageTables.leafIndex}, allocating the level-0 table if needed; -1 when out of frames. */
  ensureLeafIndex(root: number, va: number): number {
    const slot = (root << 10) | (va >>> 22);
    let l1 = this.#words[slot]!;
    if (!isPointer(l1)) {
      const table = this.#memory.allocateZeroed(FrameOwner.PageTable);
      if (table < 0) return -1;
      this.#use[table] = 0;
      l1 = (table << PTE_PPN_SHIFT) | Pte.V;
      this.#words[slot] = l1;
    }
    return ((l1 >>> PTE_PPN_SHIFT) << 10) | ((va >>> 12) & (PTES_PER_TABLE - 1));
  }

  /** Number of level-0 tables missing to map every page of `[start, end)` (page-aligned, end > start). */
  missingTables(root: number, start: number, end: number): number {
    let missing = 0;
    const last = (end - 1) >>> 22;
    for (let i = start >>> 22; i <= last; i++) if (!isPointer(this.#words[(root << 10) | i]!)) missing++;
    return missing;
  }

  /** Number of level-0 tables under `root`. */
  tableCount(root: number): number {
    let count = 0;
    for (let i = 0; i < PTES_PER_TABLE; i++) if (isPointer(this.#words[(root << 10) | i]!)) count++;
    return count;
  }

  /** The level-0 table frame of root slot `i` (0..1023), or -1. */
  tableAt(root: number, i: number): number {
    const l1 = this.#words[(root << 10) | i]!;
    return isPointer(l1) ? l1 >>> PTE_PPN_SHIFT : -1;
  }

  /** Installs a fresh level-0 table (already filled by the caller) at root slot `i` with `used` entries. */
  installTable(root: number, i: number, table: number, used: number): void {
    this.#use[table] = used;
    this.#words[(root << 10) | i] = (table << PTE_PPN_SHIFT) | Pte.V;
  }

  /** Non-zero entries of the level-0 table at `table`. */
  used(table: number): number {
    return this.#use[table]!;
  }

  /** Writes the leaf at word index `index`, keeping its table's count of non-zero entries. */
  setLeaf(index: number, pte: number): void {
    const old = this.#words[index]!;
    this.#words[index] = pte;
    if ((old === 0) !== (pte === 0)) this.#use[index >>> 10]! += pte === 0 ? -1 : 1;
  }

  /** Frees the level-0 table covering `va` if it holds no entry; answers whether it did. */
  freeTableIfEmpty(root: number, va: number): boolean {
    const slot = (root << 10) | (va >>> 22);
    const l1 = this.#words[slot]!;
    if (!isPointer(l1)) return false;
    const table = l1 >>> PTE_PPN_SHIFT;
    if (this.#use[table] !== 0) return false;
    this.#words[slot] = 0;
    this.#memory.release(table);
    return true;
  }

  /** Frees the root table at `root` and its level-0 tables (their leaves must have been released). */
  freeAll(root: number): void {
    for (let i = 0; i < PTES_PER_TABLE; i++) {
      const table = this.tableAt(root, i);
      if (table >= 0) {
        this.#use[table] = 0;
        this.#memory.release(table);
      }
    }
    this.#memory.release(root);
  }
}
