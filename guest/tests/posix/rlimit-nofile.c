/* rlimit-nofile: RLIMIT_NOFILE bounds descriptor numbers. With the soft limit lowered to 16, dup
 * fills the table up to descriptor 15 and then fails with EMFILE, as do pipe and F_DUPFD; dup2
 * to 16 or beyond is EBADF and F_DUPFD from 16 is EINVAL. A soft limit above the hard one is
 * EINVAL. A child inherits the limit. No limit value from the host is printed. */
#include "posix-test.h"
#include <sys/resource.h>

int main(void) {
  struct rlimit rl, saved;
  CHECK("getrlimit(RLIMIT_NOFILE)", getrlimit(RLIMIT_NOFILE, &saved));
  say("soft <= hard: %s\n", yes_no(saved.rlim_cur <= saved.rlim_max));
  rl = saved;
  rl.rlim_cur = 16;
  CHECK("setrlimit(RLIMIT_NOFILE, soft 16)", setrlimit(RLIMIT_NOFILE, &rl));
  getrlimit(RLIMIT_NOFILE, &rl);
  say("soft now 16: %s, hard unchanged: %s\n", yes_no(rl.rlim_cur == 16), yes_no(rl.rlim_max == saved.rlim_max));

  int highest = -1, fd;
  errno = 0;
  while ((fd = dup(0)) >= 0) highest = fd;
  int e = errno;
  say("dup until failure: highest descriptor %d, then errno=%s\n", highest, errno_name(e));
  int p[2];
  CHECK("pipe with the table full", pipe(p));
  CHECK("fcntl(F_DUPFD, 0) with the table full", fcntl(0, F_DUPFD, 0));
  CHECK("dup2(0, 16)", dup2(0, 16));
  CHECK("dup2(0, 15) (open: replaced)", dup2(0, 15));
  CHECK("fcntl(F_DUPFD, 16)", fcntl(0, F_DUPFD, 16));
  close(15);
  CHECK("pipe with one slot free", pipe(p));
  close(14);
  CHECK_OK("pipe with two slots free", pipe(p));

  pid_t pid = xfork();
  if (pid == 0) {
    struct rlimit c;
    getrlimit(RLIMIT_NOFILE, &c);
    _exit(c.rlim_cur == 16 ? 0 : 1);
  }
  say("child inherited soft 16: %s\n", status_text(wait_for(pid)));

  rl.rlim_cur = 32;
  rl.rlim_max = 16;
  CHECK("setrlimit(soft 32 > hard 16)", setrlimit(RLIMIT_NOFILE, &rl));
  CHECK("setrlimit(restore)", setrlimit(RLIMIT_NOFILE, &saved));
  CHECK("getrlimit(resource 99)", getrlimit(99, &rl));
  return 0;
}
