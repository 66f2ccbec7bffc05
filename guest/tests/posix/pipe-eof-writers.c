/* pipe-eof-writers: a reader sees EOF only when the last write end in any process is closed, and
 * exiting closes a process's descriptors. Two children inherit the write end and exit without
 * closing it; until the second is gone, a non-blocking read finds "no data yet" (EAGAIN), not EOF. */
#include "posix-test.h"

int main(void) {
  int p[2], go1[2], go2[2];
  xpipe(p);
  xpipe(go1);
  xpipe(go2);
  pid_t a = xfork();
  if (a == 0) {
    await_pipe(go1[0]);
    write_full(p[1], "first", 5);
    _exit(0); /* p[1] left open: exit closes it */
  }
  pid_t b = xfork();
  if (b == 0) {
    await_pipe(go2[0]);
    write_full(p[1], "second", 6);
    _exit(0);
  }
  close(p[1]); /* the parent is not a writer */
  int flags = fcntl(p[0], F_GETFL);
  fcntl(p[0], F_SETFL, flags | O_NONBLOCK);
  char buf[16];

  errno = 0;
  ssize_t r = read(p[0], buf, sizeof buf);
  int e = errno;
  say("two writers alive, nothing written: %d errno=%s\n", (int)r, errno_name(e));

  signal_pipe(go1[1]);
  say("first writer: %s\n", status_text(wait_for(a)));
  r = read(p[0], buf, sizeof buf);
  say("read: %d \"%.*s\"\n", (int)r, r > 0 ? (int)r : 0, buf);
  errno = 0;
  r = read(p[0], buf, sizeof buf);
  e = errno;
  say("one writer left, pipe empty: %d errno=%s\n", (int)r, errno_name(e));

  signal_pipe(go2[1]);
  say("second writer: %s\n", status_text(wait_for(b)));
  r = read(p[0], buf, sizeof buf);
  say("read: %d \"%.*s\"\n", (int)r, r > 0 ? (int)r : 0, buf);
  r = read(p[0], buf, sizeof buf);
  say("no writer left: %d (EOF)\n", (int)r);

  /* The same with a writer that duplicated its end several times: every copy must go. */
  int q[2], go3[2];
  xpipe(q);
  xpipe(go3);
  pid_t c = xfork();
  if (c == 0) {
    close(q[0]);
    int d1 = dup(q[1]);
    int d2 = dup2(q[1], 20);
    (void)d1;
    (void)d2;
    close(q[1]);
    await_pipe(go3[0]);
    _exit(0); /* d1 and 20 are still open: exit closes both */
  }
  close(q[1]);
  fcntl(q[0], F_SETFL, O_NONBLOCK);
  errno = 0;
  r = read(q[0], buf, sizeof buf);
  e = errno;
  say("writer holds two duplicates: %d errno=%s\n", (int)r, errno_name(e));
  signal_pipe(go3[1]);
  say("writer: %s\n", status_text(wait_for(c)));
  r = read(q[0], buf, sizeof buf);
  say("after its exit: %d (EOF)\n", (int)r);
  return 0;
}
