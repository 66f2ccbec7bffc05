/* waitid-pgid: waiting by process group. waitpid(-pgid) and waitid(P_PGID, pgid) take only
 * children in that group; waitpid(0) and waitid(P_PGID, 0) mean the caller's own group. Two
 * children exit: one moved to a new group, one left in ours. */
#include "posix-test.h"

int main(void) {
  int go[2];
  xpipe(go);
  pid_t a = xfork();
  if (a == 0) {
    close(go[1]);
    char c;
    read(go[0], &c, 1);
    _exit(11);
  }
  if (setpgid(a, a) < 0) die("setpgid");
  pid_t b = xfork();
  if (b == 0) {
    close(go[1]);
    char c;
    read(go[0], &c, 1);
    _exit(22);
  }
  siginfo_t info;
  memset(&info, 0x5a, sizeof info);
  CHECK("waitid(P_PGID, new group, WNOHANG) while both run", waitid(P_PGID, (id_t)a, &info, WEXITED | WNOHANG));
  say("  si_pid=%d\n", info.si_pid);
  close(go[1]); /* both exit now */

  int status;
  pid_t w = waitpid(0, &status, 0);
  say("waitpid(0) (our group): got the child in our group: %s, %s\n", yes_no(w == b), status_text(status));
  CHECK("waitpid(0) again (only the other group's child is left)", waitpid(0, &status, WNOHANG));
  memset(&info, 0, sizeof info);
  int r = waitid(P_PGID, (id_t)a, &info, WEXITED);
  say("waitid(P_PGID, new group): %d, got its child: %s, status=%d\n", r, yes_no(info.si_pid == a), info.si_status);
  CHECK("waitpid(-(new group)) afterwards", waitpid(-a, &status, 0));
  CHECK("waitid(P_PGID, 0) afterwards", waitid(P_PGID, 0, &info, WEXITED));

  /* waitpid(-pgid) with the group's child still to exit. */
  pid_t c = xfork();
  if (c == 0) {
    sleep_ms(20);
    _exit(33);
  }
  setpgid(c, c);
  w = waitpid(-c, &status, 0);
  say("waitpid(-(group of a running child)): got it: %s, %s\n", yes_no(w == c), status_text(status));
  return 0;
}
