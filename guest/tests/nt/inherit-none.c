/* bInheritHandles = FALSE: a child inherits nothing, not even inheritable handles.
 * Windows (CreateProcess, bInheritHandles): "If this parameter is TRUE, each inheritable handle in
 * the calling process is inherited by the new process. If the parameter is FALSE, the handles are
 * not inherited." The child checks the parent's handle values with GetHandleInformation, which
 * fails with ERROR_INVALID_HANDLE (6) for a value that is not open. */
#include "nt-test.h"

int main(void) {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  HANDLE r, w;
  CreatePipe(&r, &w, &inherit, 0);
  char args[64];
  snprintf(args, sizeof args, "handles %lu %lu", H(r), H(w));
  PROCESS_INFORMATION pi;
  say("CreateProcess(bInheritHandles=FALSE): %d", spawn(args, FALSE, 0, NULL, &pi));
  finish(pi.hProcess); /* child: both "not open (error 6)" */
  return 0;
}
