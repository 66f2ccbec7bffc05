/**
 * Syscall restart at signal delivery, code by code (`arch_do_signal_or_restart`): with a handler,
 * ERESTARTNOINTR always restarts, ERESTARTSYS restarts only under SA_RESTART, ERESTARTNOHAND and
 * ERESTART_RESTARTBLOCK become EINTR; with no handler every code restarts, ERESTART_RESTARTBLOCK
 * through restart_syscall when the shim has it. "Restart" means the saved (or live) pc is the ecall
 * again and a0 its original value.
 */
import { WOULD_BLOCK } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import {
  Errno,
  INSTALLERS,
  SaFlags,
  SiCode,
  SigHandler,
  Signal,
  Sys,
  type Installer,
} from "../src/index";
import { R, jal } from "./signal-support/asm";
import { Program, signalHarness } from "./signal-support/harness";

const BLOCKING = 500; // a test syscall that blocks until interrupted and answers a chosen restart code
let answer: number = Errno.ERESTARTSYS;
const blocking: Installer = (installer) =>
  installer.syscall(BLOCKING, "test_block", (ctx) => {
    const r = ctx.waitContext().wait(() => WOULD_BLOCK, () => () => undefined);
    return r instanceof Promise ? r.then(() => -answer) : -answer;
  });

type Disposition = "handler" | "handler+SA_RESTART" | "ignored";
const CODES = [Errno.ERESTARTSYS, Errno.ERESTARTNOINTR, Errno.ERESTARTNOHAND, Errno.ERESTART_RESTARTBLOCK] as const;

function expectedRestart(code: number, disposition: Disposition): boolean {
  if (disposition === "ignored") return true;
  if (code === Errno.ERESTARTNOINTR) return true;
  return code === Errno.ERESTARTSYS && disposition === "handler+SA_RESTART";
}

async function interruptedCall(code: number, disposition: Disposition, installers: readonly Installer[]) {
  answer = code;
  const h = signalHarness("isolated", {}, [...installers, blocking]);
  const p = new Program();
  const ecallAt = p.emit(jal(R.zero, 0));
  const handler = p.emit(jal(R.zero, 0));
  const s = h.spawn(p);
  const thread = s.process.leader!;
  const action = s.process.signalActions.get(Signal.SIGUSR1);
  action.handler = handler;
  action.flags = disposition === "handler+SA_RESTART" ? SaFlags.SA_RESTART : 0;
  thread.cpu.pc = ecallAt;
  const sp = thread.cpu.getRegister(R.sp);
  const call = h.call(thread, BLOCKING, 0x1234);
  h.shim.sendSignal(s.process, Signal.SIGUSR1, { code: SiCode.SI_USER });
  expect(await call).toBe(-Errno.EINTR);
  if (disposition === "ignored") action.handler = SigHandler.SIG_IGN;
  expect(await h.shim.interrupt(thread.guest)).toBe("resume");
  const cpu = thread.cpu;
  if (disposition === "ignored") return { pc: cpu.pc, a0: cpu.getRegister(R.a0), a7: cpu.getRegister(R.a7), ecallAt };
  expect(cpu.pc).toBe(handler);
  const frame = cpu.getRegister(R.sp);
  expect(frame).toBeLessThan(sp);
  const mc = frame + 128 + 160;
  return { pc: h.peekWord(s.process, mc), a0: h.peekWord(s.process, mc + 40), a7: h.peekWord(s.process, mc + 68), ecallAt };
}

describe("syscall restart at delivery", () => {
  for (const disposition of ["handler", "handler+SA_RESTART", "ignored"] as const) {
    for (const code of CODES) {
      it(`${code} with ${disposition}`, async () => {
        const r = await interruptedCall(code, disposition, INSTALLERS);
        if (expectedRestart(code, disposition)) {
          const viaRestartSyscall = code === Errno.ERESTART_RESTARTBLOCK;
          expect(r).toEqual({ pc: r.ecallAt, a0: 0x1234, a7: viaRestartSyscall ? Sys.restart_syscall : BLOCKING, ecallAt: r.ecallAt });
        } else {
          expect(r).toEqual({ pc: r.ecallAt + 4, a0: -Errno.EINTR >>> 0, a7: BLOCKING, ecallAt: r.ecallAt });
        }
      });
    }
  }

  it("without restart_syscall in the shim, ERESTART_RESTARTBLOCK re-runs the call itself", async () => {
    const withoutRestartSyscall: Installer[] = INSTALLERS.map(
      (install): Installer =>
        (installer) =>
          install({ ...installer, syscall: (n, name, handler) => (n === Sys.restart_syscall ? undefined : installer.syscall(n, name, handler)) }),
    );
    const r = await interruptedCall(Errno.ERESTART_RESTARTBLOCK, "ignored", withoutRestartSyscall);
    expect(r).toEqual({ pc: r.ecallAt, a0: 0x1234, a7: BLOCKING, ecallAt: r.ecallAt });
  });
});
