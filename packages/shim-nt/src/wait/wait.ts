/**
 * Waits on objects (NtWaitForSingleObject, NtWaitForMultipleObjects, NtDelayExecution), on the core's
 * {@link WaitContext}: the attempt checks the objects (wait-any: the lowest signalled index, consuming
 * only that object; wait-all: all at once, consuming all), registration is each object's readiness
 * subject, the deadline is the timeout's, and the interrupt source is the thread's termination latch
 * plus, for alertable waits, its alert latch (alerts and queued APCs).
 *
 * @module
 */
import { Events, WAIT_TIMED_OUT, WaitContext, WOULD_BLOCK, isWaitFailure, type WaitResult } from "@litebox-ts/core";
import { NtStatus } from "../abi/status";
import type { NtKernel } from "../kernel";
import type { Waitable } from "../objects/kernel-object";
import type { NtThread } from "../process/thread";
import { anyInterrupt, deliverApc, refreshAlertLatch } from "../syscalls/apc";
import { THREAD_EXIT, type SyscallOutcome, type SyscallResult } from "../syscalls/context";

/** How a wait is satisfied. */
export type WaitMode = "any" | "all";

/** Tries the wait once: the status if satisfied (with the objects consumed), WOULD_BLOCK otherwise. */
export function tryWait(objects: readonly Waitable[], mode: WaitMode): NtStatus | typeof WOULD_BLOCK {
  if (mode === "any") {
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i]!;
      if (o.isSignalled()) {
        o.acquire();
        return NtStatus.WAIT_0 + i;
      }
    }
    return WOULD_BLOCK;
  }
  if (!objects.every((o) => o.isSignalled())) return WOULD_BLOCK;
  for (const o of objects) o.acquire();
  return NtStatus.WAIT_0;
}

/**
 * Waits until `objects` satisfy `mode`, the deadline passes (TIMEOUT), the thread is terminated, or
 * — when `alertable` — an APC (USER_APC, after running it) or an alert (ALERTED) arrives. A signalled
 * object wins over a pending alert, as in NT. With no objects it is a sleep (NtDelayExecution), which
 * ends with SUCCESS at its deadline.
 */
export function waitForObjects(
  kernel: NtKernel,
  thread: NtThread,
  objects: readonly Waitable[],
  mode: WaitMode,
  alertable: boolean,
  deadline: number | undefined,
): SyscallOutcome {
  const guest = thread.guest!;
  const interrupt = alertable ? anyInterrupt(guest.interruptLatch, thread.alertLatch) : guest.interruptLatch;
  const run = (): WaitResult<NtStatus> =>
    new WaitContext(kernel.time, deadline === undefined ? { interrupt } : { deadline, interrupt }).waitOnEvents(
      objects.map((pollable) => ({ pollable, interest: Events.IN })),
      () => (objects.length === 0 ? WOULD_BLOCK : tryWait(objects, mode)),
    );
  const settle = (value: Awaited<WaitResult<NtStatus>>): SyscallOutcome => {
    if (!isWaitFailure(value)) return value;
    if (thread.state === "terminated") return THREAD_EXIT;
    if (value === WAIT_TIMED_OUT) return objects.length === 0 ? NtStatus.SUCCESS : NtStatus.TIMEOUT;
    if (alertable && thread.apcQueue.length > 0) return deliverApc(thread, NtStatus.USER_APC, true);
    if (alertable && thread.alerted) {
      thread.alerted = false;
      refreshAlertLatch(thread);
      return NtStatus.ALERTED;
    }
    // An interrupt meant for the scheduler (a suspension request) is no reason to end the wait.
    guest.interruptLatch.clear();
    return continueWith(run());
  };
  const continueWith = (result: WaitResult<NtStatus>): SyscallOutcome =>
    result instanceof Promise ? result.then((v) => settle(v) as SyscallResult | Promise<SyscallResult>) : settle(result);
  return continueWith(run());
}
