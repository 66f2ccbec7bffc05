/* pipe-write-cut-short: a 1 MiB write blocks on a pipe that holds far less; when the reader
 * closes its end, the blocked write returns early with the count it had transferred (the writer
 * ignores SIGPIPE), and the next write fails with EPIPE. The count depends on the pipe's capacity,
 * so only relations are printed: it covers what the reader took, and it is short of 1 MiB. */
#include "posix-test.h"

#define BIG (1 << 20)
#define TAKEN 4096

static char big[BIG];

int main(void) {
  int p[2], res[2];
  xpipe(p);
  xpipe(res);
  pid_t pid = xfork();
  if (pid == 0) {
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    ssize_t n = write(p[1], big, BIG);
    int e = errno;
    errno = 0;
    ssize_t again = write(p[1], big, 1);
    int e2 = errno;
    long facts[4] = {(long)n, e, (long)again, e2};
    write_full(res[1], facts, sizeof facts);
    _exit(0);
  }
  close(p[1]);
  close(res[1]);
  char buf[TAKEN];
  size_t got = read_full(p[0], buf, TAKEN);
  close(p[0]);
  long facts[4] = {0, 0, 0, 0};
  size_t have = read_full(res[0], facts, sizeof facts);
  say("reader took %u bytes, then closed\n", (unsigned)got);
  if (have != sizeof facts) die("result from writer");
  say("blocked write returned a count (not -1): %s, errno=%s\n", yes_no(facts[0] >= 0), errno_name(facts[0] < 0 ? (int)facts[1] : 0));
  say("count covers what the reader took: %s\n", yes_no(facts[0] >= TAKEN));
  say("count is short of the request: %s\n", yes_no(facts[0] < BIG));
  say("next write: %ld errno=%s\n", facts[2], errno_name(facts[2] < 0 ? (int)facts[3] : 0));
  say("writer: %s\n", status_text(wait_for(pid)));
  return 0;
}
