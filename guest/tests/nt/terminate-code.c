/* TerminateProcess's exit code, and TerminateProcess on a process that has already exited.
 * Windows (TerminateProcess): uExitCode is "the exit code to be used by the process and threads
 * terminated as a result of this call" and GetExitCodeProcess retrieves it; "After a process has
 * terminated, call to TerminateProcess with open handles to the process fails with
 * ERROR_ACCESS_DENIED (5) error code." (Wine lets the second call succeed; Windows is right.) */
#include "nt-test.h"

int main(void) {
  PROCESS_INFORMATION pi;
  if (!spawn("sleep", FALSE, 0, NULL, &pi)) return 1;
  say("TerminateProcess(1234): %d", TerminateProcess(pi.hProcess, 1234)); /* 1 */
  say("wait: %lu", WaitForSingleObject(pi.hProcess, INFINITE));           /* 0 */
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  say("exit code: %lu", code); /* 1234 */
  BOOL again = TerminateProcess(pi.hProcess, 1);
  say("TerminateProcess again: %d error=%lu", again, again ? 0UL : GetLastError()); /* 0 error=5 */
  GetExitCodeProcess(pi.hProcess, &code);
  say("exit code unchanged: %lu", code); /* 1234 */
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  return 0;
}
