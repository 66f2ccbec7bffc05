/* HANDLE_FLAG_PROTECT_FROM_CLOSE keeps CloseHandle from closing a handle.
 * Windows (SetHandleInformation): HANDLE_FLAG_PROTECT_FROM_CLOSE — "If this flag is set, calling
 * the CloseHandle function will not close the object handle." CloseHandle then fails; the status
 * NtClose returns, STATUS_HANDLE_NOT_CLOSABLE, maps to ERROR_INVALID_HANDLE (6). DuplicateHandle
 * with DUPLICATE_CLOSE_SOURCE does not close a protected source (Wine's test_DuplicateHandle, run on
 * Windows: the result is a different handle and the source stays usable). */
#include "nt-test.h"

int main(void) {
  HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);
  say("SetHandleInformation(PROTECT): %d", SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE));
  DWORD flags = 0;
  GetHandleInformation(e, &flags);
  say("flags: %lu", flags); /* 2 */
  BOOL ok = CloseHandle(e);
  say("CloseHandle: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=6 */
  say("still open: SetEvent=%d", SetEvent(e));                       /* 1 */
  HANDLE copy = NULL;
  ok = DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &copy, 0, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
  say("DuplicateHandle(CLOSE_SOURCE) of it: %d, new value: %s", ok, copy != e ? "yes" : "no"); /* 1, yes */
  say("source still open: %d", GetHandleInformation(e, &flags));                              /* 1 */
  say("unprotect: %d", SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));           /* 1 */
  say("CloseHandle now: %d", CloseHandle(e));                                                  /* 1 */
  say("CloseHandle(copy): %d", CloseHandle(copy));                                             /* 1 */
  return 0;
}
