/**
 * Two calls for the process core's syscalls that the `SignalLayer` seam does not carry, kept here so
 * the seam itself stays untouched:
 *
 * - {@link setSignalMask} — what a syscall must use to install a temporary mask (ppoll's sigmask
 *   argument, pselect): like the kernel's `set_current_blocked`, it leaves SIGKILL/SIGSTOP out and,
 *   when the new mask lets an already pending signal in, ends the call's wait at once (the thread's
 *   interrupt hook fires), so the call returns ERESTARTNOHAND and the handler runs — a bare
 *   `thread.signalMask = mask` would sleep with a deliverable signal pending.
 * - {@link childJobReport} — what waitid consults for WSTOPPED / WCONTINUED: the stop or continue of a
 *   child not yet reported (si_code CLD_STOPPED / CLD_CONTINUED, si_status the signal).
 *
 * Both work with whatever signal layer is installed: without the full one, the mask is just stored
 * and no child ever reports a stop.
 *
 * @module
 */
import type { PosixProcess } from "../process/posix-process";
import type { PosixThread } from "../process/posix-thread";
import type { PosixShim } from "../shim/posix-shim";
import type { JobReportQuery } from "./job-control";
import { PosixSignalLayer, UNBLOCKABLE } from "./layer";
import type { JobReport } from "./state";

/** Installs `mask` as `thread`'s signal mask from one of its syscalls; see the module documentation. */
export function setSignalMask(shim: PosixShim, thread: PosixThread, mask: bigint): void {
  const layer = shim.signalLayer;
  if (layer instanceof PosixSignalLayer) layer.setBlocked(thread, mask, true);
  else thread.signalMask = BigInt.asUintN(64, mask) & ~UNBLOCKABLE;
}

/**
 * The stop or continue of `child` that waitid reports, consuming it unless `query.consume` is false
 * (WNOWAIT); undefined when there is none to report.
 */
export function childJobReport(shim: PosixShim, child: PosixProcess, query: JobReportQuery): JobReport | undefined {
  const layer = shim.signalLayer;
  return layer instanceof PosixSignalLayer ? layer.jobReport(child, query) : undefined;
}
