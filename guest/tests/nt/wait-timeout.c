/* Timeouts: a wait on an object that stays unsignalled ends with WAIT_TIMEOUT after the interval;
 * Sleep suspends the thread for at least the interval. Windows (WaitForSingleObject): "If the
 * interval elapses, the function returns [WAIT_TIMEOUT (258)], even if the object's state is
 * nonsignaled"; (Sleep): "suspends the execution of the current thread until the time-out interval
 * elapses." The system time (GetTickCount) advances by at least the interval. */
#include "nt-test.h"

int main(void) {
  HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);
  DWORD before = GetTickCount();
  say("WaitForSingleObject(e, 30): %lu", WaitForSingleObject(e, 30)); /* 258 */
  DWORD waited = GetTickCount() - before;
  say("at least 30 ms passed: %s", waited >= 30 ? "yes" : "no");
  before = GetTickCount();
  Sleep(40);
  say("Sleep(40) took at least 40 ms: %s", GetTickCount() - before >= 40 ? "yes" : "no");
  HANDLE both[2] = {e, CreateEventA(NULL, TRUE, FALSE, NULL)};
  say("WaitForMultipleObjects(any, 10): %lu", WaitForMultipleObjects(2, both, FALSE, 10)); /* 258 */
  say("WaitForMultipleObjects(all, 10): %lu", WaitForMultipleObjects(2, both, TRUE, 10));  /* 258 */
  return 0;
}
