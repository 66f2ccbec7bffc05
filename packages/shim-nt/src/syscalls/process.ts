/**
 * Process syscalls: NtCreateUserProcess (its argument block is the README's `NT_CREATE_PROCESS`),
 * NtOpenProcess, NtTerminateProcess, NtQueryInformationProcess (ProcessBasicInformation).
 *
 * @module
 */
import type { ProcessId } from "@litebox-ts/core";
import {
  ObjectAttributes,
  ProcessAccess,
  ProcessCreateFlags,
  ProcessInformationClass,
  STILL_ACTIVE,
  StdHandleFlags,
  ThreadCreateFlags,
} from "../abi/constants";
import { NtStatus } from "../abi/status";
import { HandleAttribute } from "../handles/handle-table";
import { u32Record } from "../memory/guest-memory";
import { PROCESS_MAPPING, THREAD_MAPPING, mapAccess } from "../objects/access";
import { createUserProcess } from "../process/create-process";
import { MAX_PROCESS_STRING } from "../process/layout";
import { PROCESS_OBJECT } from "../process/process";
import { THREAD_EXIT, writeOptionalU32, type SyscallHandler } from "./context";

/** Field offsets of the NtCreateUserProcess argument block (all u32). */
export const CreateProcessBlock = {
  ImagePath: 0,
  CommandLine: 4,
  ProcessFlags: 8,
  ThreadFlags: 12,
  ProcessDesiredAccess: 16,
  ThreadDesiredAccess: 20,
  ProcessHandleAttributes: 24,
  ThreadHandleAttributes: 28,
  StdHandleFlags: 32,
  StdInput: 36,
  StdOutput: 40,
  StdError: 44,
  ParentProcess: 48,
  HandleList: 52,
  HandleCount: 56,
  /** Out: the new process's handle. */
  ProcessHandle: 60,
  /** Out: the new thread's handle. */
  ThreadHandle: 64,
  /** Out: the new process's id. */
  ProcessId: 68,
  /** Out: the new thread's id. */
  ThreadId: 72,
  Size: 76,
} as const;

/** The most handles an explicit inheritance list may name. */
export const MAX_HANDLE_LIST = 1024;

/** Turns OBJ_INHERIT into the handle attribute. */
export function inheritAttribute(objectAttributes: number): number {
  return (objectAttributes & ObjectAttributes.INHERIT) !== 0 ? HandleAttribute.INHERIT : 0;
}

/** NtCreateUserProcess(a0 = *NT_CREATE_PROCESS block). */
const ntCreateUserProcess: SyscallHandler = (context) => {
  const { kernel, process, memory, args } = context;
  const blockPtr = args[0];
  const block = memory.readU32Array(blockPtr, CreateProcessBlock.Size / 4);
  if (!block.ok) return block.error;
  const field = (offset: number): number => block.value[offset / 4]!;
  if (memory.probeWrite(blockPtr + CreateProcessBlock.ProcessHandle, 16) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  const processFlags = field(CreateProcessBlock.ProcessFlags);
  const threadFlags = field(CreateProcessBlock.ThreadFlags);
  if ((processFlags & ~(ProcessCreateFlags.BREAKAWAY | ProcessCreateFlags.INHERIT_HANDLES)) !== 0) return NtStatus.INVALID_PARAMETER;
  if ((threadFlags & ~ThreadCreateFlags.CREATE_SUSPENDED) !== 0) return NtStatus.INVALID_PARAMETER;
  const image = memory.readString(field(CreateProcessBlock.ImagePath), MAX_PROCESS_STRING);
  if (!image.ok) return image.error;
  let commandLine = image.value;
  if (field(CreateProcessBlock.CommandLine) !== 0) {
    const read = memory.readString(field(CreateProcessBlock.CommandLine), MAX_PROCESS_STRING);
    if (!read.ok) return read.error;
    commandLine = read.value;
  }
  let parent = process;
  if (field(CreateProcessBlock.ParentProcess) !== 0) {
    const resolved = kernel.resolveProcess(process, field(CreateProcessBlock.ParentProcess), ProcessAccess.CREATE_PROCESS);
    if (!resolved.ok) return resolved.error;
    parent = resolved.value;
  }
  let handleList: number[] | undefined;
  const count = field(CreateProcessBlock.HandleCount);
  if (field(CreateProcessBlock.HandleList) !== 0) {
    if (count === 0 || count > MAX_HANDLE_LIST) return NtStatus.INVALID_PARAMETER;
    const list = memory.readU32Array(field(CreateProcessBlock.HandleList), count);
    if (!list.ok) return list.error;
    handleList = list.value;
  }
  const useStd = (field(CreateProcessBlock.StdHandleFlags) & StdHandleFlags.USE_STD_HANDLES) !== 0;
  const created = createUserProcess(kernel, {
    creator: process,
    parent,
    imagePath: image.value,
    commandLine,
    inheritHandles: (processFlags & ProcessCreateFlags.INHERIT_HANDLES) !== 0,
    handleList,
    stdHandles: useStd
      ? { input: field(CreateProcessBlock.StdInput), output: field(CreateProcessBlock.StdOutput), error: field(CreateProcessBlock.StdError) }
      : undefined,
    breakaway: (processFlags & ProcessCreateFlags.BREAKAWAY) !== 0,
    suspended: (threadFlags & ThreadCreateFlags.CREATE_SUSPENDED) !== 0,
    processAccess: mapAccess(field(CreateProcessBlock.ProcessDesiredAccess), PROCESS_MAPPING),
    threadAccess: mapAccess(field(CreateProcessBlock.ThreadDesiredAccess), THREAD_MAPPING),
    processAttributes: inheritAttribute(field(CreateProcessBlock.ProcessHandleAttributes)),
    threadAttributes: inheritAttribute(field(CreateProcessBlock.ThreadHandleAttributes)),
  });
  if (!created.ok) return created.error;
  const out = u32Record([created.value.processHandle, created.value.threadHandle, created.value.process.pid, created.value.thread.tid]);
  return memory.write(blockPtr + CreateProcessBlock.ProcessHandle, out);
};

/** NtOpenProcess(a0 = *handle, a1 = desired access, a2 = handle attributes, a3 = process id). */
const ntOpenProcess: SyscallHandler = ({ kernel, process, args, memory }) => {
  const [handlePtr, desired, attributes, pid] = args;
  if (memory.probeWrite(handlePtr, 4) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  const target = kernel.processes.get(pid as ProcessId);
  if (pid === 0 || target === undefined || target.state === "aborted") return NtStatus.INVALID_CID;
  const handle = process.handles.insert(PROCESS_OBJECT, target, mapAccess(desired, PROCESS_MAPPING), inheritAttribute(attributes));
  if (!handle.ok) return handle.error;
  return memory.writeU32(handlePtr, handle.value);
};

/**
 * NtTerminateProcess(a0 = process, a1 = exit status). A process that has already exited answers
 * PROCESS_IS_TERMINATING (ERROR_ACCESS_DENIED, as TerminateProcess on Windows).
 */
const ntTerminateProcess: SyscallHandler = ({ kernel, process, args }) => {
  const target = kernel.resolveProcess(process, args[0], ProcessAccess.TERMINATE);
  if (!target.ok) return target.error;
  if (target.value.state !== "running") return NtStatus.PROCESS_IS_TERMINATING;
  kernel.terminateProcess(target.value, args[1]);
  return target.value === process ? THREAD_EXIT : NtStatus.SUCCESS;
};

/** Bytes of PROCESS_BASIC_INFORMATION on rv32. */
const PROCESS_BASIC_INFORMATION_SIZE = 24;

/** NtQueryInformationProcess(a0 = process, a1 = class, a2 = buffer, a3 = length, a4 = *return length). */
const ntQueryInformationProcess: SyscallHandler = (context) => {
  const { kernel, process, args, memory } = context;
  const [handle, infoClass, buffer, length, returnLength] = args;
  const target = kernel.resolveProcess(process, handle, 0);
  if (!target.ok) return target.error;
  if (handle !== 0xffff_ffff) {
    const entry = process.handles.get(handle);
    const access = entry.ok ? entry.value.access : 0;
    if ((access & (ProcessAccess.QUERY_INFORMATION | ProcessAccess.QUERY_LIMITED_INFORMATION)) === 0) return NtStatus.ACCESS_DENIED;
  }
  if (infoClass !== ProcessInformationClass.ProcessBasicInformation) return NtStatus.INVALID_INFO_CLASS;
  if (length !== PROCESS_BASIC_INFORMATION_SIZE) return NtStatus.INFO_LENGTH_MISMATCH;
  const p = target.value;
  const record = u32Record([p.state === "running" ? STILL_ACTIVE : p.exitStatus, p.peb, 1, 8, p.pid, p.parentPid]);
  if (memory.write(buffer, record) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  return writeOptionalU32(context, returnLength, PROCESS_BASIC_INFORMATION_SIZE);
};

/** The process syscalls by name. */
export const PROCESS_SYSCALLS = {
  NtCreateUserProcess: ntCreateUserProcess,
  NtOpenProcess: ntOpenProcess,
  NtTerminateProcess: ntTerminateProcess,
  NtQueryInformationProcess: ntQueryInformationProcess,
} as const;
