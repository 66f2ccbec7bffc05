/* PROC_THREAD_ATTRIBUTE_HANDLE_LIST: only the listed handles are inherited.
 * Windows (UpdateProcThreadAttribute): PROC_THREAD_ATTRIBUTE_HANDLE_LIST — "The lpValue parameter
 * is a pointer to a list of handles to be inherited by the child process. These handles must be
 * created as inheritable handles"; CreateProcess is called with bInheritHandles TRUE and
 * EXTENDED_STARTUPINFO_PRESENT. Other inheritable handles are not inherited. */
#include "nt-test.h"

int main(void) {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE listed = CreateEventA(&inherit, TRUE, FALSE, NULL);
  HANDLE unlisted = CreateEventA(&inherit, TRUE, FALSE, NULL);
  SIZE_T size = 0;
  BOOL first = InitializeProcThreadAttributeList(NULL, 1, 0, &size);
  say("size query: %d error=%lu", first, GetLastError()); /* 0 error=122 (ERROR_INSUFFICIENT_BUFFER) */
  static char storage[256];
  LPPROC_THREAD_ATTRIBUTE_LIST list = (LPPROC_THREAD_ATTRIBUTE_LIST)storage;
  say("initialize: %d", size <= sizeof storage && InitializeProcThreadAttributeList(list, 1, 0, &size));
  HANDLE handles[1] = {listed};
  say("update: %d", UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles, sizeof handles, NULL, NULL));
  STARTUPINFOEXA si;
  memset(&si, 0, sizeof si);
  si.StartupInfo.cb = sizeof si;
  si.lpAttributeList = list;
  char args[64];
  snprintf(args, sizeof args, "handles %lu %lu", H(listed), H(unlisted));
  PROCESS_INFORMATION pi;
  say("CreateProcess with a handle list: %d", spawn(args, TRUE, EXTENDED_STARTUPINFO_PRESENT, &si.StartupInfo, &pi));
  finish(pi.hProcess); /* child: the listed event open, inherit=1; the other not open */
  DeleteProcThreadAttributeList(list);
  return 0;
}
