/**
 * Job control as far as the exit status shows it: a stop signal's default action stops every thread
 * of the process (they are parked until SIGCONT or death), the parent gets SIGCHLD with CLD_STOPPED
 * (unless its SIGCHLD action is SIG_IGN or has SA_NOCLDSTOP) and waitid(WSTOPPED) reports the stop
 * once; SIGCONT — sent, whatever its disposition — resumes the threads, discards pending stop
 * signals, sends CLD_CONTINUED and leaves a WCONTINUED report. A stop signal other than SIGSTOP is
 * discarded in an orphaned process group (no terminal could ever continue it), as Linux does.
 *
 * Linux notifies the parent of a continue from the continued process's next return to user mode;
 * here it happens when SIGCONT is sent — the same notification, a little earlier.
 *
 * @module
 */
import { Events } from "@litebox-ts/core";
import { SaFlags, SiCode, SigHandler, Signal } from "../abi/signals";
import type { PosixProcess } from "../process/posix-process";
import type { PosixThread } from "../process/posix-thread";
import { signalBit } from "../process/signal-state";
import type { PosixShim } from "../shim/posix-shim";
import { PROCESS_SIGNALS, THREAD_SIGNALS, type JobReport } from "./state";

/** SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
export const STOP_SIGNALS =
  signalBit(Signal.SIGSTOP) | signalBit(Signal.SIGTSTP) | signalBit(Signal.SIGTTIN) | signalBit(Signal.SIGTTOU);

/** True for a signal whose default action stops the process. */
export function isStopSignal(signal: number): boolean {
  return (STOP_SIGNALS & signalBit(signal)) !== 0n;
}

/** Removes the signals of `mask` from the process's and every thread's pending set. */
export function flushPending(process: PosixProcess, mask: bigint): void {
  process.ext(PROCESS_SIGNALS).pending.flush(mask);
  for (const thread of process.threads) thread.ext(THREAD_SIGNALS).pending.flush(mask);
}

/** `do_notify_parent_cldstop`: SIGCHLD with CLD_STOPPED / CLD_CONTINUED, and a wake-up of waitid. */
function notifyParent(shim: PosixShim, child: PosixProcess, report: JobReport): void {
  const parentPid = shim.litebox.processRegistry().getParent(child.pid) as number | undefined;
  if (parentPid === undefined) return;
  if (parentPid === 1) {
    shim.processes.init.childEvents.notify(Events.IN);
    return;
  }
  const parent = shim.processes.process(parentPid);
  if (parent === undefined) return;
  const action = parent.signalActions.get(Signal.SIGCHLD);
  if (action.handler !== SigHandler.SIG_IGN && (action.flags & SaFlags.SA_NOCLDSTOP) === 0) {
    shim.sendSignal(parent, Signal.SIGCHLD, {
      code: report.code,
      pid: child.id,
      uid: child.credentials.uid,
      status: report.status,
    });
  }
  parent.childEvents.notify(Events.IN);
}

/**
 * The group stop (`do_signal_stop`), started by `thread` taking stop signal `signal`: the process is
 * stopped, its other threads are asked to park at their next return to user mode, and the parent is
 * told.
 */
export function stopProcess(shim: PosixShim, thread: PosixThread, signal: number): void {
  const process = thread.process;
  const job = process.ext(PROCESS_SIGNALS).job;
  if (job.stopped) return;
  job.stopped = true;
  job.stopSignal = signal;
  job.report = { code: SiCode.CLD_STOPPED, status: signal };
  for (const other of process.threads) if (other !== thread) shim.scheduler.requestInterrupt(other.guest);
  notifyParent(shim, process, job.report);
}

/** SIGCONT's immediate effect (`prepare_signal`): a stopped process resumes and its parent is told. */
export function continueProcess(shim: PosixShim, process: PosixProcess): void {
  flushPending(process, STOP_SIGNALS);
  const job = process.ext(PROCESS_SIGNALS).job;
  if (!job.stopped) return;
  job.stopped = false;
  job.report = { code: SiCode.CLD_CONTINUED, status: Signal.SIGCONT };
  for (const wake of [...job.parked]) wake();
  notifyParent(shim, process, job.report);
}

/**
 * Parks `thread` while its process is stopped: resolves on SIGCONT, or when the thread's interrupt
 * hook fires (SIGKILL ends a stopped process; the caller then finds the thread dead).
 */
export function parkWhileStopped(thread: PosixThread): Promise<void> {
  const job = thread.process.ext(PROCESS_SIGNALS).job;
  const latch = thread.guest.interruptLatch;
  latch.clear();
  return new Promise<void>((resolve) => {
    let unsubscribe = (): void => {};
    const wake = (): void => {
      job.parked.delete(wake);
      unsubscribe();
      resolve();
    };
    job.parked.add(wake);
    unsubscribe = latch.subscribe(wake);
    thread.guest.waitingOn = `stopped by signal ${job.stopSignal} (pid ${thread.process.id} tid ${thread.tid})`;
  });
}

/**
 * `will_become_orphaned_pgrp`: true when no live member of `process`'s group has a parent in another
 * group of the same session (a parent that is init does not count).
 */
export function isProcessGroupOrphaned(shim: PosixShim, process: PosixProcess): boolean {
  const registry = shim.litebox.processRegistry();
  for (const member of shim.processes.inGroup(process.pgid)) {
    if (member.state !== "running") continue;
    const parentPid = registry.getParent(member.pid) as number | undefined;
    if (parentPid === undefined || parentPid === 1) continue;
    const parent = shim.processes.process(parentPid);
    if (parent !== undefined && parent.pgid !== member.pgid && parent.sid === member.sid) return false;
  }
  return true;
}

/** Which state changes a waitid call asks for, and whether it consumes what it reports. */
export interface JobReportQuery {
  /** WSTOPPED (WUNTRACED). */
  readonly stopped: boolean;
  /** WCONTINUED. */
  readonly continued: boolean;
  /** False with WNOWAIT: the report stays for the next call. */
  readonly consume: boolean;
}

/**
 * The stop or continue of `child` that waitid should report (si_code CLD_STOPPED / CLD_CONTINUED,
 * si_status the stop signal / SIGCONT), or undefined. A stop is reported only while the child is
 * still stopped; each report is given once unless WNOWAIT.
 */
export function takeJobReport(child: PosixProcess, query: JobReportQuery): JobReport | undefined {
  if (child.state !== "running") return undefined;
  const job = child.ext(PROCESS_SIGNALS).job;
  const report = job.report;
  if (report === undefined) return undefined;
  const wanted = report.code === SiCode.CLD_STOPPED ? query.stopped && job.stopped : query.continued;
  if (!wanted) return undefined;
  if (query.consume) job.report = undefined;
  return report;
}
