/* kill-zombie: a child that has exited but is not yet waited for is a zombie: kill() on it
 * succeeds (signal 0 and SIGKILL alike) and changes nothing — the wait still reports the exit
 * code — and only after the wait does kill() answer ESRCH. */
#include "posix-test.h"

int main(void) {
  pid_t pid = xfork();
  if (pid == 0) _exit(9);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) != 0) die("waitid WNOWAIT");
  say("child is a zombie (WNOWAIT saw it exit %d)\n", info.si_status);
  CHECK("kill(zombie, 0)", kill(pid, 0));
  CHECK("kill(zombie, SIGKILL)", kill(pid, SIGKILL));
  CHECK("kill(zombie, SIGTERM)", kill(pid, SIGTERM));
  CHECK("getpgid(zombie) succeeds", getpgid(pid) == getpgid(0) ? 0 : -1);
  say("wait: %s\n", status_text(wait_for(pid)));
  CHECK("kill(reaped, 0)", kill(pid, 0));
  CHECK("kill(reaped, SIGKILL)", kill(pid, SIGKILL));
  return 0;
}
