/**
 * The byte queue behind a pipe: a ring buffer that starts small and doubles up to the pipe's
 * capacity, so an idle pipe costs little memory and a busy one never copies more than twice.
 *
 * @module
 */

const INITIAL_SIZE = 4096;

/** A FIFO of bytes bounded by `capacity`. */
export class ByteRing {
  readonly capacity: number;
  #buf: Uint8Array;
  #head = 0;
  #size = 0;

  /** @param capacity - the most bytes the ring holds (a positive integer). */
  constructor(capacity: number) {
    this.capacity = capacity;
    this.#buf = new Uint8Array(0);
  }

  /** Bytes queued. */
  get size(): number {
    return this.#size;
  }

  /** Bytes that can still be pushed. */
  get free(): number {
    return this.capacity - this.#size;
  }

  /** Appends `source[start, end)`; the caller has checked it fits. */
  push(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.#reserve(this.#size + n);
    const cap = this.#buf.length;
    const tail = (this.#head + this.#size) % cap;
    const first = Math.min(n, cap - tail);
    this.#buf.set(source.subarray(start, start + first), tail);
    if (first < n) this.#buf.set(source.subarray(start + first, end), 0);
    this.#size += n;
  }

  /** Removes up to `dest.length` bytes into `dest`; returns how many. */
  shift(dest: Uint8Array): number {
    const n = Math.min(dest.length, this.#size);
    const cap = this.#buf.length;
    const first = Math.min(n, cap - this.#head);
    dest.set(this.#buf.subarray(this.#head, this.#head + first), 0);
    if (first < n) dest.set(this.#buf.subarray(0, n - first), first);
    this.#size -= n;
    this.#head = this.#size === 0 ? 0 : (this.#head + n) % cap;
    return n;
  }

  #reserve(needed: number): void {
    if (needed <= this.#buf.length) return;
    let size = Math.max(this.#buf.length, Math.min(INITIAL_SIZE, this.capacity));
    while (size < needed) size = Math.min(size * 2, this.capacity);
    const next = new Uint8Array(size);
    // Unwrap into the new buffer so the queue starts at 0.
    const old = this.#buf;
    const first = Math.min(this.#size, old.length - this.#head);
    next.set(old.subarray(this.#head, this.#head + first), 0);
    if (first < this.#size) next.set(old.subarray(0, this.#size - first), first);
    this.#buf = next;
    this.#head = 0;
  }
}
