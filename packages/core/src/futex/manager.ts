/**
 * The futex manager (RFC §3.3): wait queues keyed by (address-space discriminator, address). The
 * discriminator is part of both the bucket hash and the entry match, so equal addresses in different
 * address spaces never alias — on Isolated platforms every space may use the same virtual addresses.
 *
 * A waiter is queued *before* the futex word is read, and a wake that reaches it while the read is in
 * progress is honoured: that closes the window in which a waker could change the word and wake between
 * the waiter's comparison and its sleep (the lost wake-up). Blocking goes through {@link WaitContext},
 * so deadlines and interruption behave exactly as for pipes and process waits, and a wait that does not
 * need to sleep answers synchronously.
 *
 * The manager is self-contained (not generic over the platform): it needs a clock and, optionally, the
 * platform's mutex factory — a {@link Provider} satisfies {@link FutexManagerOptions} as it is.
 *
 * @module
 */
import { WOULD_BLOCK, WaitContext, isWaitFailure, type InterruptSource, type WaitFailure } from "../event/wait";
import type { MemoryFault } from "../platform/memory";
import { defaultMutexFactory, type RawMutex, type RawMutexFactory } from "../platform/mutex";
import type { TimeProvider } from "../platform/time";
import { InvariantViolation } from "../util/invariant";
import { err, ok, type Ok, type Result } from "../util/result";
import {
  futexInvalidArgument,
  futexValueMismatch,
  type FutexRequeueError,
  type FutexWaitOutcome,
  type FutexWaitResult,
  type FutexWakeError,
} from "./errors";

/** The bitset that matches every waiter (Linux's `FUTEX_BITSET_MATCH_ANY`); the default for wait and wake. */
export const FUTEX_BITSET_MATCH_ANY = 0xffff_ffff;

/** Default number of hash buckets. */
export const DEFAULT_FUTEX_BUCKETS = 256;

/**
 * Reads the futex word for a waiter: given the key the caller waits on, returns the word's current
 * unsigned 32-bit value or the fault that prevented the read. The shim supplies it per call — usually
 * a closure over its own (address space, guest address), e.g. `() => platform.readU32(space, uaddr)`,
 * because the key (canonical address, discriminator) need not be readable by itself.
 */
export type FutexWordReader = (discriminator: number, address: number) => Result<number, MemoryFault>;

/** A futex key: the RFC's numeric address-space discriminator and the (canonical) word address. */
export interface FutexKey {
  /** Injective per address space (or per shared memory object); 0 on SharedMemory platforms. */
  readonly discriminator: number;
  /** The word's address; must be 4-byte aligned. */
  readonly address: number;
}

/** Options of {@link FutexManager.wait}. */
export interface FutexWaitOptions {
  /** Reads the futex word (after the waiter is queued). */
  readonly readWord: FutexWordReader;
  /** Absolute deadline on the manager's clock (ns). Absent: wait without limit. */
  readonly deadline?: number;
  /** Interrupt hook (a signal, an alert). Absent: the wait cannot be interrupted. */
  readonly interrupt?: InterruptSource;
  /** Only wakes whose bitset intersects this one end the wait. Default {@link FUTEX_BITSET_MATCH_ANY}; 0 is refused. */
  readonly bitset?: number;
}

/** The value comparison of {@link FutexManager.requeue} (FUTEX_CMP_REQUEUE). */
export interface FutexRequeueCompare {
  /** The value the source word must hold, else nothing happens and `ValueMismatch` is returned. */
  readonly expected: number;
  /** Reads the source futex word. */
  readonly readWord: FutexWordReader;
}

/** What the manager needs from the platform: a clock and, optionally, a mutex factory. */
export interface FutexManagerOptions {
  /** The clock deadlines are measured on. */
  readonly time: TimeProvider;
  /** The platform's mutex factory. Default: {@link defaultMutexFactory}. */
  readonly createMutex?: RawMutexFactory;
  /** Number of hash buckets, a power of two ≥ 1. Default {@link DEFAULT_FUTEX_BUCKETS}. */
  readonly bucketCount?: number;
}

/** One queued waiter. Buckets are intrusive doubly-linked lists: FIFO append, O(1) removal on timeout. */
interface Waiter {
  discriminator: number;
  address: number;
  readonly bitset: number;
  bucket: Bucket | undefined;
  prev: Waiter | undefined;
  next: Waiter | undefined;
  woken: boolean;
  notify: (() => void) | undefined;
}

interface Bucket {
  head: Waiter | undefined;
  tail: Waiter | undefined;
}

const WOKEN: Ok<void> = Object.freeze(ok(undefined));
const TWO_POW_32 = 0x1_0000_0000;

function toOutcome(value: Ok<void> | WaitFailure): FutexWaitOutcome {
  return isWaitFailure(value) ? err(value) : value;
}

/** Throws unless `value` is a u32 address (a shim bug, not guest input: guest registers are u32). */
function checkKey(method: string, discriminator: number, address: number): void {
  if (!Number.isSafeInteger(discriminator) || discriminator < 0) {
    throw new InvariantViolation("InvalidArgument", `FutexManager.${method}: discriminator ${discriminator} is not a non-negative safe integer`);
  }
  if (!Number.isInteger(address) || address < 0 || address >= TWO_POW_32) {
    throw new InvariantViolation("InvalidArgument", `FutexManager.${method}: address ${address} is not a u32`);
  }
}

/** Throws unless `value` is a 32-bit integer (signed or unsigned: guest registers may be read either way). */
function checkWord(method: string, what: string, value: number): void {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value >= TWO_POW_32) {
    throw new InvariantViolation("InvalidArgument", `FutexManager.${method}: ${what} ${value} is not a 32-bit integer`);
  }
}

function checkCount(method: string, what: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new InvariantViolation("InvalidArgument", `FutexManager.${method}: ${what} ${value} is not an integer`);
  }
}

/**
 * Futex wait queues shared by every process of a LiteBox instance. Waiters on one key are woken in
 * FIFO order.
 */
export class FutexManager {
  readonly #time: TimeProvider;
  readonly #mutex: RawMutex;
  readonly #buckets: Bucket[];
  readonly #mask: number;
  #waiterCount = 0;

  /** @param options - the clock, and optionally the mutex factory and bucket count. */
  constructor(options: FutexManagerOptions) {
    const bucketCount = options.bucketCount ?? DEFAULT_FUTEX_BUCKETS;
    if (!Number.isInteger(bucketCount) || bucketCount < 1 || (bucketCount & (bucketCount - 1)) !== 0 || bucketCount > 0x4000_0000) {
      throw new InvariantViolation("InvalidArgument", `FutexManager: bucketCount ${bucketCount} is not a power of two`);
    }
    this.#time = options.time;
    this.#mutex = (options.createMutex ?? defaultMutexFactory)("FutexManager");
    this.#buckets = Array.from({ length: bucketCount }, () => ({ head: undefined, tail: undefined }));
    this.#mask = bucketCount - 1;
  }

  /** Number of waiters currently queued, over all keys (a leak check: 0 once every wait has settled). */
  get waiterCount(): number {
    return this.#waiterCount;
  }

  /** Number of waiters currently queued on one key. */
  waitersAt(discriminator: number, address: number): number {
    checkKey("waitersAt", discriminator, address);
    let n = 0;
    for (let w = this.#bucketOf(discriminator, address).head; w !== undefined; w = w.next) {
      if (w.discriminator === discriminator && w.address === address) n++;
    }
    return n;
  }

  /**
   * FUTEX_WAIT / FUTEX_WAIT_BITSET: sleeps while the word at `address` holds `expected`, until a
   * matching {@link FutexManager.wake} (or a requeue and then a wake), the deadline, or an
   * interruption. Checks, in Linux's order: bitset 0 and misalignment (`InvalidArgument`), then — with
   * the waiter already queued — the read (`MemoryFault`) and the comparison (`ValueMismatch`), then a
   * pending interruption (`WaitInterrupted`) and a passed deadline (`WaitTimedOut`).
   *
   * @param discriminator - the address space's futex discriminator (RFC §3.3).
   * @param address - the word's (canonical) address; must be 4-byte aligned.
   * @param expected - the value the caller saw (signed or unsigned 32-bit; compared as unsigned).
   * @param options - the word reader, and optional deadline, interrupt hook and bitset.
   * @throws {@link InvariantViolation} (`InvalidArgument`) if the key, `expected` or the bitset is not an integer of the right range.
   */
  wait(discriminator: number, address: number, expected: number, options: FutexWaitOptions): FutexWaitResult {
    checkKey("wait", discriminator, address);
    checkWord("wait", "expected", expected);
    const bitset = options.bitset ?? FUTEX_BITSET_MATCH_ANY;
    checkWord("wait", "bitset", bitset);
    if (bitset === 0) return err(futexInvalidArgument("zeroBitset"));
    if ((address & 3) !== 0) return err(futexInvalidArgument("misaligned"));

    const waiter: Waiter = {
      discriminator,
      address,
      bitset: bitset >>> 0,
      bucket: undefined,
      prev: undefined,
      next: undefined,
      woken: false,
      notify: undefined,
    };
    // Queue first, read second: a wake issued while (or after) the word is read finds this waiter.
    this.#locked(() => this.#append(waiter, this.#bucketOf(discriminator, address)));
    let word: Result<number, MemoryFault>;
    try {
      word = options.readWord(discriminator, address);
    } catch (error) {
      this.#locked(() => this.#unlink(waiter));
      throw error;
    }
    // A wake that reached us during the read was counted by its waker: honour it, whatever the read said.
    if (waiter.woken) return WOKEN;
    if (!word.ok || word.value >>> 0 !== expected >>> 0) {
      this.#locked(() => this.#unlink(waiter));
      return word.ok ? err(futexValueMismatch(word.value)) : word;
    }

    const context = new WaitContext(this.#time, options);
    const result = context.wait(
      () => (waiter.woken ? WOKEN : WOULD_BLOCK),
      (wake) => {
        waiter.notify = wake;
        return () => {
          waiter.notify = undefined;
          this.#locked(() => this.#unlink(waiter));
        };
      },
    );
    if (result instanceof Promise) return result.then(toOutcome);
    // Ended without sleeping (pending interruption or past deadline): nothing will unregister us.
    this.#locked(() => this.#unlink(waiter));
    return toOutcome(result);
  }

  /**
   * FUTEX_WAKE / FUTEX_WAKE_BITSET: wakes up to `count` waiters on the key whose bitset intersects
   * `bitset`, oldest first, and returns how many it woke. `count ≤ 0` wakes none (the strict semantics
   * of Linux's `futex_wake(2)`; the legacy `FUTEX_WAKE` op wakes one for 0, which a shim wanting that
   * quirk reproduces by passing `max(count, 1)`). Woken waiters' Promises settle in a later microtask.
   *
   * @throws {@link InvariantViolation} (`InvalidArgument`) if the key, `count` or the bitset is not an integer of the right range.
   */
  wake(discriminator: number, address: number, count: number, bitset: number = FUTEX_BITSET_MATCH_ANY): Result<number, FutexWakeError> {
    checkKey("wake", discriminator, address);
    checkCount("wake", "count", count);
    checkWord("wake", "bitset", bitset);
    if (bitset === 0) return err(futexInvalidArgument("zeroBitset"));
    if ((address & 3) !== 0) return err(futexInvalidArgument("misaligned"));
    if (count <= 0) return ok(0);
    const mask = bitset >>> 0;
    const woken = this.#locked(() => {
      const taken: Waiter[] = [];
      for (let w = this.#bucketOf(discriminator, address).head; w !== undefined && taken.length < count; w = w.next) {
        if (w.discriminator === discriminator && w.address === address && (w.bitset & mask) !== 0) taken.push(w);
      }
      for (const w of taken) {
        this.#unlink(w);
        w.woken = true;
      }
      return taken;
    });
    // Notify outside the lock: the waiter's wait context unregisters (and so locks) synchronously.
    for (const w of woken) w.notify?.();
    return ok(woken.length);
  }

  /**
   * FUTEX_CMP_REQUEUE (or FUTEX_REQUEUE without `compare`): wakes up to `wakeCount` waiters on
   * `(discriminator, address)`, then moves up to `requeueCount` of the remaining ones, in order, to the
   * tail of `target`'s queue, where they keep their bitsets, deadlines and interrupt hooks. Returns
   * the number woken plus the number moved. Bitsets are ignored when choosing, as in Linux.
   *
   * @throws {@link InvariantViolation} (`InvalidArgument`) if a key or count is not an integer of the right range.
   */
  requeue(
    discriminator: number,
    address: number,
    wakeCount: number,
    requeueCount: number,
    target: FutexKey,
    compare?: FutexRequeueCompare,
  ): Result<number, FutexRequeueError> {
    checkKey("requeue", discriminator, address);
    checkKey("requeue", target.discriminator, target.address);
    checkCount("requeue", "wakeCount", wakeCount);
    checkCount("requeue", "requeueCount", requeueCount);
    if (compare !== undefined) checkWord("requeue", "expected", compare.expected);
    if (wakeCount < 0 || requeueCount < 0) return err(futexInvalidArgument("negativeCount"));
    if ((address & 3) !== 0 || (target.address & 3) !== 0) return err(futexInvalidArgument("misaligned"));
    if (compare !== undefined) {
      const word = compare.readWord(discriminator, address);
      if (!word.ok) return word;
      if (word.value >>> 0 !== compare.expected >>> 0) return err(futexValueMismatch(word.value));
    }
    const { woken, moved } = this.#locked(() => {
      const woken: Waiter[] = [];
      const moved: Waiter[] = [];
      for (let w = this.#bucketOf(discriminator, address).head; w !== undefined; w = w.next) {
        if (w.discriminator !== discriminator || w.address !== address) continue;
        if (woken.length < wakeCount) woken.push(w);
        else if (moved.length < requeueCount) moved.push(w);
        else break;
      }
      for (const w of woken) {
        this.#unlink(w);
        w.woken = true;
      }
      const targetBucket = this.#bucketOf(target.discriminator, target.address);
      for (const w of moved) {
        this.#unlink(w);
        w.discriminator = target.discriminator;
        w.address = target.address;
        this.#append(w, targetBucket);
      }
      return { woken, moved };
    });
    for (const w of woken) w.notify?.();
    return ok(woken.length + moved.length);
  }

  #locked<R>(f: () => R): R {
    this.#mutex.lock();
    try {
      return f();
    } finally {
      this.#mutex.unlock();
    }
  }

  #bucketOf(discriminator: number, address: number): Bucket {
    // Mix both halves of the discriminator with the address so that spaces using the same addresses
    // spread over different buckets; the match on the full key is what guarantees non-aliasing.
    const low = discriminator >>> 0;
    const high = Math.floor(discriminator / TWO_POW_32) >>> 0;
    let h = Math.imul(address ^ 0x9e37_79b9, 0x85eb_ca6b);
    h = Math.imul(h ^ low ^ (h >>> 15), 0xc2b2_ae35);
    h = Math.imul(h ^ high ^ (h >>> 13), 0x27d4_eb2f);
    h ^= h >>> 16;
    return this.#buckets[h & this.#mask]!;
  }

  #append(waiter: Waiter, bucket: Bucket): void {
    waiter.bucket = bucket;
    waiter.prev = bucket.tail;
    waiter.next = undefined;
    if (bucket.tail === undefined) bucket.head = waiter;
    else bucket.tail.next = waiter;
    bucket.tail = waiter;
    this.#waiterCount++;
  }

  /** Removes `waiter` from its bucket; a no-op if it is not queued (woken, or already removed). */
  #unlink(waiter: Waiter): void {
    const bucket = waiter.bucket;
    if (bucket === undefined) return;
    if (waiter.prev === undefined) bucket.head = waiter.next;
    else waiter.prev.next = waiter.next;
    if (waiter.next === undefined) bucket.tail = waiter.prev;
    else waiter.next.prev = waiter.prev;
    waiter.bucket = undefined;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.#waiterCount--;
  }
}
