/* kernel32.c — a small kernel32-style layer over the LiteBox NT ABI: each Win32 function turns its
 * arguments into one Nt* call, and failures into GetLastError codes through RtlNtStatusToDosError, as
 * Windows' kernel32 does. The last error lives in the TEB (tp), so it is per thread. */
#include <windows.h>
#include <string.h>

extern void __stdio_flush_all(void);

DWORD WINAPI GetLastError(void) { return NtCurrentTeb()->LastErrorValue; }
void WINAPI SetLastError(DWORD code) { NtCurrentTeb()->LastErrorValue = code; }

DWORD WINAPI RtlNtStatusToDosError(NTSTATUS status) {
  switch ((unsigned long)status) {
  case STATUS_SUCCESS: return ERROR_SUCCESS;
  case STATUS_TIMEOUT: return ERROR_TIMEOUT;
  case STATUS_BUFFER_OVERFLOW: return ERROR_MORE_DATA;
  case STATUS_DATATYPE_MISALIGNMENT: return 998UL; /* ERROR_NOACCESS */
  case STATUS_UNSUCCESSFUL: return ERROR_GEN_FAILURE;
  case STATUS_NOT_IMPLEMENTED: return ERROR_INVALID_FUNCTION;
  case STATUS_INVALID_SYSTEM_SERVICE: return ERROR_INVALID_FUNCTION;
  case STATUS_INVALID_INFO_CLASS: return ERROR_INVALID_PARAMETER;
  case STATUS_INFO_LENGTH_MISMATCH: return ERROR_BAD_LENGTH;
  case STATUS_ACCESS_VIOLATION: return ERROR_NOACCESS;
  case STATUS_INVALID_HANDLE: return ERROR_INVALID_HANDLE;
  case STATUS_OBJECT_TYPE_MISMATCH: return ERROR_INVALID_HANDLE;
  case STATUS_HANDLE_NOT_CLOSABLE: return ERROR_INVALID_HANDLE;
  case STATUS_INVALID_CID: return ERROR_INVALID_PARAMETER;
  case STATUS_INVALID_PARAMETER: return ERROR_INVALID_PARAMETER;
  case STATUS_INVALID_PARAMETER_MIX: return ERROR_INVALID_PARAMETER;
  case STATUS_INVALID_PAGE_PROTECTION: return ERROR_INVALID_PARAMETER;
  case STATUS_UNABLE_TO_FREE_VM: return ERROR_INVALID_PARAMETER;
  case STATUS_END_OF_FILE: return ERROR_HANDLE_EOF;
  case STATUS_NO_MEMORY: return ERROR_NOT_ENOUGH_MEMORY;
  case STATUS_CONFLICTING_ADDRESSES: return ERROR_INVALID_ADDRESS;
  case STATUS_NOT_COMMITTED: return ERROR_INVALID_ADDRESS;
  case STATUS_FREE_VM_NOT_AT_BASE: return ERROR_INVALID_ADDRESS;
  case STATUS_MEMORY_NOT_ALLOCATED: return ERROR_INVALID_ADDRESS;
  case STATUS_ACCESS_DENIED: return ERROR_ACCESS_DENIED;
  case STATUS_PROCESS_IS_TERMINATING: return ERROR_ACCESS_DENIED;
  case STATUS_THREAD_IS_TERMINATING: return ERROR_ACCESS_DENIED;
  case STATUS_BUFFER_TOO_SMALL: return ERROR_INSUFFICIENT_BUFFER;
  case STATUS_OBJECT_NAME_NOT_FOUND: return ERROR_FILE_NOT_FOUND;
  case STATUS_QUOTA_EXCEEDED: return ERROR_NOT_ENOUGH_QUOTA;
  case STATUS_SUSPEND_COUNT_EXCEEDED: return ERROR_SIGNAL_REFUSED;
  case STATUS_INVALID_IMAGE_FORMAT: return ERROR_BAD_EXE_FORMAT;
  case STATUS_INSUFFICIENT_RESOURCES: return ERROR_NO_SYSTEM_RESOURCES;
  case STATUS_PIPE_CLOSING: return ERROR_NO_DATA;
  case STATUS_PIPE_BROKEN: return ERROR_BROKEN_PIPE;
  case STATUS_NOT_SUPPORTED: return ERROR_NOT_SUPPORTED;
  case STATUS_NAME_TOO_LONG: return ERROR_FILENAME_EXCED_RANGE;
  default:
    if ((unsigned long)status >= (unsigned long)STATUS_INVALID_PARAMETER_1 &&
        (unsigned long)status <= (unsigned long)STATUS_INVALID_PARAMETER_1 + 11)
      return ERROR_INVALID_PARAMETER;
    return 317UL; /* ERROR_MR_MID_NOT_FOUND: no Win32 code for it */
  }
}

/* Records a failed status as the last error; returns FALSE. */
static BOOL fail(NTSTATUS status) {
  NtCurrentTeb()->LastStatusValue = status;
  SetLastError(RtlNtStatusToDosError(status));
  return FALSE;
}

/* A relative NT timeout for a millisecond count; NULL for INFINITE. */
static const long long *timeout_of(DWORD ms, long long *slot) {
  if (ms == INFINITE) return NULL;
  *slot = -(long long)ms * 10000LL;
  return slot;
}

/* ---- processes ------------------------------------------------------------------------------ */

struct attribute_entry {
  DWORD_PTR attribute;
  PVOID value;
  SIZE_T size;
};
struct _PROC_THREAD_ATTRIBUTE_LIST {
  DWORD count;
  DWORD capacity;
  struct attribute_entry entries[];
};

BOOL WINAPI InitializeProcThreadAttributeList(LPPROC_THREAD_ATTRIBUTE_LIST list, DWORD count, DWORD flags, PSIZE_T size) {
  SIZE_T needed = sizeof(struct _PROC_THREAD_ATTRIBUTE_LIST) + count * sizeof(struct attribute_entry);
  if (flags != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  if (list == NULL || *size < needed) {
    *size = needed;
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return FALSE;
  }
  list->count = 0;
  list->capacity = count;
  return TRUE;
}

BOOL WINAPI UpdateProcThreadAttribute(LPPROC_THREAD_ATTRIBUTE_LIST list, DWORD flags, DWORD_PTR attribute, PVOID value,
                                      SIZE_T size, PVOID previous, PSIZE_T returnSize) {
  (void)previous;
  (void)returnSize;
  if (flags != 0 || list == NULL) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  if (attribute == PROC_THREAD_ATTRIBUTE_PARENT_PROCESS) {
    if (size != sizeof(HANDLE)) {
      SetLastError(ERROR_BAD_LENGTH);
      return FALSE;
    }
  } else if (attribute == PROC_THREAD_ATTRIBUTE_HANDLE_LIST) {
    if (size == 0 || size % sizeof(HANDLE) != 0) {
      SetLastError(ERROR_BAD_LENGTH);
      return FALSE;
    }
  } else {
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
  }
  if (list->count >= list->capacity) {
    SetLastError(ERROR_GEN_FAILURE);
    return FALSE;
  }
  list->entries[list->count].attribute = attribute;
  list->entries[list->count].value = value;
  list->entries[list->count].size = size;
  list->count++;
  return TRUE;
}

void WINAPI DeleteProcThreadAttributeList(LPPROC_THREAD_ATTRIBUTE_LIST list) { (void)list; }

/* The image path: the application name, or the command line's first (possibly quoted) token. */
static int image_of(LPCSTR application, LPCSTR commandLine, char *out, size_t cap) {
  if (application) {
    size_t n = strlen(application);
    if (n >= cap) return 0;
    memcpy(out, application, n + 1);
    return 1;
  }
  if (!commandLine) return 0;
  const char *p = commandLine;
  while (*p == ' ' || *p == '\t') p++;
  size_t n = 0;
  if (*p == '"') {
    p++;
    while (p[n] && p[n] != '"') n++;
  } else {
    while (p[n] && p[n] != ' ' && p[n] != '\t') n++;
  }
  if (n == 0 || n >= cap) return 0;
  memcpy(out, p, n);
  out[n] = 0;
  return 1;
}

BOOL WINAPI CreateProcessA(LPCSTR application, LPSTR commandLine, LPSECURITY_ATTRIBUTES processAttributes,
                           LPSECURITY_ATTRIBUTES threadAttributes, BOOL inheritHandles, DWORD creationFlags,
                           LPVOID environment, LPCSTR currentDirectory, LPSTARTUPINFOA startupInfo,
                           LPPROCESS_INFORMATION processInformation) {
  (void)environment;
  (void)currentDirectory;
  char image[MAX_PATH];
  if (!image_of(application, commandLine, image, sizeof image)) return fail(STATUS_OBJECT_NAME_NOT_FOUND);
  NT_CREATE_PROCESS b;
  memset(&b, 0, sizeof b);
  b.ImagePath = image;
  b.CommandLine = commandLine ? commandLine : application;
  b.ProcessFlags = (inheritHandles ? PROCESS_CREATE_FLAGS_INHERIT_HANDLES : 0) |
                   ((creationFlags & CREATE_BREAKAWAY_FROM_JOB) ? PROCESS_CREATE_FLAGS_BREAKAWAY : 0);
  b.ThreadFlags = (creationFlags & CREATE_SUSPENDED) ? THREAD_CREATE_FLAGS_CREATE_SUSPENDED : 0;
  b.ProcessDesiredAccess = PROCESS_ALL_ACCESS;
  b.ThreadDesiredAccess = THREAD_ALL_ACCESS;
  b.ProcessHandleAttributes = (processAttributes && processAttributes->bInheritHandle) ? OBJ_INHERIT : 0;
  b.ThreadHandleAttributes = (threadAttributes && threadAttributes->bInheritHandle) ? OBJ_INHERIT : 0;
  if (startupInfo && (startupInfo->dwFlags & STARTF_USESTDHANDLES)) {
    b.StdHandleFlags = NT_STD_HANDLES_GIVEN;
    b.StdInput = startupInfo->hStdInput;
    b.StdOutput = startupInfo->hStdOutput;
    b.StdError = startupInfo->hStdError;
  }
  if ((creationFlags & EXTENDED_STARTUPINFO_PRESENT) && startupInfo) {
    LPPROC_THREAD_ATTRIBUTE_LIST list = ((LPSTARTUPINFOEXA)startupInfo)->lpAttributeList;
    for (DWORD i = 0; list && i < list->count; i++) {
      if (list->entries[i].attribute == PROC_THREAD_ATTRIBUTE_PARENT_PROCESS) {
        b.ParentProcess = *(HANDLE *)list->entries[i].value;
      } else if (list->entries[i].attribute == PROC_THREAD_ATTRIBUTE_HANDLE_LIST) {
        b.HandleList = (const HANDLE *)list->entries[i].value;
        b.HandleCount = list->entries[i].size / sizeof(HANDLE);
      }
    }
  }
  NTSTATUS status = NtCreateUserProcess(&b);
  if (!NT_SUCCESS(status)) return fail(status);
  processInformation->hProcess = b.ProcessHandle;
  processInformation->hThread = b.ThreadHandle;
  processInformation->dwProcessId = b.ProcessId;
  processInformation->dwThreadId = b.ThreadId;
  return TRUE;
}

void WINAPI ExitProcess(UINT code) {
  /* The C runtime's buffers are flushed, as the CRT's process-detach does on Windows. */
  __stdio_flush_all();
  NtTerminateProcess(NtCurrentProcess(), (NTSTATUS)code);
  for (;;) {
  }
}

BOOL WINAPI TerminateProcess(HANDLE process, UINT code) {
  NTSTATUS status = NtTerminateProcess(process, (NTSTATUS)code);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

static NTSTATUS process_info(HANDLE process, NT_PROCESS_BASIC_INFORMATION *info) {
  return NtQueryInformationProcess(process, ProcessBasicInformation, info, sizeof *info, NULL);
}

BOOL WINAPI GetExitCodeProcess(HANDLE process, LPDWORD code) {
  NT_PROCESS_BASIC_INFORMATION info;
  NTSTATUS status = process_info(process, &info);
  if (!NT_SUCCESS(status)) return fail(status);
  *code = (DWORD)info.ExitStatus;
  return TRUE;
}

HANDLE WINAPI GetCurrentProcess(void) { return NtCurrentProcess(); }
DWORD WINAPI GetCurrentProcessId(void) { return NtCurrentTeb()->ProcessId; }

DWORD WINAPI GetProcessId(HANDLE process) {
  NT_PROCESS_BASIC_INFORMATION info;
  NTSTATUS status = process_info(process, &info);
  if (!NT_SUCCESS(status)) return (DWORD)fail(status);
  return info.UniqueProcessId;
}

HANDLE WINAPI OpenProcess(DWORD access, BOOL inherit, DWORD pid) {
  HANDLE h = NULL;
  NTSTATUS status = NtOpenProcess(&h, access, inherit ? OBJ_INHERIT : 0, pid);
  if (!NT_SUCCESS(status)) {
    fail(status);
    return NULL;
  }
  return h;
}

LPSTR WINAPI GetCommandLineA(void) { return (LPSTR)NtCurrentPeb()->CommandLine; }

/* ---- threads -------------------------------------------------------------------------------- */

HANDLE WINAPI CreateRemoteThread(HANDLE process, LPSECURITY_ATTRIBUTES attributes, SIZE_T stackSize, LPTHREAD_START_ROUTINE start,
                                 LPVOID parameter, DWORD creationFlags, LPDWORD threadId) {
  HANDLE h = NULL;
  ULONG tid = 0;
  NT_CREATE_THREAD b = {
      (creationFlags & CREATE_SUSPENDED) ? THREAD_CREATE_FLAGS_CREATE_SUSPENDED : 0,
      stackSize,
      0,
      &tid,
      (attributes && attributes->bInheritHandle) ? OBJ_INHERIT : 0,
  };
  /* The start routine returns into the system page's exit trampoline: ExitThread(return value). */
  NTSTATUS status = NtCreateThreadEx(&h, THREAD_ALL_ACCESS, process, (void *)start, parameter, &b);
  if (!NT_SUCCESS(status)) {
    fail(status);
    return NULL;
  }
  if (threadId) *threadId = tid;
  return h;
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES attributes, SIZE_T stackSize, LPTHREAD_START_ROUTINE start, LPVOID parameter,
                           DWORD creationFlags, LPDWORD threadId) {
  return CreateRemoteThread(NtCurrentProcess(), attributes, stackSize, start, parameter, creationFlags, threadId);
}

void WINAPI ExitThread(DWORD code) {
  NtTerminateThread(NtCurrentThread(), (NTSTATUS)code);
  for (;;) {
  }
}

BOOL WINAPI TerminateThread(HANDLE thread, DWORD code) {
  NTSTATUS status = NtTerminateThread(thread, (NTSTATUS)code);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

BOOL WINAPI GetExitCodeThread(HANDLE thread, LPDWORD code) {
  NT_THREAD_BASIC_INFORMATION info;
  NTSTATUS status = NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof info, NULL);
  if (!NT_SUCCESS(status)) return fail(status);
  *code = (DWORD)info.ExitStatus;
  return TRUE;
}

HANDLE WINAPI GetCurrentThread(void) { return NtCurrentThread(); }
DWORD WINAPI GetCurrentThreadId(void) { return NtCurrentTeb()->ThreadId; }

DWORD WINAPI ResumeThread(HANDLE thread) {
  ULONG previous = 0;
  NTSTATUS status = NtResumeThread(thread, &previous);
  if (!NT_SUCCESS(status)) {
    fail(status);
    return (DWORD)-1;
  }
  return previous;
}

DWORD WINAPI SuspendThread(HANDLE thread) {
  ULONG previous = 0;
  NTSTATUS status = NtSuspendThread(thread, &previous);
  if (!NT_SUCCESS(status)) {
    fail(status);
    return (DWORD)-1;
  }
  return previous;
}

DWORD WINAPI QueueUserAPC(PAPCFUNC routine, HANDLE thread, ULONG_PTR data) {
  NTSTATUS status = NtQueueApcThread(thread, (void (*)(ULONG, ULONG, ULONG))(void *)routine, data, 0, 0);
  return NT_SUCCESS(status) ? 1 : (DWORD)fail(status);
}

/* ---- handles -------------------------------------------------------------------------------- */

BOOL WINAPI CloseHandle(HANDLE handle) {
  NTSTATUS status = NtClose(handle);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

BOOL WINAPI DuplicateHandle(HANDLE sourceProcess, HANDLE source, HANDLE targetProcess, LPHANDLE target, DWORD access,
                            BOOL inherit, DWORD options) {
  NTSTATUS status = NtDuplicateObject(sourceProcess, source, targetProcess, target, access, inherit ? OBJ_INHERIT : 0, options);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

BOOL WINAPI GetHandleInformation(HANDLE handle, LPDWORD flags) {
  NT_OBJECT_HANDLE_FLAG_INFORMATION info;
  NTSTATUS status = NtQueryObject(handle, ObjectHandleFlagInformation, &info, sizeof info, NULL);
  if (!NT_SUCCESS(status)) return fail(status);
  *flags = (info.Inherit ? HANDLE_FLAG_INHERIT : 0) | (info.ProtectFromClose ? HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
  return TRUE;
}

BOOL WINAPI SetHandleInformation(HANDLE handle, DWORD mask, DWORD flags) {
  NT_OBJECT_HANDLE_FLAG_INFORMATION info;
  NTSTATUS status = NtQueryObject(handle, ObjectHandleFlagInformation, &info, sizeof info, NULL);
  if (!NT_SUCCESS(status)) return fail(status);
  if (mask & HANDLE_FLAG_INHERIT) info.Inherit = (flags & HANDLE_FLAG_INHERIT) != 0;
  if (mask & HANDLE_FLAG_PROTECT_FROM_CLOSE) info.ProtectFromClose = (flags & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0;
  status = NtSetInformationObject(handle, ObjectHandleFlagInformation, &info, sizeof info);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

static HANDLE *std_slot(DWORD which) {
  NT_PEB *peb = NtCurrentPeb();
  switch (which) {
  case STD_INPUT_HANDLE: return &peb->StdInput;
  case STD_OUTPUT_HANDLE: return &peb->StdOutput;
  case STD_ERROR_HANDLE: return &peb->StdError;
  default: return NULL;
  }
}

HANDLE WINAPI GetStdHandle(DWORD which) {
  HANDLE *slot = std_slot(which);
  if (!slot) {
    SetLastError(ERROR_INVALID_HANDLE);
    return INVALID_HANDLE_VALUE;
  }
  return *slot;
}

BOOL WINAPI SetStdHandle(DWORD which, HANDLE handle) {
  HANDLE *slot = std_slot(which);
  if (!slot) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  *slot = handle;
  return TRUE;
}

DWORD WINAPI GetFileType(HANDLE handle) {
  ULONG kind = 0;
  NTSTATUS status = NtQueryObject(handle, ObjectKindInformation, &kind, sizeof kind, NULL);
  if (!NT_SUCCESS(status)) {
    fail(status);
    return FILE_TYPE_UNKNOWN;
  }
  SetLastError(ERROR_SUCCESS);
  if (kind == NT_OBJECT_HOST_STREAM) return FILE_TYPE_CHAR;
  if (kind == NT_OBJECT_PIPE_READ || kind == NT_OBJECT_PIPE_WRITE) return FILE_TYPE_PIPE;
  return FILE_TYPE_UNKNOWN;
}

/* ---- waits and time ------------------------------------------------------------------------- */

static DWORD wait_result(NTSTATUS status) {
  if (!NT_SUCCESS(status)) {
    fail(status);
    return WAIT_FAILED;
  }
  return (DWORD)status; /* WAIT_OBJECT_0 + i, WAIT_TIMEOUT, WAIT_IO_COMPLETION (STATUS_USER_APC) */
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE handle, DWORD milliseconds, BOOL alertable) {
  long long slot;
  return wait_result(NtWaitForSingleObject(handle, alertable, timeout_of(milliseconds, &slot)));
}

DWORD WINAPI WaitForSingleObject(HANDLE handle, DWORD milliseconds) { return WaitForSingleObjectEx(handle, milliseconds, FALSE); }

DWORD WINAPI WaitForMultipleObjectsEx(DWORD count, const HANDLE *handles, BOOL waitAll, DWORD milliseconds, BOOL alertable) {
  long long slot;
  return wait_result(NtWaitForMultipleObjects(count, handles, waitAll ? WaitAllObject : WaitAnyObject, alertable,
                                              timeout_of(milliseconds, &slot)));
}

DWORD WINAPI WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL waitAll, DWORD milliseconds) {
  return WaitForMultipleObjectsEx(count, handles, waitAll, milliseconds, FALSE);
}

DWORD WINAPI SleepEx(DWORD milliseconds, BOOL alertable) {
  long long interval = milliseconds == INFINITE ? (long long)0x8000000000000000ULL : -(long long)milliseconds * 10000LL;
  NTSTATUS status = NtDelayExecution(alertable, &interval);
  return status == STATUS_USER_APC ? WAIT_IO_COMPLETION : 0;
}

void WINAPI Sleep(DWORD milliseconds) { SleepEx(milliseconds, FALSE); }

DWORD WINAPI GetTickCount(void) {
  long long now = 0;
  NtQuerySystemTime(&now);
  return (DWORD)(now / 10000);
}

/* ---- events --------------------------------------------------------------------------------- */

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES attributes, BOOL manualReset, BOOL initialState, LPCSTR name) {
  if (name) { /* named objects are not supported by this ABI */
    fail(STATUS_NOT_SUPPORTED);
    return NULL;
  }
  HANDLE h = NULL;
  NTSTATUS status = NtCreateEvent(&h, EVENT_ALL_ACCESS, (attributes && attributes->bInheritHandle) ? OBJ_INHERIT : 0,
                                  manualReset ? NotificationEvent : SynchronizationEvent, initialState);
  if (!NT_SUCCESS(status)) {
    fail(status);
    return NULL;
  }
  return h;
}

BOOL WINAPI SetEvent(HANDLE event) {
  NTSTATUS status = NtSetEvent(event, NULL);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

BOOL WINAPI ResetEvent(HANDLE event) {
  NTSTATUS status = NtResetEvent(event, NULL);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

/* ---- pipes and files ------------------------------------------------------------------------ */

BOOL WINAPI CreatePipe(PHANDLE readPipe, PHANDLE writePipe, LPSECURITY_ATTRIBUTES attributes, DWORD size) {
  NTSTATUS status = NtCreatePipe(readPipe, writePipe, (attributes && attributes->bInheritHandle) ? OBJ_INHERIT : 0, size);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

BOOL WINAPI ReadFile(HANDLE file, LPVOID buffer, DWORD toRead, LPDWORD read, LPVOID overlapped) {
  (void)overlapped;
  IO_STATUS_BLOCK iosb = {0, 0};
  if (read) *read = 0;
  NTSTATUS status = NtReadFile(file, &iosb, buffer, toRead);
  /* A synchronous read at the end of a file succeeds with 0 bytes. */
  if (status == STATUS_END_OF_FILE) return TRUE;
  if (!NT_SUCCESS(status)) return fail(status);
  if (read) *read = iosb.Information;
  return TRUE;
}

BOOL WINAPI WriteFile(HANDLE file, LPCVOID buffer, DWORD toWrite, LPDWORD written, LPVOID overlapped) {
  (void)overlapped;
  IO_STATUS_BLOCK iosb = {0, 0};
  if (written) *written = 0;
  NTSTATUS status = NtWriteFile(file, &iosb, buffer, toWrite);
  if (written) *written = iosb.Information;
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

/* ---- jobs ----------------------------------------------------------------------------------- */

HANDLE WINAPI CreateJobObjectA(LPSECURITY_ATTRIBUTES attributes, LPCSTR name) {
  if (name) {
    fail(STATUS_NOT_SUPPORTED);
    return NULL;
  }
  HANDLE h = NULL;
  NTSTATUS status = NtCreateJobObject(&h, JOB_OBJECT_ALL_ACCESS, (attributes && attributes->bInheritHandle) ? OBJ_INHERIT : 0);
  if (!NT_SUCCESS(status)) {
    fail(status);
    return NULL;
  }
  return h;
}

BOOL WINAPI AssignProcessToJobObject(HANDLE job, HANDLE process) {
  NTSTATUS status = NtAssignProcessToJobObject(job, process);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

BOOL WINAPI TerminateJobObject(HANDLE job, UINT code) {
  NTSTATUS status = NtTerminateJobObject(job, (NTSTATUS)code);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

BOOL WINAPI IsProcessInJob(HANDLE process, HANDLE job, PBOOL result) {
  NTSTATUS status = NtIsProcessInJob(process, job);
  if (status == STATUS_PROCESS_IN_JOB) {
    *result = TRUE;
    return TRUE;
  }
  if (status == STATUS_PROCESS_NOT_IN_JOB) {
    *result = FALSE;
    return TRUE;
  }
  return fail(status);
}

BOOL WINAPI QueryInformationJobObject(HANDLE job, JOBOBJECTINFOCLASS cls, LPVOID info, DWORD length, LPDWORD returnLength) {
  ULONG written = 0;
  NTSTATUS status = NtQueryInformationJobObject(job, (ULONG)cls, info, length, &written);
  if (returnLength) *returnLength = written;
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

BOOL WINAPI SetInformationJobObject(HANDLE job, JOBOBJECTINFOCLASS cls, LPVOID info, DWORD length) {
  NTSTATUS status = NtSetInformationJobObject(job, (ULONG)cls, info, length);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

/* ---- memory and address waits --------------------------------------------------------------- */

LPVOID WINAPI VirtualAlloc(LPVOID address, SIZE_T size, DWORD type, DWORD protect) {
  void *base = address;
  size_t length = size;
  NTSTATUS status = NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &length, type, protect);
  if (!NT_SUCCESS(status)) {
    fail(status);
    return NULL;
  }
  return base;
}

BOOL WINAPI VirtualFree(LPVOID address, SIZE_T size, DWORD type) {
  if (type == MEM_RELEASE && size != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  void *base = address;
  size_t length = size;
  NTSTATUS status = NtFreeVirtualMemory(NtCurrentProcess(), &base, &length, type);
  return NT_SUCCESS(status) ? TRUE : fail(status);
}

BOOL WINAPI VirtualProtect(LPVOID address, SIZE_T size, DWORD protect, PDWORD old) {
  void *base = address;
  size_t length = size;
  ULONG previous = 0;
  NTSTATUS status = NtProtectVirtualMemory(NtCurrentProcess(), &base, &length, protect, &previous);
  if (!NT_SUCCESS(status)) return fail(status);
  if (old) *old = previous;
  return TRUE;
}

SIZE_T WINAPI VirtualQuery(LPCVOID address, PMEMORY_BASIC_INFORMATION info, SIZE_T length) {
  ULONG written = 0;
  NTSTATUS status = NtQueryVirtualMemory(NtCurrentProcess(), address, 0, info, length, &written);
  if (!NT_SUCCESS(status)) return (SIZE_T)fail(status);
  return written;
}

BOOL WINAPI WaitOnAddress(volatile void *address, PVOID compare, SIZE_T size, DWORD milliseconds) {
  long long slot;
  NTSTATUS status = NtWaitOnAddress(address, compare, size, timeout_of(milliseconds, &slot));
  if (status == STATUS_SUCCESS) return TRUE;
  return fail(status);
}

void WINAPI WakeByAddressSingle(PVOID address) { NtWakeByAddress(address, 0); }
void WINAPI WakeByAddressAll(PVOID address) { NtWakeByAddress(address, 1); }
