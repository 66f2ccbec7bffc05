/**
 * Wait syscalls: NtWaitForSingleObject, NtWaitForMultipleObjects, NtDelayExecution,
 * NtYieldExecution, NtQuerySystemTime.
 *
 * @module
 */
import { MAXIMUM_WAIT_OBJECTS, WaitType } from "../abi/constants";
import { NtStatus } from "../abi/status";
import type { Waitable } from "../objects/kernel-object";
import { readDeadline } from "../wait/timeout";
import { waitForObjects } from "../wait/wait";
import type { SyscallHandler } from "./context";

/** NtWaitForSingleObject(a0 = handle, a1 = alertable, a2 = *timeout or NULL). */
const ntWaitForSingleObject: SyscallHandler = ({ kernel, thread, args, memory }) => {
  const [handle, alertable, timeoutPtr] = args;
  const object = kernel.resolveWaitable(thread, handle);
  if (!object.ok) return object.error;
  const deadline = readDeadline(kernel, memory, timeoutPtr);
  if (!deadline.ok) return deadline.error;
  return waitForObjects(kernel, thread, [object.value], "any", alertable !== 0, deadline.value);
};

/** NtWaitForMultipleObjects(a0 = count, a1 = *handles, a2 = wait type, a3 = alertable, a4 = *timeout or NULL). */
const ntWaitForMultipleObjects: SyscallHandler = ({ kernel, thread, args, memory }) => {
  const [count, handlesPtr, waitType, alertable, timeoutPtr] = args;
  if (count === 0 || count > MAXIMUM_WAIT_OBJECTS) return NtStatus.INVALID_PARAMETER_1;
  if (waitType !== WaitType.WaitAll && waitType !== WaitType.WaitAny) return NtStatus.INVALID_PARAMETER_3;
  const handles = memory.readU32Array(handlesPtr, count);
  if (!handles.ok) return handles.error;
  const objects: Waitable[] = [];
  for (const handle of handles.value) {
    const object = kernel.resolveWaitable(thread, handle);
    if (!object.ok) return object.error;
    objects.push(object.value);
  }
  // Wait-all on one object twice could never be satisfied atomically: NT refuses it.
  if (waitType === WaitType.WaitAll && new Set(objects).size !== objects.length) return NtStatus.INVALID_PARAMETER_MIX;
  const deadline = readDeadline(kernel, memory, timeoutPtr);
  if (!deadline.ok) return deadline.error;
  return waitForObjects(kernel, thread, objects, waitType === WaitType.WaitAll ? "all" : "any", alertable !== 0, deadline.value);
};

/** NtDelayExecution(a0 = alertable, a1 = *interval): sleeps; alertable sleeps end early on APCs and alerts. */
const ntDelayExecution: SyscallHandler = ({ kernel, thread, args, memory }) => {
  const [alertable, intervalPtr] = args;
  if (intervalPtr === 0) return NtStatus.ACCESS_VIOLATION;
  const deadline = readDeadline(kernel, memory, intervalPtr);
  if (!deadline.ok) return deadline.error;
  return waitForObjects(kernel, thread, [], "any", alertable !== 0, deadline.value);
};

/** NtYieldExecution(): lets the other runnable threads run first. */
const ntYieldExecution: SyscallHandler = () => Promise.resolve(NtStatus.SUCCESS);

/** NtQuerySystemTime(a0 = *LARGE_INTEGER): 100 ns units since 1601, on the platform's clock. */
const ntQuerySystemTime: SyscallHandler = ({ kernel, args, memory }) => memory.writeI64(args[0], kernel.systemTime());

/** The wait syscalls by name. */
export const WAIT_SYSCALLS = {
  NtWaitForSingleObject: ntWaitForSingleObject,
  NtWaitForMultipleObjects: ntWaitForMultipleObjects,
  NtDelayExecution: ntDelayExecution,
  NtYieldExecution: ntYieldExecution,
  NtQuerySystemTime: ntQuerySystemTime,
} as const;
