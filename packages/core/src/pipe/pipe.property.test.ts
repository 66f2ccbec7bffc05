/**
 * Property test of one pipe alone against a small model: random interleavings of blocking and
 * non-blocking writes and reads (with deadlines and interruptions), reference duplications and
 * closes. Every synchronous outcome is predicted from the model and the pipe's observable state;
 * at the end every byte written is read exactly once, each ≤ PIPE_BUF write as one contiguous run,
 * and end of file is seen exactly when no writer is left and the buffer is empty.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PipeError, type PipeReadError, type PipeWriteError } from "./errors";
import { PIPE_BUF } from "./pipe";
import { Pipes } from "./pipes";
import { flush } from "./test-helpers";
import { Events } from "../event/events";
import { InterruptLatch } from "../event/wait";
import { VirtualClock } from "../platform/time";
import type { Result } from "../util/result";

type Command =
  | { readonly t: "write"; readonly len: number; readonly nonBlocking: boolean; readonly timeout: number | undefined; readonly interruptible: boolean }
  | { readonly t: "read"; readonly len: number; readonly nonBlocking: boolean; readonly timeout: number | undefined; readonly interruptible: boolean }
  | { readonly t: "dupWriter" | "closeWriter" | "dupReader" | "closeReader" | "interrupt" }
  | { readonly t: "advance"; readonly ns: number };

const io = {
  nonBlocking: fc.boolean(),
  timeout: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  interruptible: fc.boolean(),
};
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant("write" as const), len: fc.oneof(fc.integer({ min: 0, max: PIPE_BUF }), fc.integer({ min: PIPE_BUF + 1, max: 3 * PIPE_BUF })), ...io }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant("read" as const), len: fc.integer({ min: 0, max: 2 * PIPE_BUF }), ...io }) },
  { weight: 1, arbitrary: fc.constantFrom("dupWriter" as const, "closeWriter" as const, "dupReader" as const, "closeReader" as const, "interrupt" as const).map((t) => ({ t })) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("advance" as const), ns: fc.integer({ min: 1, max: 60 }) }) },
);

interface WriteRecord {
  readonly id: number;
  readonly len: number;
  accepted: number | undefined;
}

async function run(capacity: number, commands: readonly Command[]): Promise<void> {
  const clock = new VirtualClock();
  const latch = new InterruptLatch();
  const pipes = new Pipes({ time: clock }, { capacity });
  const { readEnd, writeEnd } = pipes.createPipe();
  readEnd.onDup();
  writeEnd.onDup();
  const model = { readers: 1, writers: 1, pendingWrites: 0, pendingReads: 0 };
  const writes: WriteRecord[] = [];
  const received: number[] = [];
  // Reads that resolved with end of file since the last check.
  let eofSeen = 0;

  const onWrite = (record: WriteRecord, r: Result<number, PipeWriteError>): void => {
    record.accepted = r.ok ? r.value : 0;
    if (r.ok) expect(r.value).toBeLessThanOrEqual(record.len);
    if (!r.ok) expect([PipeError.BrokenPipe, PipeError.TimedOut, PipeError.Interrupted, PipeError.WouldBlock]).toContain(r.error);
  };
  const onRead = (dest: Uint8Array, r: Result<number, PipeReadError>): void => {
    if (!r.ok) return;
    received.push(...dest.subarray(0, r.value));
    if (r.value === 0 && dest.length > 0) eofSeen++;
  };

  const check = (): void => {
    expect(readEnd.readerCount).toBe(model.readers);
    expect(writeEnd.writerCount).toBe(model.writers);
    const available = readEnd.available;
    expect(available).toBeGreaterThanOrEqual(0);
    expect(available).toBeLessThanOrEqual(capacity);
    // A pending read and a pending write never coexist: one of them would have been served.
    expect(model.pendingReads === 0 || model.pendingWrites === 0).toBe(true);
    if (model.pendingReads > 0) expect(available).toBe(0);
    // End of file only when no writer is left and the buffer is empty.
    if (eofSeen > 0) {
      expect(model.writers).toBe(0);
      expect(available).toBe(0);
      eofSeen = 0;
    }
    expect(readEnd.pollEvents()).toBe((available > 0 ? Events.IN : 0) | (model.writers === 0 ? Events.HUP : 0));
    expect(writeEnd.pollEvents()).toBe((capacity - available >= PIPE_BUF ? Events.OUT : 0) | (model.readers === 0 ? Events.ERR : 0));
  };

  for (const cmd of commands) {
    const available = readEnd.available;
    const free = capacity - available;
    switch (cmd.t) {
      case "write": {
        // A process writes only through a write end it holds.
        if (model.writers === 0 || writes.length >= 250) break;
        const record: WriteRecord = { id: writes.length, len: cmd.len, accepted: undefined };
        writes.push(record);
        const options = {
          nonBlocking: cmd.nonBlocking,
          ...(cmd.timeout === undefined ? {} : { deadline: clock.now() + cmd.timeout }),
          ...(cmd.interruptible ? { interrupt: latch } : {}),
        };
        // Byte value = write id + 1 (never 0), so the stream says which write each byte came from.
        const result = writeEnd.write(new Uint8Array(cmd.len).fill(record.id + 1), options);
        if (cmd.len === 0) expect(result).toEqual({ ok: true, value: 0 });
        else if (model.readers === 0) expect(result).toEqual({ ok: false, error: PipeError.BrokenPipe });
        else if (cmd.nonBlocking) {
          const fits = cmd.len <= PIPE_BUF ? free >= cmd.len : free > 0;
          const expected = cmd.len <= PIPE_BUF ? cmd.len : Math.min(free, cmd.len);
          expect(result).toEqual(fits ? { ok: true, value: expected } : { ok: false, error: PipeError.WouldBlock });
        } else if (model.pendingWrites === 0 && free >= cmd.len) {
          expect(result).toEqual({ ok: true, value: cmd.len });
        } else if (model.pendingWrites > 0) {
          expect(result).toBeInstanceOf(Promise);
        }
        if (result instanceof Promise) {
          model.pendingWrites++;
          void result.then((r) => {
            model.pendingWrites--;
            onWrite(record, r);
          });
        } else {
          onWrite(record, result);
        }
        break;
      }
      case "read": {
        if (model.readers === 0) break;
        const dest = new Uint8Array(cmd.len);
        const options = {
          nonBlocking: cmd.nonBlocking,
          ...(cmd.timeout === undefined ? {} : { deadline: clock.now() + cmd.timeout }),
          ...(cmd.interruptible ? { interrupt: latch } : {}),
        };
        const result = readEnd.read(dest, options);
        if (cmd.len === 0) expect(result).toEqual({ ok: true, value: 0 });
        else if (available > 0) expect(result).toEqual({ ok: true, value: Math.min(cmd.len, available) });
        else if (model.writers === 0) expect(result).toEqual({ ok: true, value: 0 });
        else if (cmd.nonBlocking) expect(result).toEqual({ ok: false, error: PipeError.WouldBlock });
        else expect(result).toBeInstanceOf(Promise);
        if (result instanceof Promise) {
          model.pendingReads++;
          void result.then((r) => {
            model.pendingReads--;
            onRead(dest, r);
          });
        } else {
          onRead(dest, result);
        }
        break;
      }
      case "dupWriter":
        writeEnd.onDup();
        model.writers++;
        break;
      case "closeWriter":
        if (model.writers === 0) break;
        writeEnd.onClose();
        model.writers--;
        break;
      case "dupReader":
        readEnd.onDup();
        model.readers++;
        break;
      case "closeReader":
        if (model.readers === 0) break;
        readEnd.onClose();
        model.readers--;
        break;
      case "interrupt":
        latch.interrupt();
        latch.clear();
        break;
      case "advance":
        clock.advance(cmd.ns);
        break;
    }
    await flush();
    check();
  }

  // Drain: read everything (blocked writers progress as room appears), then close every writer.
  const big = new Uint8Array(capacity);
  for (let guard = 0; model.pendingWrites > 0 || readEnd.available > 0; guard++) {
    expect(guard).toBeLessThan(10_000);
    const r = readEnd.read(big, { nonBlocking: true });
    if (r instanceof Promise) throw new Error("a non-blocking read returned a Promise");
    onRead(big, r);
    await flush();
  }
  while (model.writers > 0) {
    writeEnd.onClose();
    model.writers--;
  }
  await flush();
  expect(model.pendingReads).toBe(0);
  expect(model.pendingWrites).toBe(0);
  expect(readEnd.read(big, { nonBlocking: true })).toEqual({ ok: true, value: 0 });
  expect(readEnd.read(big)).toEqual({ ok: true, value: 0 });

  // Conservation: each write's accepted bytes appear exactly once, small writes contiguously.
  const counts = new Map<number, number>();
  for (const b of received) counts.set(b, (counts.get(b) ?? 0) + 1);
  for (const record of writes) {
    expect(record.accepted).toBeDefined();
    const value = record.id + 1;
    const accepted = record.accepted ?? 0;
    expect(counts.get(value & 0xff) ?? 0).toBe(accepted);
    if (accepted > 0 && record.len <= PIPE_BUF) {
      expect(accepted).toBe(record.len);
      const first = received.indexOf(value);
      expect(received.slice(first, first + accepted).every((b) => b === value)).toBe(true);
    }
  }
  expect(received.length).toBe(writes.reduce((sum, w) => sum + (w.accepted ?? 0), 0));
}

describe("pipe against a model", () => {
  it("no byte lost or duplicated; atomic small writes; EOF exactly when no writer and empty", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(PIPE_BUF, 2 * PIPE_BUF, 3 * PIPE_BUF + 123),
        fc.array(command, { maxLength: 120 }),
        async (capacity, commands) => run(capacity, commands),
      ),
      { numRuns: 150 },
    );
  });
});
