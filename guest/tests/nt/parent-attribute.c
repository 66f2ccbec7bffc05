/* PROC_THREAD_ATTRIBUTE_PARENT_PROCESS: the new process's parent is the given process, whose
 * handle needs PROCESS_CREATE_PROCESS.
 * Windows (UpdateProcThreadAttribute): PROC_THREAD_ATTRIBUTE_PARENT_PROCESS — "The lpValue
 * parameter is a pointer to a handle to a process to use instead of the calling process as the
 * parent for the process being created. The process to use must have the PROCESS_CREATE_PROCESS
 * access right." A handle that is not open fails the creation with ERROR_INVALID_HANDLE (6); one
 * without the right with ERROR_ACCESS_DENIED (5); a parent that has exited with ERROR_ACCESS_DENIED
 * (STATUS_PROCESS_IS_TERMINATING). */
#include "nt-test.h"

static BOOL with_parent(HANDLE parent, const char *args, PROCESS_INFORMATION *pi) {
  static char storage[256];
  SIZE_T size = sizeof storage;
  LPPROC_THREAD_ATTRIBUTE_LIST list = (LPPROC_THREAD_ATTRIBUTE_LIST)storage;
  InitializeProcThreadAttributeList(list, 1, 0, &size);
  static HANDLE value;
  value = parent;
  UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_PARENT_PROCESS, &value, sizeof value, NULL, NULL);
  STARTUPINFOEXA si;
  memset(&si, 0, sizeof si);
  si.StartupInfo.cb = sizeof si;
  si.lpAttributeList = list;
  return spawn(args, FALSE, EXTENDED_STARTUPINFO_PRESENT, &si.StartupInfo, pi);
}

int main(void) {
  PROCESS_INFORMATION adoptive;
  spawn("sleep", FALSE, 0, NULL, &adoptive);
  char args[64];
  snprintf(args, sizeof args, "creator-is %lu", adoptive.dwProcessId);
  PROCESS_INFORMATION pi;
  say("with a parent: %d", with_parent(adoptive.hProcess, args, &pi)); /* 1 */
  finish(pi.hProcess); /* child: yes */
  BOOL ok = with_parent((HANDLE)(ULONG_PTR)0x4444, args, &pi);
  say("parent handle not open: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=6 */
  HANDLE weak = OpenProcess(SYNCHRONIZE, FALSE, adoptive.dwProcessId);
  ok = with_parent(weak, args, &pi);
  say("without PROCESS_CREATE_PROCESS: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=5 */
  TerminateProcess(adoptive.hProcess, 0);
  finish(adoptive.hProcess);
  ok = with_parent(adoptive.hProcess, args, &pi);
  say("parent has exited: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=5 */
  return 0;
}
