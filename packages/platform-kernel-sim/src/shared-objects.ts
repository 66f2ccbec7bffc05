/**
 * Shared memory objects (MAP_SHARED backings, NT sections): frames owned by an object rather than by
 * an address space. The object holds one reference on each of its frames and every PTE mapping a
 * frame holds another, so a frame lives while the object is held or the page is mapped anywhere.
 * Frames are allocated (zeroed) when the object is created: a page table entry has no room to say
 * "page k of object n, not yet allocated", so shared pages are never demand-zero.
 *
 * @module
 */
import { PAGE_SIZE, type SharedMemoryObject } from "@litebox-ts/core";
import type { PhysicalMemory } from "./physical-memory";

/** The platform's record of one shared memory object. */
export interface SharedObjectRecord {
  /** The handle given out (compared by identity). */
  readonly handle: SharedMemoryObject;
  /** Frame numbers of the object's pages. */
  readonly frames: Int32Array;
  /** PTEs mapping one of its pages, in every address space. */
  mappings: number;
  /** True once its creator released it. */
  released: boolean;
}

/** The live shared memory objects of one platform. */
export class SharedObjects {
  readonly #memory: PhysicalMemory;
  readonly #records = new Map<number, SharedObjectRecord>();
  #nextId = 1;

  /** @param memory - where the objects' frames come from. */
  constructor(memory: PhysicalMemory) {
    this.#memory = memory;
  }

  /** Objects alive (held by their creator or mapped somewhere). */
  get size(): number {
    return this.#records.size;
  }

  /** Creates an object of `pages` zeroed pages; `undefined` (nothing allocated) when frames run out. */
  create(pages: number): SharedObjectRecord | undefined {
    if (pages > this.#memory.freeFrames) return undefined;
    const id = this.#nextId++;
    const frames = new Int32Array(pages);
    for (let i = 0; i < pages; i++) frames[i] = this.#memory.allocateZeroed(id, i);
    const handle: SharedMemoryObject = Object.freeze({ id, length: pages * PAGE_SIZE });
    const record: SharedObjectRecord = { handle, frames, mappings: 0, released: false };
    this.#records.set(id, record);
    return record;
  }

  /** The record of a live object by id. */
  byId(id: number): SharedObjectRecord | undefined {
    return this.#records.get(id);
  }

  /** The record behind `handle`, if it is a live object of this platform (same handle object). */
  byHandle(handle: SharedMemoryObject): SharedObjectRecord | undefined {
    const record = this.#records.get(handle.id);
    return record !== undefined && record.handle === handle ? record : undefined;
  }

  /** Drops the creator's reference: frames no PTE maps are freed now; the record goes when unmapped. */
  release(record: SharedObjectRecord): void {
    record.released = true;
    for (const frame of record.frames) this.#memory.release(frame);
    this.#forgetIfUnused(record);
  }

  /** Counts a new PTE mapping one of the object's frames (the caller retains the frame). */
  mapped(record: SharedObjectRecord): void {
    record.mappings++;
  }

  /** Counts a PTE of the object gone (the caller releases the frame). */
  unmapped(record: SharedObjectRecord): void {
    record.mappings--;
    this.#forgetIfUnused(record);
  }

  #forgetIfUnused(record: SharedObjectRecord): void {
    if (record.released && record.mappings === 0) this.#records.delete(record.handle.id);
  }
}
