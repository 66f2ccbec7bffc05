/**
 * Provisional kill(2), so the process core is testable before the signal layer lands: the target
 * selection and errors are Linux's (pid > 0, 0, -1, < -1; signal 0 checks only; EINVAL, ESRCH), the
 * delivery is the installed signal layer's. Handed over to the signals engineer: replace freely.
 *
 * @module
 */
import { Errno } from "../abi/errno";
import { SiCode, isValidSignal } from "../abi/signals";
import { Sys } from "../abi/syscall-numbers";
import type { PosixProcess } from "../process/posix-process";
import type { ShimInstaller } from "../shim/installer";
import type { SyscallContext } from "./context";

function kill(ctx: SyscallContext): number {
  const pid = ctx.argSigned(0);
  const signal = ctx.argSigned(1);
  if (signal !== 0 && !isValidSignal(signal)) return -Errno.EINVAL;
  const self = ctx.process;
  const table = ctx.shim.processes;
  let targets: PosixProcess[];
  if (pid > 0) {
    const p = table.process(pid);
    // Linux: a zombie still exists (kill succeeds and does nothing).
    if (p === undefined) return pid === 1 ? 0 : -Errno.ESRCH;
    targets = [p];
  } else if (pid === -1) {
    // Every process but init and the caller; ESRCH only when there is none.
    targets = table.processes().filter((p) => p !== self);
    if (targets.length === 0) return -Errno.ESRCH;
  } else {
    const pgid = pid === 0 ? self.pgid : -pid;
    if (pid === -0x8000_0000) return -Errno.ESRCH;
    targets = table.inGroup(pgid);
    if (targets.length === 0) return -Errno.ESRCH;
  }
  if (signal === 0) return 0;
  for (const target of targets) {
    if (target.alive) ctx.shim.sendSignal(target, signal, { code: SiCode.SI_USER, pid: self.id, uid: self.credentials.uid });
  }
  return 0;
}

/** Installs the provisional signal syscalls (kill). */
export function installProvisionalSignalSyscalls(installer: ShimInstaller): void {
  installer.syscall(Sys.kill, "kill", kill);
}
