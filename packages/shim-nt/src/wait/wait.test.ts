import { describe, expect, it } from "vitest";
import { EventAccess, StandardAccess, ThreadAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { NtSyscall as S } from "../abi/syscalls";
import { NtEvent } from "../objects/event";
import { CODE_BASE, NtTestBed, TERMINATED } from "../testing/test-bed";
import { deadlineOf } from "./timeout";
import { tryWait } from "./wait";

const MS = 1_000_000;

function setup() {
  const bed = new NtTestBed();
  const { process, thread } = bed.start();
  const call = (n: number, ...a: number[]) => bed.callSync(thread, n, ...a);
  const event = (auto: boolean, initial = false, access: number = EventAccess.ALL_ACCESS): number => {
    const cell = bed.cell(process);
    call(S.NtCreateEvent, cell, access, 0, auto ? 1 : 0, initial ? 1 : 0);
    return bed.u32(process, cell);
  };
  const timeout = (value: bigint) => bed.i64(process, value);
  const wait = (handles: number[], all: boolean, timeoutPtr = 0, alertable = false, on = thread) =>
    bed.call(on, S.NtWaitForMultipleObjects, handles.length, bed.u32s(process, handles), all ? 0 : 1, alertable ? 1 : 0, timeoutPtr);
  return { bed, process, thread, call, event, timeout, wait };
}

describe("tryWait", () => {
  it("wait-any takes the lowest signalled index and consumes only that object", () => {
    const [a, b, c] = [new NtEvent(true, false), new NtEvent(true, true), new NtEvent(true, true)];
    expect(tryWait([a, b, c], "any")).toBe(1);
    expect([b.signalled, c.signalled]).toEqual([false, true]);
  });

  it("wait-all takes all or nothing", () => {
    const [a, b] = [new NtEvent(true, true), new NtEvent(true, false)];
    expect(typeof tryWait([a, b], "all")).toBe("symbol");
    expect(a.signalled).toBe(true);
    b.set();
    expect(tryWait([a, b], "all")).toBe(NtStatus.WAIT_0);
    expect([a.signalled, b.signalled]).toEqual([false, false]);
  });
});

describe("timeouts", () => {
  it("turn relative (negative) and absolute (positive) 100 ns values into deadlines", () => {
    const { bed } = setup();
    const kernel = bed.shim.kernel;
    bed.platform.time.advance(5 * MS);
    expect(deadlineOf(kernel, 0n)).toBe(5 * MS);
    expect(deadlineOf(kernel, -10_000n)).toBe(6 * MS); // 1 ms relative
    expect(deadlineOf(kernel, kernel.systemTime() + 20_000n)).toBe(7 * MS); // 2 ms absolute
    expect(deadlineOf(kernel, kernel.systemTime() - 1n)).toBe(5 * MS); // in the past: poll
    expect(deadlineOf(kernel, -(2n ** 63n))).toBeUndefined(); // "forever"
    expect(deadlineOf(kernel, 2n ** 62n)).toBeUndefined();
  });
});

describe("NtWaitForSingleObject / NtWaitForMultipleObjects", () => {
  it("block until an object is signalled, then report its index", async () => {
    const { call, event, wait, timeout } = setup();
    const a = event(false);
    const b = event(true);
    const pending = wait([a, b], false);
    expect(pending).toBeInstanceOf(Promise);
    call(S.NtSetEvent, b, 0);
    expect(await pending).toBe(1);
    expect(call(S.NtWaitForSingleObject, b, 0, timeout(0n))).toBe(NtStatus.TIMEOUT); // the auto-reset event was consumed
  });

  it("poll with a zero timeout and time out at the deadline", async () => {
    const { bed, event, wait, timeout, thread } = setup();
    const a = event(false);
    expect(bed.call(thread, S.NtWaitForSingleObject, a, 0, timeout(0n))).toBe(NtStatus.TIMEOUT);
    const pending = wait([a], true, timeout(-50_000n)); // 5 ms
    bed.platform.time.advance(4 * MS);
    await bed.settle();
    let done: unknown;
    void (pending as Promise<unknown>).then((r) => (done = r));
    await bed.settle();
    expect(done).toBeUndefined();
    bed.platform.time.advance(1 * MS);
    await bed.settle();
    expect(done).toBe(NtStatus.TIMEOUT);
  });

  it("release one waiter per SetEvent of an auto-reset event, in waiting order, and every waiter of a manual one", async () => {
    const { bed, process, thread, call, event } = setup();
    const threads = [0, 1].map(() => {
      const cell = bed.cell(process);
      call(S.NtCreateThreadEx, cell, ThreadAccess.ALL_ACCESS, 0xffff_ffff, CODE_BASE, 0, 0);
      return bed.shim.kernel.threads.get(Math.max(...bed.shim.kernel.threads.keys()))!;
    });
    const auto = event(true);
    const results: unknown[] = [];
    threads.forEach((t, i) => void (bed.call(t, S.NtWaitForSingleObject, auto, 0, 0) as Promise<unknown>).then((r) => (results[i] = r)));
    call(S.NtSetEvent, auto, 0);
    await bed.settle();
    expect(results).toEqual([NtStatus.SUCCESS]);
    call(S.NtSetEvent, auto, 0);
    await bed.settle();
    expect(results).toEqual([NtStatus.SUCCESS, NtStatus.SUCCESS]);
    const manual = event(false);
    const all: unknown[] = [];
    threads.forEach((t, i) => void (bed.call(t, S.NtWaitForSingleObject, manual, 0, 0) as Promise<unknown>).then((r) => (all[i] = r)));
    call(S.NtSetEvent, manual, 0);
    await bed.settle();
    expect(all).toEqual([NtStatus.SUCCESS, NtStatus.SUCCESS]);
    expect(thread.state).toBe("running");
  });

  it("wait-all waits for the last object and consumes them together", async () => {
    const { call, event, wait } = setup();
    const a = event(true, true);
    const b = event(true);
    const pending = wait([a, b], true);
    expect(pending).toBeInstanceOf(Promise);
    call(S.NtSetEvent, b, 0);
    expect(await pending).toBe(NtStatus.WAIT_0);
    expect(call(S.NtWaitForMultipleObjects, 2, 0, 0, 0, 0)).toBe(NtStatus.ACCESS_VIOLATION);
  });

  it("refuses bad counts, wait types, duplicates in wait-all, handles without SYNCHRONIZE, and bad timeouts", () => {
    const { bed, process, call, event } = setup();
    const a = event(false);
    const weak = event(false, false, EventAccess.MODIFY_STATE);
    const handles = bed.u32s(process, [a, a]);
    expect(call(S.NtWaitForMultipleObjects, 0, handles, 1, 0, 0)).toBe(NtStatus.INVALID_PARAMETER_1);
    expect(call(S.NtWaitForMultipleObjects, 65, handles, 1, 0, 0)).toBe(NtStatus.INVALID_PARAMETER_1);
    expect(call(S.NtWaitForMultipleObjects, 2, handles, 2, 0, 0)).toBe(NtStatus.INVALID_PARAMETER_3);
    expect(call(S.NtWaitForMultipleObjects, 2, handles, 0, 0, 0)).toBe(NtStatus.INVALID_PARAMETER_MIX);
    expect(call(S.NtWaitForMultipleObjects, 1, bed.u32s(process, [0x400]), 1, 0, 0)).toBe(NtStatus.INVALID_HANDLE);
    expect(call(S.NtWaitForSingleObject, weak, 0, 0)).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtWaitForSingleObject, a, 0, 0x10)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtWaitForMultipleObjects, 1, handles, 1, 0, 0x10)).toBe(NtStatus.ACCESS_VIOLATION);
    // Pipe ends and host streams are always signalled, as idle file objects are.
    expect(call(S.NtWaitForSingleObject, 4, 0, 0)).toBe(NtStatus.SUCCESS);
    const cells = bed.u32s(process, [0, 0]);
    call(S.NtCreatePipe, cells, cells + 4, 0, 0);
    expect(call(S.NtWaitForSingleObject, bed.u32(process, cells), 0, 0)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtWaitForSingleObject, 0xffff_ffff, 0, bed.i64(process, 0n))).toBe(NtStatus.TIMEOUT); // self: running
    expect(call(S.NtWaitForSingleObject, 0xffff_fffe, 0, bed.i64(process, 0n))).toBe(NtStatus.TIMEOUT);
    expect(bed.u32(process, cells)).not.toBe(StandardAccess.SYNCHRONIZE);
  });

  it("end with the thread when it is terminated meanwhile", async () => {
    const { bed, event, wait, thread } = setup();
    const pending = wait([event(false)], false);
    bed.shim.kernel.terminateThread(thread, 5);
    expect(await pending).toBe(TERMINATED);
  });
});

describe("alertable waits", () => {
  it("end with ALERTED on an alert and with USER_APC after running the APC; a signalled object comes first", async () => {
    const { bed, process, thread, call, event, wait } = setup();
    const e = event(false);
    const pending = wait([e], false, 0, true);
    call(S.NtAlertThread, 0xffff_fffe);
    expect(await pending).toBe(NtStatus.ALERTED);
    call(S.NtAlertThread, 0xffff_fffe);
    expect(bed.call(thread, S.NtWaitForSingleObject, e, 1, 0)).toBe(NtStatus.ALERTED); // pending alert: at once
    // A non-alertable wait leaves the alert pending.
    call(S.NtAlertThread, 0xffff_fffe);
    expect(bed.call(thread, S.NtWaitForSingleObject, e, 0, bed.i64(process, 0n))).toBe(NtStatus.TIMEOUT);
    expect(call(S.NtTestAlert)).toBe(NtStatus.ALERTED);
    call(S.NtQueueApcThread, 0xffff_fffe, 0x1_0400, 7, 8, 9);
    call(S.NtSetEvent, e, 0);
    expect(bed.call(thread, S.NtWaitForSingleObject, e, 1, 0)).toBe(NtStatus.SUCCESS);
    call(S.NtResetEvent, e, 0);
    expect(bed.call(thread, S.NtWaitForSingleObject, e, 1, 0)).toBe(7); // the APC runs: a0 = its argument
    expect(thread.guest!.cpu.pc).toBe(0x1_0400);
    expect(thread.savedContexts[0]!.registers[10]).toBe(NtStatus.USER_APC);
  });

  it("NtDelayExecution sleeps until the interval passes, or an APC arrives when alertable", async () => {
    const { bed, process, thread, call } = setup();
    const sleeping = bed.call(thread, S.NtDelayExecution, 1, bed.i64(process, -10_000n));
    bed.platform.time.advance(MS);
    expect(await sleeping).toBe(NtStatus.SUCCESS);
    const forever = bed.call(thread, S.NtDelayExecution, 1, bed.i64(process, -(2n ** 63n)));
    call(S.NtQueueApcThread, 0xffff_fffe, 0x1_0400, 42, 0, 0);
    expect(await forever).toBe(42);
    expect(call(S.NtDelayExecution, 0, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(await bed.call(thread, S.NtYieldExecution)).toBe(NtStatus.SUCCESS);
    const time = bed.alloc(process, 8);
    expect(call(S.NtQuerySystemTime, time)).toBe(NtStatus.SUCCESS);
    expect(new DataView(bed.read(process, time, 8).buffer).getBigInt64(0, true)).toBe(bed.shim.kernel.systemTime());
  });
});
