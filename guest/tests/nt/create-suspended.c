/* CREATE_SUSPENDED: the primary thread does not run until ResumeThread.
 * Windows (Process Creation Flags): CREATE_SUSPENDED — "The primary thread of the new process is
 * created in a suspended state, and does not run until the ResumeThread function is called."
 * (ResumeThread): "If the function succeeds, the return value is the thread's previous suspend
 * count" — 1 here. */
#include "nt-test.h"

int main(void) {
  PROCESS_INFORMATION pi;
  say("CreateProcess(CREATE_SUSPENDED): %d", spawn("say child-ran", FALSE, CREATE_SUSPENDED, NULL, &pi));
  Sleep(50);
  say("after 50 ms the child has not run: %lu", WaitForSingleObject(pi.hProcess, 0)); /* 258 */
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  say("exit code: %lu", code);                        /* 259 */
  say("ResumeThread: %lu", ResumeThread(pi.hThread)); /* 1 */
  say("exit code after resuming: %lu", finish(pi.hProcess)); /* child printed child-ran; 0 */
  say("ResumeThread on a finished thread: %lu", ResumeThread(pi.hThread)); /* 0 */
  return 0;
}
