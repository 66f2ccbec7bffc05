/**
 * clock_gettime64, clock_getres_time64, clock_nanosleep_time64 and restart_syscall on the virtual
 * clock: readings of every clock, CPU-time clocks from retired instructions, sleeps and their
 * interruption, and every errno branch.
 */
import type { VirtualClock } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { ClockId, CloneFlag, Errno, Signal, Sys, TIMER_ABSTIME, type PosixThread } from "../src/index";
import { BOOT_UPTIME_NS, NS_PER_INSTRUCTION, REALTIME_EPOCH_SECONDS } from "../src/time/clocks";
import { DATA, createHarness, type Harness } from "./support/harness";
import { Script } from "./support/script-builder";
import type { ScriptCpu } from "./support/script-cpu";

const TS = DATA + 0x100;
const REM = DATA + 0x200;
const MS = 1_000_000;
const SECOND = 1_000_000_000n;
const THREAD = CloneFlag.CLONE_VM | CloneFlag.CLONE_THREAD | CloneFlag.CLONE_SIGHAND | CloneFlag.CLONE_FILES;

function setup(kind: "isolated" | "shared"): { h: Harness; t: PosixThread; clock: VirtualClock } {
  const h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
  return { h, t: h.start("idle").process.leader!, clock: h.platform.time as VirtualClock };
}

function readNs(h: Harness, t: PosixThread, at: number): bigint {
  const v = new DataView(h.peek(t, at, 16).buffer);
  return v.getBigInt64(0, true) * SECOND + v.getBigInt64(8, true);
}

function writeTs(h: Harness, t: PosixThread, at: number, ns: bigint): void {
  const v = new DataView(new ArrayBuffer(16));
  v.setBigInt64(0, ns / SECOND, true);
  v.setBigInt64(8, ns % SECOND, true);
  h.poke(t, at, new Uint8Array(v.buffer));
}

async function gettime(h: Harness, t: PosixThread, clock: number): Promise<bigint> {
  expect(await h.call(t, Sys.clock_gettime64, clock, TS)).toBe(0);
  return readNs(h, t, TS);
}

/** The clock id of clock_getcpuclockid / pthread_getcpuclockid: `(~pid << 3) | which | (thread ? 4 : 0)`. */
function cpuClock(pid: number, which: number, thread: boolean): number {
  return (~pid << 3) | which | (thread ? 4 : 0);
}

function pending(call: Promise<number>): { readonly settled: () => boolean; readonly result: Promise<number> } {
  let done = false;
  const result = call.then((r) => {
    done = true;
    return r;
  });
  return { settled: () => done, result };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function retire(t: PosixThread, instructions: number): void {
  (t.cpu as ScriptCpu).instructionCount = instructions;
}

describe.each(["isolated", "shared"] as const)("clock_gettime64 on the %s test platform", (kind) => {
  it("MONOTONIC/BOOTTIME/RAW are the scheduler's clock plus a minute of uptime; REALTIME/TAI a fixed epoch plus it; COARSE in 4 ms ticks", async () => {
    const { h, t, clock } = setup(kind);
    const uptime = BigInt(BOOT_UPTIME_NS);
    const epoch = BigInt(REALTIME_EPOCH_SECONDS) * SECOND;
    expect(await gettime(h, t, ClockId.CLOCK_MONOTONIC)).toBe(uptime);
    clock.advance(1_503_000_123);
    const at = 1_503_000_123n;
    for (const id of [ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_BOOTTIME, ClockId.CLOCK_MONOTONIC_RAW]) {
      expect(await gettime(h, t, id)).toBe(uptime + at);
    }
    for (const id of [ClockId.CLOCK_REALTIME, ClockId.CLOCK_TAI]) expect(await gettime(h, t, id)).toBe(epoch + at);
    expect(await gettime(h, t, ClockId.CLOCK_MONOTONIC_COARSE)).toBe(uptime + 1_500_000_000n);
    // tv_nsec is written as a full 64-bit field (no stale high half).
    h.poke(t, TS, new Uint8Array(16).fill(0xff));
    expect(await gettime(h, t, ClockId.CLOCK_REALTIME_COARSE)).toBe(epoch + 1_500_000_000n);
    expect(new DataView(h.peek(t, TS + 8, 8).buffer).getBigInt64(0, true)).toBe(500_000_000n);
  });

  it("CPU-time clocks count retired instructions: the thread's, the process's with its exited threads, other processes' by pid", async () => {
    const { h, t } = setup(kind);
    retire(t, 1000);
    const tid = await h.call(t, Sys.clone, THREAD, 0, 0, 0, 0);
    const other = h.shim.processes.thread(tid)!;
    retire(other, 500);
    const ns = (n: number): bigint => BigInt(n * NS_PER_INSTRUCTION);
    expect(await gettime(h, t, ClockId.CLOCK_THREAD_CPUTIME_ID)).toBe(ns(1000));
    expect(await gettime(h, other, ClockId.CLOCK_THREAD_CPUTIME_ID)).toBe(ns(500));
    expect(await gettime(h, t, ClockId.CLOCK_PROCESS_CPUTIME_ID)).toBe(ns(1500));
    expect(await gettime(h, t, cpuClock(tid, 2, true))).toBe(ns(500));
    // A process clock may name the process by a thread's own tid (reads only).
    expect(await gettime(h, other, cpuClock(tid, 2, false))).toBe(ns(1500));
    await h.call(other, Sys.exit, 0);
    expect(await gettime(h, t, ClockId.CLOCK_PROCESS_CPUTIME_ID)).toBe(ns(1500));
    const pid = await h.call(t, Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0);
    const child = h.shim.processes.process(pid)!.leader!;
    expect(await gettime(h, child, ClockId.CLOCK_PROCESS_CPUTIME_ID)).toBe(0n);
    retire(child, 42);
    expect(await gettime(h, t, cpuClock(pid, 2, false))).toBe(ns(42));
    expect(await gettime(h, t, cpuClock(pid, 0, false))).toBe(ns(42));
    await h.call(child, Sys.exit_group, 0);
    // A zombie's clock still reads; init's is zero.
    expect(await gettime(h, t, cpuClock(pid, 2, false))).toBe(ns(42));
    expect(await gettime(h, t, cpuClock(1, 2, false))).toBe(0n);
    expect(await h.call(t, Sys.clock_gettime64, cpuClock(pid, 2, true), TS)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clock_gettime64, cpuClock(1, 2, true), TS)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clock_gettime64, cpuClock(4000, 2, false), TS)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clock_gettime64, cpuClock(0, 3, true), TS)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clock_gettime64, cpuClock(0, 3, false), TS)).toBe(-Errno.EINVAL); // CLOCKFD
  });

  it("EINVAL for the alarm clocks (no RTC), clock 10 and beyond 11; EFAULT for a bad pointer", async () => {
    const { h, t } = setup(kind);
    for (const id of [ClockId.CLOCK_REALTIME_ALARM, ClockId.CLOCK_BOOTTIME_ALARM, 10, 12, 1000]) {
      expect(await h.call(t, Sys.clock_gettime64, id, TS)).toBe(-Errno.EINVAL);
    }
    expect(await h.call(t, Sys.clock_gettime64, ClockId.CLOCK_MONOTONIC, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.clock_gettime64, ClockId.CLOCK_PROCESS_CPUTIME_ID, 0xffff_fff8)).toBe(-Errno.EFAULT);
  });
});

describe.each(["isolated", "shared"] as const)("clock_getres_time64 on the %s test platform", (kind) => {
  it("1 ns for the high-resolution and scheduler clocks, a 4 ms tick for the coarse and tick-based ones; NULL is fine", async () => {
    const { h, t } = setup(kind);
    const res = async (id: number): Promise<bigint> => {
      expect(await h.call(t, Sys.clock_getres_time64, id, TS)).toBe(0);
      return readNs(h, t, TS);
    };
    for (const id of [0, 1, 2, 3, 4, 7, 11]) expect(await res(id)).toBe(1n);
    for (const id of [5, 6]) expect(await res(id)).toBe(4_000_000n);
    expect(await res(cpuClock(0, 0, false))).toBe(4_000_000n);
    expect(await res(cpuClock(0, 2, true))).toBe(1n);
    expect(await h.call(t, Sys.clock_getres_time64, ClockId.CLOCK_MONOTONIC, 0)).toBe(0);
    expect(await h.call(t, Sys.clock_getres_time64, ClockId.CLOCK_MONOTONIC, 0x10)).toBe(-Errno.EFAULT);
    for (const id of [8, 9, 10, 12, cpuClock(0, 3, false), cpuClock(4000, 2, false)]) {
      expect(await h.call(t, Sys.clock_getres_time64, id, 0)).toBe(-Errno.EINVAL);
    }
    // For getres a process clock must name a process, not a thread of it.
    const tid = await h.call(t, Sys.clone, THREAD, 0, 0, 0, 0);
    const other = h.shim.processes.thread(tid)!;
    expect(await h.call(other, Sys.clock_getres_time64, cpuClock(tid, 2, false), 0)).toBe(-Errno.EINVAL);
    expect(await h.call(other, Sys.clock_getres_time64, cpuClock(t.tid, 2, false), 0)).toBe(0);
  });
});

describe.each(["isolated", "shared"] as const)("clock_nanosleep_time64 on the %s test platform", (kind) => {
  it("relative sleeps last what was asked; absolute ones end at the deadline on their clock; past or zero ones at once", async () => {
    const { h, t, clock } = setup(kind);
    writeTs(h, t, TS, 10n * BigInt(MS));
    const rel = pending(h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, 0, TS, REM));
    clock.advance(10 * MS - 1);
    await flush();
    expect(rel.settled()).toBe(false);
    expect(t.guest.waitingOn).toBe(`clock_nanosleep (pid ${t.process.id} tid ${t.tid})`);
    clock.advance(1);
    expect(await rel.result).toBe(0);
    for (const id of [ClockId.CLOCK_MONOTONIC, ClockId.CLOCK_REALTIME, ClockId.CLOCK_BOOTTIME, ClockId.CLOCK_TAI]) {
      writeTs(h, t, TS, (await gettime(h, t, id)) + 3n * BigInt(MS));
      const abs = pending(h.call(t, Sys.clock_nanosleep_time64, id, TIMER_ABSTIME | 0x10, TS, 0));
      clock.advance(3 * MS - 1);
      await flush();
      expect(abs.settled()).toBe(false);
      clock.advance(1);
      expect(await abs.result).toBe(0);
    }
    writeTs(h, t, TS, SECOND);
    expect(await h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, TIMER_ABSTIME, TS, 0)).toBe(0);
    writeTs(h, t, TS, 0n);
    expect(await h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, 0, TS, 0)).toBe(0);
  });

  it("errors in Linux's order: EINVAL (clock), EOPNOTSUPP (no nsleep), EFAULT, EINVAL (request), then the clock's own refusals", async () => {
    const { h, t } = setup(kind);
    writeTs(h, t, TS, 1000n);
    for (const id of [10, 12, 1000]) expect(await h.call(t, Sys.clock_nanosleep_time64, id, 0, 0x10, 0)).toBe(-Errno.EINVAL);
    for (const id of [ClockId.CLOCK_MONOTONIC_RAW, ClockId.CLOCK_REALTIME_COARSE, ClockId.CLOCK_MONOTONIC_COARSE, ClockId.CLOCK_THREAD_CPUTIME_ID, cpuClock(0, 3, false)]) {
      expect(await h.call(t, Sys.clock_nanosleep_time64, id, 0, 0x10, 0)).toBe(-Errno.EOPNOTSUPP);
    }
    expect(await h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, 0, 0x10, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_REALTIME_ALARM, 0, 0x10, 0)).toBe(-Errno.EFAULT);
    const bad = DATA + 0x300;
    h.poke(t, bad, new Uint8Array(new Uint32Array([0, 0, 1_000_000_000, 0]).buffer));
    expect(await h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, 0, bad, 0)).toBe(-Errno.EINVAL);
    h.poke(t, bad, new Uint8Array(new Uint32Array([0xffff_ffff, 0xffff_ffff, 0, 0]).buffer));
    expect(await h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, 0, bad, 0)).toBe(-Errno.EINVAL);
    // The alarm clocks have no RTC here; CPU clocks: a thread's own is EINVAL, a process's cannot be slept on.
    expect(await h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_BOOTTIME_ALARM, 0, TS, 0)).toBe(-Errno.EOPNOTSUPP);
    expect(await h.call(t, Sys.clock_nanosleep_time64, cpuClock(0, 2, true), 0, TS, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clock_nanosleep_time64, cpuClock(t.tid, 2, true), 0, TS, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clock_nanosleep_time64, cpuClock(4000, 2, false), 0, TS, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_PROCESS_CPUTIME_ID, 0, TS, 0)).toBe(-Errno.EOPNOTSUPP);
    expect(await h.call(t, Sys.clock_nanosleep_time64, cpuClock(t.tid, 2, false), 0, TS, 0)).toBe(-Errno.EOPNOTSUPP);
  });

  it("a signal: relative sleeps write the remaining time and restart to the same expiry; absolute ones restart as they are", async () => {
    const { h, t, clock } = setup(kind);
    writeTs(h, t, TS, 10n * BigInt(MS));
    const first = h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, 0, TS, REM);
    clock.advance(4 * MS);
    t.guest.interruptLatch.interrupt();
    expect(await first).toBe(-Errno.EINTR);
    expect(t.restart?.code).toBe(Errno.ERESTART_RESTARTBLOCK);
    expect(readNs(h, t, REM)).toBe(6n * BigInt(MS));
    t.guest.interruptLatch.clear();
    const again = h.call(t, Sys.restart_syscall);
    clock.advance(2 * MS);
    t.guest.interruptLatch.interrupt();
    expect(await again).toBe(-Errno.EINTR);
    expect(readNs(h, t, REM)).toBe(4n * BigInt(MS));
    t.guest.interruptLatch.clear();
    const last = pending(h.call(t, Sys.restart_syscall));
    clock.advance(4 * MS - 1);
    await flush();
    expect(last.settled()).toBe(false);
    clock.advance(1);
    expect(await last.result).toBe(0);
    expect(await h.call(t, Sys.restart_syscall)).toBe(-Errno.EINTR);
    // An unwritable rem is EFAULT (and no restart).
    const faulting = h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, 0, TS, 0x10);
    t.guest.interruptLatch.interrupt();
    expect(await faulting).toBe(-Errno.EFAULT);
    t.guest.interruptLatch.clear();
    // Absolute: ERESTARTNOHAND, rem untouched.
    writeTs(h, t, REM, 123n);
    writeTs(h, t, TS, (await gettime(h, t, ClockId.CLOCK_MONOTONIC)) + SECOND);
    const abs = h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, TIMER_ABSTIME, TS, REM);
    t.guest.interruptLatch.interrupt();
    expect(await abs).toBe(-Errno.EINTR);
    expect(t.restart?.code).toBe(Errno.ERESTARTNOHAND);
    expect(readNs(h, t, REM)).toBe(123n);
  });

  it("execve drops a restart block (it would name the old image's memory)", async () => {
    const idle = new Script().spin().steps;
    const h = createHarness({ kind, scripts: { idle, other: idle } });
    const t = h.start("idle").process.leader!;
    writeTs(h, t, TS, SECOND);
    const sleep = h.call(t, Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, 0, TS, 0);
    t.guest.interruptLatch.interrupt();
    expect(await sleep).toBe(-Errno.EINTR);
    t.guest.interruptLatch.clear();
    h.poke(t, DATA, "/bin/other\0");
    expect(await h.call(t, Sys.execve, DATA, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.restart_syscall)).toBe(-Errno.EINTR);
  });

  it("a blocked sleeper is reported by name when the run cannot go on", async () => {
    const { h } = setup(kind);
    const sleeper = new Script()
      .host(() => undefined)
      .sys(Sys.clock_nanosleep_time64, ClockId.CLOCK_MONOTONIC, TIMER_ABSTIME, DATA + 0x400, 0)
      .sys(Sys.exit_group, 0);
    const h2 = createHarness({ kind, scripts: { sleeper: sleeper.steps } });
    const program = h2.start("sleeper");
    // A deadline too far to be a number: sleeps "forever" (until a signal).
    const v = new DataView(new ArrayBuffer(16));
    v.setBigInt64(0, 0x7fff_ffff_ffffn, true);
    h2.poke(program.process.leader!, DATA + 0x400, new Uint8Array(v.buffer));
    const report = await h2.shim.run();
    expect(report.kind).toBe("deadlock");
    if (report.kind === "deadlock") expect(report.blocked[0]?.waitingOn).toMatch(/^clock_nanosleep \(pid 2 tid 2\)/);
    expect(h.shim.processes.threadCount).toBe(1);
  });
});
