/**
 * Lifetimes of the shared memory objects behind MAP_SHARED anonymous mappings. The shim creates an
 * object per mapping and holds the creator's reference for as long as any address space maps a page
 * of it — across fork, where the child's copy maps the same object — and releases it when the last
 * page is unmapped everywhere (munmap, a mapping over it, execve, exit). Holding the reference is
 * what lets a SharedMemory platform's fork map the object into the child again.
 *
 * Each address space keeps a tally of its pages per object ({@link ObjectTally}); this registry
 * counts, per object, the spaces whose tally holds it.
 *
 * @module
 */
import type { PageManagementProvider, SharedMemoryObject } from "@litebox-ts/core";

/** Pages per shared object mapped in one address space (by object id). */
export class ObjectTally {
  readonly #pages = new Map<number, { readonly object: SharedMemoryObject; pages: number }>();

  /** Objects with a page here, with their page counts. */
  entries(): Array<{ readonly object: SharedMemoryObject; readonly pages: number }> {
    return [...this.#pages.values()].map((e) => ({ object: e.object, pages: e.pages }));
  }

  /** Pages of `object` mapped here. */
  pagesOf(object: SharedMemoryObject): number {
    return this.#pages.get(object.id)?.pages ?? 0;
  }

  /** Counts `pages` more pages of `object`; true when the object is new to this space. */
  add(object: SharedMemoryObject, pages: number): boolean {
    const entry = this.#pages.get(object.id);
    if (entry) {
      entry.pages += pages;
      return false;
    }
    this.#pages.set(object.id, { object, pages });
    return true;
  }

  /** Counts `pages` pages of `object` fewer; true when none is left here. */
  remove(object: SharedMemoryObject, pages: number): boolean {
    const entry = this.#pages.get(object.id);
    if (!entry) return false;
    entry.pages -= pages;
    if (entry.pages > 0) return false;
    this.#pages.delete(object.id);
    return true;
  }

  /** Empties the tally, answering what it held. */
  clear(): SharedMemoryObject[] {
    const objects = [...this.#pages.values()].map((e) => e.object);
    this.#pages.clear();
    return objects;
  }
}

/** The shim's references to the shared objects it created. */
export class SharedObjectRegistry {
  readonly #platform: Pick<PageManagementProvider<unknown>, "releaseSharedMemory">;
  readonly #spaces = new Map<number, { readonly object: SharedMemoryObject; spaces: number }>();

  /** @param platform - where objects are released. */
  constructor(platform: Pick<PageManagementProvider<unknown>, "releaseSharedMemory">) {
    this.#platform = platform;
  }

  /** Objects the shim still holds (a leak check: 0 once nothing maps them). */
  get liveObjects(): number {
    return this.#spaces.size;
  }

  /** True when the shim created `object` and still holds it. */
  holds(object: SharedMemoryObject): boolean {
    return this.#spaces.has(object.id);
  }

  /** A new object, mapped nowhere yet; released by {@link SharedObjectRegistry.unused} if its first mapping fails. */
  created(object: SharedMemoryObject): void {
    this.#spaces.set(object.id, { object, spaces: 0 });
  }

  /** One more space maps `object` (ignored for objects the shim did not create). */
  mappedIn(object: SharedMemoryObject): void {
    const entry = this.#spaces.get(object.id);
    if (entry) entry.spaces++;
  }

  /** One space fewer maps `object`; the last one releases it. */
  unmappedFrom(object: SharedMemoryObject): void {
    const entry = this.#spaces.get(object.id);
    if (!entry) return;
    entry.spaces--;
    if (entry.spaces <= 0) this.unused(object);
  }

  /** Releases `object` now (no space maps it). */
  unused(object: SharedMemoryObject): void {
    if (!this.#spaces.delete(object.id)) return;
    this.#platform.releaseSharedMemory(object);
  }
}
