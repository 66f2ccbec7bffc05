import { describe, expect, it } from "vitest";
import { VirtualClock } from "../platform/time";
import { WaitContext, WOULD_BLOCK, isWaitFailure } from "../event/wait";
import { Scheduler } from "./scheduler";
import type { GuestThread, ShimEntry, ShimOutcome } from "./thread";
import { FakeCpu, type FakeOp } from "./fake-cpu.test-helper";

interface Log {
  lines: string[];
}

/** A shim whose syscall -1 ends the thread, and whose other syscalls log and resume. */
function loggingShim(log: Log, handlers: Record<number, (t: GuestThread<string>) => ShimOutcome> = {}): ShimEntry<string> {
  return {
    syscall(thread) {
      const nr = thread.cpu.getRegister(17) | 0;
      thread.cpu.pc += 1;
      if (nr === -1) {
        log.lines.push(`${thread.shimState}:exit@${thread.cpu.instructionCount}`);
        return "terminate";
      }
      log.lines.push(`${thread.shimState}:sys${nr}@${thread.cpu.instructionCount}`);
      return handlers[nr]?.(thread) ?? "resume";
    },
    exception(thread, stop) {
      log.lines.push(`${thread.shimState}:${stop.kind}`);
      return "terminate";
    },
    interrupt(thread) {
      log.lines.push(`${thread.shimState}:interrupt`);
      thread.interruptLatch.clear();
      return "resume";
    },
  };
}

function ops(...list: FakeOp[]): FakeOp[] {
  return list;
}

describe("Scheduler", () => {
  it("runs threads round-robin in quanta and completes when all exit", async () => {
    const clock = new VirtualClock();
    const scheduler = new Scheduler({ clock, quantum: 100 });
    const log: Log = { lines: [] };
    const shim = loggingShim(log);
    const a = new FakeCpu(ops({ compute: 250 }, { ecall: 1 }));
    const b = new FakeCpu(ops({ compute: 150 }, { ecall: 2 }));
    scheduler.spawn(a, 1, shim, "A");
    scheduler.spawn(b, 2, shim, "B");
    const report = await scheduler.run();
    expect(report).toEqual({ kind: "completed", instructions: 400 });
    // A: 100, B: 100, A: 100, B: 50 → sys2, exit; A: 50 → sys1, exit.
    expect(log.lines).toEqual(["B:sys2@150", "B:exit@150", "A:sys1@250", "A:exit@250"]);
    expect(clock.now()).toBe(400 * 10);
    expect(a.deschedules).toBeGreaterThanOrEqual(3);
  });

  it("parks a thread on a Promise while others run, and resumes it when it settles", async () => {
    const clock = new VirtualClock();
    const scheduler = new Scheduler({ clock, quantum: 1000 });
    const log: Log = { lines: [] };
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const shim = loggingShim(log, {
      7: (t) => {
        t.waitingOn = "gate";
        return gate.then(() => "resume" as const);
      },
      8: () => {
        release();
        return "resume";
      },
    });
    scheduler.spawn(new FakeCpu(ops({ ecall: 7 }, { compute: 5 })), 1, shim, "W");
    scheduler.spawn(new FakeCpu(ops({ compute: 3000 }, { ecall: 8 })), 2, shim, "S");
    const report = await scheduler.run();
    expect(report.kind).toBe("completed");
    expect(log.lines).toEqual(["W:sys7@0", "S:sys8@3000", "S:exit@3000", "W:exit@5"]);
  });

  it("jumps the virtual clock to the next deadline when nothing is runnable", async () => {
    const clock = new VirtualClock();
    const scheduler = new Scheduler({ clock });
    const log: Log = { lines: [] };
    const shim = loggingShim(log, {
      9: (t) => {
        const result = new WaitContext(clock, { deadline: clock.now() + 5_000_000_000 }).wait(() => WOULD_BLOCK, () => () => {});
        t.waitingOn = "sleep";
        return Promise.resolve(result).then((r) => {
          log.lines.push(`woke:${isWaitFailure(r) ? r._tag : "?"}@${clock.now()}`);
          return "resume" as const;
        });
      },
    });
    scheduler.spawn(new FakeCpu(ops({ compute: 10 }, { ecall: 9 })), 1, shim, "T");
    const report = await scheduler.run();
    expect(report.kind).toBe("completed");
    expect(log.lines).toEqual(["T:sys9@10", "woke:WaitTimedOut@5000000100", "T:exit@10"]);
  });

  it("reports a deadlock naming every blocked thread instead of hanging", async () => {
    const scheduler = new Scheduler({ clock: new VirtualClock() });
    const log: Log = { lines: [] };
    const never = (what: string) => (t: GuestThread<string>): ShimOutcome => {
      t.waitingOn = what;
      return new Promise<"resume">(() => {});
    };
    const shim = loggingShim(log, { 1: never("read end of pipe B"), 2: never("read end of pipe A") });
    const a = scheduler.spawn(new FakeCpu(ops({ compute: 10 }, { ecall: 1 })), 1, shim, "A");
    const b = scheduler.spawn(new FakeCpu(ops({ compute: 10 }, { ecall: 2 })), 2, shim, "B");
    const report = await scheduler.run();
    expect(report).toEqual({
      kind: "deadlock",
      instructions: 20,
      blocked: [
        { threadId: a.id, waitingOn: "read end of pipe B" },
        { threadId: b.id, waitingOn: "read end of pipe A" },
      ],
    });
  });

  it("is reproducible under a seed and explores different interleavings across seeds", async () => {
    async function transcript(seed: number): Promise<string> {
      const scheduler = new Scheduler({ clock: new VirtualClock(), quantum: 50, seed });
      const log: Log = { lines: [] };
      const shim = loggingShim(log);
      for (const name of ["A", "B", "C"]) {
        scheduler.spawn(new FakeCpu(ops({ compute: 37 }, { ecall: 1 }, { compute: 61 }, { ecall: 2 }, { compute: 13 })), 0, shim, name);
      }
      await scheduler.run();
      return log.lines.join(" ");
    }
    expect(await transcript(7)).toBe(await transcript(7));
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) seen.add(await transcript(seed));
    expect(seen.size).toBeGreaterThan(5);
  });

  it("terminates a parked thread through its interrupt latch and discards its result", async () => {
    const scheduler = new Scheduler({ clock: new VirtualClock() });
    const log: Log = { lines: [] };
    const victimRef: { t?: GuestThread<string> } = {};
    const shim = loggingShim(log, {
      1: (t) => {
        t.waitingOn = "forever";
        const r = new WaitContext(scheduler.clock, { interrupt: t.interruptLatch }).wait(() => WOULD_BLOCK, () => () => {});
        return Promise.resolve(r).then((x) => {
          log.lines.push(`wait:${isWaitFailure(x) ? x._tag : "?"}`);
          return "resume" as const;
        });
      },
      2: () => {
        scheduler.terminate(victimRef.t!);
        return "resume";
      },
    });
    const victim = victimRef.t = scheduler.spawn(new FakeCpu(ops({ ecall: 1 }, { compute: 1000 })), 1, shim, "V");
    scheduler.spawn(new FakeCpu(ops({ compute: 5 }, { ecall: 2 })), 2, shim, "K");
    const report = await scheduler.run();
    expect(report.kind).toBe("completed");
    expect(log.lines).toEqual(["V:sys1@0", "K:sys2@5", "K:exit@5", "wait:WaitInterrupted"]);
    expect(victim.state).toBe("exited");
  });

  it("terminates a runnable thread at once", async () => {
    const scheduler = new Scheduler({ clock: new VirtualClock(), quantum: 10 });
    const log: Log = { lines: [] };
    const victimRef: { t?: GuestThread<string> } = {};
    const shim = loggingShim(log, { 2: () => (scheduler.terminate(victimRef.t!), "resume") });
    scheduler.spawn(new FakeCpu(ops({ ecall: 2 })), 1, shim, "K");
    const victim = victimRef.t = scheduler.spawn(new FakeCpu(ops({ compute: 1_000_000 })), 1, shim, "V");
    const report = await scheduler.run();
    expect(report).toEqual({ kind: "completed", instructions: 0 });
    expect(victim.cpu.instructionCount).toBe(0);
  });

  it("calls the shim's interrupt entry before a requested thread runs again", async () => {
    const scheduler = new Scheduler({ clock: new VirtualClock(), quantum: 10 });
    const log: Log = { lines: [] };
    const targetRef: { t?: GuestThread<string> } = {};
    const shim = loggingShim(log, { 3: () => (scheduler.requestInterrupt(targetRef.t!), "resume") });
    targetRef.t = scheduler.spawn(new FakeCpu(ops({ compute: 25 })), 1, shim, "T");
    scheduler.spawn(new FakeCpu(ops({ compute: 5 }, { ecall: 3 })), 1, shim, "I");
    await scheduler.run();
    expect(log.lines.slice(0, 3)).toEqual(["I:sys3@5", "I:exit@5", "T:interrupt"]);
  });

  it("hands faults to the exception entry", async () => {
    const scheduler = new Scheduler({ clock: new VirtualClock() });
    const log: Log = { lines: [] };
    scheduler.spawn(new FakeCpu(ops({ compute: 3 }, { fault: 0x1234 })), 1, loggingShim(log), "F");
    expect((await scheduler.run()).kind).toBe("completed");
    expect(log.lines).toEqual(["F:fault"]);
  });

  it("stops on request", async () => {
    const scheduler = new Scheduler({ clock: new VirtualClock(), quantum: 10 });
    const log: Log = { lines: [] };
    scheduler.spawn(new FakeCpu(ops({ compute: 100 }, { ecall: 4 }, { compute: 1e9 })), 1,
      loggingShim(log, { 4: () => (scheduler.stop(), "resume") }), "S");
    const report = await scheduler.run();
    expect(report).toEqual({ kind: "stopped", instructions: 100 });
  });

  it("runs init once before the first instruction", async () => {
    const scheduler = new Scheduler({ clock: new VirtualClock(), quantum: 10 });
    const log: Log = { lines: [] };
    const shim = { ...loggingShim(log), init: (t: GuestThread<string>) => (log.lines.push(`${t.shimState}:init@${t.cpu.instructionCount}`), "resume" as const) };
    scheduler.spawn(new FakeCpu(ops({ compute: 30 })), 1, shim, "I");
    await scheduler.run();
    expect(log.lines).toEqual(["I:init@0", "I:exit@30"]);
  });
});

describe("Scheduler on the real clock", () => {
  it("sleeps on a host timer and reports a deadlock when no timer is pending", async () => {
    const { RealClock } = await import("../platform/time");
    const clock = new RealClock();
    const scheduler = new Scheduler({ clock });
    const log: Log = { lines: [] };
    const shim = loggingShim(log, {
      1: (t) => {
        t.waitingOn = "sleep 2ms";
        const r = new WaitContext(clock, { deadline: clock.now() + 2_000_000 }).wait(() => WOULD_BLOCK, () => () => {});
        return Promise.resolve(r).then((x) => (log.lines.push(isWaitFailure(x) ? x._tag : "?"), "resume" as const));
      },
      2: (t) => ((t.waitingOn = "nothing"), new Promise<"resume">(() => {})),
    });
    scheduler.spawn(new FakeCpu(ops({ ecall: 1 })), 1, shim, "S");
    expect((await scheduler.run()).kind).toBe("completed");
    expect(log.lines).toEqual(["S:sys1@0", "WaitTimedOut", "S:exit@0"]);
    expect(clock.pendingTimers).toBe(0);
    const stuck = scheduler.spawn(new FakeCpu(ops({ ecall: 2 })), 1, shim, "D");
    expect(await scheduler.run()).toEqual({ kind: "deadlock", instructions: 0, blocked: [{ threadId: stuck.id, waitingOn: "nothing" }] });
  });
});

describe("Scheduler and the platform's current thread", () => {
  it("makes each thread current for its slice and restores the host context", async () => {
    const seen: Array<string> = [];
    let current: FakeCpu | undefined;
    const a = new FakeCpu(ops({ compute: 5 }, { ecall: 1 }));
    const executor = {
      setCurrentCpu(cpu: FakeCpu | undefined): FakeCpu | undefined {
        const prev = current;
        current = cpu;
        return prev;
      },
    };
    const scheduler = new Scheduler({ clock: new VirtualClock(), executor: executor as never });
    const log: Log = { lines: [] };
    scheduler.spawn(a, 1, loggingShim(log, { 1: () => (seen.push(current === a ? "a" : "other"), "resume") }), "A");
    await scheduler.run();
    expect(seen).toEqual(["a"]);
    expect(current).toBeUndefined();
  });
});

describe("Scheduler and the host", () => {
  it("lets a real-time watchdog stop a guest that spins forever", async () => {
    const scheduler = new Scheduler({ clock: new VirtualClock(), quantum: 1000 });
    const log: Log = { lines: [] };
    scheduler.spawn(new FakeCpu(ops({ compute: Number.MAX_SAFE_INTEGER })), 1, loggingShim(log), "S");
    const watchdog = setTimeout(() => scheduler.stop(), 30);
    const report = await scheduler.run();
    clearTimeout(watchdog);
    expect(report.kind).toBe("stopped");
    expect(report.instructions).toBeGreaterThan(0);
  });
});
