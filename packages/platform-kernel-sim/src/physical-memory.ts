/**
 * Simulated physical memory: one buffer cut into 4 KiB frames, a frame allocator and per-frame
 * reference counts, all in typed arrays so allocation and release are O(1) and allocation-free.
 *
 * A frame's reference count is the number of page-table entries mapping it, plus one for a shared
 * memory object that owns it; a page-table frame has count 1. A frame is free at count 0. Each frame
 * also records its owner: private data ({@link FrameOwner.Private}), a page table
 * ({@link FrameOwner.PageTable}), or the id of the shared memory object it belongs to (with its page
 * index in the object), which is how a mapping's backing is found from its PTE.
 *
 * Frames are handed out from the top of memory downwards, so guest virtual addresses (low) and
 * physical addresses rarely coincide, and code that skipped translation would be caught by tests.
 * Freed frames are not cleared; whoever needs zeros asks for {@link PhysicalMemory.allocateZeroed}.
 *
 * @module
 */
import { PAGE_SIZE } from "@litebox-ts/core";

/** Owner codes of a frame (positive values are shared memory object ids). */
export const FrameOwner = {
  /** Private data of address spaces (anonymous memory, possibly shared copy-on-write). */
  Private: 0,
  /** A page table (root or level 0). */
  PageTable: -1,
} as const;

/** True when the host offers `SharedArrayBuffer` (browsers only in cross-origin-isolated pages). */
export function hostHasSharedMemory(): boolean {
  return typeof SharedArrayBuffer === "function";
}

/** Frames with reference counts over one host buffer. See the module documentation. */
export class PhysicalMemory {
  /** The memory, byte view (index = physical address). */
  readonly bytes: Uint8Array;
  /** The memory as 32-bit words (index = physical address / 4); page tables are read through it. */
  readonly words: Int32Array;
  /** Number of frames. */
  readonly frameCount: number;
  /** Reference count per frame (0: free). */
  readonly refs: Int32Array;
  /** Owner per frame: {@link FrameOwner} or a shared memory object id. */
  readonly owner: Int32Array;
  /** For frames of a shared memory object: the frame's page index in the object. */
  readonly ownerIndex: Int32Array;
  readonly #free: Int32Array;
  #freeCount: number;
  #tableFrames = 0;

  /**
   * @param size - bytes, a multiple of 4 KiB. @param shared - use a `SharedArrayBuffer` (the caller
   *   checked {@link hostHasSharedMemory}) rather than an `ArrayBuffer`.
   */
  constructor(size: number, shared: boolean) {
    this.bytes = new Uint8Array(shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
    this.words = new Int32Array(this.bytes.buffer, 0, size >>> 2);
    this.frameCount = size / PAGE_SIZE;
    this.refs = new Int32Array(this.frameCount);
    this.owner = new Int32Array(this.frameCount);
    this.ownerIndex = new Int32Array(this.frameCount);
    this.#free = new Int32Array(this.frameCount);
    // Frame 0 at the bottom of the stack, so the highest frame comes out first.
    for (let f = 0; f < this.frameCount; f++) this.#free[f] = f;
    this.#freeCount = this.frameCount;
  }

  /** True when the buffer is a `SharedArrayBuffer`. */
  get isShared(): boolean {
    return hostHasSharedMemory() && this.bytes.buffer instanceof SharedArrayBuffer;
  }

  /** Frames not in use. */
  get freeFrames(): number {
    return this.#freeCount;
  }

  /** Frames in use (data and page tables). */
  get framesInUse(): number {
    return this.frameCount - this.#freeCount;
  }

  /** Frames in use as page tables. */
  get tableFrames(): number {
    return this.#tableFrames;
  }

  /**
   * Takes a free frame with count 1 and the given owner; its bytes are whatever they were. Returns
   * the frame number, or -1 when memory is exhausted.
   */
  allocate(owner: number, index = 0): number {
    if (this.#freeCount === 0) return -1;
    const frame = this.#free[--this.#freeCount]!;
    this.refs[frame] = 1;
    this.owner[frame] = owner;
    this.ownerIndex[frame] = index;
    if (owner === FrameOwner.PageTable) this.#tableFrames++;
    return frame;
  }

  /** Like {@link PhysicalMemory.allocate}, with the frame cleared to zero. */
  allocateZeroed(owner: number, index = 0): number {
    const frame = this.allocate(owner, index);
    if (frame >= 0) this.bytes.fill(0, frame * PAGE_SIZE, (frame + 1) * PAGE_SIZE);
    return frame;
  }

  /** Adds a reference to an allocated frame. */
  retain(frame: number): void {
    this.refs[frame]!++;
  }

  /** Drops a reference; the frame is freed when none remains. Answers whether it was freed. */
  release(frame: number): boolean {
    const left = --this.refs[frame]!;
    if (left > 0) return false;
    if (this.owner[frame] === FrameOwner.PageTable) this.#tableFrames--;
    this.owner[frame] = FrameOwner.Private;
    this.#free[this.#freeCount++] = frame;
    return true;
  }
}
