/**
 * Delivery end to end on real RV32I code (MiniCpu) over both test platforms: handlers run and return
 * through the shim's trampoline with every register intact (and with the pc a handler changed in its
 * ucontext); masks during and after a handler; SA_NODEFER and SA_RESETHAND; SA_RESTART restarts an
 * interrupted read, its absence gives EINTR; sigsuspend; faults forced to their default action, and
 * handled with the kernel's si_code and si_addr; a frame that cannot be written kills with SIGSEGV
 * unless an alternate stack takes it; SIGKILL ends a spinning guest; stop and continue reach the
 * parent as SIGCHLD.
 */
import { describe, expect, it } from "vitest";
import {
  Errno,
  SaFlags,
  SiCode,
  SigHandler,
  Signal,
  SigprocmaskHow,
  Sys,
  exitedStatus,
  signalBit,
  signaledStatus,
  type PosixProcess,
} from "../src/index";
import { EBREAK, ECALL, ILLEGAL, R, RET, add, addi, beq, bge, jal, li, lui, lw, or, slli, sw, syscall } from "./signal-support/asm";
import { DATA, Program, TEXT, signalHarness, type SignalHarness } from "./signal-support/harness";

const ACT = DATA; // struct sigaction (16 bytes)
const ACT2 = DATA + 0x10;
const TEXTS = DATA + 0x100; // bytes for write()
const SLOTS = 0x300; // offsets from DATA of result words
const PARK_MASK = DATA + 0xf00; // all ones: rt_sigsuspend on it never returns
const FDS = DATA + 0x400;
const INFO = DATA + 0x700; // waitid's siginfo
const ALT = DATA + 0x4000; // an alternate stack

const base = (rd: number = R.s11): number => lui(rd, DATA >>> 12);
const putc = (offset: number): number[] => syscall(Sys.write, 1, TEXTS + offset, 1);
const raiseSelf = (signal: number): number[] => [...syscall(Sys.getpid), ...li(R.a1, signal), ...li(R.a7, Sys.kill), ECALL];
const sigaction = (signal: number, act = ACT): number[] => syscall(Sys.rt_sigaction, signal, act, 0, 8);
const exit = (code: number): number[] => syscall(Sys.exit_group, code);
const park = (): number[] => syscall(Sys.rt_sigsuspend, PARK_MASK, 8);
const fork = (): number[] => syscall(Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0);
/** `sw a0, SLOTS + 4·slot(s11)` (s11 must hold DATA). */
const saveA0 = (slot: number): number => sw(R.a0, R.s11, SLOTS + 4 * slot);

function prepare(h: SignalHarness, process: PosixProcess, acts: ReadonlyArray<readonly number[]> = []): void {
  acts.forEach((act, k) => h.pokeWords(process, ACT + 16 * k, act));
  h.poke(process, TEXTS, new TextEncoder().encode("MHCx"));
  h.pokeWords(process, PARK_MASK, [0xffff_ffff, 0xffff_ffff]);
}

const slot = (h: SignalHarness, process: PosixProcess, k: number): number => h.peekWord(process, DATA + SLOTS + 4 * k) | 0;

for (const kind of ["isolated", "shared"] as const) {
  describe(`signal delivery on the ${kind} test platform`, () => {
    it("runs a handler at the return from kill and comes back through the trampoline", async () => {
      const h = signalHarness(kind);
      const p = new Program();
      p.emit(sigaction(Signal.SIGUSR1), raiseSelf(Signal.SIGUSR1), putc(0), exit(0));
      const handler = p.emit(putc(1), RET);
      const spawned = h.spawn(p);
      prepare(h, spawned.process, [[handler, 0, 0, 0]]);
      await h.shim.run();
      expect(h.stdout()).toBe("HM");
      expect(await spawned.exited).toBe(exitedStatus(0));
    });

    it("restores every register, and the pc the handler changed in its ucontext", async () => {
      const h = signalHarness(kind);
      const p = new Program();
      const value = (r: number): number => (0x5a00_0000 + r * 0x0001_0203) >>> 0;
      const regs = Array.from({ length: 31 }, (_, k) => k + 1).filter((r) => r !== R.sp);
      p.emit(sigaction(Signal.SIGTRAP));
      for (const r of regs) p.emit(li(r, value(r)));
      p.emit(EBREAK);
      for (const r of regs) p.emit(sw(r, R.sp, -4 * r));
      p.emit(park());
      // The handler steps over the ebreak (mcontext pc += 4) and clobbers everything it may.
      const handler = p.emit(lw(R.t0, R.a2, 160), addi(R.t0, R.t0, 4), sw(R.t0, R.a2, 160));
      for (const r of regs) if (r !== R.ra) p.emit(li(r, 0xdead_0000 + r));
      p.emit(RET);
      const spawned = h.spawn(p);
      prepare(h, spawned.process, [[handler, 0, 0, 0]]);
      const sp = spawned.process.leader!.cpu.getRegister(R.sp);
      const report = await h.shim.run();
      expect(report.kind).toBe("deadlock");
      for (const r of regs) expect([r, h.peekWord(spawned.process, sp - 4 * r)]).toEqual([r, value(r)]);
    });

    it("blocks the signal and sa_mask in the handler and restores the mask after; SA_RESETHAND resets", async () => {
      const h = signalHarness(kind);
      const p = new Program();
      p.emit(base(), sigaction(Signal.SIGUSR1), raiseSelf(Signal.SIGUSR1));
      p.emit(syscall(Sys.rt_sigprocmask, 0, 0, DATA + SLOTS + 8, 8), raiseSelf(Signal.SIGUSR1), putc(0), exit(0));
      const handler = p.emit(syscall(Sys.rt_sigprocmask, 0, 0, DATA + SLOTS, 8), putc(1), RET);
      const spawned = h.spawn(p);
      prepare(h, spawned.process, [[handler, SaFlags.SA_RESETHAND, Number(signalBit(Signal.SIGUSR2)), 0]]);
      await h.shim.run();
      // The second SIGUSR1 found SIG_DFL: the process died of it before writing "M".
      expect(await spawned.exited).toBe(signaledStatus(Signal.SIGUSR1));
      expect(h.stdout()).toBe("H");
    });

    for (const nodefer of [false, true]) {
      it(`a signal raised in its own handler ${nodefer ? "nests (SA_NODEFER)" : "waits for the handler to return"}`, async () => {
        const h = signalHarness(kind);
        const p = new Program();
        p.emit(base(), sigaction(Signal.SIGUSR1), raiseSelf(Signal.SIGUSR1), park());
        // calls++, depth++, max = max(max, depth); once: raise again; depth--.
        const handler = p.emit(base(R.t0), lw(R.t1, R.t0, SLOTS), addi(R.t1, R.t1, 1), sw(R.t1, R.t0, SLOTS));
        p.emit(lw(R.t1, R.t0, SLOTS + 4), addi(R.t1, R.t1, 1), sw(R.t1, R.t0, SLOTS + 4), lw(R.t2, R.t0, SLOTS + 8));
        p.emit(bge(R.t2, R.t1, 8), sw(R.t1, R.t0, SLOTS + 8));
        const check = p.emit(lw(R.t1, R.t0, SLOTS + 12), 0, sw(R.zero, R.t0, SLOTS + 12), raiseSelf(Signal.SIGUSR1), base(R.t0));
        const done = p.emit(lw(R.t1, R.t0, SLOTS + 4), addi(R.t1, R.t1, -1), sw(R.t1, R.t0, SLOTS + 4), RET);
        p.patch(check + 4, beq(R.t1, R.zero, done - (check + 4)));
        const spawned = h.spawn(p);
        prepare(h, spawned.process, [[handler, nodefer ? SaFlags.SA_NODEFER : 0, 0, 0]]);
        h.pokeWords(spawned.process, DATA + SLOTS + 12, [1]);
        await h.shim.run();
        expect([slot(h, spawned.process, 0), slot(h, spawned.process, 2)]).toEqual([2, nodefer ? 2 : 1]);
      });
    }

    for (const restart of [true, false]) {
      it(`a read interrupted by a handled signal ${restart ? "restarts with SA_RESTART" : "fails with EINTR"}`, async () => {
        const h = signalHarness(kind);
        const p = new Program();
        p.emit(base(), syscall(Sys.pipe2, FDS, 0), sigaction(Signal.SIGUSR1), fork());
        const branch = p.emit(0);
        p.emit(lw(R.a0, R.s11, FDS - DATA), ...li(R.a1, DATA + 0x500), ...li(R.a2, 4), ...li(R.a7, Sys.read), ECALL);
        p.emit(saveA0(0), park());
        const child = p.emit(syscall(Sys.getppid), ...li(R.a1, Signal.SIGUSR1), ...li(R.a7, Sys.kill), ECALL);
        p.emit(base(), lw(R.a0, R.s11, FDS - DATA + 4), ...li(R.a1, TEXTS), ...li(R.a2, 1), ...li(R.a7, Sys.write), ECALL, exit(0));
        p.patch(branch, beq(R.a0, R.zero, child - branch));
        const handler = p.emit(base(R.t0), lw(R.t1, R.t0, SLOTS + 4), addi(R.t1, R.t1, 1), sw(R.t1, R.t0, SLOTS + 4), RET);
        const spawned = h.spawn(p);
        prepare(h, spawned.process, [[handler, restart ? SaFlags.SA_RESTART : 0, 0, 0]]);
        await h.shim.run();
        expect(slot(h, spawned.process, 1)).toBe(1);
        expect(slot(h, spawned.process, 0)).toBe(restart ? 1 : -Errno.EINTR);
      });
    }

    it("rt_sigsuspend returns EINTR after the handler and puts the old mask back", async () => {
      const h = signalHarness(kind);
      const p = new Program();
      p.emit(base(), sigaction(Signal.SIGUSR1), syscall(Sys.rt_sigprocmask, SigprocmaskHow.SIG_BLOCK, DATA + 0x600, 0, 8), fork());
      const branch = p.emit(0);
      p.emit(syscall(Sys.rt_sigsuspend, DATA + 0x608, 8), saveA0(0));
      p.emit(syscall(Sys.rt_sigprocmask, 0, 0, DATA + SLOTS + 8, 8), park());
      const child = p.emit(syscall(Sys.getppid), ...li(R.a1, Signal.SIGUSR1), ...li(R.a7, Sys.kill), ECALL, exit(0));
      p.patch(branch, beq(R.a0, R.zero, child - branch));
      const handler = p.emit(base(R.t0), addi(R.t1, R.zero, 1), sw(R.t1, R.t0, SLOTS + 4), RET);
      const spawned = h.spawn(p);
      prepare(h, spawned.process, [[handler, 0, 0, 0]]);
      h.pokeWords(spawned.process, DATA + 0x600, [Number(signalBit(Signal.SIGUSR1)), 0, 0, 0]);
      await h.shim.run();
      expect([slot(h, spawned.process, 0), slot(h, spawned.process, 1)]).toEqual([-Errno.EINTR, 1]);
      expect(h.peekWord(spawned.process, DATA + SLOTS + 8)).toBe(Number(signalBit(Signal.SIGUSR1)));
    });

    it("a handled fault gets si_code and si_addr: SEGV_MAPERR on a hole, SEGV_ACCERR on text, ILL_ILLOPC at the pc", async () => {
      const cases: Array<[string, number[], number, number, number | "pc"]> = [
        ["store to 0", [sw(R.zero, R.zero, 0)], Signal.SIGSEGV, SiCode.SEGV_MAPERR, 0],
        ["load from 0x10", [lw(R.t1, R.zero, 0x10)], Signal.SIGSEGV, SiCode.SEGV_MAPERR, 0x10],
        ["store into text", [lui(R.t1, TEXT >>> 12), sw(R.zero, R.t1, 8)], Signal.SIGSEGV, SiCode.SEGV_ACCERR, TEXT + 8],
        ["illegal instruction", [ILLEGAL], Signal.SIGILL, SiCode.ILL_ILLOPC, "pc"],
        ["ebreak", [EBREAK], Signal.SIGTRAP, SiCode.TRAP_BRKPT, "pc"],
      ];
      for (const [name, code, signo, siCode, addr] of cases) {
        const h = signalHarness(kind);
        const p = new Program();
        p.emit(base(), sigaction(signo));
        const at = p.emit(...code);
        p.emit(exit(0));
        const handler = p.emit(base(R.t0), sw(R.a0, R.t0, SLOTS), lw(R.t1, R.a1, 8), sw(R.t1, R.t0, SLOTS + 4));
        p.emit(lw(R.t1, R.a1, 12), sw(R.t1, R.t0, SLOTS + 8), park());
        const spawned = h.spawn(p);
        prepare(h, spawned.process, [[handler, SaFlags.SA_SIGINFO, 0, 0]]);
        await h.shim.run();
        const expectedAddr = addr === "pc" ? at + 4 * (code.length - 1) : addr;
        expect([name, slot(h, spawned.process, 0), slot(h, spawned.process, 1), slot(h, spawned.process, 2) >>> 0]).toEqual([
          name,
          signo,
          siCode,
          expectedAddr,
        ]);
      }
    });

    it("an unhandled, ignored or blocked fault kills with its signal (no core bit)", async () => {
      const setups: Array<[string, number[]]> = [
        ["default", []],
        ["ignored", [...syscall(Sys.rt_sigaction, Signal.SIGSEGV, ACT2, 0, 8)]],
        ["blocked", [...syscall(Sys.rt_sigprocmask, SigprocmaskHow.SIG_BLOCK, DATA + 0x600, 0, 8)]],
      ];
      for (const [name, setup] of setups) {
        const h = signalHarness(kind);
        const p = new Program();
        p.emit(setup, sw(R.zero, R.zero, 0), exit(0));
        const spawned = h.spawn(p);
        prepare(h, spawned.process, [[], [SigHandler.SIG_IGN, 0, 0, 0]]);
        h.pokeWords(spawned.process, DATA + 0x600, [Number(signalBit(Signal.SIGSEGV)), 0]);
        await h.shim.run();
        expect([name, await spawned.exited]).toEqual([name, signaledStatus(Signal.SIGSEGV)]);
      }
      const h = signalHarness(kind);
      const trap = h.spawn([EBREAK]);
      const ill = h.spawn([ILLEGAL]);
      await h.shim.run();
      expect(await trap.exited).toBe(signaledStatus(Signal.SIGTRAP));
      expect(await ill.exited).toBe(signaledStatus(Signal.SIGILL));
    });

    it("a frame that cannot be written kills with SIGSEGV; an alternate stack lets the SIGSEGV handler run", async () => {
      const h = signalHarness(kind);
      const p = new Program();
      p.emit(sigaction(Signal.SIGUSR1), li(R.sp, 0x0300_0000), raiseSelf(Signal.SIGUSR1), exit(0));
      const handler = p.emit(RET);
      const spawned = h.spawn(p);
      prepare(h, spawned.process, [[handler, 0, 0, 0]]);
      await h.shim.run();
      expect(await spawned.exited).toBe(signaledStatus(Signal.SIGSEGV));

      const h2 = signalHarness(kind);
      const q = new Program();
      q.emit(base(), sigaction(Signal.SIGUSR1), sigaction(Signal.SIGSEGV, ACT2), syscall(Sys.sigaltstack, DATA + 0x800, 0));
      q.emit(li(R.sp, 0x0300_0000), raiseSelf(Signal.SIGUSR1), exit(0));
      const usr1 = q.emit(RET);
      const segv = q.emit(base(R.t0), sw(R.sp, R.t0, SLOTS), lw(R.t1, R.a1, 8), sw(R.t1, R.t0, SLOTS + 4), lw(R.t1, R.a1, 0));
      q.emit(sw(R.t1, R.t0, SLOTS + 8), park());
      const s2 = h2.spawn(q);
      prepare(h2, s2.process, [
        [usr1, 0, 0, 0],
        [segv, SaFlags.SA_ONSTACK | SaFlags.SA_SIGINFO, 0, 0],
      ]);
      h2.pokeWords(s2.process, DATA + 0x800, [ALT, 0, 0x4000]);
      expect((await h2.shim.run()).kind).toBe("deadlock");
      const sp = slot(h2, s2.process, 0);
      expect(sp >= ALT && sp < ALT + 0x4000 && sp % 16 === 0).toBe(true);
      expect([slot(h2, s2.process, 2), slot(h2, s2.process, 1)]).toEqual([Signal.SIGSEGV, SiCode.SI_KERNEL]);
    });

    it("SIGKILL from another process ends a spinning guest; the parent sees CLD_KILLED", async () => {
      const h = signalHarness(kind, { quantum: 100 });
      const p = new Program();
      p.emit(base(), syscall(Sys.pipe2, FDS, 0), fork());
      const branch = p.emit(0);
      p.emit(addi(R.s1, R.a0, 0), lw(R.a0, R.s11, FDS - DATA), ...li(R.a1, DATA + 0x500), ...li(R.a2, 1), ...li(R.a7, Sys.read), ECALL);
      p.emit(addi(R.a0, R.s1, 0), ...li(R.a1, Signal.SIGKILL), ...li(R.a7, Sys.kill), ECALL);
      p.emit(...li(R.a0, 1), addi(R.a1, R.s1, 0), ...li(R.a2, INFO), ...li(R.a3, 4), ...li(R.a4, 0), ...li(R.a7, Sys.waitid), ECALL);
      p.emit(saveA0(0), park());
      const child = p.emit(lw(R.a0, R.s11, FDS - DATA + 4), ...li(R.a1, TEXTS), ...li(R.a2, 1), ...li(R.a7, Sys.write), ECALL);
      p.emit(jal(R.zero, 0));
      p.patch(branch, beq(R.a0, R.zero, child - branch));
      const spawned = h.spawn(p);
      prepare(h, spawned.process);
      await h.shim.run();
      expect(slot(h, spawned.process, 0)).toBe(0);
      const info = Array.from({ length: 6 }, (_, k) => h.peekWord(spawned.process, INFO + 4 * k));
      expect([info[0], info[2], info[5]]).toEqual([Signal.SIGCHLD, SiCode.CLD_KILLED, Signal.SIGKILL]);
    });

    it("stop and continue reach the parent as SIGCHLD CLD_STOPPED / CLD_CONTINUED, then CLD_KILLED", async () => {
      const h = signalHarness(kind, { quantum: 100 });
      const p = new Program();
      // SIGCHLD handler: log[n++] = si_code << 8 | si_status.
      p.emit(base(), syscall(Sys.pipe2, FDS, 0), sigaction(Signal.SIGCHLD), fork());
      const branch = p.emit(0);
      p.emit(addi(R.s1, R.a0, 0), lw(R.a0, R.s11, FDS - DATA), ...li(R.a1, DATA + 0x500), ...li(R.a2, 1), ...li(R.a7, Sys.read), ECALL);
      p.emit(addi(R.a0, R.s1, 0), ...li(R.a1, Signal.SIGSTOP), ...li(R.a7, Sys.kill), ECALL);
      p.emit(syscall(Sys.rt_sigsuspend, DATA + 0x608, 8));
      p.emit(addi(R.a0, R.s1, 0), ...li(R.a1, Signal.SIGCONT), ...li(R.a7, Sys.kill), ECALL);
      p.emit(addi(R.a0, R.s1, 0), ...li(R.a1, Signal.SIGKILL), ...li(R.a7, Sys.kill), ECALL);
      p.emit(park());
      const child = p.emit(lw(R.a0, R.s11, FDS - DATA + 4), ...li(R.a1, TEXTS), ...li(R.a2, 1), ...li(R.a7, Sys.write), ECALL);
      p.emit(jal(R.zero, 0));
      p.patch(branch, beq(R.a0, R.zero, child - branch));
      const handler = p.emit(base(R.t0), lw(R.t1, R.t0, SLOTS), addi(R.t2, R.t1, 1), sw(R.t2, R.t0, SLOTS));
      p.emit(slli(R.t1, R.t1, 2), add(R.t1, R.t1, R.t0), lw(R.t2, R.a1, 8), slli(R.t2, R.t2, 8), lw(R.t3, R.a1, 20));
      p.emit(or(R.t2, R.t2, R.t3), sw(R.t2, R.t1, SLOTS + 4), RET);
      const spawned = h.spawn(p);
      prepare(h, spawned.process, [[handler, SaFlags.SA_SIGINFO, 0, 0]]);
      await h.shim.run();
      expect(Array.from({ length: 4 }, (_, k) => slot(h, spawned.process, k))).toEqual([
        3,
        (SiCode.CLD_STOPPED << 8) | Signal.SIGSTOP,
        (SiCode.CLD_CONTINUED << 8) | Signal.SIGCONT,
        (SiCode.CLD_KILLED << 8) | Signal.SIGKILL,
      ]);
    });
  });
}
