/**
 * Job control and thread selection: a stop parks every thread (a deadlock report names it), waitid's
 * report (once, or kept with WNOWAIT), SIGTERM sent while stopped waits for SIGCONT, SIGKILL ends a
 * stopped process, SA_NOCLDSTOP and SIG_IGN keep CLD_STOPPED from the parent, a terminal stop in an
 * orphaned process group is discarded; a process-directed signal goes to a thread that does not block
 * it, and moves to another thread when its chosen one blocks it or exits; setSignalMask wakes the
 * caller when the new mask lets a pending signal in.
 */
import { describe, expect, it } from "vitest";
import {
  CloneFlag,
  Errno,
  type PosixSignalLayer,
  SaFlags,
  SiCode,
  SigHandler,
  Signal,
  Sys,
  childJobReport,
  exitedStatus,
  setSignalMask,
  signalBit,
  signaledStatus,
  type PosixProcess,
} from "../src/index";
import { R, addi, bne, jal, li } from "./signal-support/asm";
import { Program, signalHarness, type SignalHarness } from "./signal-support/harness";

/** A program that counts to `n` (about 2·n instructions) and exits with `code`. */
function counter(h: SignalHarness, n: number, code: number) {
  const p = new Program();
  p.emit(li(R.t0, n));
  const loop = p.emit(addi(R.t0, R.t0, -1));
  p.emit(bne(R.t0, R.zero, loop - p.here()), li(R.a0, code), li(R.a7, Sys.exit_group), 0x73);
  return h.spawn(p);
}

const query = { stopped: true, continued: true, consume: true };

for (const kind of ["isolated", "shared"] as const) {
  describe(`job control (${kind})`, () => {
    it("SIGSTOP parks the process until SIGCONT; waitid reports each change once, or keeps it under WNOWAIT", async () => {
      const h = signalHarness(kind, { quantum: 100 });
      const spawned = counter(h, 5000, 5);
      const process = spawned.process;
      h.shim.sendSignal(process, Signal.SIGSTOP, { code: SiCode.SI_USER });
      const report = await h.shim.run();
      expect(report.kind).toBe("deadlock");
      expect(report.kind === "deadlock" && report.blocked.map((b) => b.waitingOn)).toEqual([
        `stopped by signal ${Signal.SIGSTOP} (pid ${process.id} tid ${process.id})`,
      ]);
      expect(childJobReport(h.shim, process, { stopped: false, continued: true, consume: true })).toBeUndefined();
      expect(childJobReport(h.shim, process, { ...query, consume: false })).toEqual({ code: SiCode.CLD_STOPPED, status: Signal.SIGSTOP });
      expect(childJobReport(h.shim, process, query)).toEqual({ code: SiCode.CLD_STOPPED, status: Signal.SIGSTOP });
      expect(childJobReport(h.shim, process, query)).toBeUndefined();
      h.shim.sendSignal(process, Signal.SIGCONT, { code: SiCode.SI_USER });
      expect(childJobReport(h.shim, process, { stopped: true, continued: false, consume: true })).toBeUndefined();
      expect(childJobReport(h.shim, process, query)).toEqual({ code: SiCode.CLD_CONTINUED, status: Signal.SIGCONT });
      expect((await h.shim.run()).kind).toBe("completed");
      expect(await spawned.exited).toBe(exitedStatus(5));
    });

    it("a signal sent while stopped waits for SIGCONT; SIGKILL does not wait", async () => {
      const h = signalHarness(kind, { quantum: 100 });
      const a = counter(h, 5000, 0);
      const b = counter(h, 5000, 0);
      for (const s of [a, b]) h.shim.sendSignal(s.process, Signal.SIGSTOP, { code: SiCode.SI_USER });
      expect((await h.shim.run()).kind).toBe("deadlock");
      h.shim.sendSignal(a.process, Signal.SIGTERM, { code: SiCode.SI_USER });
      expect(a.process.state).toBe("running");
      expect(a.process.sharedPending).toBe(signalBit(Signal.SIGTERM));
      h.shim.sendSignal(b.process, Signal.SIGKILL, { code: SiCode.SI_USER });
      expect(await b.exited).toBe(signaledStatus(Signal.SIGKILL));
      expect((await h.shim.run()).kind).toBe("deadlock");
      h.shim.sendSignal(a.process, Signal.SIGCONT, { code: SiCode.SI_USER });
      expect((await h.shim.run()).kind).toBe("completed");
      expect(await a.exited).toBe(signaledStatus(Signal.SIGTERM));
    });

    it("SIGCONT discards pending stop signals, a stop discards a pending SIGCONT", async () => {
      const h = signalHarness(kind);
      const s = counter(h, 10, 0);
      const thread = s.process.leader!;
      thread.signalMask = signalBit(Signal.SIGTSTP) | signalBit(Signal.SIGCONT);
      s.process.signalActions.get(Signal.SIGCONT).handler = 0x1_0000;
      h.shim.sendSignal(s.process, Signal.SIGTSTP, { code: SiCode.SI_USER });
      h.shim.sendSignal(s.process, Signal.SIGCONT, { code: SiCode.SI_USER });
      expect(s.process.sharedPending).toBe(signalBit(Signal.SIGCONT));
      h.shim.sendSignal(s.process, Signal.SIGSTOP, { code: SiCode.SI_USER });
      expect(s.process.sharedPending).toBe(signalBit(Signal.SIGSTOP));
    });

    it("the parent hears CLD_STOPPED unless SIGCHLD is SIG_IGN or has SA_NOCLDSTOP", async () => {
      for (const [handler, flags, heard] of [
        [0x1_0000, 0, true],
        [0x1_0000, SaFlags.SA_NOCLDSTOP, false],
        [SigHandler.SIG_IGN, 0, false],
      ] as const) {
        const h = signalHarness(kind, { quantum: 100 });
        const parent = counter(h, 10, 0);
        const pthread = parent.process.leader!;
        // fork the parent into a child that runs the same counter.
        expect(await h.call(pthread, Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0)).toBeGreaterThan(0);
        const child = h.shim.processes.processes().find((p) => p !== parent.process)!;
        const action = parent.process.signalActions.get(Signal.SIGCHLD);
        action.handler = handler;
        action.flags = flags;
        pthread.signalMask = signalBit(Signal.SIGCHLD);
        h.shim.sendSignal(child, Signal.SIGSTOP, { code: SiCode.SI_USER });
        const parked = h.shim.interrupt(child.leader!.guest);
        expect(parked).toBeInstanceOf(Promise);
        expect([handler, flags, parent.process.sharedPending]).toEqual([handler, flags, heard ? signalBit(Signal.SIGCHLD) : 0n]);
        h.shim.sendSignal(child, Signal.SIGKILL, { code: SiCode.SI_USER });
        expect(await parked).toBe("terminate");
      }
    });

    it("SIGTSTP in an orphaned process group is discarded; SIGSTOP is not", async () => {
      const h = signalHarness(kind);
      const s = counter(h, 3000, 0);
      // PID 2 is a child of init: its group has no parent outside it in the session (orphaned).
      h.shim.sendSignal(s.process, Signal.SIGTSTP, { code: SiCode.SI_USER });
      expect(await h.shim.interrupt(s.process.leader!.guest)).toBe("resume");
      h.shim.sendSignal(s.process, Signal.SIGSTOP, { code: SiCode.SI_USER });
      const outcome = h.shim.interrupt(s.process.leader!.guest);
      expect(outcome).toBeInstanceOf(Promise);
      h.shim.sendSignal(s.process, Signal.SIGKILL, { code: SiCode.SI_USER });
      expect(await outcome).toBe("terminate");
    });
  });

  describe(`thread selection (${kind})`, () => {
    async function twoThreads(h: SignalHarness): Promise<{ process: PosixProcess }> {
      const p = new Program();
      p.emit(jal(R.zero, 0));
      const s = h.spawn(p);
      const flags =
        CloneFlag.CLONE_VM | CloneFlag.CLONE_FS | CloneFlag.CLONE_FILES | CloneFlag.CLONE_SIGHAND | CloneFlag.CLONE_THREAD | CloneFlag.CLONE_SYSVSEM;
      const leader = s.process.leader!;
      const sp = leader.cpu.getRegister(R.sp);
      expect(await h.call(leader, Sys.clone, flags, sp - 0x1000, 0, 0, 0)).toBeGreaterThan(0);
      expect(s.process.threads.size).toBe(2);
      return { process: s.process };
    }

    it("a process-directed signal goes to a thread that does not block it", async () => {
      const h = signalHarness(kind);
      const { process } = await twoThreads(h);
      const [leader, other] = [...process.threads];
      leader!.signalMask = signalBit(Signal.SIGUSR1);
      process.signalActions.get(Signal.SIGUSR1).handler = 0x1_0000;
      h.shim.sendSignal(process, Signal.SIGUSR1, { code: SiCode.SI_USER });
      expect([leader!.guest.interruptLatch.isPending(), other!.guest.interruptLatch.isPending()]).toEqual([false, true]);
    });

    it("moves to another thread when the chosen one blocks it or exits", async () => {
      for (const how of ["blocks", "exits"] as const) {
        const h = signalHarness(kind);
        const { process } = await twoThreads(h);
        const [leader, other] = [...process.threads];
        process.signalActions.get(Signal.SIGUSR1).handler = 0x1_0000;
        h.shim.sendSignal(process, Signal.SIGUSR1, { code: SiCode.SI_USER });
        expect([how, leader!.guest.interruptLatch.isPending(), other!.guest.interruptLatch.isPending()]).toEqual([how, true, false]);
        if (how === "blocks") {
          setSignalMask(h.shim, leader!, signalBit(Signal.SIGUSR1));
        } else {
          expect(await h.call(leader!, Sys.exit, 0)).toBeDefined();
        }
        expect([how, other!.guest.interruptLatch.isPending()]).toEqual([how, true]);
      }
    });

    it("a signal number outside 1..64 from the process core is refused, not thrown", async () => {
      const h = signalHarness(kind);
      const p = new Program();
      p.emit(jal(R.zero, 0));
      const s = h.spawn(p);
      const layer = h.shim.signalLayer as PosixSignalLayer;
      for (const signo of [0, 65, -3]) expect(layer.generate(s.process, { signo, code: SiCode.SI_KERNEL })).toBe(-Errno.EINVAL);
      expect(() => h.shim.sendSignal(s.process.leader!, 99)).not.toThrow();
      expect(s.process.sharedPending | s.process.leader!.pending).toBe(0n);
    });

    it("setSignalMask wakes the caller when the new mask lets a pending signal in, never for SIGKILL/SIGSTOP bits", async () => {
      const h = signalHarness(kind);
      const p = new Program();
      p.emit(jal(R.zero, 0));
      const s = h.spawn(p);
      const thread = s.process.leader!;
      thread.signalMask = signalBit(Signal.SIGUSR2);
      s.process.signalActions.get(Signal.SIGUSR2).handler = 0x1_0000;
      h.shim.sendSignal(s.process, Signal.SIGUSR2, { code: SiCode.SI_USER });
      expect(thread.guest.interruptLatch.isPending()).toBe(false);
      setSignalMask(h.shim, thread, 0xffff_ffff_ffff_ffffn);
      expect(thread.signalMask).toBe(0xffff_ffff_ffff_ffffn & ~(signalBit(Signal.SIGKILL) | signalBit(Signal.SIGSTOP)));
      expect(thread.guest.interruptLatch.isPending()).toBe(false);
      setSignalMask(h.shim, thread, 0n);
      expect(thread.guest.interruptLatch.isPending()).toBe(true);
    });
  });
}
