/**
 * The signal part of the shim, installed with one call: the {@link PosixSignalLayer} (replacing the
 * provisional one), its per-process and per-thread state, and the syscalls rt_sigaction,
 * rt_sigprocmask, rt_sigpending, rt_sigsuspend, rt_sigreturn, sigaltstack, kill, tkill and tgkill.
 *
 * @module
 */
import { Sys } from "../abi/syscall-numbers";
import type { ShimInstaller } from "../shim/installer";
import { PosixSignalLayer } from "../signal/layer";
import { PROCESS_SIGNALS, THREAD_SIGNALS } from "../signal/state";
import { signalKillSyscalls } from "./signal-kill";
import { signalMaskSyscalls } from "./signal-masks";

/** Installs the signal layer and the signal syscalls. */
export function installSignals(installer: ShimInstaller): void {
  const layer = new PosixSignalLayer(installer.shim);
  installer.processExtension(PROCESS_SIGNALS);
  installer.processExtension(layer.trampolines);
  installer.threadExtension(THREAD_SIGNALS);
  installer.threadExtension(layer.retargetOnExit);
  installer.signalLayer(layer);
  const masks = signalMaskSyscalls(layer);
  installer.syscall(Sys.rt_sigaction, "rt_sigaction", masks.rtSigaction);
  installer.syscall(Sys.rt_sigprocmask, "rt_sigprocmask", masks.rtSigprocmask);
  installer.syscall(Sys.rt_sigpending, "rt_sigpending", masks.rtSigpending);
  installer.syscall(Sys.rt_sigsuspend, "rt_sigsuspend", masks.rtSigsuspend);
  installer.syscall(Sys.rt_sigreturn, "rt_sigreturn", masks.rtSigreturn);
  installer.syscall(Sys.sigaltstack, "sigaltstack", masks.sigaltstack);
  const kills = signalKillSyscalls(layer);
  installer.syscall(Sys.kill, "kill", kills.kill);
  installer.syscall(Sys.tkill, "tkill", kills.tkill);
  installer.syscall(Sys.tgkill, "tgkill", kills.tgkill);
}
