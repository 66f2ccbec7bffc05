/* kill-errors: kill refuses a signal number outside 0..64 with EINVAL (checked before the target)
 * and a target that does not exist with ESRCH; signal 0 probes without sending. */
#include "posix-test.h"
#include <limits.h>

int main(void) {
  pid_t self = getpid();
  CHECK("kill(self, 0)", kill(self, 0));
  CHECK("kill(self, 65)", kill(self, 65));
  CHECK("kill(self, -1)", kill(self, -1));
  CHECK("kill(self, 1000)", kill(self, 1000));

  pid_t gone = xfork();
  if (gone == 0) _exit(0);
  wait_for(gone);
  CHECK("kill(reaped child, 0)", kill(gone, 0));
  CHECK("kill(reaped child, SIGTERM)", kill(gone, SIGTERM));
  CHECK("kill(reaped child, 65)", kill(gone, 65));
  CHECK("kill(4194305, 0) (above any pid_max)", kill(4194305, 0));
  CHECK("kill(INT_MAX, SIGTERM)", kill(INT_MAX, SIGTERM));
  CHECK("kill(INT_MIN, SIGTERM)", kill(INT_MIN, SIGTERM));
  CHECK("kill(-4194305, 0) (no such group)", kill(-4194305, 0));
  CHECK("kill(-(reaped child), 0) (no such group)", kill(-gone, 0));
  return 0;
}
