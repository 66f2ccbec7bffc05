/**
 * Process-core syscalls: clone, execve, exit, exit_group, waitid, the ids, set_tid_address, and the
 * process-group and session calls.
 *
 * @module
 */
import { exitedStatus } from "../abi/wait";
import { cloneFromThread } from "../process/clone";
import { execve } from "../process/exec";
import { ID_SYSCALLS } from "./ids";
import { WAIT_SYSCALLS } from "./wait";
import { Sys } from "../abi/syscall-numbers";
import type { ShimInstaller } from "../shim/installer";
import type { SyscallContext } from "./context";
import { CONTROL_TRANSFERRED, THREAD_EXITED, type SyscallResult } from "./table";

function clone(ctx: SyscallContext): number | Promise<number> {
  const result = cloneFromThread(ctx.shim, ctx.thread, {
    flags: ctx.arg(0),
    newsp: ctx.arg(1),
    parentTid: ctx.arg(2),
    tls: ctx.arg(3),
    childTid: ctx.arg(4),
  });
  if (result instanceof Promise) ctx.waitingOn = `vfork child to exec or exit (pid ${ctx.process.id})`;
  return result;
}

function execveHandler(ctx: SyscallContext): SyscallResult {
  const result = execve(ctx.shim, ctx.thread, { path: ctx.arg(0), argv: ctx.arg(1), envp: ctx.arg(2) });
  return result === true ? CONTROL_TRANSFERRED : result;
}

function exit(ctx: SyscallContext): SyscallResult {
  ctx.shim.exitThread(ctx.thread, exitedStatus(ctx.arg(0)));
  return THREAD_EXITED;
}

function exitGroup(ctx: SyscallContext): SyscallResult {
  ctx.shim.terminateProcess(ctx.process, exitedStatus(ctx.arg(0)));
  return THREAD_EXITED;
}

function getppid(ctx: SyscallContext): number {
  return (ctx.shim.litebox.processRegistry().getParent(ctx.process.pid) as number | undefined) ?? 0;
}

function setTidAddress(ctx: SyscallContext): number {
  ctx.thread.clearChildTid = ctx.arg(0);
  return ctx.thread.tid;
}

/** Installs the process-core syscalls. */
export function installProcessSyscalls(installer: ShimInstaller): void {
  installer.syscall(Sys.exit, "exit", exit);
  installer.syscall(Sys.exit_group, "exit_group", exitGroup);
  installer.syscall(Sys.getpid, "getpid", (ctx) => ctx.process.id);
  installer.syscall(Sys.getppid, "getppid", getppid);
  installer.syscall(Sys.gettid, "gettid", (ctx) => ctx.thread.tid);
  installer.syscall(Sys.set_tid_address, "set_tid_address", setTidAddress);
  installer.syscall(Sys.clone, "clone", clone);
  installer.syscall(Sys.execve, "execve", execveHandler);
  installer.syscall(Sys.waitid, "waitid", WAIT_SYSCALLS.waitid);
  installer.syscall(Sys.setpgid, "setpgid", ID_SYSCALLS.setpgid);
  installer.syscall(Sys.getpgid, "getpgid", ID_SYSCALLS.getpgid);
  installer.syscall(Sys.getsid, "getsid", ID_SYSCALLS.getsid);
  installer.syscall(Sys.setsid, "setsid", ID_SYSCALLS.setsid);
}
