/**
 * The signal syscalls' arguments and errors, in Linux's order, including hostile ones: bad and
 * out-of-range pointers, wrong sigset sizes, signal numbers far out of range, unknown `how` and flag
 * values. Every call answers a value; none throws.
 */
import { describe, expect, it } from "vitest";
import {
  Errno,
  SaFlags,
  SiCode,
  SigHandler,
  SigaltstackFlags,
  Signal,
  SigprocmaskHow,
  Sys,
  signalBit,
  signaledStatus,
  THREAD_SIGNALS,
} from "../src/index";
import { R, jal } from "./signal-support/asm";
import { DATA, Program, signalHarness, type SignalHarness } from "./signal-support/harness";

const BAD = 0x0300_0000; // inside the range, unmapped
const OUTSIDE = 0xffff_f000; // outside every range
const ALL = 0xffff_ffff;

function spinner(h: SignalHarness) {
  const p = new Program();
  p.emit(jal(R.zero, 0));
  const spawned = h.spawn(p);
  return { process: spawned.process, thread: spawned.process.leader!, exited: spawned.exited };
}

const words = (h: SignalHarness, process: Parameters<SignalHarness["peekWord"]>[0], at: number, n: number): number[] =>
  Array.from({ length: n }, (_, k) => h.peekWord(process, at + 4 * k));

for (const kind of ["isolated", "shared"] as const) {
  describe(`rt_sigaction (${kind})`, () => {
    it("checks sigsetsize first, then act, then the signal number", async () => {
      const h = signalHarness(kind);
      const { thread } = spinner(h);
      for (const size of [0, 4, 9, 16, ALL]) expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGUSR1, BAD, BAD, size)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.rt_sigaction, 0, BAD, 0, 8)).toBe(-Errno.EFAULT);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGUSR1, OUTSIDE, 0, 8)).toBe(-Errno.EFAULT);
      h.pokeWords(thread.process, DATA, [0x1_0040, 0, 0, 0]);
      for (const sig of [0, 65, -1, 1000, 0x7fff_ffff, ALL]) expect(await h.call(thread, Sys.rt_sigaction, sig, DATA, 0, 8)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGKILL, DATA, 0, 8)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGSTOP, DATA, 0, 8)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGKILL, 0, DATA + 0x40, 8)).toBe(0);
      expect(words(h, thread.process, DATA + 0x40, 4)).toEqual([0, 0, 0, 0]);
      expect(await h.call(thread, Sys.rt_sigaction, 64, DATA, 0, 8)).toBe(0);
      expect(thread.process.signalActions.get(64).handler).toBe(0x1_0040);
    });

    it("stores handler, known flags and mask (never SIGKILL/SIGSTOP) and returns the old action", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      const flags = SaFlags.SA_RESTART | SaFlags.SA_SIGINFO | SaFlags.SA_ONSTACK | 0x0400_0000 | SaFlags.SA_UNSUPPORTED;
      h.pokeWords(process, DATA, [0x1_0080, flags, ALL, ALL]);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGUSR1, DATA, DATA + 0x40, 8)).toBe(0);
      expect(words(h, process, DATA + 0x40, 4)).toEqual([0, 0, 0, 0]);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGUSR1, 0, DATA + 0x40, 8)).toBe(0);
      const everything = 0xffff_ffff_ffff_ffffn & ~(signalBit(Signal.SIGKILL) | signalBit(Signal.SIGSTOP));
      expect(words(h, process, DATA + 0x40, 4)).toEqual([
        0x1_0080,
        (SaFlags.SA_RESTART | SaFlags.SA_SIGINFO | SaFlags.SA_ONSTACK) >>> 0,
        Number(everything & 0xffff_ffffn),
        Number(everything >> 32n),
      ]);
    });

    it("applies the new action even when writing the old one faults (EFAULT)", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      h.pokeWords(process, DATA, [SigHandler.SIG_IGN, 0, 0, 0]);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGUSR2, DATA, BAD, 8)).toBe(-Errno.EFAULT);
      expect(process.signalActions.get(Signal.SIGUSR2).handler).toBe(SigHandler.SIG_IGN);
    });

    it("SIG_IGN, and SIG_DFL for a default-ignored signal, discard it where it is pending", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      thread.signalMask = signalBit(Signal.SIGTERM) | signalBit(Signal.SIGCHLD) | signalBit(Signal.SIGUSR1);
      h.shim.sendSignal(process, Signal.SIGTERM, { code: SiCode.SI_USER });
      h.shim.sendSignal(thread, Signal.SIGCHLD, { code: SiCode.CLD_EXITED });
      h.shim.sendSignal(process, Signal.SIGUSR1, { code: SiCode.SI_USER });
      expect(process.sharedPending).toBe(signalBit(Signal.SIGTERM) | signalBit(Signal.SIGUSR1));
      expect(thread.pending).toBe(signalBit(Signal.SIGCHLD));
      h.pokeWords(process, DATA, [SigHandler.SIG_IGN, 0, 0, 0, SigHandler.SIG_DFL, 0, 0, 0]);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGTERM, DATA, 0, 8)).toBe(0);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGCHLD, DATA + 16, 0, 8)).toBe(0);
      expect(await h.call(thread, Sys.rt_sigaction, Signal.SIGUSR1, DATA + 16, 0, 8)).toBe(0);
      expect(process.sharedPending).toBe(signalBit(Signal.SIGUSR1));
      expect(thread.pending).toBe(0n);
    });
  });

  describe(`rt_sigprocmask, rt_sigpending (${kind})`, () => {
    it("SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK; SIGKILL and SIGSTOP never stick; the old mask comes back", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      h.pokeWords(process, DATA, [ALL, ALL]);
      expect(await h.call(thread, Sys.rt_sigprocmask, SigprocmaskHow.SIG_SETMASK, DATA, DATA + 8, 8)).toBe(0);
      expect(words(h, process, DATA + 8, 2)).toEqual([0, 0]);
      const unblockable = signalBit(Signal.SIGKILL) | signalBit(Signal.SIGSTOP);
      expect(thread.signalMask).toBe(0xffff_ffff_ffff_ffffn & ~unblockable);
      h.pokeWords(process, DATA, [Number(signalBit(Signal.SIGUSR1)), 0]);
      expect(await h.call(thread, Sys.rt_sigprocmask, SigprocmaskHow.SIG_UNBLOCK, DATA, 0, 8)).toBe(0);
      expect(thread.signalMask & signalBit(Signal.SIGUSR1)).toBe(0n);
      expect(await h.call(thread, Sys.rt_sigprocmask, SigprocmaskHow.SIG_SETMASK, DATA, 0, 8)).toBe(0);
      expect(thread.signalMask).toBe(signalBit(Signal.SIGUSR1));
      h.pokeWords(process, DATA, [0, 0x8000_0000]);
      expect(await h.call(thread, Sys.rt_sigprocmask, SigprocmaskHow.SIG_BLOCK, DATA, DATA + 8, 8)).toBe(0);
      expect(thread.signalMask).toBe(signalBit(Signal.SIGUSR1) | signalBit(64));
      expect(words(h, process, DATA + 8, 2)).toEqual([Number(signalBit(Signal.SIGUSR1)), 0]);
    });

    it("errors: sigsetsize, unknown how (only when a set is given), bad pointers", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      for (const size of [0, 4, 16, ALL]) expect(await h.call(thread, Sys.rt_sigprocmask, 0, DATA, 0, size)).toBe(-Errno.EINVAL);
      for (const how of [3, -1, 0x7fff_ffff]) expect(await h.call(thread, Sys.rt_sigprocmask, how, DATA, 0, 8)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.rt_sigprocmask, 3, 0, DATA + 8, 8)).toBe(0);
      expect(await h.call(thread, Sys.rt_sigprocmask, 0, BAD, 0, 8)).toBe(-Errno.EFAULT);
      expect(await h.call(thread, Sys.rt_sigprocmask, 0, OUTSIDE, 0, 8)).toBe(-Errno.EFAULT);
      // The new mask is applied before the old one fails to be written.
      h.pokeWords(process, DATA, [Number(signalBit(Signal.SIGINT)), 0]);
      expect(await h.call(thread, Sys.rt_sigprocmask, SigprocmaskHow.SIG_BLOCK, DATA, BAD, 8)).toBe(-Errno.EFAULT);
      expect(thread.signalMask).toBe(signalBit(Signal.SIGINT));
    });

    it("rt_sigpending shows blocked pending signals of the thread and the process, in up to sigsetsize bytes", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      thread.signalMask = signalBit(Signal.SIGUSR1) | signalBit(40);
      h.shim.sendSignal(process, 40, { code: SiCode.SI_USER });
      h.shim.sendSignal(thread, Signal.SIGUSR1, { code: SiCode.SI_TKILL });
      expect(await h.call(thread, Sys.rt_sigpending, DATA, 8)).toBe(0);
      expect(words(h, process, DATA, 2)).toEqual([Number(signalBit(Signal.SIGUSR1)), Number(signalBit(40) >> 32n)]);
      h.pokeWords(process, DATA + 16, [0xaaaa_aaaa, 0xaaaa_aaaa]);
      expect(await h.call(thread, Sys.rt_sigpending, DATA + 16, 4)).toBe(0);
      expect(words(h, process, DATA + 16, 2)).toEqual([Number(signalBit(Signal.SIGUSR1)), 0xaaaa_aaaa]);
      expect(await h.call(thread, Sys.rt_sigpending, 0, 0)).toBe(0);
      expect(await h.call(thread, Sys.rt_sigpending, DATA, 9)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.rt_sigpending, BAD, 8)).toBe(-Errno.EFAULT);
    });
  });

  describe(`rt_sigsuspend, sigaltstack, rt_sigreturn (${kind})`, () => {
    it("rt_sigsuspend: sigsetsize EINVAL, EFAULT, and EINTR at once when the new mask lets a pending signal in", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      expect(await h.call(thread, Sys.rt_sigsuspend, DATA, 4)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.rt_sigsuspend, BAD, 8)).toBe(-Errno.EFAULT);
      thread.signalMask = signalBit(Signal.SIGUSR1);
      process.signalActions.get(Signal.SIGUSR1).handler = 0x1_0000;
      h.shim.sendSignal(process, Signal.SIGUSR1, { code: SiCode.SI_USER });
      h.pokeWords(process, DATA, [0, 0]);
      expect(await h.call(thread, Sys.rt_sigsuspend, DATA, 8)).toBe(-Errno.EINTR);
      expect(thread.signalMask).toBe(0n);
      expect(thread.savedMask).toBe(signalBit(Signal.SIGUSR1));
      // The delivery saves the old mask in the frame and runs the handler with the temporary one.
      expect(await h.shim.interrupt(thread.guest)).toBe("resume");
      expect(thread.savedMask).toBeUndefined();
      expect(thread.signalMask).toBe(signalBit(Signal.SIGUSR1));
      expect(thread.cpu.pc).toBe(0x1_0000);
      const frame = thread.cpu.getRegister(R.sp);
      expect(words(h, process, frame + 128 + 20, 2)).toEqual([Number(signalBit(Signal.SIGUSR1)), 0]);
    });

    it("sigaltstack: EFAULT, EINVAL for a bad mode, ENOMEM below MINSIGSTKSZ, SS_DISABLE, SS_AUTODISARM kept", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      expect(await h.call(thread, Sys.sigaltstack, BAD, 0)).toBe(-Errno.EFAULT);
      expect(await h.call(thread, Sys.sigaltstack, 0, DATA)).toBe(0);
      expect(words(h, process, DATA, 3)).toEqual([0, SigaltstackFlags.SS_DISABLE, 0]);
      h.pokeWords(process, DATA, [DATA + 0x1000, 5, 0x4000]);
      expect(await h.call(thread, Sys.sigaltstack, DATA, 0)).toBe(-Errno.EINVAL);
      h.pokeWords(process, DATA, [DATA + 0x1000, 0, 2047]);
      expect(await h.call(thread, Sys.sigaltstack, DATA, 0)).toBe(-Errno.ENOMEM);
      h.pokeWords(process, DATA, [DATA + 0x1000, SigaltstackFlags.SS_AUTODISARM, 0x4000]);
      expect(await h.call(thread, Sys.sigaltstack, DATA, DATA + 0x20)).toBe(0);
      expect(words(h, process, DATA + 0x20, 3)).toEqual([0, SigaltstackFlags.SS_DISABLE, 0]);
      expect(await h.call(thread, Sys.sigaltstack, 0, DATA + 0x20)).toBe(0);
      expect(words(h, process, DATA + 0x20, 3)).toEqual([DATA + 0x1000, SigaltstackFlags.SS_AUTODISARM >>> 0, 0x4000]);
      expect(await h.call(thread, Sys.sigaltstack, 0, BAD)).toBe(-Errno.EFAULT);
      h.pokeWords(process, DATA, [0x1234, SigaltstackFlags.SS_DISABLE, 7]);
      expect(await h.call(thread, Sys.sigaltstack, DATA, 0)).toBe(0);
      expect(await h.call(thread, Sys.sigaltstack, 0, DATA + 0x20)).toBe(0);
      expect(words(h, process, DATA + 0x20, 3)).toEqual([0, SigaltstackFlags.SS_DISABLE, 0]);
    });

    it("rt_sigreturn on a frame that is not one ends the process with SIGSEGV", async () => {
      for (const sp of [BAD, OUTSIDE, 0]) {
        const h = signalHarness(kind);
        const { thread, exited } = spinner(h);
        thread.cpu.setRegister(R.sp, sp);
        expect(await h.call(thread, Sys.rt_sigreturn)).toBe(0);
        expect(await h.shim.interrupt(thread.guest)).toBe("terminate");
        expect(await exited).toBe(signaledStatus(Signal.SIGSEGV));
      }
    });

    it("rt_sigreturn applies the frame's mask, then finds a non-zero reserved word and raises SIGSEGV", async () => {
      const h = signalHarness(kind);
      const { thread, process, exited } = spinner(h);
      const frame = DATA + 0x1000;
      h.poke(process, frame, new Uint8Array(944));
      h.pokeWords(process, frame + 128 + 20, [Number(signalBit(Signal.SIGHUP)), 0]);
      h.pokeWords(process, frame + 128 + 160 + 644, [1]);
      thread.cpu.setRegister(R.sp, frame);
      expect(await h.call(thread, Sys.rt_sigreturn)).toBe(0);
      expect(thread.signalMask).toBe(signalBit(Signal.SIGHUP));
      expect(await h.shim.interrupt(thread.guest)).toBe("terminate");
      expect(await exited).toBe(signaledStatus(Signal.SIGSEGV));
    });

    it("rt_sigreturn refuses an unknown extension header too", async () => {
      const h = signalHarness(kind);
      const { thread, process, exited } = spinner(h);
      const frame = DATA + 0x1000;
      h.poke(process, frame, new Uint8Array(944));
      h.pokeWords(process, frame + 128 + 160 + 648, [0x5346_5457, 0x100]);
      thread.cpu.setRegister(R.sp, frame);
      expect(await h.call(thread, Sys.rt_sigreturn)).toBe(0);
      expect(await h.shim.interrupt(thread.guest)).toBe("terminate");
      expect(await exited).toBe(signaledStatus(Signal.SIGSEGV));
    });
  });

  describe(`kill, tkill, tgkill (${kind})`, () => {
    it("kill: EINVAL only for an existing target, ESRCH otherwise; init takes and ignores anything", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      const self = process.id;
      for (const sig of [65, -1, 1000, 0x7fff_ffff]) expect(await h.call(thread, Sys.kill, self, sig)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.kill, 999, 65)).toBe(-Errno.ESRCH);
      expect(await h.call(thread, Sys.kill, 0x8000_0000, Signal.SIGTERM)).toBe(-Errno.ESRCH);
      expect(await h.call(thread, Sys.kill, -999, 0)).toBe(-Errno.ESRCH);
      expect(await h.call(thread, Sys.kill, -1, Signal.SIGTERM)).toBe(-Errno.ESRCH);
      expect(await h.call(thread, Sys.kill, 1, 0)).toBe(0);
      expect(await h.call(thread, Sys.kill, 1, Signal.SIGKILL)).toBe(0);
      expect(await h.call(thread, Sys.kill, 1, 65)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.kill, self, 0)).toBe(0);
      // Its own group (pgid 1, shared with init): blocked SIGUSR1 stays pending.
      thread.signalMask = signalBit(Signal.SIGUSR1);
      expect(await h.call(thread, Sys.kill, 0, Signal.SIGUSR1)).toBe(0);
      expect(process.sharedPending).toBe(signalBit(Signal.SIGUSR1));
      expect(await h.call(thread, Sys.kill, 0, 65)).toBe(-Errno.EINVAL);
    });

    it("tkill/tgkill: EINVAL for ids ≤ 0, ESRCH for a missing or foreign thread, then EINVAL for the signal", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      const tid = thread.tid;
      expect(await h.call(thread, Sys.tkill, 0, Signal.SIGUSR1)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.tkill, -5, Signal.SIGUSR1)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.tgkill, 0, tid, Signal.SIGUSR1)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.tgkill, process.id, -1, Signal.SIGUSR1)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.tkill, 4242, 0)).toBe(-Errno.ESRCH);
      expect(await h.call(thread, Sys.tgkill, process.id + 1, tid, 0)).toBe(-Errno.ESRCH);
      expect(await h.call(thread, Sys.tkill, tid, 65)).toBe(-Errno.EINVAL);
      expect(await h.call(thread, Sys.tgkill, process.id, tid, 0)).toBe(0);
      thread.signalMask = signalBit(Signal.SIGUSR2);
      expect(await h.call(thread, Sys.tgkill, process.id, tid, Signal.SIGUSR2)).toBe(0);
      expect(thread.pending).toBe(signalBit(Signal.SIGUSR2));
      expect(process.sharedPending).toBe(0n);
    });

    it("a real-time signal sent by tkill beyond RLIMIT_SIGPENDING is EAGAIN; kill still queues", async () => {
      const h = signalHarness(kind);
      const { thread, process } = spinner(h);
      process.limits.get(11).cur = 3n;
      thread.signalMask = signalBit(40) | signalBit(41);
      for (let k = 0; k < 3; k++) expect(await h.call(thread, Sys.tkill, thread.tid, 40)).toBe(0);
      expect(await h.call(thread, Sys.tkill, thread.tid, 41)).toBe(-Errno.EAGAIN);
      expect(await h.call(thread, Sys.tkill, thread.tid, 40)).toBe(-Errno.EAGAIN);
      expect(thread.ext(THREAD_SIGNALS).pending.queued).toHaveLength(3);
      expect(await h.call(thread, Sys.kill, process.id, 41)).toBe(0);
      expect(process.sharedPending).toBe(signalBit(41));
    });
  });
}
