/* waitid-errors: what waitid and waitpid answer when there is nothing to wait for (ECHILD) and
 * when the request itself is malformed (EINVAL), before and after a child exists. */
#include "posix-test.h"

int main(void) {
  siginfo_t info;
  CHECK("waitid(P_ALL, WEXITED) without children", waitid(P_ALL, 0, &info, WEXITED));
  CHECK("waitid(P_PGID 0 = own group, WEXITED) without children", waitid(P_PGID, 0, &info, WEXITED));
  CHECK("waitpid(-1) without children", waitpid(-1, NULL, 0));
  CHECK("waitpid(-1, WNOHANG) without children", waitpid(-1, NULL, WNOHANG));
  CHECK("waitpid(own parent) (not a child)", waitpid(getppid(), NULL, 0));
  CHECK("waitpid(self) (not a child)", waitpid(getpid(), NULL, 0));

  CHECK("waitid with no state flag (options 0)", waitid(P_ALL, 0, &info, 0));
  CHECK("waitid with only WNOHANG", waitid(P_ALL, 0, &info, WNOHANG));
  CHECK("waitid with an unknown option bit 0x100", waitid(P_ALL, 0, &info, WEXITED | 0x100));
  CHECK("waitid with idtype 7", waitid((idtype_t)7, 0, &info, WEXITED));
  CHECK("waitid(P_PID, 0)", waitid(P_PID, 0, &info, WEXITED));
  CHECK("waitid(P_PID, -5)", waitid(P_PID, (id_t)-5, &info, WEXITED));

  /* With a child alive, a request for another pid is still ECHILD, and EINVAL still wins. */
  int fds[2];
  xpipe(fds);
  pid_t pid = xfork();
  if (pid == 0) {
    close(fds[1]);
    char c;
    read(fds[0], &c, 1); /* until the parent closes */
    _exit(2);
  }
  close(fds[0]);
  CHECK("waitpid(not this child) with a child alive", waitpid(pid + 100000, NULL, WNOHANG));
  CHECK("waitid(P_PID, not this child) with a child alive", waitid(P_PID, (id_t)(pid + 100000), &info, WEXITED | WNOHANG));
  CHECK("waitid with options 0 and a child alive", waitid(P_ALL, 0, &info, 0));
  CHECK("waitpid(-1, WNOHANG) with a child alive", waitpid(-1, NULL, WNOHANG));
  close(fds[1]);
  say("child: %s\n", status_text(wait_for(pid)));
  CHECK("waitid(P_ALL, WEXITED) after the only child was reaped", waitid(P_ALL, 0, &info, WEXITED));
  return 0;
}
