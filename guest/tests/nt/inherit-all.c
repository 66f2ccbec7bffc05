/* bInheritHandles = TRUE: every inheritable handle, and only those, is inherited, at the same value.
 * Windows (CreateProcess): "each inheritable handle in the calling process is inherited by the new
 * process. Inherited handles have the same value and access rights as the original handles."
 * (Inheritance, "Handle Inheritance": a handle created without bInheritHandle is not inherited, and
 * an inherited handle stays inheritable.) */
#include "nt-test.h"

int main(void) {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE r, w;
  CreatePipe(&r, &w, &inherit, 0);
  HANDLE private_event = CreateEventA(NULL, TRUE, FALSE, NULL);
  char args[64];
  snprintf(args, sizeof args, "handles %lu %lu %lu", H(r), H(w), H(private_event));
  PROCESS_INFORMATION pi;
  say("CreateProcess(bInheritHandles=TRUE): %d", spawn(args, TRUE, 0, NULL, &pi));
  finish(pi.hProcess); /* child: r and w open, inherit=1, pipe; the event not open */
  return 0;
}
