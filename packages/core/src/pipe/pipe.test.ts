import { describe, expect, it } from "vitest";
import { PipeError } from "./errors";
import { DEFAULT_PIPE_CAPACITY, PIPE_BUF } from "./pipe";
import { Pipes } from "./pipes";
import { blocked, flush, heldPipe, now, pattern } from "./test-helpers";
import { Events } from "../event/events";
import { InterruptLatch, WaitContext, WOULD_BLOCK } from "../event/wait";
import { VirtualClock } from "../platform/time";
import { InvariantViolation } from "../util/invariant";
import { err, ok } from "../util/result";

describe("constants", () => {
  it("PIPE_BUF is 4096 and the default capacity 64 KiB", () => {
    expect(PIPE_BUF).toBe(4096);
    expect(DEFAULT_PIPE_CAPACITY).toBe(65536);
    const { readEnd, writeEnd } = heldPipe();
    expect(readEnd.capacity).toBe(65536);
    expect(writeEnd.capacity).toBe(65536);
  });
});

describe("zero-length operations", () => {
  it("a read of 0 bytes returns 0 at once, whatever the state", () => {
    const { readEnd, writeEnd } = heldPipe();
    expect(now(readEnd.read(new Uint8Array(0)))).toEqual(ok(0));
    now(writeEnd.write(pattern(5)));
    expect(now(readEnd.read(new Uint8Array(0)))).toEqual(ok(0));
    expect(readEnd.available).toBe(5);
  });

  it("a write of 0 bytes returns 0 at once, even with no reader", () => {
    const { readEnd, writeEnd } = heldPipe();
    readEnd.onClose();
    expect(now(writeEnd.write(new Uint8Array(0)))).toEqual(ok(0));
    expect(now(writeEnd.write(new Uint8Array(0), { nonBlocking: true }))).toEqual(ok(0));
  });
});

describe("data flow", () => {
  it("returns what is queued, up to the request, in order; available follows", () => {
    const { readEnd, writeEnd } = heldPipe();
    expect(now(writeEnd.write(pattern(10)))).toEqual(ok(10));
    expect(now(writeEnd.write(pattern(5, 10)))).toEqual(ok(5));
    expect(readEnd.available).toBe(15);
    expect(writeEnd.available).toBe(15);
    const a = new Uint8Array(4);
    expect(now(readEnd.read(a))).toEqual(ok(4));
    expect([...a]).toEqual([0, 1, 2, 3]);
    const b = new Uint8Array(100);
    expect(now(readEnd.read(b))).toEqual(ok(11));
    expect([...b.subarray(0, 11)]).toEqual([...pattern(11, 4)]);
    expect(readEnd.available).toBe(0);
  });

  it("keeps bytes exact across the ring's wrap-around and growth", () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    const sent: number[] = [];
    const got: number[] = [];
    let seed = 0;
    for (let round = 0; round < 50; round++) {
      const n = 1 + ((round * 977) % 3000);
      const chunk = pattern(n, seed);
      seed += n;
      expect(now(writeEnd.write(chunk, { nonBlocking: true }))).toEqual(ok(n));
      sent.push(...chunk);
      const dest = new Uint8Array(n);
      expect(now(readEnd.read(dest))).toEqual(ok(n));
      got.push(...dest);
    }
    expect(got).toEqual(sent);
  });

  it("a pipe never opened anywhere reports no reader and no writer", () => {
    const pipes = new Pipes({ time: new VirtualClock() });
    const { readEnd, writeEnd } = pipes.createPipe();
    expect(readEnd.readerCount).toBe(0);
    expect(writeEnd.writerCount).toBe(0);
    expect(now(writeEnd.write(pattern(1)))).toEqual(err(PipeError.BrokenPipe));
    expect(now(readEnd.read(new Uint8Array(1)))).toEqual(ok(0));
    expect(pipes.livePipeCount).toBe(0);
  });
});

describe("end of file", () => {
  it("only once every writer closed and the buffer is drained", () => {
    const { readEnd, writeEnd } = heldPipe();
    writeEnd.onDup();
    now(writeEnd.write(pattern(3)));
    writeEnd.onClose();
    expect(readEnd.writerCount).toBe(1);
    expect(now(readEnd.read(new Uint8Array(1)))).toEqual(ok(1));
    writeEnd.onClose();
    expect(readEnd.writerCount).toBe(0);
    // Data written before the last close is still delivered.
    expect(now(readEnd.read(new Uint8Array(10)))).toEqual(ok(2));
    expect(now(readEnd.read(new Uint8Array(10)))).toEqual(ok(0));
    expect(now(readEnd.read(new Uint8Array(10), { nonBlocking: true }))).toEqual(ok(0));
  });

  it("wakes a blocked reader with 0 when the last writer closes", async () => {
    const { readEnd, writeEnd } = heldPipe();
    writeEnd.onDup();
    const pending = blocked(readEnd.read(new Uint8Array(8)));
    writeEnd.onClose();
    await flush();
    let settled = false;
    void pending.then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    writeEnd.onClose();
    expect(await pending).toEqual(ok(0));
  });

  it("a writer reappearing (a new reference) ends end of file", () => {
    const { readEnd, writeEnd } = heldPipe();
    writeEnd.onClose();
    expect(now(readEnd.read(new Uint8Array(1)))).toEqual(ok(0));
    writeEnd.onDup();
    expect(now(readEnd.read(new Uint8Array(1), { nonBlocking: true }))).toEqual(err(PipeError.WouldBlock));
  });
});

describe("reads that must wait", () => {
  it("non-blocking: WouldBlock on an empty pipe with writers", () => {
    const { readEnd } = heldPipe();
    expect(now(readEnd.read(new Uint8Array(4), { nonBlocking: true }))).toEqual(err(PipeError.WouldBlock));
  });

  it("blocking: a Promise that resolves with the next write's bytes", async () => {
    const { readEnd, writeEnd } = heldPipe();
    const dest = new Uint8Array(10);
    const pending = blocked(readEnd.read(dest));
    expect(now(writeEnd.write(pattern(4, 7)))).toEqual(ok(4));
    expect(await pending).toEqual(ok(4));
    expect([...dest.subarray(0, 4)]).toEqual([7, 8, 9, 10]);
    expect(readEnd.available).toBe(0);
  });

  it("TimedOut when the deadline passes first; the bytes then stay for the next reader", async () => {
    const { readEnd, writeEnd, clock } = heldPipe();
    const pending = blocked(readEnd.read(new Uint8Array(4), { deadline: 1000 }));
    clock.advance(999);
    await flush();
    clock.advance(1);
    expect(await pending).toEqual(err(PipeError.TimedOut));
    now(writeEnd.write(pattern(2)));
    expect(readEnd.available).toBe(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it("TimedOut at once when the deadline has already passed, but data still wins", () => {
    const { readEnd, writeEnd, clock } = heldPipe();
    clock.advance(50);
    expect(now(readEnd.read(new Uint8Array(4), { deadline: 10 }))).toEqual(err(PipeError.TimedOut));
    now(writeEnd.write(pattern(1)));
    expect(now(readEnd.read(new Uint8Array(4), { deadline: 10 }))).toEqual(ok(1));
  });

  it("Interrupted when the interrupt fires, at once if already pending", async () => {
    const { readEnd } = heldPipe();
    const latch = new InterruptLatch();
    const pending = blocked(readEnd.read(new Uint8Array(4), { interrupt: latch }));
    latch.interrupt();
    expect(await pending).toEqual(err(PipeError.Interrupted));
    expect(now(readEnd.read(new Uint8Array(4), { interrupt: latch }))).toEqual(err(PipeError.Interrupted));
    latch.clear();
    expect(readEnd.read(new Uint8Array(4), { interrupt: latch })).toBeInstanceOf(Promise);
  });

  it("blocked readers are served first come, first served", async () => {
    const { readEnd, writeEnd } = heldPipe();
    const order: string[] = [];
    const a = blocked(readEnd.read(new Uint8Array(3))).then((r) => (order.push("a"), r));
    const b = blocked(readEnd.read(new Uint8Array(3))).then((r) => (order.push("b"), r));
    const c = blocked(readEnd.read(new Uint8Array(3))).then((r) => (order.push("c"), r));
    now(writeEnd.write(pattern(5)));
    expect(await a).toEqual(ok(3));
    expect(await b).toEqual(ok(2));
    now(writeEnd.write(pattern(1)));
    expect(await c).toEqual(ok(1));
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("a reader that times out at the head lets the next one have the data", async () => {
    const { readEnd, writeEnd, clock } = heldPipe();
    const a = blocked(readEnd.read(new Uint8Array(3), { deadline: 5 }));
    const b = blocked(readEnd.read(new Uint8Array(3)));
    clock.advance(5);
    expect(await a).toEqual(err(PipeError.TimedOut));
    now(writeEnd.write(pattern(2)));
    expect(await b).toEqual(ok(2));
  });
});

describe("writes with no reader", () => {
  it("BrokenPipe, blocking or not, and nothing is queued", () => {
    const { readEnd, writeEnd } = heldPipe();
    readEnd.onClose();
    expect(now(writeEnd.write(pattern(1)))).toEqual(err(PipeError.BrokenPipe));
    expect(now(writeEnd.write(pattern(PIPE_BUF + 1), { nonBlocking: true }))).toEqual(err(PipeError.BrokenPipe));
    expect(writeEnd.available).toBe(0);
  });

  it("a blocked small write fails with BrokenPipe when the last reader closes", async () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    now(writeEnd.write(pattern(PIPE_BUF)));
    const pending = blocked(writeEnd.write(pattern(10)));
    readEnd.onClose();
    expect(await pending).toEqual(err(PipeError.BrokenPipe));
  });

  it("a blocked large write cut short by the last reader closing returns what it wrote", async () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    const pending = blocked(writeEnd.write(pattern(3 * PIPE_BUF)));
    expect(writeEnd.available).toBe(PIPE_BUF);
    const dest = new Uint8Array(1000);
    expect(now(readEnd.read(dest))).toEqual(ok(1000));
    expect(writeEnd.available).toBe(PIPE_BUF);
    readEnd.onClose();
    expect(await pending).toEqual(ok(PIPE_BUF + 1000));
  });

  it("a blocked large write that wrote nothing gets BrokenPipe", async () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    now(writeEnd.write(pattern(PIPE_BUF)));
    const pending = blocked(writeEnd.write(pattern(2 * PIPE_BUF)));
    readEnd.onClose();
    expect(await pending).toEqual(err(PipeError.BrokenPipe));
  });
});

describe("atomicity and splitting", () => {
  it("non-blocking write of ≤ PIPE_BUF that does not fit writes nothing", () => {
    const { readEnd, writeEnd } = heldPipe(2 * PIPE_BUF);
    now(writeEnd.write(pattern(2 * PIPE_BUF - 100)));
    expect(now(writeEnd.write(pattern(101), { nonBlocking: true }))).toEqual(err(PipeError.WouldBlock));
    expect(readEnd.available).toBe(2 * PIPE_BUF - 100);
    expect(now(writeEnd.write(pattern(100), { nonBlocking: true }))).toEqual(ok(100));
    expect(now(writeEnd.write(pattern(PIPE_BUF), { nonBlocking: true }))).toEqual(err(PipeError.WouldBlock));
  });

  it("non-blocking write of > PIPE_BUF writes what fits, or WouldBlock when full", () => {
    const { readEnd, writeEnd } = heldPipe(2 * PIPE_BUF);
    now(writeEnd.write(pattern(PIPE_BUF + 10)));
    expect(now(writeEnd.write(pattern(PIPE_BUF + 1), { nonBlocking: true }))).toEqual(ok(PIPE_BUF - 10));
    expect(readEnd.available).toBe(2 * PIPE_BUF);
    expect(now(writeEnd.write(pattern(PIPE_BUF + 1), { nonBlocking: true }))).toEqual(err(PipeError.WouldBlock));
  });

  it("a blocking ≤ PIPE_BUF write waits for room for all of it, then lands contiguously", async () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    now(writeEnd.write(new Uint8Array(PIPE_BUF - 10).fill(1)));
    const pending = blocked(writeEnd.write(new Uint8Array(100).fill(2)));
    expect(now(readEnd.read(new Uint8Array(50)))).toEqual(ok(50));
    await flush();
    expect(readEnd.available).toBe(PIPE_BUF - 60);
    expect(now(readEnd.read(new Uint8Array(40)))).toEqual(ok(40));
    expect(await pending).toEqual(ok(100));
    const rest = new Uint8Array(PIPE_BUF);
    expect(now(readEnd.read(rest))).toEqual(ok(PIPE_BUF));
    expect(rest.subarray(0, PIPE_BUF - 100).every((b) => b === 1)).toBe(true);
    expect(rest.subarray(PIPE_BUF - 100).every((b) => b === 2)).toBe(true);
  });

  it("a blocking large write goes in pieces and returns its full length", async () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    const data = pattern(10_000, 3);
    const pending = blocked(writeEnd.write(data));
    const got: number[] = [];
    const dest = new Uint8Array(1500);
    while (got.length < data.length) {
      const r = now(readEnd.read(dest));
      if (!r.ok) throw new Error(r.error);
      got.push(...dest.subarray(0, r.value));
    }
    expect(await pending).toEqual(ok(10_000));
    expect(got).toEqual([...data]);
  });

  it("several writers of PIPE_BUF-sized messages never interleave", async () => {
    const { readEnd, writeEnd } = heldPipe(2 * PIPE_BUF);
    const writers = 6;
    const messages = 5;
    const sizeOf = (w: number, m: number) => (m % 2 === 0 ? PIPE_BUF : 1000 + w * 300);
    const results: Array<Promise<unknown>> = [];
    let total = 0;
    // Message m of writer w is filled with byte w*16+m, so the stream shows where each one went.
    for (let m = 0; m < messages; m++) {
      for (let w = 0; w < writers; w++) {
        total += sizeOf(w, m);
        results.push(Promise.resolve(writeEnd.write(new Uint8Array(sizeOf(w, m)).fill(w * 16 + m))));
      }
    }
    expect(readEnd.available).toBe(2 * PIPE_BUF);
    const stream: number[] = [];
    const dest = new Uint8Array(777);
    while (stream.length < total) {
      const r = now(readEnd.read(dest));
      if (!r.ok) throw new Error(r.error);
      stream.push(...dest.subarray(0, r.value));
    }
    for (const r of await Promise.all(results)) expect(r).toMatchObject({ ok: true });
    expect(readEnd.available).toBe(0);
    const runs: Array<[number, number]> = [];
    for (const b of stream) {
      const last = runs.at(-1);
      if (last && last[0] === b) last[1]++;
      else runs.push([b, 1]);
    }
    // Each message is exactly one run of its full size, and every message appears.
    expect(runs).toHaveLength(writers * messages);
    for (const [value, length] of runs) expect(length).toBe(sizeOf(value >> 4, value & 15));
    expect(new Set(runs.map(([v]) => v)).size).toBe(writers * messages);
  });

  it("blocked writers are served first come, first served; a blocking newcomer queues behind them", async () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    now(writeEnd.write(new Uint8Array(PIPE_BUF - 100).fill(0)));
    const order: number[] = [];
    const big = blocked(writeEnd.write(new Uint8Array(PIPE_BUF).fill(1))).then((r) => (order.push(1), r));
    // 50 bytes would fit now, but the blocked writer ahead keeps its turn.
    const small = blocked(writeEnd.write(new Uint8Array(50).fill(2))).then((r) => (order.push(2), r));
    const all = new Uint8Array(3 * PIPE_BUF);
    expect(now(readEnd.read(all))).toEqual(ok(PIPE_BUF - 100));
    expect(await big).toEqual(ok(PIPE_BUF));
    expect(now(readEnd.read(all))).toEqual(ok(PIPE_BUF));
    expect(await small).toEqual(ok(50));
    expect(order).toEqual([1, 2]);
    expect(now(readEnd.read(all))).toEqual(ok(50));
    expect(all.subarray(0, 50).every((b) => b === 2)).toBe(true);
  });

  it("a non-blocking writer never waits, so it does not queue behind blocked ones", async () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    now(writeEnd.write(new Uint8Array(PIPE_BUF - 100).fill(0)));
    const big = blocked(writeEnd.write(new Uint8Array(PIPE_BUF).fill(1)));
    expect(now(writeEnd.write(new Uint8Array(50).fill(2), { nonBlocking: true }))).toEqual(ok(50));
    readEnd.onClose();
    expect(await big).toEqual(err(PipeError.BrokenPipe));
  });

  it("when the head writer times out, the next one proceeds", async () => {
    const { readEnd, writeEnd, clock } = heldPipe(PIPE_BUF);
    now(writeEnd.write(new Uint8Array(PIPE_BUF - 100)));
    const big = blocked(writeEnd.write(new Uint8Array(PIPE_BUF), { deadline: 10 }));
    const small = blocked(writeEnd.write(new Uint8Array(60)));
    clock.advance(10);
    expect(await big).toEqual(err(PipeError.TimedOut));
    expect(await small).toEqual(ok(60));
    expect(readEnd.available).toBe(PIPE_BUF - 40);
  });
});

describe("writes that end early", () => {
  it("a blocked write that wrote some bytes returns their count on the deadline", async () => {
    const { readEnd, writeEnd, clock } = heldPipe(PIPE_BUF);
    const pending = blocked(writeEnd.write(pattern(3 * PIPE_BUF), { deadline: 100 }));
    clock.advance(100);
    expect(await pending).toEqual(ok(PIPE_BUF));
    expect(readEnd.available).toBe(PIPE_BUF);
  });

  it("…and on interruption", async () => {
    const { writeEnd } = heldPipe(PIPE_BUF);
    const latch = new InterruptLatch();
    const pending = blocked(writeEnd.write(pattern(2 * PIPE_BUF), { interrupt: latch }));
    latch.interrupt();
    expect(await pending).toEqual(ok(PIPE_BUF));
  });

  it("a write that wrote nothing fails with TimedOut or Interrupted", async () => {
    const { writeEnd, clock } = heldPipe(PIPE_BUF);
    now(writeEnd.write(pattern(PIPE_BUF)));
    const latch = new InterruptLatch();
    const timed = blocked(writeEnd.write(pattern(10), { deadline: 5 }));
    clock.advance(5);
    expect(await timed).toEqual(err(PipeError.TimedOut));
    const interrupted = blocked(writeEnd.write(pattern(2 * PIPE_BUF), { interrupt: latch }));
    latch.interrupt();
    expect(await interrupted).toEqual(err(PipeError.Interrupted));
    expect(now(writeEnd.write(pattern(1), { interrupt: latch }))).toEqual(err(PipeError.Interrupted));
    expect(now(writeEnd.write(pattern(1), { deadline: 0 }))).toEqual(err(PipeError.TimedOut));
  });

  it("a large write whose first piece fit and whose wait is refused at once returns the piece", () => {
    const { writeEnd } = heldPipe(PIPE_BUF);
    const latch = new InterruptLatch();
    latch.interrupt();
    expect(now(writeEnd.write(pattern(PIPE_BUF + 5), { interrupt: latch }))).toEqual(ok(PIPE_BUF));
  });
});

describe("readiness", () => {
  it("read end: nothing, IN, HUP, IN|HUP", () => {
    const { readEnd, writeEnd } = heldPipe();
    expect(readEnd.pollEvents()).toBe(0);
    now(writeEnd.write(pattern(1)));
    expect(readEnd.pollEvents()).toBe(Events.IN);
    writeEnd.onClose();
    expect(readEnd.pollEvents()).toBe(Events.IN | Events.HUP);
    now(readEnd.read(new Uint8Array(1)));
    expect(readEnd.pollEvents()).toBe(Events.HUP);
  });

  it("write end: OUT while ≥ PIPE_BUF free, ERR with no reader", () => {
    const { readEnd, writeEnd } = heldPipe(2 * PIPE_BUF);
    expect(writeEnd.pollEvents()).toBe(Events.OUT);
    now(writeEnd.write(pattern(PIPE_BUF)));
    expect(writeEnd.pollEvents()).toBe(Events.OUT);
    now(writeEnd.write(pattern(1)));
    expect(writeEnd.pollEvents()).toBe(0);
    readEnd.onClose();
    expect(writeEnd.pollEvents()).toBe(Events.ERR);
    now(readEnd.read(new Uint8Array(1)));
    expect(writeEnd.pollEvents()).toBe(Events.OUT | Events.ERR);
  });

  it("subjects announce IN, HUP, OUT and ERR to observers", () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    const seen: string[] = [];
    readEnd.subject.register({ onEvents: (e) => seen.push(`r${e}`) }, Events.IN);
    writeEnd.subject.register({ onEvents: (e) => seen.push(`w${e}`) }, Events.OUT);
    now(writeEnd.write(pattern(PIPE_BUF)));
    expect(seen).toEqual([`r${Events.IN}`]);
    now(readEnd.read(new Uint8Array(PIPE_BUF)));
    expect(seen.at(-1)).toBe(`w${Events.OUT}`);
    seen.length = 0;
    writeEnd.onClose();
    expect(seen).toEqual([`r${Events.HUP}`]);
    readEnd.onClose();
    expect(seen).toEqual([`r${Events.HUP}`, `w${Events.OUT | Events.ERR}`]);
  });

  it("a poll-style wait on the read end ends when data arrives", async () => {
    const { readEnd, writeEnd, clock } = heldPipe();
    const poll = new WaitContext(clock).waitOnEvents([{ pollable: readEnd, interest: Events.IN }], () =>
      readEnd.pollEvents() & Events.IN ? readEnd.pollEvents() : WOULD_BLOCK,
    );
    expect(poll).toBeInstanceOf(Promise);
    now(writeEnd.write(pattern(1)));
    expect(await poll).toBe(Events.IN);
    expect(readEnd.subject.observerCount).toBe(0);
  });

  it("an observer may use the pipe from inside a notification", async () => {
    const { readEnd, writeEnd } = heldPipe();
    const got: number[] = [];
    const registration = readEnd.subject.register(
      {
        onEvents: () => {
          const dest = new Uint8Array(16);
          const r = now(readEnd.read(dest, { nonBlocking: true }));
          if (r.ok) got.push(...dest.subarray(0, r.value));
        },
      },
      Events.IN,
    );
    now(writeEnd.write(pattern(3)));
    expect(got).toEqual([0, 1, 2]);
    expect(readEnd.available).toBe(0);
    registration.unregister();
  });
});

describe("transfers", () => {
  it("1 MiB through a 64 KiB pipe between a blocked writer and a reader, byte-exact", async () => {
    const { readEnd, writeEnd } = heldPipe();
    const size = 1 << 20;
    const data = pattern(size, 11);
    for (let i = 0; i < size; i += 4093) data[i] = (i * 31) & 0xff;
    const writing = blocked(writeEnd.write(data));
    const received = new Uint8Array(size);
    let at = 0;
    const dest = new Uint8Array(10_007);
    for (;;) {
      const r = await readEnd.read(dest);
      if (!r.ok) throw new Error(r.error);
      if (r.value === 0) break;
      received.set(dest.subarray(0, r.value), at);
      at += r.value;
      if (at === size) writeEnd.onClose();
    }
    expect(await writing).toEqual(ok(size));
    expect(at).toBe(size);
    // Index of the first difference (-1: none); comparing element-wise keeps a failure readable.
    expect(received.findIndex((b, i) => b !== data[i])).toBe(-1);
  });

  it("a blocked reader and a blocked writer hand over without deadlock", async () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    const reader = (async () => {
      const chunks: number[] = [];
      const dest = new Uint8Array(PIPE_BUF * 2);
      for (;;) {
        const r = await readEnd.read(dest);
        if (!r.ok) throw new Error(r.error);
        if (r.value === 0) return chunks;
        chunks.push(...dest.subarray(0, r.value));
      }
    })();
    const data = pattern(5 * PIPE_BUF + 3, 200);
    expect(await writeEnd.write(data)).toEqual(ok(data.length));
    writeEnd.onClose();
    expect(await reader).toEqual([...data]);
  });
});

describe("reference counts", () => {
  it("follow the hooks and refuse to go below zero", () => {
    const { readEnd, writeEnd } = heldPipe();
    writeEnd.onDup();
    readEnd.onDup();
    expect([readEnd.readerCount, readEnd.writerCount, writeEnd.readerCount, writeEnd.writerCount]).toEqual([2, 2, 2, 2]);
    readEnd.onClose();
    readEnd.onClose();
    expect(() => readEnd.onClose()).toThrow(InvariantViolation);
    writeEnd.onClose();
    writeEnd.onClose();
    expect(() => writeEnd.onClose()).toThrow(InvariantViolation);
    expect(writeEnd.writerCount).toBe(0);
    expect(readEnd.readerCount).toBe(0);
  });

  it("livePipeCount counts pipes with a referenced end", () => {
    const { readEnd, writeEnd, pipes } = heldPipe();
    expect(pipes.livePipeCount).toBe(1);
    const other = pipes.createPipe();
    expect(pipes.livePipeCount).toBe(1);
    other.writeEnd.onDup();
    expect(pipes.livePipeCount).toBe(2);
    readEnd.onClose();
    expect(pipes.livePipeCount).toBe(2);
    writeEnd.onClose();
    expect(pipes.livePipeCount).toBe(1);
    other.writeEnd.onClose();
    expect(pipes.livePipeCount).toBe(0);
  });
});

describe("capacity", () => {
  it("is configurable per subsystem and per pipe, at least PIPE_BUF", () => {
    const clock = new VirtualClock();
    expect(new Pipes({ time: clock }, { capacity: 8192 }).createPipe().readEnd.capacity).toBe(8192);
    expect(new Pipes({ time: clock }).createPipe({ capacity: PIPE_BUF }).writeEnd.capacity).toBe(PIPE_BUF);
    expect(new Pipes({ time: clock }, { capacity: 8192 }).capacity).toBe(8192);
    for (const bad of [PIPE_BUF - 1, 0, -5, 5000.5, Number.NaN]) {
      expect(() => new Pipes({ time: clock }, { capacity: bad })).toThrow(InvariantViolation);
      expect(() => new Pipes({ time: clock }).createPipe({ capacity: bad })).toThrow(InvariantViolation);
    }
  });

  it("a full pipe blocks a writer until a reader makes room", async () => {
    const { readEnd, writeEnd } = heldPipe(PIPE_BUF);
    now(writeEnd.write(pattern(PIPE_BUF)));
    const pending = blocked(writeEnd.write(pattern(1)));
    expect(now(readEnd.read(new Uint8Array(1)))).toEqual(ok(1));
    expect(await pending).toEqual(ok(1));
  });
});
