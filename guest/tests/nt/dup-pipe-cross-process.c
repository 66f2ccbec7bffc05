/* A pipe end duplicated into another process works there, and counts as a writer.
 * Windows (Anonymous Pipe Operations): "The process can also duplicate a pipe handle using the
 * DuplicateHandle function and send it to an unrelated process"; DuplicateHandle needs
 * PROCESS_DUP_HANDLE on the source process. ReadFile returns when data arrives, and fails with
 * ERROR_BROKEN_PIPE once every write handle — the child's duplicate included — is closed. */
#include "nt-test.h"

int main(void) {
  HANDLE r, w;
  CreatePipe(&r, &w, NULL, 0); /* not inheritable: the child must pull the write end itself */
  char args[96];
  snprintf(args, sizeof args, "pull-write %lu %lu hello-through-a-duplicate", GetCurrentProcessId(), H(w));
  PROCESS_INFORMATION pi;
  spawn(args, FALSE, 0, NULL, &pi);
  say("child exit code: %lu", finish(pi.hProcess)); /* 0 */
  CloseHandle(w);
  char buf[64];
  DWORD n = 0;
  BOOL ok = ReadFile(r, buf, sizeof buf - 1, &n, NULL);
  buf[n] = 0;
  say("ReadFile: %d \"%s\"", ok, buf);
  ok = ReadFile(r, buf, sizeof buf, &n, NULL);
  say("ReadFile after every writer closed: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=109 */
  return 0;
}
