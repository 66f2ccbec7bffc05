/* kill-pgroup: kill(-pgid, sig) signals every member of the group and nobody else: three
 * children put in a new group all die by SIGTERM, a fourth child left in the test's own group
 * lives on. kill(0, sig) from a member signals its own group. A group with no members is ESRCH. */
#include "posix-test.h"

int main(void) {
  int hold[2];
  xpipe(hold);
  pid_t kids[4];
  for (int i = 0; i < 4; i++) {
    kids[i] = xfork();
    if (kids[i] == 0) {
      close(hold[1]);
      char c;
      /* Blocks until the parent closes its end: a survivor then exits 0. */
      ssize_t r = read(hold[0], &c, 1);
      _exit(r == 0 ? 0 : 1);
    }
    /* The parent sets the group itself, so it is in place before kill, whoever runs first. */
    if (i < 3 && setpgid(kids[i], kids[0]) < 0) die("setpgid");
  }
  close(hold[0]);
  say("three children in a new group, one in ours\n");
  CHECK("kill(-group, SIGTERM)", kill(-kids[0], SIGTERM));
  for (int i = 0; i < 3; i++) say("group member %d: %s\n", i + 1, status_text(wait_for(kids[i])));
  close(hold[1]);
  say("child outside the group: %s\n", status_text(wait_for(kids[3])));
  CHECK("kill(-group, 0) once the group is empty", kill(-kids[0], 0));
  CHECK("kill(-group, SIGTERM) once the group is empty", kill(-kids[0], SIGTERM));

  /* kill(0, sig): a child makes its own group with a grandchild, then signals the group. */
  pid_t leader = xfork();
  if (leader == 0) {
    setpgid(0, 0);
    int ready[2];
    xpipe(ready);
    pid_t g = xfork();
    if (g == 0) {
      signal_pipe(ready[1]);
      for (;;) pause();
    }
    await_pipe(ready[0]);
    signal(SIGUSR1, SIG_IGN); /* the leader survives its own signal */
    int r = kill(0, SIGUSR1);
    int st = wait_for(g);
    say("leader: kill(0, SIGUSR1): %d; grandchild in its group: %s\n", r, status_text(st));
    _exit(0);
  }
  say("leader: %s\n", status_text(wait_for(leader)));
  return 0;
}
