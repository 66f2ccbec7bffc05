/* An orphan is detached, not reparented. Windows keeps no parent link that follows a process's
 * lifetime: InheritedFromUniqueProcessId (PROCESS_BASIC_INFORMATION) is the creator's id recorded
 * at creation and never changes; once the creator has exited and its last handle is closed, its id
 * no longer opens anything — OpenProcess fails with ERROR_INVALID_PARAMETER (87) for an id that
 * names no process. Nothing is reparented (unlike POSIX, where an orphan's parent becomes PID 1).
 * The grandchild reports; this process waits for both through an inherited pipe that breaks when
 * the last of them exits. */
#include "nt-test.h"

int main(void) {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE r, w;
  CreatePipe(&r, &w, &inherit, 0);
  SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
  PROCESS_INFORMATION pi;
  say("start the child: %d", spawn("orphan-parent", TRUE, 0, NULL, &pi));
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess); /* nobody here keeps the child's process object */
  CloseHandle(w);
  char c;
  DWORD n;
  BOOL ok = ReadFile(r, &c, 1, &n, NULL); /* blocks until child and grandchild have both exited */
  say("both gone: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=109 */
  return 0;
}
