/* Data written before the last writer closed is still read; then ReadFile fails with
 * ERROR_BROKEN_PIPE. Windows (ReadFile): "If an anonymous pipe is being used and the write handle
 * has been closed, when ReadFile attempts to read using the pipe's corresponding read handle, the
 * function returns FALSE and GetLastError returns ERROR_BROKEN_PIPE." The writer here is first this
 * process, then a child whose standard output is the pipe (STARTF_USESTDHANDLES). */
#include "nt-test.h"

int main(void) {
  HANDLE r, w;
  CreatePipe(&r, &w, NULL, 0);
  DWORD n = 0;
  say("WriteFile: %d n=%lu", WriteFile(w, "abc", 3, &n, NULL), n); /* 1 n=3 */
  CloseHandle(w);
  char buf[16];
  BOOL ok = ReadFile(r, buf, sizeof buf, &n, NULL);
  say("ReadFile: %d n=%lu \"%.*s\"", ok, n, (int)n, buf); /* 1 n=3 "abc" */
  ok = ReadFile(r, buf, sizeof buf, &n, NULL);
  say("ReadFile: %d n=%lu error=%lu", ok, n, ok ? 0UL : GetLastError()); /* 0 n=0 error=109 */
  CloseHandle(r);

  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  CreatePipe(&r, &w, &inherit, 0);
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = NULL;
  si.hStdOutput = w;
  si.hStdError = w;
  PROCESS_INFORMATION pi;
  spawn("say from-the-child", TRUE, 0, &si, &pi);
  CloseHandle(w);
  say("child exit code: %lu", finish(pi.hProcess)); /* 0 */
  ok = ReadFile(r, buf, sizeof buf, &n, NULL);
  say("ReadFile: %d \"%.*s\"", ok, (int)(n ? n - 1 : 0), buf); /* 1 "from-the-child" (newline stripped) */
  ok = ReadFile(r, buf, sizeof buf, &n, NULL);
  say("ReadFile: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=109 */
  return 0;
}
