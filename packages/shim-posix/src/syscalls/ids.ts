/**
 * Process groups and sessions: setpgid, getpgid, setsid, getsid, with Linux's errors — setpgid:
 * EINVAL for a negative pgid, ESRCH unless the target is the caller or its child, EPERM for a child in
 * another session, EACCES for a child that has exec'd, EPERM for a session leader or a group in
 * another session; setsid: EPERM when a process group with the caller's id exists; getpgid/getsid:
 * ESRCH for an unknown pid. PID 1 (init) is in group 1 and session 1.
 *
 * @module
 */
import { Errno } from "../abi/errno";
import type { SyscallContext } from "./context";

function setpgid(ctx: SyscallContext): number {
  const self = ctx.process;
  const shim = ctx.shim;
  const pid = ctx.argSigned(0) === 0 ? self.id : ctx.argSigned(0);
  let pgid = ctx.argSigned(1);
  if (pgid === 0) pgid = pid;
  if (pgid < 0) return -Errno.EINVAL;
  const target = shim.processes.process(pid);
  if (target === undefined || target.state === "reaped") return -Errno.ESRCH;
  if (target !== self) {
    const parent = shim.litebox.processRegistry().getParent(target.pid) as number | undefined;
    if (parent !== self.id) return -Errno.ESRCH;
    if (target.sid !== self.sid) return -Errno.EPERM;
    if (target.hasExeced) return -Errno.EACCES;
  }
  if (target.sid === target.id) return -Errno.EPERM;
  if (pgid !== pid && !shim.processes.groupExistsInSession(pgid, self.sid)) return -Errno.EPERM;
  target.pgid = pgid;
  return 0;
}

function lookup(ctx: SyscallContext, field: "pgid" | "sid"): number {
  const pid = ctx.argSigned(0);
  if (pid === 0) return ctx.process[field];
  if (pid === 1) return 1;
  const target = ctx.shim.processes.process(pid);
  return target === undefined || target.state === "reaped" ? -Errno.ESRCH : target[field];
}

function setsid(ctx: SyscallContext): number {
  const self = ctx.process;
  if (ctx.shim.processes.inGroup(self.id).some((p) => p.state !== "reaped")) return -Errno.EPERM;
  self.sid = self.id;
  self.pgid = self.id;
  return self.id;
}

/** The group and session handlers. */
export const ID_SYSCALLS = {
  setpgid,
  getpgid: (ctx: SyscallContext) => lookup(ctx, "pgid"),
  getsid: (ctx: SyscallContext) => lookup(ctx, "sid"),
  setsid,
} as const;
