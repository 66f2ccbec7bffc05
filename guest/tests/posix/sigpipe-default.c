/* sigpipe-default: with SIGPIPE's default action, writing to a pipe whose read end is closed
 * kills the writer, and its parent sees "killed by SIGPIPE". The signal is sent whether the pipe
 * was empty or the reader went away while the writer was blocked. */
#include "posix-test.h"

int main(void) {
  int p[2];
  xpipe(p);
  close(p[0]);
  pid_t pid = xfork();
  if (pid == 0) {
    write(p[1], "x", 1);
    _exit(0); /* not reached */
  }
  close(p[1]);
  say("writer to a pipe without a reader: %s\n", status_text(wait_for(pid)));

  /* The reader closes while the writer is blocked on a full pipe. */
  int ready[2];
  xpipe(p);
  xpipe(ready);
  pid = xfork();
  if (pid == 0) {
    close(p[0]);
    static char big[1 << 20];
    signal_pipe(ready[1]);
    write(p[1], big, sizeof big); /* fills the pipe, blocks, then dies when the reader goes */
    _exit(0);
  }
  close(p[1]);
  await_pipe(ready[0]);
  char buf[4096];
  size_t got = read_full(p[0], buf, sizeof buf); /* the writer is surely running */
  close(p[0]);
  say("reader took %u bytes and closed; blocked writer: %s\n", (unsigned)got, status_text(wait_for(pid)));
  return 0;
}
