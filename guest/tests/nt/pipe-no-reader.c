/* Writing to a pipe with no read handle left anywhere fails.
 * Windows: WriteFile on an anonymous pipe whose read end is closed fails with ERROR_NO_DATA (232,
 * "The pipe is being closed"), the error NtWriteFile's STATUS_PIPE_CLOSING maps to; nothing is
 * written. (Programs such as Python's subprocess see exactly this error writing to a dead child's
 * standard input.) */
#include "nt-test.h"

int main(void) {
  HANDLE r, w;
  CreatePipe(&r, &w, NULL, 0);
  CloseHandle(r);
  DWORD n = 77;
  BOOL ok = WriteFile(w, "x", 1, &n, NULL);
  say("WriteFile with no reader: %d n=%lu error=%lu", ok, n, ok ? 0UL : GetLastError()); /* 0 n=0 error=232 */
  /* A reader in another process counts: the write succeeds while the child holds the read end. */
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  CreatePipe(&r, &w, &inherit, 0);
  SetHandleInformation(w, HANDLE_FLAG_INHERIT, 0);
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = r;
  /* The child's output goes to an inheritable duplicate of this console handle. */
  HANDLE out = NULL;
  DuplicateHandle(GetCurrentProcess(), GetStdHandle(STD_OUTPUT_HANDLE), GetCurrentProcess(), &out, 0, TRUE, DUPLICATE_SAME_ACCESS);
  si.hStdOutput = out;
  si.hStdError = out;
  PROCESS_INFORMATION pi;
  spawn("echo-stdin", TRUE, 0, &si, &pi);
  CloseHandle(r);
  ok = WriteFile(w, "piped\n", 6, &n, NULL);
  say("WriteFile with the child reading: %d n=%lu", ok, n); /* 1 n=6 */
  CloseHandle(w);
  say("child exit code: %lu", finish(pi.hProcess)); /* child echoed "piped", then "end of input (error 109)" */
  return 0;
}
