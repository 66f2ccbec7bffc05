/* Duplicating the current-process pseudo-handle gives a real handle.
 * Windows (GetCurrentProcess): "A pseudo handle is a special constant, currently (HANDLE)-1, that is
 * interpreted as the current process handle"; "The pseudo handle need not be closed ... Calling the
 * CloseHandle function with a pseudo handle has no effect"; "A process can create a 'real' handle
 * to itself ... by specifying the pseudo handle as the source handle in a call to DuplicateHandle."
 * GetCurrentThread likewise returns (HANDLE)-2. */
#include "nt-test.h"

int main(void) {
  HANDLE self = GetCurrentProcess();
  say("GetCurrentProcess: %ld", (long)(LONG_PTR)self); /* -1 */
  say("GetCurrentThread: %ld", (long)(LONG_PTR)GetCurrentThread()); /* -2 */
  HANDLE real = NULL;
  BOOL ok = DuplicateHandle(self, self, self, &real, 0, FALSE, DUPLICATE_SAME_ACCESS);
  say("DuplicateHandle(pseudo): %d", ok); /* 1 */
  say("real handle: multiple of 4 and not the pseudo-handle: %s", (H(real) & 3) == 0 && real != self ? "yes" : "no");
  say("GetProcessId(real) is this process: %s", GetProcessId(real) == GetCurrentProcessId() ? "yes" : "no");
  DWORD flags = 99;
  say("GetHandleInformation(real): %d flags=%lu", GetHandleInformation(real, &flags), flags); /* 1 flags=0 */
  HANDLE thread = NULL;
  DuplicateHandle(self, GetCurrentThread(), self, &thread, 0, FALSE, DUPLICATE_SAME_ACCESS);
  DWORD code = 0;
  GetExitCodeThread(thread, &code);
  say("real thread handle, exit code while running: %lu", code); /* 259 */
  say("CloseHandle(real): %d", CloseHandle(real));               /* 1 */
  say("CloseHandle(thread): %d", CloseHandle(thread));           /* 1 */
  say("CloseHandle(pseudo): %d", CloseHandle(self));             /* 1: no effect */
  say("pseudo-handle still works: %s", GetProcessId(self) == GetCurrentProcessId() ? "yes" : "no");
  return 0;
}
