/**
 * Thread syscalls: NtCreateThreadEx (also into another process), NtOpenThread, NtTerminateThread,
 * NtQueryInformationThread (ThreadBasicInformation: exit status, TEB, client id), NtResumeThread,
 * NtSuspendThread, NtAlertThread, NtQueueApcThread, NtTestAlert, NtContinue.
 *
 * @module
 */
import { ProcessAccess, STILL_ACTIVE, ThreadAccess, ThreadCreateFlags, ThreadInformationClass } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { u32Record } from "../memory/guest-memory";
import { THREAD_MAPPING, mapAccess } from "../objects/access";
import { MAXIMUM_SUSPEND_COUNT, THREAD_OBJECT, type NtThread } from "../process/thread";
import type { NtKernel } from "../kernel";
import { continueAfterApc, deliverApc, refreshAlertLatch } from "./apc";
import { THREAD_EXIT, writeOptionalU32, type SyscallHandler } from "./context";
import { inheritAttribute } from "./process";

/** Field offsets of the NtCreateThreadEx argument block (all u32). */
export const CreateThreadBlock = {
  /** THREAD_CREATE_FLAGS_CREATE_SUSPENDED. */
  CreateFlags: 0,
  /** Stack bytes (0: the default). */
  StackSize: 4,
  /** Passed in a1. */
  Context: 8,
  /** Out (optional): the thread id. */
  ThreadIdPointer: 12,
  /** OBJ_INHERIT for the new handle. */
  HandleAttributes: 16,
  Size: 20,
} as const;

/** Removes a thread that never ran (its handle could not be created). */
function abortThread(kernel: NtKernel, thread: NtThread): void {
  thread.state = "terminated";
  if (thread.guest) kernel.scheduler.terminate(thread.guest);
  thread.process.threads.delete(thread);
  kernel.threads.delete(thread.tid);
  if (thread.stackBase !== 0) thread.process.vm.releaseRegion(thread.stackBase);
  thread.process.vm.releaseRegion(thread.teb);
}

/**
 * NtCreateThreadEx(a0 = *handle, a1 = desired access, a2 = process, a3 = start routine, a4 = argument
 * (a0 at start), a5 = *NT_CREATE_THREAD block or NULL). The thread starts with ra at the system
 * page's exit trampoline: returning from the start routine ends the thread with the returned value.
 */
const ntCreateThreadEx: SyscallHandler = ({ kernel, thread, process, args, memory }) => {
  const [handlePtr, desired, processHandle, start, argument, blockPtr] = args;
  if (memory.probeWrite(handlePtr, 4) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  let block = [0, 0, 0, 0, 0];
  if (blockPtr !== 0) {
    const read = memory.readU32Array(blockPtr, CreateThreadBlock.Size / 4);
    if (!read.ok) return read.error;
    block = read.value;
  }
  const [flags, stackSize, contextValue, tidPtr, attributes] = block as [number, number, number, number, number];
  if ((flags & ~ThreadCreateFlags.CREATE_SUSPENDED) !== 0) return NtStatus.INVALID_PARAMETER;
  if (tidPtr !== 0 && memory.probeWrite(tidPtr, 4) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  const target = kernel.resolveProcess(process, processHandle, ProcessAccess.CREATE_THREAD);
  if (!target.ok) return target.error;
  if (target.value.state !== "running") return NtStatus.PROCESS_IS_TERMINATING;
  if (stackSize > target.value.vm.range.end) return NtStatus.NO_MEMORY;
  // The image's global pointer: the caller's own for a local thread, any thread's of the target otherwise.
  const donor = target.value === process ? thread : [...target.value.threads][0];
  const gp = donor?.guest?.cpu.getRegister(3) ?? 0;
  const created = kernel.createThread(target.value, {
    pc: start,
    sp: 0,
    stackSize,
    arguments: [argument, contextValue],
    gp,
    suspended: true,
  });
  if (!created.ok) return created.error;
  const handle = process.handles.insert(THREAD_OBJECT, created.value, mapAccess(desired, THREAD_MAPPING), inheritAttribute(attributes));
  if (!handle.ok) {
    abortThread(kernel, created.value);
    return handle.error;
  }
  memory.writeU32(handlePtr, handle.value);
  if (tidPtr !== 0) memory.writeU32(tidPtr, created.value.tid);
  if ((flags & ThreadCreateFlags.CREATE_SUSPENDED) === 0) created.value.suspendCount = 0;
  return NtStatus.SUCCESS;
};

/** NtOpenThread(a0 = *handle, a1 = desired access, a2 = handle attributes, a3 = thread id). */
const ntOpenThread: SyscallHandler = ({ kernel, process, args, memory }) => {
  const [handlePtr, desired, attributes, tid] = args;
  if (memory.probeWrite(handlePtr, 4) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  const target = kernel.threads.get(tid);
  if (tid === 0 || target === undefined) return NtStatus.INVALID_CID;
  const handle = process.handles.insert(THREAD_OBJECT, target, mapAccess(desired, THREAD_MAPPING), inheritAttribute(attributes));
  if (!handle.ok) return handle.error;
  return memory.writeU32(handlePtr, handle.value);
};

/** NtTerminateThread(a0 = thread, a1 = exit status). The last thread of a process ends the process. */
const ntTerminateThread: SyscallHandler = ({ kernel, thread, args }) => {
  const target = kernel.resolveThread(thread, args[0], ThreadAccess.TERMINATE);
  if (!target.ok) return target.error;
  if (target.value.state === "terminated") return NtStatus.THREAD_IS_TERMINATING;
  kernel.terminateThread(target.value, args[1]);
  return target.value === thread || thread.state === "terminated" ? THREAD_EXIT : NtStatus.SUCCESS;
};

/** Bytes of THREAD_BASIC_INFORMATION on rv32. */
const THREAD_BASIC_INFORMATION_SIZE = 28;

/** NtQueryInformationThread(a0 = thread, a1 = class, a2 = buffer, a3 = length, a4 = *return length). */
const ntQueryInformationThread: SyscallHandler = (context) => {
  const { kernel, thread, process, args, memory } = context;
  const [handle, infoClass, buffer, length, returnLength] = args;
  const target = kernel.resolveThread(thread, handle, 0);
  if (!target.ok) return target.error;
  if (handle !== 0xffff_fffe) {
    const entry = process.handles.get(handle);
    const access = entry.ok ? entry.value.access : 0;
    if ((access & (ThreadAccess.QUERY_INFORMATION | ThreadAccess.QUERY_LIMITED_INFORMATION)) === 0) return NtStatus.ACCESS_DENIED;
  }
  if (infoClass !== ThreadInformationClass.ThreadBasicInformation) return NtStatus.INVALID_INFO_CLASS;
  if (length !== THREAD_BASIC_INFORMATION_SIZE) return NtStatus.INFO_LENGTH_MISMATCH;
  const t = target.value;
  const record = u32Record([t.state === "running" ? STILL_ACTIVE : t.exitStatus, t.teb, t.process.pid, t.tid, 1, 8, 8]);
  if (memory.write(buffer, record) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  return writeOptionalU32(context, returnLength, THREAD_BASIC_INFORMATION_SIZE);
};

/** NtResumeThread(a0 = thread, a1 = *previous suspend count). */
const ntResumeThread: SyscallHandler = (context) => {
  const { kernel, thread, args } = context;
  const target = kernel.resolveThread(thread, args[0], ThreadAccess.SUSPEND_RESUME);
  if (!target.ok) return target.error;
  const t = target.value;
  const previous = t.suspendCount;
  if (previous > 0) {
    t.suspendCount--;
    if (t.suspendCount === 0) t.releaseResumeWaiters("resume");
  }
  return writeOptionalU32(context, args[1], previous);
};

/** NtSuspendThread(a0 = thread, a1 = *previous suspend count). The thread stops before its next guest instruction. */
const ntSuspendThread: SyscallHandler = (context) => {
  const { kernel, thread, args } = context;
  const target = kernel.resolveThread(thread, args[0], ThreadAccess.SUSPEND_RESUME);
  if (!target.ok) return target.error;
  const t = target.value;
  if (t.state === "terminated") return NtStatus.THREAD_IS_TERMINATING;
  if (t.suspendCount >= MAXIMUM_SUSPEND_COUNT) return NtStatus.SUSPEND_COUNT_EXCEEDED;
  const previous = t.suspendCount++;
  // A runnable thread is stopped through the scheduler's interrupt entry; a parked one (in a wait)
  // parks again when its call completes; the caller itself parks when this call returns.
  if (t !== thread && t.guest !== undefined && t.guest.state !== "parked") kernel.scheduler.requestInterrupt(t.guest);
  return writeOptionalU32(context, args[1], previous);
};

/** NtAlertThread(a0 = thread). */
const ntAlertThread: SyscallHandler = ({ kernel, thread, args }) => {
  const target = kernel.resolveThread(thread, args[0], ThreadAccess.ALERT);
  if (!target.ok) return target.error;
  if (target.value.state === "terminated") return NtStatus.THREAD_IS_TERMINATING;
  target.value.alerted = true;
  refreshAlertLatch(target.value);
  return NtStatus.SUCCESS;
};

/** NtQueueApcThread(a0 = thread, a1 = routine, a2..a4 = its three arguments). */
const ntQueueApcThread: SyscallHandler = ({ kernel, thread, args }) => {
  const target = kernel.resolveThread(thread, args[0], ThreadAccess.SET_CONTEXT);
  if (!target.ok) return target.error;
  if (args[1] === 0) return NtStatus.INVALID_PARAMETER;
  if (target.value.state === "terminated") return NtStatus.THREAD_IS_TERMINATING;
  target.value.apcQueue.push({ routine: args[1], arguments: [args[2], args[3], args[4]] });
  refreshAlertLatch(target.value);
  return NtStatus.SUCCESS;
};

/** NtTestAlert(): runs queued APCs (then returns SUCCESS), or consumes a pending alert (ALERTED). */
const ntTestAlert: SyscallHandler = ({ thread }) => {
  if (thread.apcQueue.length > 0) return deliverApc(thread, NtStatus.SUCCESS, true);
  if (thread.alerted) {
    thread.alerted = false;
    refreshAlertLatch(thread);
    return NtStatus.ALERTED;
  }
  return NtStatus.SUCCESS;
};

/** NtContinue(): where an APC routine returns (through the system page). */
const ntContinue: SyscallHandler = ({ thread }) => continueAfterApc(thread);

/** The thread syscalls by name. */
export const THREAD_SYSCALLS = {
  NtCreateThreadEx: ntCreateThreadEx,
  NtOpenThread: ntOpenThread,
  NtTerminateThread: ntTerminateThread,
  NtQueryInformationThread: ntQueryInformationThread,
  NtResumeThread: ntResumeThread,
  NtSuspendThread: ntSuspendThread,
  NtAlertThread: ntAlertThread,
  NtQueueApcThread: ntQueueApcThread,
  NtTestAlert: ntTestAlert,
  NtContinue: ntContinue,
} as const;
