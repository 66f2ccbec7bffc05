/* windows.h — a small kernel32-style layer over the LiteBox NT ABI (nt.h), so that Windows-style C
 * programs build unchanged: the Win32 types, constants and structures they use, and the functions
 * implemented in sdk/nt/kernel32.c. Structure layouts are Win32's as an ILP32 compiler lays them out
 * (LARGE_INTEGER members 8-aligned). Link with the NT runtime (guest/nt.mk). */
#ifndef _LBX_WINDOWS_H
#define _LBX_WINDOWS_H

#include <nt.h>

#define WINAPI
#define CALLBACK
#define VOID void
#define CONST const
#define TRUE 1
#define FALSE 0
#define MAX_PATH 260
#define INFINITE 0xFFFFFFFFUL

typedef int BOOL;
typedef unsigned char BYTE;
typedef unsigned short WORD;
typedef unsigned long DWORD;
typedef long LONG;
typedef unsigned int UINT;
typedef unsigned long ULONG_PTR, DWORD_PTR, SIZE_T;
typedef long LONG_PTR;
typedef char CHAR;
typedef void *LPVOID, *PVOID;
typedef const void *LPCVOID;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef BYTE *LPBYTE;
typedef DWORD *LPDWORD, *PDWORD;
typedef BOOL *PBOOL, *LPBOOL;
typedef HANDLE *PHANDLE, *LPHANDLE;
typedef SIZE_T *PSIZE_T;
typedef DWORD(WINAPI *LPTHREAD_START_ROUTINE)(LPVOID);
typedef void(CALLBACK *PAPCFUNC)(ULONG_PTR);

typedef union _LARGE_INTEGER {
  struct {
    DWORD LowPart;
    LONG HighPart;
  };
  long long QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)
#define STD_INPUT_HANDLE ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE ((DWORD)-12)

/* Waits. */
#define MAXIMUM_WAIT_OBJECTS 64
#define WAIT_OBJECT_0 0x00000000UL
#define WAIT_ABANDONED_0 0x00000080UL
#define WAIT_IO_COMPLETION 0x000000C0UL
#define WAIT_TIMEOUT 0x00000102UL
#define WAIT_FAILED 0xFFFFFFFFUL
#define STILL_ACTIVE 259UL

/* Win32 error codes (GetLastError). */
#define ERROR_SUCCESS 0UL
#define ERROR_INVALID_FUNCTION 1UL
#define ERROR_FILE_NOT_FOUND 2UL
#define ERROR_ACCESS_DENIED 5UL
#define ERROR_INVALID_HANDLE 6UL
#define ERROR_NOT_ENOUGH_MEMORY 8UL
#define ERROR_BAD_LENGTH 24UL
#define ERROR_GEN_FAILURE 31UL
#define ERROR_HANDLE_EOF 38UL
#define ERROR_NOT_SUPPORTED 50UL
#define ERROR_INVALID_PARAMETER 87UL
#define ERROR_BROKEN_PIPE 109UL
#define ERROR_INSUFFICIENT_BUFFER 122UL
#define ERROR_SIGNAL_REFUSED 156UL
#define ERROR_BAD_EXE_FORMAT 193UL
#define ERROR_FILENAME_EXCED_RANGE 206UL
#define ERROR_NO_DATA 232UL
#define ERROR_MORE_DATA 234UL
#define ERROR_INVALID_ADDRESS 487UL
#define ERROR_NOACCESS 998UL
#define ERROR_NO_SYSTEM_RESOURCES 1450UL
#define ERROR_TIMEOUT 1460UL
#define ERROR_NOT_ENOUGH_QUOTA 1816UL

/* Access rights. */
#define DELETE 0x00010000UL
#define READ_CONTROL 0x00020000UL
#define SYNCHRONIZE 0x00100000UL
#define STANDARD_RIGHTS_REQUIRED 0x000F0000UL
#define GENERIC_READ 0x80000000UL
#define GENERIC_WRITE 0x40000000UL
#define GENERIC_EXECUTE 0x20000000UL
#define GENERIC_ALL 0x10000000UL
#define MAXIMUM_ALLOWED 0x02000000UL
#define PROCESS_TERMINATE 0x0001UL
#define PROCESS_CREATE_THREAD 0x0002UL
#define PROCESS_VM_OPERATION 0x0008UL
#define PROCESS_VM_READ 0x0010UL
#define PROCESS_VM_WRITE 0x0020UL
#define PROCESS_DUP_HANDLE 0x0040UL
#define PROCESS_CREATE_PROCESS 0x0080UL
#define PROCESS_SET_QUOTA 0x0100UL
#define PROCESS_SET_INFORMATION 0x0200UL
#define PROCESS_QUERY_INFORMATION 0x0400UL
#define PROCESS_SUSPEND_RESUME 0x0800UL
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000UL
#define PROCESS_ALL_ACCESS 0x001FFFFFUL
#define THREAD_TERMINATE 0x0001UL
#define THREAD_SUSPEND_RESUME 0x0002UL
#define THREAD_SET_CONTEXT 0x0010UL
#define THREAD_QUERY_INFORMATION 0x0040UL
#define THREAD_QUERY_LIMITED_INFORMATION 0x0800UL
#define THREAD_ALL_ACCESS 0x001FFFFFUL
#define EVENT_MODIFY_STATE 0x0002UL
#define EVENT_ALL_ACCESS 0x001F0003UL
#define JOB_OBJECT_ASSIGN_PROCESS 0x0001UL
#define JOB_OBJECT_SET_ATTRIBUTES 0x0002UL
#define JOB_OBJECT_QUERY 0x0004UL
#define JOB_OBJECT_TERMINATE 0x0008UL
#define JOB_OBJECT_ALL_ACCESS 0x001F003FUL

/* Handles. */
#define DUPLICATE_CLOSE_SOURCE 0x00000001UL
#define DUPLICATE_SAME_ACCESS 0x00000002UL
#define HANDLE_FLAG_INHERIT 0x00000001UL
#define HANDLE_FLAG_PROTECT_FROM_CLOSE 0x00000002UL
#define FILE_TYPE_UNKNOWN 0x0000UL
#define FILE_TYPE_DISK 0x0001UL
#define FILE_TYPE_CHAR 0x0002UL
#define FILE_TYPE_PIPE 0x0003UL

/* Process creation. */
#define DEBUG_PROCESS 0x00000001UL
#define CREATE_SUSPENDED 0x00000004UL
#define DETACHED_PROCESS 0x00000008UL
#define CREATE_NEW_CONSOLE 0x00000010UL
#define CREATE_NEW_PROCESS_GROUP 0x00000200UL
#define EXTENDED_STARTUPINFO_PRESENT 0x00080000UL
#define CREATE_BREAKAWAY_FROM_JOB 0x01000000UL
#define CREATE_NO_WINDOW 0x08000000UL
#define STARTF_USESTDHANDLES 0x00000100UL
#define PROC_THREAD_ATTRIBUTE_PARENT_PROCESS 0x00020000UL
#define PROC_THREAD_ATTRIBUTE_HANDLE_LIST 0x00020002UL

typedef struct _SECURITY_ATTRIBUTES {
  DWORD nLength;
  LPVOID lpSecurityDescriptor;
  BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

typedef struct _STARTUPINFOA {
  DWORD cb;
  LPSTR lpReserved;
  LPSTR lpDesktop;
  LPSTR lpTitle;
  DWORD dwX;
  DWORD dwY;
  DWORD dwXSize;
  DWORD dwYSize;
  DWORD dwXCountChars;
  DWORD dwYCountChars;
  DWORD dwFillAttribute;
  DWORD dwFlags;
  WORD wShowWindow;
  WORD cbReserved2;
  LPBYTE lpReserved2;
  HANDLE hStdInput;
  HANDLE hStdOutput;
  HANDLE hStdError;
} STARTUPINFOA, *LPSTARTUPINFOA;

typedef struct _PROC_THREAD_ATTRIBUTE_LIST *PPROC_THREAD_ATTRIBUTE_LIST, *LPPROC_THREAD_ATTRIBUTE_LIST;

typedef struct _STARTUPINFOEXA {
  STARTUPINFOA StartupInfo;
  LPPROC_THREAD_ATTRIBUTE_LIST lpAttributeList;
} STARTUPINFOEXA, *LPSTARTUPINFOEXA;

typedef struct _PROCESS_INFORMATION {
  HANDLE hProcess;
  HANDLE hThread;
  DWORD dwProcessId;
  DWORD dwThreadId;
} PROCESS_INFORMATION, *PPROCESS_INFORMATION, *LPPROCESS_INFORMATION;

/* Jobs. */
typedef enum _JOBOBJECTINFOCLASS {
  JobObjectBasicAccountingInformation = 1,
  JobObjectBasicLimitInformation = 2,
  JobObjectBasicProcessIdList = 3,
  JobObjectExtendedLimitInformation = 9,
} JOBOBJECTINFOCLASS;

#define JOB_OBJECT_LIMIT_ACTIVE_PROCESS 0x00000008UL
#define JOB_OBJECT_LIMIT_BREAKAWAY_OK 0x00000800UL
#define JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK 0x00001000UL
#define JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE 0x00002000UL

typedef struct _JOBOBJECT_BASIC_ACCOUNTING_INFORMATION {
  LARGE_INTEGER TotalUserTime;
  LARGE_INTEGER TotalKernelTime;
  LARGE_INTEGER ThisPeriodTotalUserTime;
  LARGE_INTEGER ThisPeriodTotalKernelTime;
  DWORD TotalPageFaultCount;
  DWORD TotalProcesses;
  DWORD ActiveProcesses;
  DWORD TotalTerminatedProcesses;
} JOBOBJECT_BASIC_ACCOUNTING_INFORMATION, *PJOBOBJECT_BASIC_ACCOUNTING_INFORMATION;

typedef struct _JOBOBJECT_BASIC_LIMIT_INFORMATION {
  LARGE_INTEGER PerProcessUserTimeLimit;
  LARGE_INTEGER PerJobUserTimeLimit;
  DWORD LimitFlags;
  SIZE_T MinimumWorkingSetSize;
  SIZE_T MaximumWorkingSetSize;
  DWORD ActiveProcessLimit;
  ULONG_PTR Affinity;
  DWORD PriorityClass;
  DWORD SchedulingClass;
} JOBOBJECT_BASIC_LIMIT_INFORMATION, *PJOBOBJECT_BASIC_LIMIT_INFORMATION;

typedef struct _IO_COUNTERS {
  unsigned long long ReadOperationCount;
  unsigned long long WriteOperationCount;
  unsigned long long OtherOperationCount;
  unsigned long long ReadTransferCount;
  unsigned long long WriteTransferCount;
  unsigned long long OtherTransferCount;
} IO_COUNTERS;

typedef struct _JOBOBJECT_EXTENDED_LIMIT_INFORMATION {
  JOBOBJECT_BASIC_LIMIT_INFORMATION BasicLimitInformation;
  IO_COUNTERS IoInfo;
  SIZE_T ProcessMemoryLimit;
  SIZE_T JobMemoryLimit;
  SIZE_T PeakProcessMemoryUsed;
  SIZE_T PeakJobMemoryUsed;
} JOBOBJECT_EXTENDED_LIMIT_INFORMATION, *PJOBOBJECT_EXTENDED_LIMIT_INFORMATION;

typedef struct _JOBOBJECT_BASIC_PROCESS_ID_LIST {
  DWORD NumberOfAssignedProcesses;
  DWORD NumberOfProcessIdsInList;
  ULONG_PTR ProcessIdList[1];
} JOBOBJECT_BASIC_PROCESS_ID_LIST, *PJOBOBJECT_BASIC_PROCESS_ID_LIST;

/* Memory. */
#define MEM_COMMIT 0x00001000UL
#define MEM_RESERVE 0x00002000UL
#define MEM_DECOMMIT 0x00004000UL
#define MEM_RELEASE 0x00008000UL
#define MEM_FREE 0x00010000UL
#define MEM_PRIVATE 0x00020000UL
#define MEM_IMAGE 0x01000000UL
#define MEM_TOP_DOWN 0x00100000UL
#define PAGE_NOACCESS 0x01UL
#define PAGE_READONLY 0x02UL
#define PAGE_READWRITE 0x04UL
#define PAGE_EXECUTE 0x10UL
#define PAGE_EXECUTE_READ 0x20UL
#define PAGE_EXECUTE_READWRITE 0x40UL
#define PAGE_GUARD 0x100UL

typedef struct _MEMORY_BASIC_INFORMATION {
  PVOID BaseAddress;
  PVOID AllocationBase;
  DWORD AllocationProtect;
  SIZE_T RegionSize;
  DWORD State;
  DWORD Protect;
  DWORD Type;
} MEMORY_BASIC_INFORMATION, *PMEMORY_BASIC_INFORMATION;

/* Errors. */
DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD code);
DWORD WINAPI RtlNtStatusToDosError(NTSTATUS status);

/* Processes. */
BOOL WINAPI CreateProcessA(LPCSTR application, LPSTR commandLine, LPSECURITY_ATTRIBUTES processAttributes,
                           LPSECURITY_ATTRIBUTES threadAttributes, BOOL inheritHandles, DWORD creationFlags,
                           LPVOID environment, LPCSTR currentDirectory, LPSTARTUPINFOA startupInfo,
                           LPPROCESS_INFORMATION processInformation);
BOOL WINAPI InitializeProcThreadAttributeList(LPPROC_THREAD_ATTRIBUTE_LIST list, DWORD count, DWORD flags, PSIZE_T size);
BOOL WINAPI UpdateProcThreadAttribute(LPPROC_THREAD_ATTRIBUTE_LIST list, DWORD flags, DWORD_PTR attribute, PVOID value,
                                      SIZE_T size, PVOID previous, PSIZE_T returnSize);
void WINAPI DeleteProcThreadAttributeList(LPPROC_THREAD_ATTRIBUTE_LIST list);
__attribute__((noreturn)) void WINAPI ExitProcess(UINT code);
BOOL WINAPI TerminateProcess(HANDLE process, UINT code);
BOOL WINAPI GetExitCodeProcess(HANDLE process, LPDWORD code);
HANDLE WINAPI GetCurrentProcess(void);
DWORD WINAPI GetCurrentProcessId(void);
DWORD WINAPI GetProcessId(HANDLE process);
HANDLE WINAPI OpenProcess(DWORD access, BOOL inherit, DWORD pid);
LPSTR WINAPI GetCommandLineA(void);

/* Threads. */
HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES attributes, SIZE_T stackSize, LPTHREAD_START_ROUTINE start, LPVOID parameter,
                           DWORD creationFlags, LPDWORD threadId);
HANDLE WINAPI CreateRemoteThread(HANDLE process, LPSECURITY_ATTRIBUTES attributes, SIZE_T stackSize, LPTHREAD_START_ROUTINE start,
                                 LPVOID parameter, DWORD creationFlags, LPDWORD threadId);
__attribute__((noreturn)) void WINAPI ExitThread(DWORD code);
BOOL WINAPI TerminateThread(HANDLE thread, DWORD code);
BOOL WINAPI GetExitCodeThread(HANDLE thread, LPDWORD code);
HANDLE WINAPI GetCurrentThread(void);
DWORD WINAPI GetCurrentThreadId(void);
DWORD WINAPI ResumeThread(HANDLE thread);
DWORD WINAPI SuspendThread(HANDLE thread);
DWORD WINAPI QueueUserAPC(PAPCFUNC routine, HANDLE thread, ULONG_PTR data);

/* Handles and standard handles. */
BOOL WINAPI CloseHandle(HANDLE handle);
BOOL WINAPI DuplicateHandle(HANDLE sourceProcess, HANDLE source, HANDLE targetProcess, LPHANDLE target, DWORD access,
                            BOOL inherit, DWORD options);
BOOL WINAPI GetHandleInformation(HANDLE handle, LPDWORD flags);
BOOL WINAPI SetHandleInformation(HANDLE handle, DWORD mask, DWORD flags);
HANDLE WINAPI GetStdHandle(DWORD which);
BOOL WINAPI SetStdHandle(DWORD which, HANDLE handle);
DWORD WINAPI GetFileType(HANDLE handle);

/* Waits and time. */
DWORD WINAPI WaitForSingleObject(HANDLE handle, DWORD milliseconds);
DWORD WINAPI WaitForSingleObjectEx(HANDLE handle, DWORD milliseconds, BOOL alertable);
DWORD WINAPI WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL waitAll, DWORD milliseconds);
DWORD WINAPI WaitForMultipleObjectsEx(DWORD count, const HANDLE *handles, BOOL waitAll, DWORD milliseconds, BOOL alertable);
void WINAPI Sleep(DWORD milliseconds);
DWORD WINAPI SleepEx(DWORD milliseconds, BOOL alertable);
DWORD WINAPI GetTickCount(void);

/* Events. */
HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES attributes, BOOL manualReset, BOOL initialState, LPCSTR name);
BOOL WINAPI SetEvent(HANDLE event);
BOOL WINAPI ResetEvent(HANDLE event);

/* Pipes and files. */
BOOL WINAPI CreatePipe(PHANDLE readPipe, PHANDLE writePipe, LPSECURITY_ATTRIBUTES attributes, DWORD size);
BOOL WINAPI ReadFile(HANDLE file, LPVOID buffer, DWORD toRead, LPDWORD read, LPVOID overlapped);
BOOL WINAPI WriteFile(HANDLE file, LPCVOID buffer, DWORD toWrite, LPDWORD written, LPVOID overlapped);

/* Jobs. */
HANDLE WINAPI CreateJobObjectA(LPSECURITY_ATTRIBUTES attributes, LPCSTR name);
BOOL WINAPI AssignProcessToJobObject(HANDLE job, HANDLE process);
BOOL WINAPI TerminateJobObject(HANDLE job, UINT code);
BOOL WINAPI IsProcessInJob(HANDLE process, HANDLE job, PBOOL result);
BOOL WINAPI QueryInformationJobObject(HANDLE job, JOBOBJECTINFOCLASS cls, LPVOID info, DWORD length, LPDWORD returnLength);
BOOL WINAPI SetInformationJobObject(HANDLE job, JOBOBJECTINFOCLASS cls, LPVOID info, DWORD length);

/* Memory and address waits. */
LPVOID WINAPI VirtualAlloc(LPVOID address, SIZE_T size, DWORD type, DWORD protect);
BOOL WINAPI VirtualFree(LPVOID address, SIZE_T size, DWORD type);
BOOL WINAPI VirtualProtect(LPVOID address, SIZE_T size, DWORD protect, PDWORD old);
SIZE_T WINAPI VirtualQuery(LPCVOID address, PMEMORY_BASIC_INFORMATION info, SIZE_T length);
BOOL WINAPI WaitOnAddress(volatile void *address, PVOID compare, SIZE_T size, DWORD milliseconds);
void WINAPI WakeByAddressSingle(PVOID address);
void WINAPI WakeByAddressAll(PVOID address);

#endif
