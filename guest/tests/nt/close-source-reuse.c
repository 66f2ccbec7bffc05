/* DuplicateHandle with DUPLICATE_CLOSE_SOURCE inside one process keeps the handle's value.
 * Windows (DuplicateHandle): DUPLICATE_CLOSE_SOURCE "Closes the source handle. This occurs
 * regardless of any error status returned." When source and target are the same process the new
 * handle takes the closed handle's place: Wine's kernel32 test_DuplicateHandle, run on Windows,
 * expects the result to equal the source even when a lower handle value is free, with the new
 * inherit flag. The handle-table behaviour (a slot reused in place) is what this test shows. */
#include "nt-test.h"

int main(void) {
  HANDLE low = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE source = CreateEventA(NULL, TRUE, FALSE, NULL);
  CloseHandle(low); /* a lower value is free now */
  HANDLE out = NULL;
  BOOL ok = DuplicateHandle(GetCurrentProcess(), source, GetCurrentProcess(), &out, 0, TRUE,
                            DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
  say("DuplicateHandle(CLOSE_SOURCE): %d", ok);                          /* 1 */
  say("result is the source's value: %s", out == source ? "yes" : "no"); /* yes */
  DWORD flags = 0;
  GetHandleInformation(out, &flags);
  say("flags: %lu", flags); /* 1: HANDLE_FLAG_INHERIT, from bInheritHandle */
  say("SetEvent through it: %d", SetEvent(out)); /* 1: the object is still there */
  /* Into another process the source is closed and the copy lives there. */
  PROCESS_INFORMATION pi;
  spawn("sleep", FALSE, 0, NULL, &pi);
  HANDLE there = NULL;
  ok = DuplicateHandle(GetCurrentProcess(), out, pi.hProcess, &there, 0, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE);
  say("DuplicateHandle(CLOSE_SOURCE) into a child: %d", ok); /* 1 */
  BOOL closed = !GetHandleInformation(out, &flags);
  say("source closed here: %s (error %lu)", closed ? "yes" : "no", closed ? GetLastError() : 0UL); /* yes (error 6) */
  TerminateProcess(pi.hProcess, 0);
  finish(pi.hProcess);
  return 0;
}
