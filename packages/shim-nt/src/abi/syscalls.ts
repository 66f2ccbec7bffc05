/**
 * The syscall table of the NT ABI: the number each call has in a7. The table is versioned
 * ({@link NT_ABI_VERSION}); numbers are never reused or renumbered within a major version, and the
 * README documents every call's arguments (a0..a5, argument blocks) and results. `guest/sdk/nt/nt.h`
 * carries the same numbers for C.
 *
 * @module
 */

/** The ABI's version: the major part changes on any incompatible change to a number or a layout. */
export const NT_ABI_VERSION = { major: 1, minor: 0 } as const;

/** Syscall numbers (a7). A closed set; anything else answers `STATUS_INVALID_SYSTEM_SERVICE`. */
export const NtSyscall = {
  NtClose: 1,
  NtDuplicateObject: 2,
  NtQueryObject: 3,
  NtSetInformationObject: 4,
  NtCreateUserProcess: 5,
  NtOpenProcess: 6,
  NtTerminateProcess: 7,
  NtQueryInformationProcess: 8,
  NtCreateThreadEx: 9,
  NtOpenThread: 10,
  NtTerminateThread: 11,
  NtQueryInformationThread: 12,
  NtResumeThread: 13,
  NtSuspendThread: 14,
  NtWaitForSingleObject: 15,
  NtWaitForMultipleObjects: 16,
  NtDelayExecution: 17,
  NtYieldExecution: 18,
  NtCreateEvent: 19,
  NtSetEvent: 20,
  NtResetEvent: 21,
  NtQueryEvent: 22,
  NtCreatePipe: 23,
  NtReadFile: 24,
  NtWriteFile: 25,
  NtCreateJobObject: 26,
  NtAssignProcessToJobObject: 27,
  NtTerminateJobObject: 28,
  NtIsProcessInJob: 29,
  NtQueryInformationJobObject: 30,
  NtSetInformationJobObject: 31,
  NtAllocateVirtualMemory: 32,
  NtFreeVirtualMemory: 33,
  NtProtectVirtualMemory: 34,
  NtQueryVirtualMemory: 35,
  NtWaitOnAddress: 36,
  NtWakeByAddress: 37,
  NtQuerySystemTime: 38,
  NtAlertThread: 39,
  NtQueueApcThread: 40,
  NtTestAlert: 41,
  NtContinue: 42,
} as const;
/** {@inheritDoc (NtSyscall:variable)} */
export type NtSyscall = (typeof NtSyscall)[keyof typeof NtSyscall];

/** The name of every syscall number, for traces and the ABI table test. */
export const NT_SYSCALL_NAMES: ReadonlyMap<number, keyof typeof NtSyscall> = new Map(
  (Object.entries(NtSyscall) as [keyof typeof NtSyscall, number][]).map(([name, number]) => [number, name]),
);
