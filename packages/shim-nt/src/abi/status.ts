/**
 * NTSTATUS: the closed set of status values the NT shim returns in a0. Values are Windows' own (so a
 * guest's `NT_SUCCESS`, `RtlNtStatusToDosError` and its printouts mean what they mean on Windows);
 * the shim returns no value outside this set. Success and informational codes (severity 0/1) are
 * below 0x80000000, warnings 0x8…, errors 0xC….
 *
 * @module
 */

/** Every NTSTATUS the shim can return. A closed set; see the README's ABI table for who returns what. */
export const NtStatus = {
  /** The call succeeded (also `STATUS_WAIT_0`: the first object of a wait was signalled). */
  SUCCESS: 0x0000_0000,
  /** A wait-any ended because object `index` was signalled: `WAIT_0 + index` (0 ≤ index < 64). */
  WAIT_0: 0x0000_0000,
  /** The last index a wait can report, `WAIT_0 + 63`. */
  WAIT_63: 0x0000_003f,
  /** An alertable wait ended because user APCs were delivered to the thread. */
  USER_APC: 0x0000_00c0,
  /** An alertable wait ended because the thread was alerted (NtAlertThread). */
  ALERTED: 0x0000_0101,
  /** A wait's timeout expired first. */
  TIMEOUT: 0x0000_0102,
  /** NtIsProcessInJob: the process is in the job. */
  PROCESS_IN_JOB: 0x0000_0123,
  /** NtIsProcessInJob: the process is not in the job. */
  PROCESS_NOT_IN_JOB: 0x0000_0124,
  /** Warning: the buffer was too small for all the data; what fit was written (ERROR_MORE_DATA). */
  BUFFER_OVERFLOW: 0x8000_0005,
  /** The process ended on an `ebreak` nobody handled. */
  BREAKPOINT: 0x8000_0003,
  /** The process ended on a misaligned access the CPU does not emulate. */
  DATATYPE_MISALIGNMENT: 0x8000_0002,
  /** Generic failure. */
  UNSUCCESSFUL: 0xc000_0001,
  /** The call exists in the ABI but this operation of it is not implemented. */
  NOT_IMPLEMENTED: 0xc000_0002,
  /** An information class the call does not know. */
  INVALID_INFO_CLASS: 0xc000_0003,
  /** An information buffer of the wrong size (ERROR_BAD_LENGTH). */
  INFO_LENGTH_MISMATCH: 0xc000_0004,
  /** A guest pointer could not be read or written; also the exit status of a process killed by a fault. */
  ACCESS_VIOLATION: 0xc000_0005,
  /** A handle that is not open, or a pseudo-handle where none is allowed (ERROR_INVALID_HANDLE). */
  INVALID_HANDLE: 0xc000_0008,
  /** A process or thread id that names no live object (ERROR_INVALID_PARAMETER). */
  INVALID_CID: 0xc000_000b,
  /** An argument is invalid (ERROR_INVALID_PARAMETER). */
  INVALID_PARAMETER: 0xc000_000d,
  /** No memory for the request (ERROR_NOT_ENOUGH_MEMORY). */
  NO_MEMORY: 0xc000_0017,
  /** A requested address range overlaps an existing allocation (ERROR_INVALID_ADDRESS). */
  CONFLICTING_ADDRESSES: 0xc000_0018,
  /** The range cannot be freed that way: part of an allocation, or not private memory (ERROR_INVALID_PARAMETER). */
  UNABLE_TO_FREE_VM: 0xc000_001a,
  /** The syscall number is not in the table (ERROR_INVALID_FUNCTION). */
  INVALID_SYSTEM_SERVICE: 0xc000_001c,
  /** The process ended on an illegal instruction. */
  ILLEGAL_INSTRUCTION: 0xc000_001d,
  /** The handle lacks the access right the operation needs (ERROR_ACCESS_DENIED). */
  ACCESS_DENIED: 0xc000_0022,
  /** A read found the end of a host stream's input (ReadFile then reports 0 bytes, as at end of file). */
  END_OF_FILE: 0xc000_0011,
  /** The output buffer is too small (ERROR_INSUFFICIENT_BUFFER). */
  BUFFER_TOO_SMALL: 0xc000_0023,
  /** The handle refers to an object of another type (ERROR_INVALID_HANDLE). */
  OBJECT_TYPE_MISMATCH: 0xc000_0024,
  /** The pages are reserved but not committed (ERROR_INVALID_ADDRESS). */
  NOT_COMMITTED: 0xc000_002d,
  /** Arguments that are valid alone but not together, such as one object twice in a wait-all. */
  INVALID_PARAMETER_MIX: 0xc000_0030,
  /** The executable image does not exist (ERROR_FILE_NOT_FOUND). */
  OBJECT_NAME_NOT_FOUND: 0xc000_0034,
  /** A quota or limit would be exceeded: a job's active-process limit (ERROR_NOT_ENOUGH_QUOTA). */
  QUOTA_EXCEEDED: 0xc000_0044,
  /** A page protection the shim does not support (ERROR_INVALID_PARAMETER). */
  INVALID_PAGE_PROTECTION: 0xc000_0045,
  /** A thread's suspend count would pass 127 (ERROR_SIGNAL_REFUSED). */
  SUSPEND_COUNT_EXCEEDED: 0xc000_004a,
  /** The thread has already terminated (ERROR_ACCESS_DENIED). */
  THREAD_IS_TERMINATING: 0xc000_004b,
  /** An executable image that cannot be loaded (ERROR_BAD_EXE_FORMAT). */
  INVALID_IMAGE_FORMAT: 0xc000_007b,
  /** Handle table, address-space or other kernel resource exhausted (ERROR_NO_SYSTEM_RESOURCES). */
  INSUFFICIENT_RESOURCES: 0xc000_009a,
  /** NtFreeVirtualMemory(MEM_RELEASE) not at an allocation's base (ERROR_INVALID_ADDRESS). */
  FREE_VM_NOT_AT_BASE: 0xc000_009f,
  /** The range was never allocated (ERROR_INVALID_ADDRESS). */
  MEMORY_NOT_ALLOCATED: 0xc000_00a0,
  /** The request is valid NT but this shim does not support it (ERROR_NOT_SUPPORTED). */
  NOT_SUPPORTED: 0xc000_00bb,
  /** Argument 1 is invalid (ERROR_INVALID_PARAMETER); `INVALID_PARAMETER_1 + n - 1` for argument n ≤ 12. */
  INVALID_PARAMETER_1: 0xc000_00ef,
  /** Argument 2 is invalid. */
  INVALID_PARAMETER_2: 0xc000_00f0,
  /** Argument 3 is invalid. */
  INVALID_PARAMETER_3: 0xc000_00f1,
  /** Argument 4 is invalid. */
  INVALID_PARAMETER_4: 0xc000_00f2,
  /** Argument 5 is invalid. */
  INVALID_PARAMETER_5: 0xc000_00f3,
  /** Argument 6 is invalid. */
  INVALID_PARAMETER_6: 0xc000_00f4,
  /** A string longer than the ABI accepts (ERROR_FILENAME_EXCED_RANGE). */
  NAME_TOO_LONG: 0xc000_0106,
  /** The process has exited or is exiting (ERROR_ACCESS_DENIED). */
  PROCESS_IS_TERMINATING: 0xc000_010a,
  /** A write found no read end left anywhere: the pipe is being closed (ERROR_NO_DATA). */
  PIPE_CLOSING: 0xc000_00b1,
  /** A read found the pipe empty and no write end left anywhere (ERROR_BROKEN_PIPE). */
  PIPE_BROKEN: 0xc000_014b,
  /** The handle is protected from close (HANDLE_FLAG_PROTECT_FROM_CLOSE; ERROR_INVALID_HANDLE). */
  HANDLE_NOT_CLOSABLE: 0xc000_0235,
} as const;

/** A value of the {@link (NtStatus:variable)} set (as a number; `WAIT_0 + i` stays in the set for i < 64). */
export type NtStatus = number;

/** True for success and informational statuses (severity 0 or 1), as `NT_SUCCESS` in C. */
export function ntSuccess(status: NtStatus): boolean {
  return status >>> 0 < 0x8000_0000;
}

/** True for error statuses (severity 3), as `NT_ERROR` in C. */
export function ntError(status: NtStatus): boolean {
  return status >>> 0 >= 0xc000_0000;
}

const KNOWN: ReadonlySet<number> = new Set<number>(Object.values(NtStatus));

/** True when `value` is a status this shim may return: one of the table, or `WAIT_0 + i` for i < 64. */
export function isNtStatus(value: number): boolean {
  return (Number.isInteger(value) && value >= NtStatus.WAIT_0 && value <= NtStatus.WAIT_63) || KNOWN.has(value);
}
