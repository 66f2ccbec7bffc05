/* GetExitCodeProcess reports STILL_ACTIVE while the process runs.
 * Windows (GetExitCodeProcess): "If the process has not terminated and the function succeeds, the
 * status returned is STILL_ACTIVE (a macro for STATUS_PENDING)" — 259. A wait with a zero timeout on
 * the running process returns WAIT_TIMEOUT (258) (WaitForSingleObject: "If dwMilliseconds is zero,
 * the function does not enter a wait state if the object is not signaled; it always returns
 * immediately"). */
#include "nt-test.h"

int main(void) {
  PROCESS_INFORMATION pi;
  if (!spawn("sleep", FALSE, 0, NULL, &pi)) return 1;
  DWORD code = 0;
  BOOL ok = GetExitCodeProcess(pi.hProcess, &code);
  say("GetExitCodeProcess while running: %d code=%lu", ok, code); /* 1 code=259 */
  say("poll: %lu", WaitForSingleObject(pi.hProcess, 0));           /* 258 */
  TerminateProcess(pi.hProcess, 9);
  say("after TerminateProcess(9): %lu", finish(pi.hProcess)); /* 9 */
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  return 0;
}
