/* WaitForMultipleObjects (wait any) reports the lowest index among the signalled objects.
 * Windows (WaitForMultipleObjects): "If bWaitAll is FALSE, the return value minus WAIT_OBJECT_0
 * indicates the lpHandles array index of the object that satisfied the wait. If more than one
 * object became signaled during the call, this is the array index of the signaled object with the
 * smallest index value of all the signaled objects." With a zero timeout and nothing signalled the
 * result is WAIT_TIMEOUT (258). */
#include "nt-test.h"

int main(void) {
  HANDLE e[3];
  for (int i = 0; i < 3; i++) e[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
  say("nothing signalled: %lu", WaitForMultipleObjects(3, e, FALSE, 0)); /* 258 */
  SetEvent(e[2]);
  SetEvent(e[1]);
  say("1 and 2 signalled: %lu", WaitForMultipleObjects(3, e, FALSE, 0)); /* 1 */
  SetEvent(e[0]);
  say("all signalled: %lu", WaitForMultipleObjects(3, e, FALSE, INFINITE)); /* 0 */
  /* A process handle: signalled when the process exits. */
  PROCESS_INFORMATION pi;
  spawn("exit 0", FALSE, 0, NULL, &pi);
  HANDLE mixed[2] = {CreateEventA(NULL, TRUE, FALSE, NULL), pi.hProcess};
  say("event or process: %lu", WaitForMultipleObjects(2, mixed, FALSE, INFINITE)); /* 1 */
  DWORD r = WaitForMultipleObjects(0, mixed, FALSE, 0);
  say("zero handles: %lu error=%lu", r, GetLastError()); /* 4294967295 (WAIT_FAILED) error=87 */
  return 0;
}
