/* nt.h — the LiteBox NT ABI (version 1.0) for rv32 guests: NTSTATUS values, syscall numbers and one
 * inline stub per Nt* call (a7 = number, a0..a5 = arguments, NTSTATUS back in a0). The table, the
 * argument blocks and the PEB/TEB layouts are documented in packages/shim-nt/README.md; this header
 * and that table change together. */
#ifndef _LBX_NT_H
#define _LBX_NT_H

#include <stdint.h>
#include <stddef.h>

#define NT_ABI_VERSION_MAJOR 1
#define NT_ABI_VERSION_MINOR 0

typedef long NTSTATUS;
typedef void *HANDLE;
typedef unsigned long ULONG;
typedef unsigned long ACCESS_MASK;

#define NT_SUCCESS(s) ((NTSTATUS)(s) >= 0)

/* Pseudo-handles. */
#define NtCurrentProcess() ((HANDLE)(intptr_t)-1)
#define NtCurrentThread() ((HANDLE)(intptr_t)-2)

/* NTSTATUS values the shim returns. */
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define STATUS_WAIT_0 ((NTSTATUS)0x00000000L)
#define STATUS_USER_APC ((NTSTATUS)0x000000C0L)
#define STATUS_ALERTED ((NTSTATUS)0x00000101L)
#define STATUS_TIMEOUT ((NTSTATUS)0x00000102L)
#define STATUS_PROCESS_IN_JOB ((NTSTATUS)0x00000123L)
#define STATUS_PROCESS_NOT_IN_JOB ((NTSTATUS)0x00000124L)
#define STATUS_DATATYPE_MISALIGNMENT ((NTSTATUS)0x80000002L)
#define STATUS_BREAKPOINT ((NTSTATUS)0x80000003L)
#define STATUS_BUFFER_OVERFLOW ((NTSTATUS)0x80000005L)
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)
#define STATUS_NOT_IMPLEMENTED ((NTSTATUS)0xC0000002L)
#define STATUS_INVALID_INFO_CLASS ((NTSTATUS)0xC0000003L)
#define STATUS_INFO_LENGTH_MISMATCH ((NTSTATUS)0xC0000004L)
#define STATUS_ACCESS_VIOLATION ((NTSTATUS)0xC0000005L)
#define STATUS_INVALID_HANDLE ((NTSTATUS)0xC0000008L)
#define STATUS_INVALID_CID ((NTSTATUS)0xC000000BL)
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000DL)
#define STATUS_END_OF_FILE ((NTSTATUS)0xC0000011L)
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017L)
#define STATUS_CONFLICTING_ADDRESSES ((NTSTATUS)0xC0000018L)
#define STATUS_UNABLE_TO_FREE_VM ((NTSTATUS)0xC000001AL)
#define STATUS_INVALID_SYSTEM_SERVICE ((NTSTATUS)0xC000001CL)
#define STATUS_ILLEGAL_INSTRUCTION ((NTSTATUS)0xC000001DL)
#define STATUS_ACCESS_DENIED ((NTSTATUS)0xC0000022L)
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023L)
#define STATUS_OBJECT_TYPE_MISMATCH ((NTSTATUS)0xC0000024L)
#define STATUS_NOT_COMMITTED ((NTSTATUS)0xC000002DL)
#define STATUS_INVALID_PARAMETER_MIX ((NTSTATUS)0xC0000030L)
#define STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034L)
#define STATUS_QUOTA_EXCEEDED ((NTSTATUS)0xC0000044L)
#define STATUS_INVALID_PAGE_PROTECTION ((NTSTATUS)0xC0000045L)
#define STATUS_SUSPEND_COUNT_EXCEEDED ((NTSTATUS)0xC000004AL)
#define STATUS_THREAD_IS_TERMINATING ((NTSTATUS)0xC000004BL)
#define STATUS_INVALID_IMAGE_FORMAT ((NTSTATUS)0xC000007BL)
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009AL)
#define STATUS_FREE_VM_NOT_AT_BASE ((NTSTATUS)0xC000009FL)
#define STATUS_MEMORY_NOT_ALLOCATED ((NTSTATUS)0xC00000A0L)
#define STATUS_PIPE_CLOSING ((NTSTATUS)0xC00000B1L)
#define STATUS_NOT_SUPPORTED ((NTSTATUS)0xC00000BBL)
#define STATUS_INVALID_PARAMETER_1 ((NTSTATUS)0xC00000EFL)
#define STATUS_INVALID_PARAMETER_2 ((NTSTATUS)0xC00000F0L)
#define STATUS_INVALID_PARAMETER_3 ((NTSTATUS)0xC00000F1L)
#define STATUS_INVALID_PARAMETER_4 ((NTSTATUS)0xC00000F2L)
#define STATUS_INVALID_PARAMETER_5 ((NTSTATUS)0xC00000F3L)
#define STATUS_INVALID_PARAMETER_6 ((NTSTATUS)0xC00000F4L)
#define STATUS_NAME_TOO_LONG ((NTSTATUS)0xC0000106L)
#define STATUS_PROCESS_IS_TERMINATING ((NTSTATUS)0xC000010AL)
#define STATUS_PIPE_BROKEN ((NTSTATUS)0xC000014BL)
#define STATUS_HANDLE_NOT_CLOSABLE ((NTSTATUS)0xC0000235L)

/* Syscall numbers (a7). */
enum {
  NR_NtClose = 1,
  NR_NtDuplicateObject = 2,
  NR_NtQueryObject = 3,
  NR_NtSetInformationObject = 4,
  NR_NtCreateUserProcess = 5,
  NR_NtOpenProcess = 6,
  NR_NtTerminateProcess = 7,
  NR_NtQueryInformationProcess = 8,
  NR_NtCreateThreadEx = 9,
  NR_NtOpenThread = 10,
  NR_NtTerminateThread = 11,
  NR_NtQueryInformationThread = 12,
  NR_NtResumeThread = 13,
  NR_NtSuspendThread = 14,
  NR_NtWaitForSingleObject = 15,
  NR_NtWaitForMultipleObjects = 16,
  NR_NtDelayExecution = 17,
  NR_NtYieldExecution = 18,
  NR_NtCreateEvent = 19,
  NR_NtSetEvent = 20,
  NR_NtResetEvent = 21,
  NR_NtQueryEvent = 22,
  NR_NtCreatePipe = 23,
  NR_NtReadFile = 24,
  NR_NtWriteFile = 25,
  NR_NtCreateJobObject = 26,
  NR_NtAssignProcessToJobObject = 27,
  NR_NtTerminateJobObject = 28,
  NR_NtIsProcessInJob = 29,
  NR_NtQueryInformationJobObject = 30,
  NR_NtSetInformationJobObject = 31,
  NR_NtAllocateVirtualMemory = 32,
  NR_NtFreeVirtualMemory = 33,
  NR_NtProtectVirtualMemory = 34,
  NR_NtQueryVirtualMemory = 35,
  NR_NtWaitOnAddress = 36,
  NR_NtWakeByAddress = 37,
  NR_NtQuerySystemTime = 38,
  NR_NtAlertThread = 39,
  NR_NtQueueApcThread = 40,
  NR_NtTestAlert = 41,
  NR_NtContinue = 42,
};

/* Object attributes and classes. */
#define OBJ_INHERIT 0x00000002L
#define ObjectBasicInformation 0
#define ObjectHandleFlagInformation 4
#define ObjectKindInformation 0x100
/* ObjectKindInformation values (this ABI's): what a handle refers to. */
#define NT_OBJECT_PROCESS 1
#define NT_OBJECT_THREAD 2
#define NT_OBJECT_EVENT 3
#define NT_OBJECT_JOB 4
#define NT_OBJECT_PIPE_READ 5
#define NT_OBJECT_PIPE_WRITE 6
#define NT_OBJECT_HOST_STREAM 7

#define ProcessBasicInformation 0
#define ThreadBasicInformation 0
#define NotificationEvent 0
#define SynchronizationEvent 1
#define WaitAllObject 0
#define WaitAnyObject 1
#define PROCESS_CREATE_FLAGS_BREAKAWAY 0x00000001
#define PROCESS_CREATE_FLAGS_INHERIT_HANDLES 0x00000004
#define THREAD_CREATE_FLAGS_CREATE_SUSPENDED 0x00000001
#define NT_STD_HANDLES_GIVEN 0x1

typedef struct _NT_OBJECT_HANDLE_FLAG_INFORMATION {
  unsigned char Inherit;
  unsigned char ProtectFromClose;
} NT_OBJECT_HANDLE_FLAG_INFORMATION;

typedef struct _IO_STATUS_BLOCK {
  NTSTATUS Status;
  ULONG Information;
} IO_STATUS_BLOCK;

typedef struct _NT_PROCESS_BASIC_INFORMATION {
  NTSTATUS ExitStatus;
  void *PebBaseAddress;
  ULONG AffinityMask;
  long BasePriority;
  ULONG UniqueProcessId;
  ULONG InheritedFromUniqueProcessId;
} NT_PROCESS_BASIC_INFORMATION;

typedef struct _NT_THREAD_BASIC_INFORMATION {
  NTSTATUS ExitStatus;
  void *TebBaseAddress;
  ULONG UniqueProcess;
  ULONG UniqueThread;
  ULONG AffinityMask;
  long Priority;
  long BasePriority;
} NT_THREAD_BASIC_INFORMATION;

/* NtCreateUserProcess's argument block (76 bytes). */
typedef struct _NT_CREATE_PROCESS {
  const char *ImagePath;
  const char *CommandLine;
  ULONG ProcessFlags;
  ULONG ThreadFlags;
  ACCESS_MASK ProcessDesiredAccess;
  ACCESS_MASK ThreadDesiredAccess;
  ULONG ProcessHandleAttributes;
  ULONG ThreadHandleAttributes;
  ULONG StdHandleFlags;
  HANDLE StdInput;
  HANDLE StdOutput;
  HANDLE StdError;
  HANDLE ParentProcess;
  const HANDLE *HandleList;
  ULONG HandleCount;
  HANDLE ProcessHandle; /* out */
  HANDLE ThreadHandle;  /* out */
  ULONG ProcessId;      /* out */
  ULONG ThreadId;       /* out */
} NT_CREATE_PROCESS;

/* NtCreateThreadEx's argument block (20 bytes). */
typedef struct _NT_CREATE_THREAD {
  ULONG CreateFlags;
  ULONG StackSize;
  ULONG Context; /* a1 at start */
  ULONG *ThreadId;
  ULONG HandleAttributes;
} NT_CREATE_THREAD;

/* The PEB (process parameters kept in guest memory) and the TEB (tp points at it). */
typedef struct _NT_PEB {
  ULONG AbiVersion;
  ULONG ProcessId;
  ULONG InheritedFromUniqueProcessId;
  HANDLE StdInput;
  HANDLE StdOutput;
  HANDLE StdError;
  const char *ImagePathName;
  const char *CommandLine;
} NT_PEB;

typedef struct _NT_TEB {
  struct _NT_TEB *Self;
  ULONG ProcessId;
  ULONG ThreadId;
  ULONG LastErrorValue;
  NT_PEB *Peb;
  void *StackBase;
  void *StackLimit;
  NTSTATUS LastStatusValue;
} NT_TEB;

static inline NT_TEB *NtCurrentTeb(void) {
  NT_TEB *teb;
  __asm__("mv %0, tp" : "=r"(teb));
  return teb;
}

static inline NTSTATUS __nt6(long n, long x0, long x1, long x2, long x3, long x4, long x5) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = x0;
  register long a1 __asm__("a1") = x1;
  register long a2 __asm__("a2") = x2;
  register long a3 __asm__("a3") = x3;
  register long a4 __asm__("a4") = x4;
  register long a5 __asm__("a5") = x5;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5) : "memory");
  return a0;
}
#define __NT_L(x) ((long)(x))
#define __NTCALL(nr, a, b, c, d, e, f) __nt6(nr, __NT_L(a), __NT_L(b), __NT_L(c), __NT_L(d), __NT_L(e), __NT_L(f))

static inline NTSTATUS NtClose(HANDLE h) { return __NTCALL(NR_NtClose, h, 0, 0, 0, 0, 0); }
static inline NTSTATUS NtDuplicateObject(HANDLE sp, HANDLE sh, HANDLE tp, HANDLE *th, ACCESS_MASK access, ULONG attributes, ULONG options) {
  ULONG block[2] = {attributes, options};
  return __NTCALL(NR_NtDuplicateObject, sp, sh, tp, th, access, block);
}
static inline NTSTATUS NtQueryObject(HANDLE h, ULONG cls, void *buf, ULONG len, ULONG *ret) {
  return __NTCALL(NR_NtQueryObject, h, cls, buf, len, ret, 0);
}
static inline NTSTATUS NtSetInformationObject(HANDLE h, ULONG cls, const void *buf, ULONG len) {
  return __NTCALL(NR_NtSetInformationObject, h, cls, buf, len, 0, 0);
}
static inline NTSTATUS NtCreateUserProcess(NT_CREATE_PROCESS *block) { return __NTCALL(NR_NtCreateUserProcess, block, 0, 0, 0, 0, 0); }
static inline NTSTATUS NtOpenProcess(HANDLE *h, ACCESS_MASK access, ULONG attributes, ULONG pid) {
  return __NTCALL(NR_NtOpenProcess, h, access, attributes, pid, 0, 0);
}
static inline NTSTATUS NtTerminateProcess(HANDLE h, NTSTATUS status) { return __NTCALL(NR_NtTerminateProcess, h, status, 0, 0, 0, 0); }
static inline NTSTATUS NtQueryInformationProcess(HANDLE h, ULONG cls, void *buf, ULONG len, ULONG *ret) {
  return __NTCALL(NR_NtQueryInformationProcess, h, cls, buf, len, ret, 0);
}
static inline NTSTATUS NtCreateThreadEx(HANDLE *h, ACCESS_MASK access, HANDLE process, void *start, void *arg, NT_CREATE_THREAD *block) {
  return __NTCALL(NR_NtCreateThreadEx, h, access, process, start, arg, block);
}
static inline NTSTATUS NtOpenThread(HANDLE *h, ACCESS_MASK access, ULONG attributes, ULONG tid) {
  return __NTCALL(NR_NtOpenThread, h, access, attributes, tid, 0, 0);
}
static inline NTSTATUS NtTerminateThread(HANDLE h, NTSTATUS status) { return __NTCALL(NR_NtTerminateThread, h, status, 0, 0, 0, 0); }
static inline NTSTATUS NtQueryInformationThread(HANDLE h, ULONG cls, void *buf, ULONG len, ULONG *ret) {
  return __NTCALL(NR_NtQueryInformationThread, h, cls, buf, len, ret, 0);
}
static inline NTSTATUS NtResumeThread(HANDLE h, ULONG *prev) { return __NTCALL(NR_NtResumeThread, h, prev, 0, 0, 0, 0); }
static inline NTSTATUS NtSuspendThread(HANDLE h, ULONG *prev) { return __NTCALL(NR_NtSuspendThread, h, prev, 0, 0, 0, 0); }
static inline NTSTATUS NtWaitForSingleObject(HANDLE h, int alertable, const long long *timeout) {
  return __NTCALL(NR_NtWaitForSingleObject, h, alertable, timeout, 0, 0, 0);
}
static inline NTSTATUS NtWaitForMultipleObjects(ULONG count, const HANDLE *handles, int type, int alertable, const long long *timeout) {
  return __NTCALL(NR_NtWaitForMultipleObjects, count, handles, type, alertable, timeout, 0);
}
static inline NTSTATUS NtDelayExecution(int alertable, const long long *interval) {
  return __NTCALL(NR_NtDelayExecution, alertable, interval, 0, 0, 0, 0);
}
static inline NTSTATUS NtYieldExecution(void) { return __NTCALL(NR_NtYieldExecution, 0, 0, 0, 0, 0, 0); }
static inline NTSTATUS NtCreateEvent(HANDLE *h, ACCESS_MASK access, ULONG attributes, int type, int initial) {
  return __NTCALL(NR_NtCreateEvent, h, access, attributes, type, initial, 0);
}
static inline NTSTATUS NtSetEvent(HANDLE h, long *prev) { return __NTCALL(NR_NtSetEvent, h, prev, 0, 0, 0, 0); }
static inline NTSTATUS NtResetEvent(HANDLE h, long *prev) { return __NTCALL(NR_NtResetEvent, h, prev, 0, 0, 0, 0); }
static inline NTSTATUS NtCreatePipe(HANDLE *r, HANDLE *w, ULONG attributes, ULONG size) {
  return __NTCALL(NR_NtCreatePipe, r, w, attributes, size, 0, 0);
}
static inline NTSTATUS NtReadFile(HANDLE h, IO_STATUS_BLOCK *iosb, void *buf, ULONG len) {
  return __NTCALL(NR_NtReadFile, h, iosb, buf, len, 0, 0);
}
static inline NTSTATUS NtWriteFile(HANDLE h, IO_STATUS_BLOCK *iosb, const void *buf, ULONG len) {
  return __NTCALL(NR_NtWriteFile, h, iosb, buf, len, 0, 0);
}
static inline NTSTATUS NtCreateJobObject(HANDLE *h, ACCESS_MASK access, ULONG attributes) {
  return __NTCALL(NR_NtCreateJobObject, h, access, attributes, 0, 0, 0);
}
static inline NTSTATUS NtAssignProcessToJobObject(HANDLE job, HANDLE process) {
  return __NTCALL(NR_NtAssignProcessToJobObject, job, process, 0, 0, 0, 0);
}
static inline NTSTATUS NtTerminateJobObject(HANDLE job, NTSTATUS status) {
  return __NTCALL(NR_NtTerminateJobObject, job, status, 0, 0, 0, 0);
}
static inline NTSTATUS NtIsProcessInJob(HANDLE process, HANDLE job) { return __NTCALL(NR_NtIsProcessInJob, process, job, 0, 0, 0, 0); }
static inline NTSTATUS NtQueryInformationJobObject(HANDLE job, ULONG cls, void *buf, ULONG len, ULONG *ret) {
  return __NTCALL(NR_NtQueryInformationJobObject, job, cls, buf, len, ret, 0);
}
static inline NTSTATUS NtSetInformationJobObject(HANDLE job, ULONG cls, const void *buf, ULONG len) {
  return __NTCALL(NR_NtSetInformationJobObject, job, cls, buf, len, 0, 0);
}
static inline NTSTATUS NtAllocateVirtualMemory(HANDLE p, void **base, ULONG zero, size_t *size, ULONG type, ULONG protect) {
  return __NTCALL(NR_NtAllocateVirtualMemory, p, base, zero, size, type, protect);
}
static inline NTSTATUS NtFreeVirtualMemory(HANDLE p, void **base, size_t *size, ULONG type) {
  return __NTCALL(NR_NtFreeVirtualMemory, p, base, size, type, 0, 0);
}
static inline NTSTATUS NtProtectVirtualMemory(HANDLE p, void **base, size_t *size, ULONG protect, ULONG *old) {
  return __NTCALL(NR_NtProtectVirtualMemory, p, base, size, protect, old, 0);
}
static inline NTSTATUS NtQueryVirtualMemory(HANDLE p, const void *address, ULONG cls, void *buf, ULONG len, ULONG *ret) {
  return __NTCALL(NR_NtQueryVirtualMemory, p, address, cls, buf, len, ret);
}
static inline NTSTATUS NtWaitOnAddress(volatile void *address, const void *compare, size_t size, const long long *timeout) {
  return __NTCALL(NR_NtWaitOnAddress, address, compare, size, timeout, 0, 0);
}
static inline NTSTATUS NtWakeByAddress(const void *address, int all) { return __NTCALL(NR_NtWakeByAddress, address, all, 0, 0, 0, 0); }
static inline NTSTATUS NtQuerySystemTime(long long *time) { return __NTCALL(NR_NtQuerySystemTime, time, 0, 0, 0, 0, 0); }
static inline NTSTATUS NtAlertThread(HANDLE h) { return __NTCALL(NR_NtAlertThread, h, 0, 0, 0, 0, 0); }
static inline NTSTATUS NtQueueApcThread(HANDLE h, void (*routine)(ULONG, ULONG, ULONG), ULONG a, ULONG b, ULONG c) {
  return __NTCALL(NR_NtQueueApcThread, h, routine, a, b, c, 0);
}
static inline NTSTATUS NtTestAlert(void) { return __NTCALL(NR_NtTestAlert, 0, 0, 0, 0, 0, 0); }

/* The current process's PEB. */
static inline NT_PEB *NtCurrentPeb(void) { return NtCurrentTeb()->Peb; }

#endif
