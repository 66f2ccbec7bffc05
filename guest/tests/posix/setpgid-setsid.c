/* setpgid-setsid: process groups and sessions, with every result and error checked in children
 * (the test process itself keeps the group and session it was started in, which differ between a
 * shell, a test runner and the shim's first program).
 *  - setpgid(0, 0) makes the caller a group leader; the parent can set a child's group too.
 *  - setsid fails with EPERM for a group leader and otherwise makes a new session and group.
 *  - setpgid into a group of another session, of a session leader, or of a group that does not
 *    exist is EPERM; a negative pgid is EINVAL; a pid that is neither the caller nor its child
 *    is ESRCH; getpgid/getsid of a missing pid are ESRCH. */
#include "posix-test.h"

static void child_line(int ok_fd, const char *line) { write_full(ok_fd, line, strlen(line)); }

int main(void) {
  pid_t self = getpid();
  pid_t my_pgid = getpgid(0);
  pid_t my_sid = getsid(0);
  say("getpgid(0) equals getpgrp(): %s\n", yes_no(my_pgid == getpgrp()));
  say("getpgid(self) equals getpgid(0): %s, getsid(self) equals getsid(0): %s\n", yes_no(getpgid(self) == my_pgid),
      yes_no(getsid(self) == my_sid));

  /* A child that makes itself a group leader, then tries setsid. */
  int go[2], done[2];
  xpipe(go);
  xpipe(done);
  pid_t a = xfork();
  if (a == 0) {
    char buf[512];
    say("child: starts in the parent's group: %s and session: %s\n", yes_no(getpgrp() == my_pgid), yes_no(getsid(0) == my_sid));
    int r = setpgid(0, 0);
    say("child: setpgid(0, 0): %d, now leads its group: %s\n", r, yes_no(getpgrp() == getpid()));
    errno = 0;
    r = setsid();
    int e = errno;
    say("child: setsid() as a group leader: %d errno=%s, session unchanged: %s\n", r, errno_name(e), yes_no(getsid(0) == my_sid));
    errno = 0;
    r = setpgid(0, my_pgid);
    e = errno;
    say("child: setpgid(0, parent's group) (same session): %d errno=%s\n", r, errno_name(e));
    say("child: back in the parent's group: %s\n", yes_no(getpgrp() == my_pgid));
    (void)buf;
    (void)child_line;
    _exit(0);
  }
  say("child a: %s\n", status_text(wait_for(a)));

  /* setsid in a child that is not a group leader. */
  pid_t b = xfork();
  if (b == 0) {
    pid_t r = setsid();
    say("child: setsid() returned its own pid: %s\n", yes_no(r == getpid()));
    say("child: getsid(0) == getpid(): %s, getpgrp() == getpid(): %s\n", yes_no(getsid(0) == getpid()), yes_no(getpgrp() == getpid()));
    say("child: getsid(parent) is still the old session: %s\n", yes_no(getsid(getppid()) == my_sid));
    errno = 0;
    r = setsid();
    int e = errno;
    say("child: setsid() again: %d errno=%s\n", (int)r, errno_name(e));
    errno = 0;
    int r2 = setpgid(0, my_pgid);
    e = errno;
    say("child: setpgid(0, group in another session): %d errno=%s\n", r2, errno_name(e));
    errno = 0;
    r2 = setpgid(0, 0);
    e = errno;
    say("child: setpgid(0, 0) as a session leader: %d errno=%s\n", r2, errno_name(e));
    /* A grandchild in the new session can make its own group, and cannot join a missing one. */
    pid_t g = xfork();
    if (g == 0) {
      errno = 0;
      int r3 = setpgid(0, getpid() + 100000);
      int e3 = errno;
      say("grandchild: setpgid(0, missing group): %d errno=%s\n", r3, errno_name(e3));
      say("grandchild: setpgid(0, 0): %d\n", setpgid(0, 0));
      errno = 0;
      r3 = setpgid(0, getppid());
      e3 = errno;
      say("grandchild: setpgid(0, its session leader's group): %d errno=%s\n", r3, errno_name(e3));
      _exit(0);
    }
    say("child: grandchild %s\n", status_text(wait_for(g)));
    _exit(0);
  }
  say("child b: %s\n", status_text(wait_for(b)));

  /* The parent moves a live child into a new group of its own. */
  pid_t c = xfork();
  if (c == 0) {
    await_pipe(go[0]);
    say("child: its group was set by the parent: %s\n", yes_no(getpgrp() == getpid()));
    signal_pipe(done[1]);
    await_pipe(go[0]);
    _exit(0);
  }
  CHECK("setpgid(child, child)", setpgid(c, c));
  say("getpgid(child) == child: %s\n", yes_no(getpgid(c) == c));
  say("getsid(child) == our session: %s\n", yes_no(getsid(c) == my_sid));
  signal_pipe(go[1]);
  await_pipe(done[0]);
  CHECK("setpgid(child, our group) back", setpgid(c, my_pgid));
  signal_pipe(go[1]);
  say("child c: %s\n", status_text(wait_for(c)));

  CHECK("setpgid(0, -1)", setpgid(0, -1));
  CHECK("setpgid(-1, 0)", setpgid(-1, 0));
  CHECK("setpgid(reaped child, 0)", setpgid(c, 0));
  CHECK("setpgid(parent, 0) (not a child)", setpgid(getppid(), 0));
  CHECK("getpgid(reaped child)", getpgid(c));
  CHECK("getsid(reaped child)", getsid(c));
  CHECK("getpgid(-1)", getpgid(-1));
  return 0;
}
