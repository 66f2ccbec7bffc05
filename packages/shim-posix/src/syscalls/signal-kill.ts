/**
 * kill, tkill and tgkill with Linux's target selection and error order (`kill_something_info`,
 * `do_send_specific`):
 *
 * - kill(pid > 0): the process (or the thread-group of thread `pid`); a missing one is ESRCH before
 *   the signal number is checked (EINVAL), a zombie answers 0. kill(0) and kill(-pgid): every member
 *   of the group, zombies included — 0 if any send succeeded, else the last error, ESRCH for an
 *   empty group; INT_MIN is ESRCH. kill(-1): every process but init and the caller — the last
 *   non-EPERM result, ESRCH when there is none.
 * - tkill(tid) / tgkill(tgid, tid): a tid or tgid ≤ 0 is EINVAL; the thread must exist (and belong to
 *   tgid): ESRCH; then EINVAL for a bad signal; si_code SI_TKILL.
 * - Signal 0 only checks that the target exists. PID 1 (the shim's init) exists and, like any
 *   init, ignores every signal sent to it.
 *
 * Every guest runs as uid 0, so no permission check fails (no EPERM).
 *
 * @module
 */
import { Errno } from "../abi/errno";
import { NSIG, SiCode } from "../abi/signals";
import type { PosixProcess } from "../process/posix-process";
import type { PosixThread } from "../process/posix-thread";
import type { SignalInfo } from "../process/signal-seam";
import type { PosixSignalLayer } from "../signal/layer";
import type { SyscallContext } from "./context";

const INT_MIN = -0x8000_0000;

/** A signal target found by id: a process of the shim, or init. */
type Found = PosixProcess | "init";

/** `valid_signal` (0 is valid: the existence check). */
function validSignal(signal: number): boolean {
  return signal >= 0 && signal <= NSIG;
}

/** The kill family's handlers, bound to the signal layer. */
export function signalKillSyscalls(layer: PosixSignalLayer): {
  readonly kill: (ctx: SyscallContext) => number;
  readonly tkill: (ctx: SyscallContext) => number;
  readonly tgkill: (ctx: SyscallContext) => number;
} {
  /** `group_send_sig_info` to one process: EINVAL for a bad signal, else send (zombies and init ignore it). */
  function sendToProcess(target: Found, signal: number, info: Omit<SignalInfo, "signo">): number {
    if (!validSignal(signal)) return -Errno.EINVAL;
    if (signal === 0 || target === "init") return 0;
    return layer.generate(target, { ...info, signo: signal });
  }

  function kill(ctx: SyscallContext): number {
    const pid = ctx.argSigned(0);
    const signal = ctx.argSigned(1);
    const self = ctx.process;
    const table = ctx.shim.processes;
    const info = { code: SiCode.SI_USER, pid: self.id, uid: self.credentials.uid };
    if (pid > 0) {
      const target: Found | undefined = pid === 1 ? "init" : (table.process(pid) ?? table.thread(pid)?.process);
      if (target === undefined) return -Errno.ESRCH;
      return sendToProcess(target, signal, info);
    }
    if (pid === INT_MIN) return -Errno.ESRCH;
    if (pid !== -1) {
      const pgid = pid === 0 ? self.pgid : -pid;
      const members: Found[] = table.inGroup(pgid);
      if (pgid === 1) members.unshift("init");
      let result = -Errno.ESRCH;
      let success = false;
      for (const member of members) {
        result = sendToProcess(member, signal, info);
        if (result === 0) success = true;
      }
      return success ? 0 : result;
    }
    // -1: every process except init and the caller's thread group.
    let count = 0;
    let result = 0;
    for (const target of table.processes()) {
      if (target === self) continue;
      const r = sendToProcess(target, signal, info);
      count++;
      if (r !== -Errno.EPERM) result = r;
    }
    return count > 0 ? result : -Errno.ESRCH;
  }

  /** `do_send_specific`: `tgid` ≤ 0 accepts any thread group. */
  function sendToThread(ctx: SyscallContext, tgid: number, tid: number, signal: number): number {
    const table = ctx.shim.processes;
    let thread: PosixThread | undefined;
    let found: Found | undefined;
    if (tid === 1) found = "init";
    else {
      thread = table.thread(tid);
      // A zombie's leader still exists until it is reaped.
      found = thread?.process ?? table.process(tid);
    }
    const tgidOf = found === "init" ? 1 : found?.id;
    if (found === undefined || (tgid > 0 && tgidOf !== tgid)) return -Errno.ESRCH;
    if (!validSignal(signal)) return -Errno.EINVAL;
    if (signal === 0 || thread === undefined) return 0;
    const self = ctx.process;
    return layer.generate(thread, { signo: signal, code: SiCode.SI_TKILL, pid: self.id, uid: self.credentials.uid });
  }

  function tkill(ctx: SyscallContext): number {
    const tid = ctx.argSigned(0);
    if (tid <= 0) return -Errno.EINVAL;
    return sendToThread(ctx, 0, tid, ctx.argSigned(1));
  }

  function tgkill(ctx: SyscallContext): number {
    const tgid = ctx.argSigned(0);
    const tid = ctx.argSigned(1);
    if (tid <= 0 || tgid <= 0) return -Errno.EINVAL;
    return sendToThread(ctx, tgid, tid, ctx.argSigned(2));
  }

  return { kill, tkill, tgkill };
}
