// Futex throughput: an uncontended wake (nobody waits) and a full wait/wake round trip (a waiter
// blocks, a waker wakes it, the waiter's Promise settles). Run with `pnpm bench`; never asserted.
import { bench, describe } from "vitest";
import { FutexManager, RealClock, ok } from "../src/index";

const DISCRIMINATOR = 1;
const ADDRESS = 0x1000;
const ZERO = ok(0);
const readZero = (): typeof ZERO => ZERO;

describe("futex", () => {
  const futex = new FutexManager({ time: new RealClock() });

  bench("uncontended wake", () => {
    futex.wake(DISCRIMINATOR, ADDRESS, 1);
  });

  bench("wait/wake round trip", async () => {
    const waiting = futex.wait(DISCRIMINATOR, ADDRESS, 0, { readWord: readZero });
    if (!(waiting instanceof Promise)) throw new Error("the waiter did not block");
    if (futex.wake(DISCRIMINATOR, ADDRESS, 1).ok !== true) throw new Error("wake failed");
    const outcome = await waiting;
    if (!outcome.ok) throw new Error("the waiter was not woken");
  });
});
