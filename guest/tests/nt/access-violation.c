/* An unhandled access violation ends the process with STATUS_ACCESS_VIOLATION as its exit code.
 * Windows: a process that dies of an unhandled exception exits with the exception code (Structured
 * Exception Handling; GetExitCodeProcess then reports it) — EXCEPTION_ACCESS_VIOLATION is
 * 0xC0000005. A store to a page made read-only with VirtualProtect faults the same way. */
#include "nt-test.h"

int main(void) {
  PROCESS_INFORMATION pi;
  spawn("fault", FALSE, 0, NULL, &pi);
  say("null store: exit code 0x%lx", finish(pi.hProcess)); /* 0xc0000005 */
  spawn("readonly-write", FALSE, 0, NULL, &pi);
  say("store to a read-only page: exit code 0x%lx", finish(pi.hProcess)); /* 0xc0000005 */
  return 0;
}
