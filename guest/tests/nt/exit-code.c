/* A child's exit code reaches its parent through WaitForSingleObject + GetExitCodeProcess.
 * Windows: a process handle is signalled when the process exits (WaitForSingleObject returns
 * WAIT_OBJECT_0), and GetExitCodeProcess then returns the value the process passed to ExitProcess
 * or returned from main (GetExitCodeProcess, "Remarks"). */
#include "nt-test.h"

int main(void) {
  PROCESS_INFORMATION pi;
  if (!spawn("exit 42", FALSE, 0, NULL, &pi)) {
    say("CreateProcess failed: %lu", GetLastError());
    return 1;
  }
  /* WAIT_OBJECT_0 (0): the process handle became signalled. */
  say("wait: %lu", WaitForSingleObject(pi.hProcess, INFINITE));
  DWORD code = 0;
  BOOL ok = GetExitCodeProcess(pi.hProcess, &code);
  /* The child returned 42 from main. */
  say("GetExitCodeProcess: %d code=%lu", ok, code);
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  return 0;
}
