import { describe, expect, it } from "vitest";
import { InterruptLatch, WAIT_INTERRUPTED, WAIT_TIMED_OUT } from "../event/wait";
import { memoryFault } from "../platform/memory";
import { InvariantViolation } from "../util/invariant";
import { err, ok } from "../util/result";
import { flush, pending, setup } from "./test-kit";

const D = 3;
const SRC = 0x2000;
const DST = 0x3000;

function waiters(n: number, s = setup(), bitset?: number): ReturnType<typeof setup> & { ws: Array<ReturnType<typeof pending>> } {
  s.store.set(D, SRC, 0);
  const ws = Array.from({ length: n }, () =>
    pending(s.futex.wait(D, SRC, 0, bitset === undefined ? { readWord: s.store.read } : { readWord: s.store.read, bitset })),
  );
  return { ...s, ws };
}

describe("FutexManager.requeue", () => {
  it("wakes the first wakeCount waiters, moves the next requeueCount in order, and returns their sum", async () => {
    const { futex, ws } = waiters(5);
    expect(futex.requeue(D, SRC, 1, 2, { discriminator: D, address: DST })).toEqual(ok(3));
    await flush();
    expect(ws.map((w) => w.settled())).toEqual([ok(undefined), undefined, undefined, undefined, undefined]);
    expect(futex.waitersAt(D, SRC)).toBe(2);
    expect(futex.waitersAt(D, DST)).toBe(2);
    // The moved waiters now answer to the target key only, in their old order.
    expect(futex.wake(D, SRC, 10)).toEqual(ok(2));
    await flush();
    expect(ws.map((w) => w.settled() !== undefined)).toEqual([true, false, false, true, true]);
    expect(futex.wake(D, DST, 1)).toEqual(ok(1));
    await flush();
    expect(ws.map((w) => w.settled() !== undefined)).toEqual([true, true, false, true, true]);
    expect(futex.wake(D, DST, 1)).toEqual(ok(1));
    await Promise.all(ws.map((w) => w.promise));
    expect(futex.waiterCount).toBe(0);
  });

  it("moves waiters across address spaces when the target discriminator differs", async () => {
    const { futex, ws } = waiters(1);
    expect(futex.requeue(D, SRC, 0, 1, { discriminator: D + 1, address: SRC })).toEqual(ok(1));
    expect(futex.wake(D, SRC, 1)).toEqual(ok(0));
    expect(futex.wake(D + 1, SRC, 1)).toEqual(ok(1));
    await ws[0]!.promise;
  });

  it("zero counts move and wake nothing", async () => {
    const { futex, ws } = waiters(2);
    expect(futex.requeue(D, SRC, 0, 0, { discriminator: D, address: DST })).toEqual(ok(0));
    expect(futex.waitersAt(D, SRC)).toBe(2);
    futex.wake(D, SRC, 2);
    await Promise.all(ws.map((w) => w.promise));
  });

  it("requeueing onto the same key moves the chosen waiters behind the others", async () => {
    const { futex, ws } = waiters(3);
    expect(futex.requeue(D, SRC, 0, 1, { discriminator: D, address: SRC })).toEqual(ok(1));
    const order: number[] = [];
    ws.forEach((w, i) => void w.promise.then(() => order.push(i)));
    futex.wake(D, SRC, 3);
    await flush();
    expect(order).toEqual([1, 2, 0]);
  });

  it("ignores bitsets when choosing, and a moved waiter keeps its bitset", async () => {
    const { futex, ws } = waiters(1, setup(), 0b10);
    expect(futex.requeue(D, SRC, 0, 1, { discriminator: D, address: DST })).toEqual(ok(1));
    expect(futex.wake(D, DST, 1, 0b01)).toEqual(ok(0));
    expect(futex.wake(D, DST, 1, 0b10)).toEqual(ok(1));
    await ws[0]!.promise;
  });

  it("a moved waiter keeps its deadline and is removed from the target queue when it expires", async () => {
    const s = setup();
    s.store.set(D, SRC, 0);
    const w = pending(s.futex.wait(D, SRC, 0, { readWord: s.store.read, deadline: 10 }));
    s.futex.requeue(D, SRC, 0, 1, { discriminator: D, address: DST });
    s.clock.advance(10);
    await w.promise;
    expect(w.settled()).toEqual(err(WAIT_TIMED_OUT));
    expect(s.futex.waiterCount).toBe(0);
    expect(s.futex.wake(D, DST, 1)).toEqual(ok(0));
  });

  it("a moved waiter keeps its interrupt hook", async () => {
    const s = setup();
    s.store.set(D, SRC, 0);
    const latch = new InterruptLatch();
    const w = pending(s.futex.wait(D, SRC, 0, { readWord: s.store.read, interrupt: latch }));
    s.futex.requeue(D, SRC, 0, 1, { discriminator: D, address: DST });
    latch.interrupt();
    await w.promise;
    expect(w.settled()).toEqual(err(WAIT_INTERRUPTED));
    expect(s.futex.waitersAt(D, DST)).toBe(0);
  });

  describe("with a comparison (FUTEX_CMP_REQUEUE)", () => {
    it("proceeds when the source word holds the expected value", async () => {
      const { futex, store, ws } = waiters(2);
      expect(futex.requeue(D, SRC, 1, 1, { discriminator: D, address: DST }, { expected: 0, readWord: store.read })).toEqual(ok(2));
      futex.wake(D, DST, 1);
      await Promise.all(ws.map((w) => w.promise));
    });

    it("returns ValueMismatch and changes nothing when it does not", async () => {
      const { futex, store, ws } = waiters(2);
      store.set(D, SRC, 4);
      expect(futex.requeue(D, SRC, 1, 1, { discriminator: D, address: DST }, { expected: 0, readWord: store.read })).toEqual(
        err({ _tag: "ValueMismatch", actual: 4 }),
      );
      expect(futex.waitersAt(D, SRC)).toBe(2);
      futex.wake(D, SRC, 2);
      await Promise.all(ws.map((w) => w.promise));
    });

    it("returns the reader's fault and changes nothing", async () => {
      const { futex, ws } = waiters(1);
      const fault = memoryFault(SRC, "read", "unmapped");
      expect(futex.requeue(D, SRC, 1, 1, { discriminator: D, address: DST }, { expected: 0, readWord: () => err(fault) })).toEqual(err(fault));
      expect(futex.waitersAt(D, SRC)).toBe(1);
      futex.wake(D, SRC, 1);
      await ws[0]!.promise;
    });

    it("reads the source key", () => {
      const { futex } = setup();
      const seen: Array<[number, number]> = [];
      futex.requeue(D, SRC, 1, 1, { discriminator: 9, address: DST }, {
        expected: 0,
        readWord: (d, a) => {
          seen.push([d, a]);
          return ok(0);
        },
      });
      expect(seen).toEqual([[D, SRC]]);
    });
  });

  it.each([
    [-1, 0],
    [0, -1],
  ])("refuses negative counts (%d, %d) with InvalidArgument before reading", (wakeCount, requeueCount) => {
    const { futex, store } = setup();
    expect(futex.requeue(D, SRC, wakeCount, requeueCount, { discriminator: D, address: DST }, { expected: 0, readWord: store.read })).toEqual(
      err({ _tag: "InvalidArgument", reason: "negativeCount" }),
    );
    expect(store.reads).toBe(0);
  });

  it.each([
    [SRC + 1, DST],
    [SRC, DST + 2],
  ])("refuses a misaligned source or target (%d → %d)", (source, target) => {
    const { futex } = setup();
    expect(futex.requeue(D, source, 1, 1, { discriminator: D, address: target })).toEqual(err({ _tag: "InvalidArgument", reason: "misaligned" }));
  });

  it.each([
    ["a bad target discriminator", D, -1, 1, 1, 0],
    ["a bad source address", D, D, 1, 1, 0, 2 ** 32],
    ["a fractional wake count", D, D, 0.5, 1, 0],
    ["a fractional requeue count", D, D, 1, Number.POSITIVE_INFINITY, 0],
    ["a bad expected value", D, D, 1, 1, 2 ** 32],
  ])("throws InvariantViolation for %s", (_name, d, targetD, wakeCount, requeueCount, expected, source = SRC) => {
    const { futex, store } = setup();
    expect(() =>
      futex.requeue(d, source, wakeCount, requeueCount, { discriminator: targetD, address: DST }, { expected, readWord: store.read }),
    ).toThrow(InvariantViolation);
  });
});
