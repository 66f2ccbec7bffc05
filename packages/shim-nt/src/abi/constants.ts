/**
 * The constants of the NT ABI that are not statuses or syscall numbers: pseudo-handles, access rights
 * by object type, duplication options, handle flags, creation flags, wait types, information classes,
 * page protections and allocation types. Values are Windows' own.
 *
 * @module
 */

/** `NtCurrentProcess()`: the pseudo-handle -1, meaning the calling process, with all access. */
export const CURRENT_PROCESS_HANDLE = 0xffff_ffff;
/** `NtCurrentThread()`: the pseudo-handle -2, meaning the calling thread, with all access. */
export const CURRENT_THREAD_HANDLE = 0xffff_fffe;

/** Standard and generic access bits shared by every object type. */
export const StandardAccess = {
  DELETE: 0x0001_0000,
  READ_CONTROL: 0x0002_0000,
  WRITE_DAC: 0x0004_0000,
  WRITE_OWNER: 0x0008_0000,
  SYNCHRONIZE: 0x0010_0000,
  /** DELETE | READ_CONTROL | WRITE_DAC | WRITE_OWNER. */
  STANDARD_RIGHTS_REQUIRED: 0x000f_0000,
  /** Every specific and standard bit a handle can hold. */
  VALID_MASK: 0x001f_ffff,
  MAXIMUM_ALLOWED: 0x0200_0000,
  GENERIC_ALL: 0x1000_0000,
  GENERIC_EXECUTE: 0x2000_0000,
  GENERIC_WRITE: 0x4000_0000,
  GENERIC_READ: 0x8000_0000,
} as const;

/** Process access rights. */
export const ProcessAccess = {
  TERMINATE: 0x0001,
  CREATE_THREAD: 0x0002,
  VM_OPERATION: 0x0008,
  VM_READ: 0x0010,
  VM_WRITE: 0x0020,
  DUP_HANDLE: 0x0040,
  CREATE_PROCESS: 0x0080,
  SET_QUOTA: 0x0100,
  SET_INFORMATION: 0x0200,
  QUERY_INFORMATION: 0x0400,
  SUSPEND_RESUME: 0x0800,
  QUERY_LIMITED_INFORMATION: 0x1000,
  ALL_ACCESS: 0x001f_ffff,
} as const;

/** Thread access rights. */
export const ThreadAccess = {
  TERMINATE: 0x0001,
  SUSPEND_RESUME: 0x0002,
  ALERT: 0x0004,
  GET_CONTEXT: 0x0008,
  SET_CONTEXT: 0x0010,
  SET_INFORMATION: 0x0020,
  QUERY_INFORMATION: 0x0040,
  QUERY_LIMITED_INFORMATION: 0x0800,
  ALL_ACCESS: 0x001f_ffff,
} as const;

/** Event access rights. */
export const EventAccess = {
  QUERY_STATE: 0x0001,
  MODIFY_STATE: 0x0002,
  ALL_ACCESS: 0x001f_0003,
} as const;

/** Job access rights. */
export const JobAccess = {
  ASSIGN_PROCESS: 0x0001,
  SET_ATTRIBUTES: 0x0002,
  QUERY: 0x0004,
  TERMINATE: 0x0008,
  SET_SECURITY_ATTRIBUTES: 0x0010,
  ALL_ACCESS: 0x001f_003f,
} as const;

/** File access rights (pipe ends and host streams). */
export const FileAccess = {
  READ_DATA: 0x0001,
  WRITE_DATA: 0x0002,
  APPEND_DATA: 0x0004,
  READ_EA: 0x0008,
  WRITE_EA: 0x0010,
  READ_ATTRIBUTES: 0x0080,
  WRITE_ATTRIBUTES: 0x0100,
  /** READ_CONTROL | SYNCHRONIZE | READ_DATA | READ_ATTRIBUTES | READ_EA. */
  GENERIC_READ: 0x0012_0089,
  /** READ_CONTROL | SYNCHRONIZE | WRITE_DATA | WRITE_ATTRIBUTES | WRITE_EA | APPEND_DATA. */
  GENERIC_WRITE: 0x0012_0116,
  ALL_ACCESS: 0x001f_01ff,
} as const;

/** NtDuplicateObject options. */
export const DuplicateOptions = {
  CLOSE_SOURCE: 0x1,
  SAME_ACCESS: 0x2,
  SAME_ATTRIBUTES: 0x4,
} as const;

/** Object attribute flags (`OBJECT_ATTRIBUTES.Attributes`, the `HandleAttributes` arguments). */
export const ObjectAttributes = {
  /** The new handle is inheritable. */
  INHERIT: 0x2,
} as const;

/** Handle flags as `GetHandleInformation` reports them. */
export const HandleFlag = {
  INHERIT: 0x1,
  PROTECT_FROM_CLOSE: 0x2,
} as const;

/** NtQueryObject / NtSetInformationObject classes. */
export const ObjectInformationClass = {
  /** `OBJECT_BASIC_INFORMATION` (56 bytes): Attributes, GrantedAccess, HandleCount, PointerCount, zeros. */
  ObjectBasicInformation: 0,
  /** `OBJECT_HANDLE_FLAG_INFORMATION` (2 bytes): BOOLEAN Inherit, BOOLEAN ProtectFromClose. */
  ObjectHandleFlagInformation: 4,
  /** This ABI's own class (4 bytes): the {@link ObjectKind} of the object (what GetFileType needs). */
  ObjectKindInformation: 0x100,
} as const;

/** What a handle refers to, as ObjectKindInformation reports it. */
export const ObjectKind = {
  Process: 1,
  Thread: 2,
  Event: 3,
  Job: 4,
  PipeRead: 5,
  PipeWrite: 6,
  HostStream: 7,
} as const;

/** NtCreateUserProcess process flags. */
export const ProcessCreateFlags = {
  /** The child breaks away from its parent's job (CREATE_BREAKAWAY_FROM_JOB). */
  BREAKAWAY: 0x0001,
  /** The child inherits the parent's inheritable handles (bInheritHandles). */
  INHERIT_HANDLES: 0x0004,
} as const;

/** NtCreateUserProcess / NtCreateThreadEx thread flags. */
export const ThreadCreateFlags = {
  /** The thread starts suspended (CREATE_SUSPENDED). */
  CREATE_SUSPENDED: 0x0001,
} as const;

/** Flags of the standard handles in the NtCreateUserProcess block. */
export const StdHandleFlags = {
  /** Use the block's three handle values (STARTF_USESTDHANDLES). */
  USE_STD_HANDLES: 0x1,
} as const;

/** NtWaitForMultipleObjects wait types. */
export const WaitType = {
  WaitAll: 0,
  WaitAny: 1,
} as const;

/** The most objects one wait may name (MAXIMUM_WAIT_OBJECTS). */
export const MAXIMUM_WAIT_OBJECTS = 64;

/** The exit status of a process or thread that has not exited (STILL_ACTIVE, STATUS_PENDING). */
export const STILL_ACTIVE = 259;

/** Event types of NtCreateEvent. */
export const EventType = {
  /** Manual reset: stays signalled until reset; releases every waiter. */
  NotificationEvent: 0,
  /** Auto reset: the wait that sees it signalled consumes it. */
  SynchronizationEvent: 1,
} as const;

/** NtQueryInformationProcess classes. */
export const ProcessInformationClass = {
  /** `PROCESS_BASIC_INFORMATION` (24 bytes on rv32). */
  ProcessBasicInformation: 0,
} as const;

/** NtQueryInformationThread classes. */
export const ThreadInformationClass = {
  /** `THREAD_BASIC_INFORMATION` (28 bytes on rv32). */
  ThreadBasicInformation: 0,
} as const;

/** Job information classes (Query/SetInformationJobObject). */
export const JobInformationClass = {
  JobObjectBasicAccountingInformation: 1,
  JobObjectBasicLimitInformation: 2,
  JobObjectBasicProcessIdList: 3,
  JobObjectExtendedLimitInformation: 9,
} as const;

/** Job limit flags (`LimitFlags`). */
export const JobLimit = {
  ACTIVE_PROCESS: 0x0000_0008,
  BREAKAWAY_OK: 0x0000_0800,
  SILENT_BREAKAWAY_OK: 0x0000_1000,
  KILL_ON_JOB_CLOSE: 0x0000_2000,
} as const;

/** Page protections (PAGE_*). */
export const PageProtection = {
  NOACCESS: 0x01,
  READONLY: 0x02,
  READWRITE: 0x04,
  WRITECOPY: 0x08,
  EXECUTE: 0x10,
  EXECUTE_READ: 0x20,
  EXECUTE_READWRITE: 0x40,
  EXECUTE_WRITECOPY: 0x80,
  GUARD: 0x100,
  NOCACHE: 0x200,
  WRITECOMBINE: 0x400,
} as const;

/** Allocation and free types (MEM_*). */
export const MemoryType = {
  COMMIT: 0x0000_1000,
  RESERVE: 0x0000_2000,
  DECOMMIT: 0x0000_4000,
  RELEASE: 0x0000_8000,
  FREE: 0x0001_0000,
  PRIVATE: 0x0002_0000,
  IMAGE: 0x0100_0000,
  TOP_DOWN: 0x0010_0000,
} as const;

/** Allocation granularity: reservations start on 64 KiB boundaries, as on Windows. */
export const ALLOCATION_GRANULARITY = 0x1_0000;
