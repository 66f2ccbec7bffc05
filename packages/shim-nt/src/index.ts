/**
 * LiteBox-TS NT shim: an NT-style syscall ABI (processes, handles, waits, jobs) for rv32 guests, on
 * the same core as the POSIX shim.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/shim-nt";

// the ABI
export { NtStatus, isNtStatus, ntError, ntSuccess } from "./abi/status";
export { NT_ABI_VERSION, NT_SYSCALL_NAMES, NtSyscall } from "./abi/syscalls";
export {
  ALLOCATION_GRANULARITY,
  CURRENT_PROCESS_HANDLE,
  CURRENT_THREAD_HANDLE,
  DuplicateOptions,
  EventAccess,
  EventType,
  FileAccess,
  HandleFlag,
  JobAccess,
  JobInformationClass,
  JobLimit,
  MAXIMUM_WAIT_OBJECTS,
  MemoryType,
  ObjectAttributes,
  ObjectInformationClass,
  ObjectKind,
  PageProtection,
  ProcessAccess,
  ProcessCreateFlags,
  ProcessInformationClass,
  STILL_ACTIVE,
  StandardAccess,
  StdHandleFlags,
  ThreadAccess,
  ThreadCreateFlags,
  ThreadInformationClass,
  WaitType,
} from "./abi/constants";
export { MAX_PROCESS_STRING, Peb, SystemPage, Teb } from "./process/layout";
export { CreateProcessBlock, MAX_HANDLE_LIST } from "./syscalls/process";
export { CreateThreadBlock } from "./syscalls/thread";
export { JobInformationSize } from "./syscalls/job";

// the shim
export { NtShim } from "./shim";
export type { StartOptions, StartedProcess } from "./shim";
export { DEFAULT_SYSTEM_TIME_ORIGIN, NtKernel } from "./kernel";
export type { CreateThreadOptions, NtKernelOptions } from "./kernel";
export { PROGRAM_ACCESS_DENIED, programsFromFileSystem, programsFromMap } from "./process/image";
export type { ImageLoadError, ImageLoadOptions, ImageLoadTarget, ImageLoader, LoadedImage, ProgramSource } from "./process/image";
export { HOST_STREAM_OBJECT, HostStream, OutputCollector } from "./host/host-stream";
export type { HostStreamOptions } from "./host/host-stream";

// objects and per-process state (for embedders and tests that inspect them)
export { NtProcess, PROCESS_OBJECT } from "./process/process";
export type { NtProcessParts, StandardHandles } from "./process/process";
export { MAXIMUM_SUSPEND_COUNT, NtThread, THREAD_OBJECT } from "./process/thread";
export type { SavedContext, UserApc } from "./process/thread";
export { JOB_OBJECT, NtJob, SUPPORTED_JOB_LIMITS } from "./jobs/job";
export { EVENT_OBJECT, NtEvent } from "./objects/event";
export { KernelObject } from "./objects/kernel-object";
export type { Waitable } from "./objects/kernel-object";
export { DEFAULT_HANDLE_LIMIT, HandleAttribute, HandleTable, handleOfSlot, slotOfHandle } from "./handles/handle-table";
export type { HandleEntry } from "./handles/handle-table";
export { GuestMemory, guestView } from "./memory/guest-memory";
export { VirtualMemory } from "./memory/virtual-memory";
export type { MemoryBasicInformation, RegionKind, VmRange } from "./memory/virtual-memory";
