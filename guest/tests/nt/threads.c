/* Thread exit codes: a thread's return value, ExitThread's code, TerminateThread's code, and
 * STILL_ACTIVE while it runs. Windows (GetExitCodeThread): "If the specified thread has not
 * terminated and the function succeeds, the status returned is STILL_ACTIVE"; the exit code is
 * "the value specified in the ExitThread or TerminateThread function" or "the return value from
 * the thread function". A thread handle is signalled when the thread terminates. */
#include "nt-test.h"

static DWORD WINAPI returns(LPVOID arg) { return (DWORD)(ULONG_PTR)arg; }
static DWORD WINAPI exits(LPVOID arg) {
  ExitThread((DWORD)(ULONG_PTR)arg + 1);
}
static DWORD WINAPI sleeps(LPVOID arg) {
  (void)arg;
  Sleep(INFINITE);
  return 0;
}

int main(void) {
  DWORD code = 0;
  HANDLE t = CreateThread(NULL, 0, returns, (LPVOID)5, 0, NULL);
  say("wait: %lu", WaitForSingleObject(t, INFINITE)); /* 0 */
  GetExitCodeThread(t, &code);
  say("returned: %lu", code); /* 5 */
  t = CreateThread(NULL, 0, exits, (LPVOID)5, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  say("ExitThread: %lu", code); /* 6 */
  DWORD tid = 0;
  t = CreateThread(NULL, 0, sleeps, NULL, 0, &tid);
  say("thread id is not the process id: %s", tid != 0 && tid != GetCurrentProcessId() ? "yes" : "no");
  Sleep(10);
  GetExitCodeThread(t, &code);
  say("running: %lu", code); /* 259 */
  say("TerminateThread(7): %d", TerminateThread(t, 7)); /* 1 */
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  say("terminated: %lu", code); /* 7 */
  t = CreateThread(NULL, 0, returns, (LPVOID)8, CREATE_SUSPENDED, NULL);
  say("suspended thread: %lu", WaitForSingleObject(t, 20)); /* 258 */
  say("ResumeThread: %lu", ResumeThread(t));               /* 1 */
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  say("resumed and returned: %lu", code); /* 8 */
  return 0;
}
