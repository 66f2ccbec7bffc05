/**
 * waitid(2) — rv32 has no wait4, so this is how every wait happens. Linux's order and answers:
 * option bits outside the known set, or none of WEXITED/WSTOPPED/WCONTINUED, are EINVAL; then the id
 * type (P_PID needs id > 0, P_PGID id ≥ 0 with 0 meaning the caller's group, P_PIDFD is EBADF here
 * since no pidfds exist, anything else EINVAL); no matching child is ECHILD; a matching zombie is
 * reported (and reaped unless WNOWAIT); otherwise WNOHANG answers 0 with a zeroed siginfo, and a
 * blocking wait sleeps until a child changes state (through its exit observer or the parent's child
 * events) or a signal interrupts it (ERESTARTSYS). As in the kernel, the six siginfo fields
 * (si_signo, si_errno, si_code, si_pid, si_uid, si_status) are written whenever `infop` is not NULL
 * — zeros when nothing was reported, even alongside an error — and a bad `infop` is EFAULT.
 * WSTOPPED and WCONTINUED report a child's stop or continue not yet reported (through the signal
 * layer's job control; consumed unless WNOWAIT).
 *
 * Children whose exit signal is not SIGCHLD ("clone children") are waited for only with __WCLONE
 * (only them) or __WALL (all), as Linux's eligible_child decides.
 *
 * @module
 */
import { Events, WOULD_BLOCK, isWaitFailure, type Registration } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { RusageLayout, SiginfoLayout } from "../abi/layouts";
import { Signal } from "../abi/signals";
import { IdType, WAITID_VALID_OPTIONS, WaitOption, decodeWaitStatus } from "../abi/wait";
import { StructBuffer } from "../memory/user-memory";
import { reap } from "../process/lifecycle";
import { childJobReport } from "../signal/process-core-hooks";
import type { PosixProcess } from "../process/posix-process";
import type { SyscallContext } from "./context";

/** What one waitid attempt found. */
interface Found {
  readonly pid: number;
  readonly uid: number;
  readonly code: number;
  readonly status: number;
}

const NOTHING: Found = { pid: 0, uid: 0, code: 0, status: 0 };

function writeSiginfo(ctx: SyscallContext, infop: number, found: Found, signo: number): number {
  if (infop === 0) return 0;
  const info = new StructBuffer(SiginfoLayout.si_status + 4)
    .u32(SiginfoLayout.si_signo, signo)
    .u32(SiginfoLayout.si_errno, 0)
    .u32(SiginfoLayout.si_code, found.code)
    .u32(SiginfoLayout.si_pid, found.pid)
    .u32(SiginfoLayout.si_uid, found.uid)
    .u32(SiginfoLayout.si_status, found.status);
  const written = ctx.memory.writeBytes(infop, info.bytes);
  return written.ok ? 0 : -written.error;
}

function finish(ctx: SyscallContext, infop: number, rusage: number, result: number | Found): number {
  if (typeof result === "number") {
    // The kernel writes infop even alongside an error, and a fault there wins.
    const fault = writeSiginfo(ctx, infop, NOTHING, 0);
    return fault !== 0 ? fault : result;
  }
  if (result === NOTHING) return writeSiginfo(ctx, infop, NOTHING, 0);
  if (rusage !== 0) {
    const zero = ctx.memory.writeBytes(rusage, new Uint8Array(RusageLayout.SIZE));
    if (!zero.ok) return -zero.error;
  }
  return writeSiginfo(ctx, infop, result, Signal.SIGCHLD);
}

function waitid(ctx: SyscallContext): number | Promise<number> {
  const which = ctx.arg(0);
  const id = ctx.argSigned(1);
  const infop = ctx.arg(2);
  const options = ctx.arg(3);
  const rusage = ctx.arg(4);
  const self = ctx.process;
  if ((options & ~WAITID_VALID_OPTIONS) !== 0) return finish(ctx, infop, rusage, -Errno.EINVAL);
  if ((options & (WaitOption.WEXITED | WaitOption.WSTOPPED | WaitOption.WCONTINUED)) === 0) {
    return finish(ctx, infop, rusage, -Errno.EINVAL);
  }
  let matches: (child: PosixProcess) => boolean;
  switch (which) {
    case IdType.P_ALL:
      matches = () => true;
      break;
    case IdType.P_PID:
      if (id <= 0) return finish(ctx, infop, rusage, -Errno.EINVAL);
      matches = (child) => child.id === id;
      break;
    case IdType.P_PGID: {
      if (id < 0) return finish(ctx, infop, rusage, -Errno.EINVAL);
      const pgid = id === 0 ? self.pgid : id;
      matches = (child) => child.pgid === pgid;
      break;
    }
    case IdType.P_PIDFD:
      return finish(ctx, infop, rusage, id < 0 ? -Errno.EINVAL : -Errno.EBADF);
    default:
      return finish(ctx, infop, rusage, -Errno.EINVAL);
  }
  const eligible = (child: PosixProcess): boolean => {
    if (!matches(child)) return false;
    if ((options & WaitOption.__WALL) !== 0) return true;
    return (child.exitSignal !== Signal.SIGCHLD) === ((options & WaitOption.__WCLONE) !== 0);
  };
  const shim = ctx.shim;
  const registry = shim.litebox.processRegistry();
  const children = (): PosixProcess[] =>
    (registry.getChildren(self.pid) ?? [])
      .map((pid) => shim.processes.process(pid as number))
      .filter((p): p is PosixProcess => p !== undefined && eligible(p));

  const attempt = (): number | Found | typeof WOULD_BLOCK => {
    const candidates = children();
    if (candidates.length === 0) return -Errno.ECHILD;
    if ((options & WaitOption.WEXITED) !== 0) {
      const zombie = candidates.find((c) => c.state === "zombie");
      if (zombie) {
        const decoded = decodeWaitStatus(zombie.exitStatus ?? 0);
        const found: Found = { pid: zombie.id, uid: zombie.credentials.uid, code: decoded.code, status: decoded.status };
        if ((options & WaitOption.WNOWAIT) === 0) reap(shim, zombie);
        return found;
      }
    }
    const stopped = (options & WaitOption.WSTOPPED) !== 0;
    const continued = (options & WaitOption.WCONTINUED) !== 0;
    if (stopped || continued) {
      const consume = (options & WaitOption.WNOWAIT) === 0;
      for (const c of candidates) {
        const report = childJobReport(shim, c, { stopped, continued, consume });
        if (report) return { pid: c.id, uid: c.credentials.uid, code: report.code, status: report.status };
      }
    }
    if ((options & WaitOption.WNOHANG) !== 0) return NOTHING;
    return WOULD_BLOCK;
  };

  const waited = ctx.waitContext().wait(attempt, (wake) => {
    const observer = { onEvents: wake };
    const registrations: Registration[] = [self.childEvents.register(observer, Events.IN)];
    for (const child of children()) {
      const exit = registry.exitObserver(child.pid);
      if (exit) registrations.push(exit.subject.register(observer, Events.IN));
    }
    return () => {
      for (const r of registrations) r.unregister();
    };
  });
  const settle = (r: number | Found | { _tag: string }): number =>
    isWaitFailure(r) ? finish(ctx, infop, rusage, -Errno.ERESTARTSYS) : finish(ctx, infop, rusage, r as number | Found);
  if (waited instanceof Promise) {
    ctx.waitingOn = `waitid for a child of pid ${self.id}`;
    return waited.then(settle);
  }
  return settle(waited);
}

/** The waitid handler. */
export const WAIT_SYSCALLS = { waitid } as const;
