/* WaitForMultipleObjects (wait all) waits for every object and changes them only when all are
 * signalled. Windows (WaitForMultipleObjects): "If bWaitAll is TRUE, the function returns when the
 * state of all objects in the lpHandles array is signaled"; "The function modifies the state of
 * some types of synchronization objects ... [and] when bWaitAll is TRUE, the function's wait is
 * completed only when the states of all objects have been set to signaled. The function does not
 * modify the states of the specified objects until the states of all objects have been set to
 * signaled." The array "may not contain multiple copies of the same handle": such a wait-all fails
 * with ERROR_INVALID_PARAMETER (87). */
#include "nt-test.h"

int main(void) {
  HANDLE e[2] = {CreateEventA(NULL, FALSE, TRUE, NULL), CreateEventA(NULL, FALSE, FALSE, NULL)};
  say("one of two set: %lu", WaitForMultipleObjects(2, e, TRUE, 0)); /* 258 */
  say("the set one was not consumed: %lu", WaitForSingleObject(e[0], 0)); /* 0 (consumed now) */
  SetEvent(e[0]);
  SetEvent(e[1]);
  say("both set: %lu", WaitForMultipleObjects(2, e, TRUE, 0)); /* 0 */
  say("both consumed: %lu %lu", WaitForSingleObject(e[0], 0), WaitForSingleObject(e[1], 0)); /* 258 258 */
  HANDLE twice[2] = {e[0], e[0]};
  DWORD r = WaitForMultipleObjects(2, twice, TRUE, 0);
  say("same handle twice: %lu error=%lu", r, GetLastError()); /* 4294967295 error=87 */
  /* Processes: wait for two children. */
  PROCESS_INFORMATION p1, p2;
  spawn("exit 1", FALSE, 0, NULL, &p1);
  spawn("exit 2", FALSE, 0, NULL, &p2);
  HANDLE both[2] = {p1.hProcess, p2.hProcess};
  say("two processes: %lu", WaitForMultipleObjects(2, both, TRUE, INFINITE)); /* 0 */
  DWORD c1, c2;
  GetExitCodeProcess(p1.hProcess, &c1);
  GetExitCodeProcess(p2.hProcess, &c2);
  say("exit codes: %lu %lu", c1, c2); /* 1 2 */
  return 0;
}
