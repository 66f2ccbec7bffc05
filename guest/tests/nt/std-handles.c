/* Standard handles: GetStdHandle / SetStdHandle, and what a child gets. Windows (GetStdHandle,
 * SetStdHandle): the standard handles are per-process values; a child created without
 * STARTF_USESTDHANDLES gets the parent's standard handle values (Console Handles / CreateProcess),
 * which work in the child when they are inherited (bInheritHandles TRUE and inheritable handles);
 * with STARTF_USESTDHANDLES it gets hStdInput/hStdOutput/hStdError. An invalid selector gives
 * INVALID_HANDLE_VALUE and ERROR_INVALID_HANDLE. */
#include "nt-test.h"

static void drain(HANDLE r, const char *what) {
  char buf[64];
  DWORD n = 0;
  BOOL ok = ReadFile(r, buf, sizeof buf, &n, NULL);
  say("%s: %d \"%.*s\"", what, ok, (int)(n ? n - 1 : 0), buf);
}

int main(void) {
  HANDLE console = GetStdHandle(STD_OUTPUT_HANDLE);
  say("stdout is the console: %s", GetFileType(console) == FILE_TYPE_CHAR ? "yes" : "no");
  HANDLE bad = GetStdHandle(12345);
  say("GetStdHandle(bad): %s error=%lu", bad == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "?", GetLastError()); /* error=6 */
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE r, w;
  CreatePipe(&r, &w, &inherit, 0);
  SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
  /* The child inherits this process's standard output: the pipe. */
  SetStdHandle(STD_OUTPUT_HANDLE, w);
  PROCESS_INFORMATION pi;
  spawn("say via-inherited-stdout", TRUE, 0, NULL, &pi);
  SetStdHandle(STD_OUTPUT_HANDLE, console);
  finish(pi.hProcess);
  drain(r, "read from the pipe");
  /* STARTF_USESTDHANDLES names the child's standard handles explicitly. */
  STARTUPINFOA si;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdOutput = w;
  si.hStdError = w;
  spawn("say via-startupinfo", TRUE, 0, &si, &pi);
  finish(pi.hProcess);
  drain(r, "read from the pipe");
  /* Without inheritance the child still shares the console. */
  spawn("say on-the-console", FALSE, 0, NULL, &pi);
  finish(pi.hProcess);
  return 0;
}
