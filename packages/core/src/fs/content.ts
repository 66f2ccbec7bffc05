/**
 * The bytes of a regular file: a sparse array of fixed-size chunks. A chunk exists only where
 * something was written, so a write far past the end leaves a hole that costs nothing and reads as
 * zeros; `st_blocks` counts the chunks. Writable contents draw their chunks from a shared
 * {@link SpaceBudget} (ENOSPC when it runs out); read-only image contents are views of the image's
 * bytes and are never copied.
 *
 * Invariant: bytes of an allocated chunk at or past `size` are zero, so growing a file (truncate up,
 * a write past the end) never exposes old data.
 *
 * @module
 */
import { InvariantViolation } from "../util/invariant";

/** The chunk size of file contents, in bytes: also the `st_blksize` the filesystem reports. */
export const CHUNK_SIZE = 4096;

/** The data capacity shared by every writable filesystem of one {@link Vfs}, in bytes. */
export class SpaceBudget {
  /** Total bytes that may be allocated. */
  readonly capacity: number;
  #used = 0;

  /** @param capacity - total bytes (a non-negative integer, or Infinity). */
  constructor(capacity: number) {
    if (!(capacity >= 0) || (Number.isFinite(capacity) && !Number.isInteger(capacity))) {
      throw new InvariantViolation("InvalidArgument", `filesystem capacity ${capacity} is not a non-negative integer`);
    }
    this.capacity = capacity;
  }

  /** Bytes allocated now. */
  get used(): number {
    return this.#used;
  }

  /** Takes `bytes` if they fit; false (and nothing taken) otherwise. */
  take(bytes: number): boolean {
    if (this.#used + bytes > this.capacity) return false;
    this.#used += bytes;
    return true;
  }

  /** Gives back `bytes` taken earlier. */
  give(bytes: number): void {
    this.#used -= bytes;
  }
}

/** The contents of one regular file. */
export class FileContent {
  readonly #chunks = new Map<number, Uint8Array>();
  // Undefined for a frozen view of image bytes: such contents are never written.
  readonly #budget: SpaceBudget | undefined;
  #size = 0;

  private constructor(budget: SpaceBudget | undefined) {
    this.#budget = budget;
  }

  /** Empty, writable contents drawing chunks from `budget`. */
  static empty(budget: SpaceBudget): FileContent {
    return new FileContent(budget);
  }

  /**
   * Writable contents holding a copy of `bytes` (chunks of zeros are left as holes), or `undefined`
   * if the budget cannot hold them (nothing is then taken).
   */
  static copyOf(bytes: Uint8Array, budget: SpaceBudget): FileContent | undefined {
    const content = new FileContent(budget);
    for (let start = 0; start < bytes.length; start += CHUNK_SIZE) {
      const piece = bytes.subarray(start, start + CHUNK_SIZE);
      if (piece.every((byte) => byte === 0)) continue;
      if (content.write(start, piece) < piece.length) {
        content.release();
        return undefined;
      }
    }
    content.#size = bytes.length;
    return content;
  }

  /** Read-only contents viewing `bytes` without copying; the caller never changes `bytes` afterwards. */
  static viewOf(bytes: Uint8Array): FileContent {
    const content = new FileContent(undefined);
    for (let start = 0, index = 0; start < bytes.length; start += CHUNK_SIZE, index++) {
      content.#chunks.set(index, bytes.subarray(start, start + CHUNK_SIZE));
    }
    content.#size = bytes.length;
    return content;
  }

  /** The file size in bytes. */
  get size(): number {
    return this.#size;
  }

  /** Number of chunks that hold storage (holes excluded). */
  get allocatedChunks(): number {
    return this.#chunks.size;
  }

  /** Copies up to `dest.length` bytes from `position` into `dest`; returns how many (0 at or past the end). */
  read(position: number, dest: Uint8Array): number {
    if (position >= this.#size) return 0;
    const count = Math.min(dest.length, this.#size - position);
    let done = 0;
    while (done < count) {
      const at = position + done;
      const index = Math.floor(at / CHUNK_SIZE);
      const inChunk = at - index * CHUNK_SIZE;
      const n = Math.min(CHUNK_SIZE - inChunk, count - done);
      const chunk = this.#chunks.get(index);
      // A view's last chunk may be shorter than CHUNK_SIZE; what it lacks is past the end anyway.
      const available = chunk ? Math.max(0, Math.min(n, chunk.length - inChunk)) : 0;
      if (chunk && available > 0) dest.set(chunk.subarray(inChunk, inChunk + available), done);
      dest.fill(0, done + available, done + n);
      done += n;
    }
    return count;
  }

  /**
   * Writes `source` at `position`, allocating chunks as needed. Returns how many bytes were written:
   * fewer than `source.length` only when the budget ran out (the file then grew by what was written).
   */
  write(position: number, source: Uint8Array): number {
    const budget = this.#writableBudget();
    let done = 0;
    while (done < source.length) {
      const at = position + done;
      const index = Math.floor(at / CHUNK_SIZE);
      const inChunk = at - index * CHUNK_SIZE;
      const n = Math.min(CHUNK_SIZE - inChunk, source.length - done);
      let chunk = this.#chunks.get(index);
      if (!chunk) {
        if (!budget.take(CHUNK_SIZE)) break;
        chunk = new Uint8Array(CHUNK_SIZE);
        this.#chunks.set(index, chunk);
      }
      chunk.set(source.subarray(done, done + n), inChunk);
      done += n;
    }
    if (done > 0) this.#size = Math.max(this.#size, position + done);
    return done;
  }

  /** Sets the size to `length`: shrinking frees whole chunks past it and zeroes the rest of the last one. */
  truncate(length: number): void {
    const budget = this.#writableBudget();
    if (length < this.#size) {
      const keep = Math.ceil(length / CHUNK_SIZE);
      for (const index of [...this.#chunks.keys()]) {
        if (index >= keep) {
          this.#chunks.delete(index);
          budget.give(CHUNK_SIZE);
        }
      }
      const tail = length % CHUNK_SIZE;
      if (tail !== 0) this.#chunks.get(keep - 1)?.fill(0, tail);
    }
    this.#size = length;
  }

  /** A copy of the whole contents. */
  toBytes(): Uint8Array {
    const bytes = new Uint8Array(this.#size);
    this.read(0, bytes);
    return bytes;
  }

  /** Frees every chunk (the file is gone). */
  release(): void {
    this.#budget?.give(this.#chunks.size * CHUNK_SIZE);
    this.#chunks.clear();
    this.#size = 0;
  }

  #writableBudget(): SpaceBudget {
    if (!this.#budget) throw new InvariantViolation("InvalidArgument", "write to the contents of a read-only image file");
    return this.#budget;
  }
}
