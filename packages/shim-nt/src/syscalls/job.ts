/**
 * Job syscalls: NtCreateJobObject, NtAssignProcessToJobObject, NtTerminateJobObject,
 * NtIsProcessInJob, NtQueryInformationJobObject (basic accounting, basic and extended limits, the
 * process-id list) and NtSetInformationJobObject (basic and extended limits).
 *
 * @module
 */
import { JobAccess, JobInformationClass, JobLimit, ProcessAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { JOB_OBJECT, NtJob, SUPPORTED_JOB_LIMITS } from "../jobs/job";
import { planAssignment } from "../jobs/placement";
import { u32Record } from "../memory/guest-memory";
import { JOB_MAPPING, mapAccess } from "../objects/access";
import { THREAD_EXIT, writeOptionalU32, type SyscallContext, type SyscallHandler } from "./context";
import { inheritAttribute } from "./process";

/** Sizes of the job information structures on rv32 (LARGE_INTEGER members make them 8-aligned). */
export const JobInformationSize = {
  BasicAccounting: 48,
  BasicLimit: 48,
  ExtendedLimit: 112,
  ProcessIdListHeader: 8,
} as const;

/** Offsets inside JOBOBJECT_BASIC_LIMIT_INFORMATION. */
const LimitOffset = { LimitFlags: 16, ActiveProcessLimit: 28 } as const;

/** Flags the basic and extended classes accept (JOB_OBJECT_{BASIC,EXTENDED}_LIMIT_VALID_FLAGS). */
const BASIC_VALID_FLAGS = 0x0000_00ff;
const EXTENDED_VALID_FLAGS = 0x0000_7fff;

/** NtCreateJobObject(a0 = *handle, a1 = desired access, a2 = handle attributes). */
const ntCreateJobObject: SyscallHandler = ({ kernel, process, args, memory }) => {
  const [handlePtr, desired, attributes] = args;
  if (memory.probeWrite(handlePtr, 4) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  const job = new NtJob((j) => {
    if ((j.limitFlags & JobLimit.KILL_ON_JOB_CLOSE) !== 0) kernel.terminateJob(j, 0);
  });
  const handle = process.handles.insert(JOB_OBJECT, job, mapAccess(desired, JOB_MAPPING), inheritAttribute(attributes));
  if (!handle.ok) return handle.error;
  return memory.writeU32(handlePtr, handle.value);
};

/**
 * NtAssignProcessToJobObject(a0 = job, a1 = process). An exited process, or one in an unrelated job:
 * ACCESS_DENIED. A job at its active-process limit: QUOTA_EXCEEDED, and the process is terminated
 * with that status (AssignProcessToJobObject's documented behaviour).
 */
const ntAssignProcessToJobObject: SyscallHandler = ({ kernel, process, args }) => {
  const job = process.handles.lookup(args[0], JOB_OBJECT, JobAccess.ASSIGN_PROCESS);
  if (!job.ok) return job.error;
  const target = kernel.resolveProcess(process, args[1], ProcessAccess.SET_QUOTA | ProcessAccess.TERMINATE);
  if (!target.ok) return target.error;
  const plan = planAssignment(target.value, job.value.object);
  if (!plan.ok) {
    if (plan.error === NtStatus.QUOTA_EXCEEDED) {
      kernel.terminateProcess(target.value, NtStatus.QUOTA_EXCEEDED);
      if (target.value === process) return THREAD_EXIT;
    }
    return plan.error;
  }
  if (plan.value.kind === "join") {
    const nestUnder = plan.value.nestUnder;
    if (nestUnder !== undefined) {
      job.value.object.parent = nestUnder;
      nestUnder.children.add(job.value.object);
    }
    kernel.joinJob(target.value, job.value.object);
  }
  return NtStatus.SUCCESS;
};

/** NtTerminateJobObject(a0 = job, a1 = exit status): every active process of the job (and nested jobs). */
const ntTerminateJobObject: SyscallHandler = ({ kernel, process, args }) => {
  const job = process.handles.lookup(args[0], JOB_OBJECT, JobAccess.TERMINATE);
  if (!job.ok) return job.error;
  kernel.terminateJob(job.value.object, args[1]);
  return process.state === "running" ? NtStatus.SUCCESS : THREAD_EXIT;
};

/** NtIsProcessInJob(a0 = process, a1 = job or 0 for "any job"): PROCESS_IN_JOB / PROCESS_NOT_IN_JOB. */
const ntIsProcessInJob: SyscallHandler = ({ kernel, process, args }) => {
  const target = kernel.resolveProcess(process, args[0], ProcessAccess.QUERY_LIMITED_INFORMATION);
  if (!target.ok) {
    // PROCESS_QUERY_INFORMATION is enough too.
    const full = kernel.resolveProcess(process, args[0], ProcessAccess.QUERY_INFORMATION);
    if (!full.ok) return target.error;
    return inJob(full.value.jobChain(), args[1], process);
  }
  return inJob(target.value.jobChain(), args[1], process);
};

function inJob(chain: NtJob[], jobHandle: number, caller: SyscallContext["process"]): NtStatus {
  if (jobHandle === 0) return chain.length > 0 ? NtStatus.PROCESS_IN_JOB : NtStatus.PROCESS_NOT_IN_JOB;
  const job = caller.handles.lookup(jobHandle, JOB_OBJECT, JobAccess.QUERY);
  if (!job.ok) return job.error;
  return chain.includes(job.value.object) ? NtStatus.PROCESS_IN_JOB : NtStatus.PROCESS_NOT_IN_JOB;
}

function limitRecord(job: NtJob, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(LimitOffset.LimitFlags, job.limitFlags, true);
  view.setUint32(LimitOffset.ActiveProcessLimit, job.activeProcessLimit, true);
  return bytes;
}

/** NtQueryInformationJobObject(a0 = job, a1 = class, a2 = buffer, a3 = length, a4 = *return length). */
const ntQueryInformationJobObject: SyscallHandler = (context) => {
  const { process, args, memory } = context;
  const [handle, infoClass, buffer, length, returnLength] = args;
  const found = process.handles.lookup(handle, JOB_OBJECT, JobAccess.QUERY);
  if (!found.ok) return found.error;
  const job = found.value.object;
  let bytes: Uint8Array;
  let status: NtStatus = NtStatus.SUCCESS;
  switch (infoClass) {
    case JobInformationClass.JobObjectBasicAccountingInformation: {
      if (length !== JobInformationSize.BasicAccounting) return NtStatus.INFO_LENGTH_MISMATCH;
      bytes = new Uint8Array(JobInformationSize.BasicAccounting);
      bytes.set(u32Record([0, job.totalProcesses, job.active.size, job.totalTerminatedProcesses]), 32);
      break;
    }
    case JobInformationClass.JobObjectBasicLimitInformation:
      if (length !== JobInformationSize.BasicLimit) return NtStatus.INFO_LENGTH_MISMATCH;
      bytes = limitRecord(job, JobInformationSize.BasicLimit);
      break;
    case JobInformationClass.JobObjectExtendedLimitInformation:
      if (length !== JobInformationSize.ExtendedLimit) return NtStatus.INFO_LENGTH_MISMATCH;
      bytes = limitRecord(job, JobInformationSize.ExtendedLimit);
      break;
    case JobInformationClass.JobObjectBasicProcessIdList: {
      if (length < JobInformationSize.ProcessIdListHeader) return NtStatus.INFO_LENGTH_MISMATCH;
      const ids = [...job.active].map((p) => p.pid as number);
      const room = Math.floor((length - JobInformationSize.ProcessIdListHeader) / 4);
      const listed = ids.slice(0, room);
      // A short buffer gets what fits and STATUS_BUFFER_OVERFLOW (ERROR_MORE_DATA).
      if (listed.length < ids.length) status = NtStatus.BUFFER_OVERFLOW;
      bytes = u32Record([ids.length, listed.length, ...listed]);
      break;
    }
    default:
      return NtStatus.INVALID_INFO_CLASS;
  }
  if (memory.write(buffer, bytes) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  const written = writeOptionalU32(context, returnLength, bytes.length);
  return written === NtStatus.SUCCESS ? status : written;
};

/** NtSetInformationJobObject(a0 = job, a1 = class (basic or extended limits), a2 = buffer, a3 = length). */
const ntSetInformationJobObject: SyscallHandler = ({ process, args, memory }) => {
  const [handle, infoClass, buffer, length] = args;
  const found = process.handles.lookup(handle, JOB_OBJECT, JobAccess.SET_ATTRIBUTES);
  if (!found.ok) return found.error;
  let valid: number;
  if (infoClass === JobInformationClass.JobObjectBasicLimitInformation) {
    if (length !== JobInformationSize.BasicLimit) return NtStatus.INFO_LENGTH_MISMATCH;
    valid = BASIC_VALID_FLAGS;
  } else if (infoClass === JobInformationClass.JobObjectExtendedLimitInformation) {
    if (length !== JobInformationSize.ExtendedLimit) return NtStatus.INFO_LENGTH_MISMATCH;
    valid = EXTENDED_VALID_FLAGS;
  } else {
    return NtStatus.INVALID_INFO_CLASS;
  }
  const flags = memory.readU32(buffer + LimitOffset.LimitFlags);
  if (!flags.ok) return flags.error;
  const limit = memory.readU32(buffer + LimitOffset.ActiveProcessLimit);
  if (!limit.ok) return limit.error;
  if ((flags.value & ~valid) !== 0) return NtStatus.INVALID_PARAMETER;
  // Limits this shim does not enforce (working sets, times, priorities…) are refused, not ignored.
  if ((flags.value & ~SUPPORTED_JOB_LIMITS) !== 0) return NtStatus.NOT_SUPPORTED;
  const job = found.value.object;
  job.limitFlags = flags.value;
  job.activeProcessLimit = (flags.value & JobLimit.ACTIVE_PROCESS) !== 0 ? limit.value : 0;
  return NtStatus.SUCCESS;
};

/** The job syscalls by name. */
export const JOB_SYSCALLS = {
  NtCreateJobObject: ntCreateJobObject,
  NtAssignProcessToJobObject: ntAssignProcessToJobObject,
  NtTerminateJobObject: ntTerminateJobObject,
  NtIsProcessInJob: ntIsProcessInJob,
  NtQueryInformationJobObject: ntQueryInformationJobObject,
  NtSetInformationJobObject: ntSetInformationJobObject,
} as const;
