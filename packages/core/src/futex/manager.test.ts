import { describe, expect, it } from "vitest";
import { InterruptLatch, WAIT_INTERRUPTED, WAIT_TIMED_OUT } from "../event/wait";
import { memoryFault } from "../platform/memory";
import { ReentrancyDetectingMutex, type RawMutex } from "../platform/mutex";
import { VirtualClock } from "../platform/time";
import { InvariantViolation } from "../util/invariant";
import { err, ok } from "../util/result";
import { FUTEX_BITSET_MATCH_ANY, FutexManager, type FutexWordReader } from "./manager";
import { flush, pending, setup, sync } from "./test-kit";

const D = 7; // a discriminator
const A = 0x1000; // an aligned address

describe("FutexManager.wait: argument checks", () => {
  it("refuses a zero bitset before reading memory", () => {
    const { futex, store } = setup();
    store.set(D, A, 0);
    expect(sync(futex.wait(D, A, 0, { readWord: store.read, bitset: 0 }))).toEqual(err({ _tag: "InvalidArgument", reason: "zeroBitset" }));
    expect(store.reads).toBe(0);
    expect(futex.waiterCount).toBe(0);
  });

  it.each([1, 2, 3, 0x1001, 0xffff_ffff])("refuses the misaligned address %d before reading memory", (address) => {
    const { futex, store } = setup();
    store.set(D, address, 0);
    expect(sync(futex.wait(D, address, 0, { readWord: store.read }))).toEqual(err({ _tag: "InvalidArgument", reason: "misaligned" }));
    expect(store.reads).toBe(0);
    expect(futex.waiterCount).toBe(0);
  });

  it("checks the bitset before the alignment (both are EINVAL, but the reason is stable)", () => {
    const { futex, store } = setup();
    expect(sync(futex.wait(D, 2, 0, { readWord: store.read, bitset: 0 }))).toEqual(err({ _tag: "InvalidArgument", reason: "zeroBitset" }));
  });

  it.each([
    ["a negative discriminator", -1, A, 0, undefined],
    ["a fractional discriminator", 1.5, A, 0, undefined],
    ["an unsafe discriminator", 2 ** 53, A, 0, undefined],
    ["a negative address", D, -4, 0, undefined],
    ["an address beyond u32", D, 2 ** 32, 0, undefined],
    ["a fractional address", D, 4.5, 0, undefined],
    ["a fractional expected value", D, A, 0.5, undefined],
    ["an expected value beyond u32", D, A, 2 ** 32, undefined],
    ["an expected value below i32", D, A, -(2 ** 31) - 1, undefined],
    ["a bitset beyond u32", D, A, 0, 2 ** 32],
    ["a NaN bitset", D, A, 0, Number.NaN],
  ])("throws InvariantViolation(InvalidArgument) for %s (a shim bug, not guest input)", (_name, d, a, expected, bitset) => {
    const { futex, store } = setup();
    const call = (): unknown => futex.wait(d, a, expected, bitset === undefined ? { readWord: store.read } : { readWord: store.read, bitset });
    expect(call).toThrow(InvariantViolation);
    try {
      call();
    } catch (error) {
      expect((error as InvariantViolation).code).toBe("InvalidArgument");
    }
    expect(futex.waiterCount).toBe(0);
  });
});

describe("FutexManager.wait: reading and comparing the word", () => {
  it("returns ValueMismatch with the actual value, synchronously, and leaves nothing queued", () => {
    const { futex, store } = setup();
    store.set(D, A, 5);
    expect(sync(futex.wait(D, A, 4, { readWord: store.read }))).toEqual(err({ _tag: "ValueMismatch", actual: 5 }));
    expect(futex.waiterCount).toBe(0);
    expect(futex.wake(D, A, 1)).toEqual(ok(0));
  });

  it("returns the reader's MemoryFault, synchronously, and leaves nothing queued", () => {
    const { futex, store } = setup();
    expect(sync(futex.wait(D, A, 0, { readWord: store.read }))).toEqual(err(memoryFault(A, "read", "unmapped")));
    expect(futex.waiterCount).toBe(0);
  });

  it("passes the key to the reader", () => {
    const { futex } = setup();
    const seen: Array<[number, number]> = [];
    const readWord: FutexWordReader = (d, a) => {
      seen.push([d, a]);
      return ok(1);
    };
    sync(futex.wait(D, A, 2, { readWord }));
    expect(seen).toEqual([[D, A]]);
  });

  it("compares as unsigned 32-bit: expected -1 matches 0xffffffff and blocks", async () => {
    const { futex, store } = setup();
    store.set(D, A, 0xffff_ffff);
    const w = pending(futex.wait(D, A, -1, { readWord: store.read }));
    expect(futex.wake(D, A, 1)).toEqual(ok(1));
    await w.promise;
    expect(w.settled()).toEqual(ok(undefined));
  });

  it("reports a mismatch with the reader's value normalised to unsigned", () => {
    const { futex } = setup();
    expect(sync(futex.wait(D, A, 0, { readWord: () => ok(-2) }))).toEqual(err({ _tag: "ValueMismatch", actual: 0xffff_fffe }));
  });

  it("removes the waiter and rethrows when the reader throws", () => {
    const { futex } = setup();
    const boom = new Error("platform bug");
    expect(() =>
      futex.wait(D, A, 0, {
        readWord: () => {
          throw boom;
        },
      }),
    ).toThrow(boom);
    expect(futex.waiterCount).toBe(0);
  });
});

describe("FutexManager.wait: no lost wake-up", () => {
  it("queues the waiter before it reads the word", () => {
    const { futex } = setup();
    let queuedDuringRead = -1;
    const w = futex.wait(D, A, 0, {
      readWord: (d, a) => {
        queuedDuringRead = futex.waitersAt(d, a);
        return ok(0);
      },
    });
    expect(queuedDuringRead).toBe(1);
    expect(w).toBeInstanceOf(Promise);
    futex.wake(D, A, 1);
  });

  it("a waker that changes the word and wakes between the read and the sleep wakes the waiter", () => {
    // The reader plays the racing thread: it sees the old value, then the waker stores and wakes.
    const { futex } = setup();
    let wakeCount: unknown;
    let word = 0;
    const result = futex.wait(D, A, 0, {
      readWord: () => {
        const seen = word;
        word = 1;
        wakeCount = futex.wake(D, A, 1);
        return ok(seen);
      },
    });
    expect(wakeCount).toEqual(ok(1));
    expect(sync(result)).toEqual(ok(undefined));
    expect(futex.waiterCount).toBe(0);
  });

  it.each([
    ["a changed value", ok(9)],
    ["a fault", err(memoryFault(A, "read", "protection"))],
  ] as const)("a wake counted during the read is honoured even if the read then reports %s", (_name, readResult) => {
    const { futex } = setup();
    let wakeCount: unknown;
    const result = futex.wait(D, A, 0, {
      readWord: () => {
        wakeCount = futex.wake(D, A, 1);
        return readResult;
      },
    });
    expect(wakeCount).toEqual(ok(1));
    expect(sync(result)).toEqual(ok(undefined));
    expect(futex.waiterCount).toBe(0);
  });
});

describe("FutexManager.wait: deadlines and interruption", () => {
  it("times out at the deadline, leaves nothing queued and cancels nothing twice", async () => {
    const { futex, store, clock } = setup();
    store.set(D, A, 0);
    const w = pending(futex.wait(D, A, 0, { readWord: store.read, deadline: 100 }));
    clock.advance(99);
    await flush();
    expect(w.settled()).toBeUndefined();
    clock.advance(1);
    await w.promise;
    expect(w.settled()).toEqual(err(WAIT_TIMED_OUT));
    expect(futex.waiterCount).toBe(0);
    expect(futex.wake(D, A, 1)).toEqual(ok(0));
  });

  it("a wake before the deadline wins and cancels the timer", async () => {
    const { futex, store, clock } = setup();
    store.set(D, A, 0);
    const w = pending(futex.wait(D, A, 0, { readWord: store.read, deadline: 100 }));
    expect(clock.pendingTimers).toBe(1);
    expect(futex.wake(D, A, 1)).toEqual(ok(1));
    expect(clock.pendingTimers).toBe(0);
    clock.advance(200);
    await w.promise;
    expect(w.settled()).toEqual(ok(undefined));
  });

  it("a deadline already passed answers WaitTimedOut synchronously after the comparison", () => {
    const { futex, store, clock } = setup();
    clock.advance(50);
    store.set(D, A, 0);
    expect(sync(futex.wait(D, A, 0, { readWord: store.read, deadline: 50 }))).toEqual(err(WAIT_TIMED_OUT));
    expect(futex.waiterCount).toBe(0);
    // The comparison comes first: a mismatch is EAGAIN even with a past deadline.
    expect(sync(futex.wait(D, A, 1, { readWord: store.read, deadline: 0 }))).toEqual(err({ _tag: "ValueMismatch", actual: 0 }));
  });

  it("an interruption ends the wait with WaitInterrupted and dequeues the waiter", async () => {
    const { futex, store } = setup();
    store.set(D, A, 0);
    const latch = new InterruptLatch();
    const w = pending(futex.wait(D, A, 0, { readWord: store.read, interrupt: latch }));
    expect(futex.waiterCount).toBe(1);
    latch.interrupt();
    await w.promise;
    expect(w.settled()).toEqual(err(WAIT_INTERRUPTED));
    expect(futex.waiterCount).toBe(0);
    expect(futex.wake(D, A, 1)).toEqual(ok(0));
  });

  it("a pending interruption answers WaitInterrupted synchronously, without leaving a waiter", () => {
    const { futex, store } = setup();
    store.set(D, A, 0);
    const latch = new InterruptLatch();
    latch.interrupt();
    expect(sync(futex.wait(D, A, 0, { readWord: store.read, interrupt: latch }))).toEqual(err(WAIT_INTERRUPTED));
    expect(futex.waiterCount).toBe(0);
  });

  it("an interruption after the wake changes nothing", async () => {
    const { futex, store } = setup();
    store.set(D, A, 0);
    const latch = new InterruptLatch();
    const w = pending(futex.wait(D, A, 0, { readWord: store.read, interrupt: latch }));
    futex.wake(D, A, 1);
    latch.interrupt();
    await w.promise;
    expect(w.settled()).toEqual(ok(undefined));
  });
});

describe("FutexManager.wake", () => {
  it("wakes in FIFO order, at most `count`, and returns how many it woke", async () => {
    const { futex, store } = setup();
    store.set(D, A, 0);
    const order: number[] = [];
    const waits = [0, 1, 2, 3].map((i) => pending(futex.wait(D, A, 0, { readWord: store.read })).promise.then(() => order.push(i)));
    expect(futex.waiterCount).toBe(4);
    expect(futex.wake(D, A, 1)).toEqual(ok(1));
    await flush();
    expect(order).toEqual([0]);
    expect(futex.wake(D, A, 2)).toEqual(ok(2));
    await flush();
    expect(order).toEqual([0, 1, 2]);
    expect(futex.wake(D, A, 10)).toEqual(ok(1));
    await Promise.all(waits);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(futex.waiterCount).toBe(0);
  });

  it.each([0, -1, -(2 ** 31)])("count %d wakes none", async (count) => {
    const { futex, store } = setup();
    store.set(D, A, 0);
    const w = pending(futex.wait(D, A, 0, { readWord: store.read }));
    expect(futex.wake(D, A, count)).toEqual(ok(0));
    await flush();
    expect(w.settled()).toBeUndefined();
    expect(futex.waiterCount).toBe(1);
    futex.wake(D, A, 1);
    await w.promise;
  });

  it("returns 0 on a key nobody waits on", () => {
    const { futex } = setup();
    expect(futex.wake(D, A, 5)).toEqual(ok(0));
  });

  it("refuses a zero bitset and a misaligned address with typed errors", () => {
    const { futex } = setup();
    expect(futex.wake(D, A, 1, 0)).toEqual(err({ _tag: "InvalidArgument", reason: "zeroBitset" }));
    expect(futex.wake(D, A + 2, 1)).toEqual(err({ _tag: "InvalidArgument", reason: "misaligned" }));
    // Validation precedes the count check, as in Linux.
    expect(futex.wake(D, A + 1, 0)).toEqual(err({ _tag: "InvalidArgument", reason: "misaligned" }));
  });

  it.each([
    ["a fractional count", D, A, 1.5, FUTEX_BITSET_MATCH_ANY],
    ["a NaN count", D, A, Number.NaN, FUTEX_BITSET_MATCH_ANY],
    ["an out-of-range bitset", D, A, 1, 2 ** 33],
    ["a bad discriminator", -3, A, 1, FUTEX_BITSET_MATCH_ANY],
    ["a bad address", D, 2 ** 40, 1, FUTEX_BITSET_MATCH_ANY],
  ])("throws InvariantViolation for %s", (_name, d, a, count, bitset) => {
    const { futex } = setup();
    expect(() => futex.wake(d, a, count, bitset)).toThrow(InvariantViolation);
  });

  it("wakes only waiters whose bitset intersects, skipping others but keeping FIFO among matches", async () => {
    const { futex, store } = setup();
    store.set(D, A, 0);
    const a = pending(futex.wait(D, A, 0, { readWord: store.read, bitset: 0b01 }));
    const b = pending(futex.wait(D, A, 0, { readWord: store.read, bitset: 0b10 }));
    const c = pending(futex.wait(D, A, 0, { readWord: store.read, bitset: 0b11 }));
    expect(futex.wake(D, A, 1, 0b100)).toEqual(ok(0));
    expect(futex.wake(D, A, 1, 0b10)).toEqual(ok(1));
    await flush();
    expect([a.settled(), b.settled(), c.settled()]).toEqual([undefined, ok(undefined), undefined]);
    expect(futex.wake(D, A, 5, 0b10)).toEqual(ok(1));
    await flush();
    expect(c.settled()).toEqual(ok(undefined));
    expect(a.settled()).toBeUndefined();
    expect(futex.wake(D, A, 5)).toEqual(ok(1));
    await a.promise;
  });

  it("treats a negative (signed) bitset as its unsigned bits", async () => {
    const { futex, store } = setup();
    store.set(D, A, 0);
    const w = pending(futex.wait(D, A, 0, { readWord: store.read, bitset: -0x8000_0000 }));
    expect(futex.wake(D, A, 1, 0x7fff_ffff)).toEqual(ok(0));
    expect(futex.wake(D, A, 1, 0x8000_0000)).toEqual(ok(1));
    await w.promise;
  });

  it("a waiter that timed out is not counted by a later wake, and the next waiter is woken instead", async () => {
    const { futex, store, clock } = setup();
    store.set(D, A, 0);
    const first = pending(futex.wait(D, A, 0, { readWord: store.read, deadline: 10 }));
    const second = pending(futex.wait(D, A, 0, { readWord: store.read }));
    clock.advance(10);
    await first.promise;
    expect(futex.wake(D, A, 1)).toEqual(ok(1));
    await second.promise;
    expect(second.settled()).toEqual(ok(undefined));
  });
});

describe("FutexManager: keys never alias", () => {
  for (const bucketCount of [1, 256]) {
    // With one bucket every key shares it, so only the full-key match separates them.
    describe(`with ${bucketCount} bucket(s)`, () => {
      it("equal addresses in different address spaces are different futexes", async () => {
        const { futex, store } = setup({ bucketCount });
        store.set(1, A, 0);
        store.set(2, A, 0);
        const w1 = pending(futex.wait(1, A, 0, { readWord: store.read }));
        const w2 = pending(futex.wait(2, A, 0, { readWord: store.read }));
        expect(futex.waitersAt(1, A)).toBe(1);
        expect(futex.waitersAt(2, A)).toBe(1);
        expect(futex.wake(2, A, 10)).toEqual(ok(1));
        await flush();
        expect(w1.settled()).toBeUndefined();
        expect(w2.settled()).toEqual(ok(undefined));
        expect(futex.wake(3, A, 10)).toEqual(ok(0));
        expect(futex.wake(1, A, 10)).toEqual(ok(1));
        await w1.promise;
      });

      it("discriminators differing only above bit 32 are different futexes", async () => {
        const { futex, store } = setup({ bucketCount });
        const high = 2 ** 32 + 5;
        store.set(5, A, 0);
        store.set(high, A, 0);
        const low = pending(futex.wait(5, A, 0, { readWord: store.read }));
        const hi = pending(futex.wait(high, A, 0, { readWord: store.read }));
        expect(futex.wake(high, A, 10)).toEqual(ok(1));
        await flush();
        expect(low.settled()).toBeUndefined();
        expect(hi.settled()).toEqual(ok(undefined));
        futex.wake(5, A, 1);
        await low.promise;
      });

      it("different addresses in one space are different futexes", async () => {
        const { futex, store } = setup({ bucketCount });
        store.set(D, A, 0);
        store.set(D, A + 4, 0);
        const w = pending(futex.wait(D, A, 0, { readWord: store.read }));
        expect(futex.wake(D, A + 4, 10)).toEqual(ok(0));
        expect(futex.wake(D, A, 10)).toEqual(ok(1));
        await w.promise;
      });
    });
  }
});

describe("FutexManager: construction and locking", () => {
  it.each([0, 3, 1.5, -2, 2 ** 31])("refuses bucketCount %d", (bucketCount) => {
    expect(() => new FutexManager({ time: new VirtualClock(), bucketCount })).toThrow(InvariantViolation);
  });

  it("takes its mutex from the platform's factory and releases it after every operation", async () => {
    const names: string[] = [];
    let mutex: RawMutex | undefined;
    let locks = 0;
    const createMutex = (name: string): RawMutex => {
      names.push(name);
      const inner = new ReentrancyDetectingMutex(name);
      mutex = {
        lock: () => {
          locks++;
          inner.lock();
        },
        unlock: () => inner.unlock(),
        get isLocked() {
          return inner.isLocked;
        },
      };
      return mutex;
    };
    const { futex, store } = setup({ createMutex });
    expect(names).toEqual(["FutexManager"]);
    store.set(D, A, 0);
    const w = pending(futex.wait(D, A, 0, { readWord: store.read }));
    futex.wake(D, A, 1);
    await w.promise;
    expect(locks).toBeGreaterThanOrEqual(2);
    expect(mutex?.isLocked).toBe(false);
  });

  it("does not hold its lock while reading the word, so a reader may call back into the manager", () => {
    const { futex } = setup();
    expect(() =>
      futex.wait(D, A, 0, {
        readWord: () => {
          futex.waitersAt(D, A);
          futex.wake(D, A + 4, 1);
          return ok(1);
        },
      }),
    ).not.toThrow();
  });

  it("waitersAt checks its key", () => {
    const { futex } = setup();
    expect(() => futex.waitersAt(-1, A)).toThrow(InvariantViolation);
    expect(futex.waitersAt(D, A)).toBe(0);
  });
});
