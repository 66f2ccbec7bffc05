/* pipe-nonblock: with O_NONBLOCK, reading an empty pipe and writing a full one fail with EAGAIN
 * instead of blocking; a PIPE_BUF-sized write is all or nothing; an empty pipe without writers is
 * EOF, not EAGAIN. Capacity is not printed (it is the kernel's business), only relations. */
#include "posix-test.h"
#include <limits.h>

#define CHUNK 4096 /* PIPE_BUF on Linux */

int main(void) {
  int p[2];
  if (pipe2(p, O_NONBLOCK) < 0) die("pipe2");
  char buf[CHUNK];
  memset(buf, 'z', sizeof buf);
  CHECK("read from an empty pipe", read(p[0], buf, sizeof buf));

  size_t total = 0;
  int writes = 0;
  errno = 0;
  ssize_t r;
  while ((r = write(p[1], buf, CHUNK)) == CHUNK) {
    total += CHUNK;
    writes++;
  }
  int e = errno;
  say("filled with %d-byte writes: stopped with %d errno=%s\n", CHUNK, (int)r, errno_name(e));
  say("took at least one full write: %s, every write was all or nothing: %s\n", yes_no(writes >= 1), yes_no(total % CHUNK == 0));
  CHECK("1-byte write to the full pipe", write(p[1], "y", 1));
  CHECK("read one chunk back", read(p[0], buf, CHUNK));
  CHECK("a chunk fits again", write(p[1], buf, CHUNK));
  CHECK("then full again", write(p[1], buf, CHUNK));

  /* Drain it, then the empty pipe is EAGAIN again; without a writer it is EOF. */
  size_t drained = 0;
  while ((r = read(p[0], buf, sizeof buf)) > 0) drained += (size_t)r;
  say("drained everything written: %s\n", yes_no(drained == total));
  CHECK("empty again", read(p[0], buf, sizeof buf));
  close(p[1]);
  CHECK("empty, no writer", read(p[0], buf, sizeof buf));
  close(p[0]);

  /* O_NONBLOCK set later with F_SETFL behaves the same; clearing it makes reads block again. */
  xpipe(p);
  int fl = fcntl(p[0], F_GETFL);
  say("O_NONBLOCK before F_SETFL: %s\n", yes_no(fl & O_NONBLOCK));
  fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
  say("O_NONBLOCK after F_SETFL: %s\n", yes_no(fcntl(p[0], F_GETFL) & O_NONBLOCK));
  CHECK("read through F_SETFL O_NONBLOCK", read(p[0], buf, 1));
  fcntl(p[0], F_SETFL, fl);
  pid_t pid = xfork();
  if (pid == 0) {
    sleep_ms(20);
    write_full(p[1], "late", 4);
    _exit(0);
  }
  CHECK("blocking read again, waits for the child", read(p[0], buf, sizeof buf));
  say("child: %s\n", status_text(wait_for(pid)));
  return 0;
}
