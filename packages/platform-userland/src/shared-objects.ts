/**
 * Shared memory objects (the backing of `MAP_SHARED` mappings and NT sections). They live outside the
 * regions, each in its own buffer, so that every address space mapping one — a parent and its forked
 * child, or two unrelated processes — reaches the same bytes; the regions only say, page by page,
 * which object page a `Slow` page stands for. An object lives while its creator holds it or any page
 * of it is mapped anywhere.
 *
 * @module
 */
import { PAGE_SIZE, PageError, err, ok, type Result, type SharedMemoryObject } from "@litebox-ts/core";
import { allocateBuffer } from "./host-memory";

/** The platform's record of one live shared memory object. */
export interface SharedObjectRecord {
  /** The handle given out (compared by identity: a look-alike object is not accepted). */
  readonly handle: SharedMemoryObject;
  /** The object's bytes. */
  readonly bytes: Uint8Array;
  /** Pages of this object mapped, over every address space. */
  mappedPages: number;
  /** True once its creator released it. */
  released: boolean;
}

const MAX_OBJECT_LENGTH = 2 ** 32;

/** The live shared memory objects of one platform. */
export class SharedObjects {
  readonly #objects = new Map<number, SharedObjectRecord>();
  readonly #limit: number;
  readonly #shared: boolean;
  #nextId = 1;
  #bytes = 0;

  /**
   * @param limit - most bytes held by live objects at once.
   * @param shared - back objects with `SharedArrayBuffer`.
   */
  constructor(limit: number, shared: boolean) {
    this.#limit = limit;
    this.#shared = shared;
  }

  /** Live objects. */
  get count(): number {
    return this.#objects.size;
  }

  /** Pages held by live objects. */
  get pages(): number {
    return this.#bytes / PAGE_SIZE;
  }

  /**
   * Creates a zero-filled object of `length` bytes rounded up to pages. `InvalidArgument` for a length
   * that is not a positive integer up to 4 GiB; `NoMemory` past the limit or when the host refuses.
   */
  create(length: number): Result<SharedObjectRecord, PageError> {
    if (!Number.isInteger(length) || length <= 0 || length > MAX_OBJECT_LENGTH) return err(PageError.InvalidArgument);
    const rounded = Math.ceil(length / PAGE_SIZE) * PAGE_SIZE;
    if (this.#bytes + rounded > this.#limit) return err(PageError.NoMemory);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(allocateBuffer(rounded, this.#shared));
    } catch {
      // The host could not allocate it (RangeError): out of memory, not a bug.
      return err(PageError.NoMemory);
    }
    const handle: SharedMemoryObject = Object.freeze({ id: this.#nextId++, length: rounded });
    const record: SharedObjectRecord = { handle, bytes, mappedPages: 0, released: false };
    this.#objects.set(handle.id, record);
    this.#bytes += rounded;
    return ok(record);
  }

  /** The live record behind `handle`, or `undefined` (freed, foreign, or a look-alike). */
  lookup(handle: SharedMemoryObject): SharedObjectRecord | undefined {
    const record = this.#objects.get(handle.id);
    return record !== undefined && record.handle === handle ? record : undefined;
  }

  /** Drops the creator's reference; frees the object if no page of it is mapped. */
  release(record: SharedObjectRecord): void {
    record.released = true;
    this.#freeIfUnused(record);
  }

  /** Counts `pages` more mapped pages of `record`. */
  mapped(record: SharedObjectRecord, pages: number): void {
    record.mappedPages += pages;
  }

  /** Counts one page of `record` unmapped; frees it when released and mapped nowhere. */
  unmapped(record: SharedObjectRecord): void {
    record.mappedPages--;
    this.#freeIfUnused(record);
  }

  #freeIfUnused(record: SharedObjectRecord): void {
    if (!record.released || record.mappedPages !== 0) return;
    if (this.#objects.delete(record.handle.id)) this.#bytes -= record.bytes.length;
  }
}
