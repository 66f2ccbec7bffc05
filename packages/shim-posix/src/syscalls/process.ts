/**
 * Process-core syscalls: exit, exit_group, the ids, set_tid_address. (clone, execve, waitid and the
 * group/session calls are added by the process core as they land.)
 *
 * @module
 */
import { exitedStatus } from "../abi/wait";
import { Sys } from "../abi/syscall-numbers";
import type { ShimInstaller } from "../shim/installer";
import type { SyscallContext } from "./context";
import { THREAD_EXITED, type SyscallResult } from "./table";

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
}
