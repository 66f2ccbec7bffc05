/* dup-cloexec: close-on-exec belongs to the descriptor, not the open file: dup, dup2 and F_DUPFD
 * give a copy without it; F_DUPFD_CLOEXEC and dup3(O_CLOEXEC) set it; F_SETFD changes one
 * descriptor only. dup3 refuses oldfd == newfd and unknown flags (EINVAL); dup2 with oldfd ==
 * newfd just returns it. dup returns the lowest free descriptor, F_DUPFD the lowest >= its
 * argument. Duplicates share the file status flags (O_NONBLOCK). */
#include "posix-test.h"

static const char *cloexec(int fd) {
  int f = fcntl(fd, F_GETFD);
  return f < 0 ? "closed" : (f & FD_CLOEXEC) ? "set" : "clear";
}

int main(void) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) die("pipe2");
  say("pipe2(O_CLOEXEC) read end: %s\n", cloexec(p[0]));

  int d = dup(p[0]);
  say("dup: %s; original still %s\n", cloexec(d), cloexec(p[0]));
  close(d);
  d = dup2(p[0], 30);
  say("dup2 to 30 returned 30: %s; FD_CLOEXEC %s\n", yes_no(d == 30), cloexec(30));
  d = fcntl(p[0], F_DUPFD, 40);
  say("F_DUPFD 40 returned 40: %s; FD_CLOEXEC %s\n", yes_no(d == 40), cloexec(40));
  d = fcntl(p[0], F_DUPFD_CLOEXEC, 40);
  say("F_DUPFD_CLOEXEC 40 returned 41: %s; FD_CLOEXEC %s\n", yes_no(d == 41), cloexec(41));
  d = dup3(p[0], 50, O_CLOEXEC);
  say("dup3(O_CLOEXEC) to 50 returned 50: %s; FD_CLOEXEC %s\n", yes_no(d == 50), cloexec(50));
  d = dup3(p[0], 51, 0);
  say("dup3(0) to 51 returned 51: %s; FD_CLOEXEC %s\n", yes_no(d == 51), cloexec(51));

  fcntl(30, F_SETFD, FD_CLOEXEC);
  say("F_SETFD on 30: 30 %s, 40 %s\n", cloexec(30), cloexec(40));
  fcntl(30, F_SETFD, 0);
  say("F_SETFD 0 on 30: %s\n", cloexec(30));

  CHECK("dup3(p, p, 0)", dup3(p[0], p[0], 0));
  CHECK("dup3(p, p, O_CLOEXEC)", dup3(p[0], p[0], O_CLOEXEC));
  CHECK("dup3(p, 52, O_NONBLOCK)", dup3(p[0], 52, O_NONBLOCK));
  say("52 after the failed dup3: %s\n", cloexec(52));
  d = dup2(p[0], p[0]);
  say("dup2(p, p) returns p: %s; FD_CLOEXEC still %s\n", yes_no(d == p[0]), cloexec(p[0]));

  /* dup2 onto an open descriptor closes it first, silently. */
  int q[2];
  xpipe(q);
  d = dup2(p[1], q[1]);
  say("dup2 onto an open descriptor returned it: %s\n", yes_no(d == q[1]));
  write_full(q[1], "via", 3);
  char buf[4] = {0};
  read_full(p[0], buf, 3);
  say("q's old write end now writes into p: \"%s\"\n", buf);
  /* q's read end lost its only writer, so it reads EOF. */
  say("q's read end: %d (EOF)\n", (int)read(q[0], buf, 1));

  /* The lowest free descriptor. */
  int lo = dup(0);
  close(lo);
  close(30);
  d = dup(0);
  say("dup after closing a lower free slot took the lowest: %s\n", yes_no(d == lo));
  close(d);

  /* Status flags are shared between duplicates: O_NONBLOCK set through one shows in the other. */
  fcntl(40, F_SETFL, O_NONBLOCK);
  say("O_NONBLOCK set on 40, seen on the original: %s\n", yes_no(fcntl(p[0], F_GETFL) & O_NONBLOCK));
  CHECK("read via the original (now non-blocking, empty)", read(p[0], buf, 1));
  return 0;
}
