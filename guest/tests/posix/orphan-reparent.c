/* orphan-reparent: when a parent exits before its child, the child is reparented: its getppid()
 * changes at once from the dead parent to a reaper, which is not the grandparent either (the
 * grandparent set no PR_SET_CHILD_SUBREAPER), and the grandparent cannot wait for it (ECHILD).
 * Which process the reaper is differs honestly between systems — PID 1 on LiteBox (the shim's
 * init), PID 1 or the nearest subreaper ancestor on a Linux host — so only these relations are
 * printed, plus the fact that the new parent exists. */
#include "posix-test.h"

int main(void) {
  pid_t self = getpid();
  int go[2], res[2];
  xpipe(go);
  xpipe(res);
  pid_t mid = xfork();
  if (mid == 0) {
    pid_t dead = getpid(); /* read before the fork: the orphan may first run after we are gone */
    pid_t orphan = xfork();
    if (orphan == 0) {
      close(go[1]);
      await_pipe(go[0]); /* the grandparent has reaped our parent */
      pid_t now = getppid();
      char facts[4] = {(char)(now != dead), (char)(now != self), (char)(kill(now, 0) == 0 || errno == EPERM), (char)(now > 0)};
      write_full(res[1], facts, sizeof facts);
      _exit(0);
    }
    /* Tell the grandparent who the orphan is, then die without waiting for it. */
    write_full(res[1], &orphan, sizeof orphan);
    _exit(5);
  }
  pid_t orphan = 0;
  if (read_full(res[0], &orphan, sizeof orphan) != sizeof orphan) die("read orphan id");
  say("middle process: %s\n", status_text(wait_for(mid)));
  signal_pipe(go[1]);
  char facts[4] = {0, 0, 0, 0};
  size_t got = read_full(res[0], facts, sizeof facts);
  say("orphan's new parent is not the dead parent: %s\n", yes_no(got == 4 && facts[0]));
  say("orphan's new parent is not the grandparent: %s\n", yes_no(got == 4 && facts[1]));
  say("orphan's new parent exists (kill(ppid, 0) is not ESRCH): %s\n", yes_no(got == 4 && facts[2]));
  say("orphan's new parent is a real pid (> 0): %s\n", yes_no(got == 4 && facts[3]));
  CHECK("grandparent waitpid(orphan)", waitpid(orphan, NULL, 0));
  CHECK("grandparent waitpid(-1)", waitpid(-1, NULL, 0));
  return 0;
}
