/* getrandom: fills the buffer and returns its length; two draws differ; flags other than
 * GRND_NONBLOCK / GRND_RANDOM / GRND_INSECURE are EINVAL; an unwritable buffer is EFAULT. The
 * bytes themselves are never printed. */
#include "posix-test.h"
#include <sys/random.h>

int main(void) {
  unsigned char a[32], b[32];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  CHECK("getrandom(32 bytes)", getrandom(a, sizeof a, 0));
  CHECK("getrandom(32 bytes, GRND_NONBLOCK)", getrandom(b, sizeof b, GRND_NONBLOCK));
  say("two draws differ: %s\n", yes_no(memcmp(a, b, sizeof a) != 0));
  int zeros = 0;
  for (unsigned i = 0; i < sizeof a; i++) zeros += a[i] == 0;
  say("not all zero: %s\n", yes_no(zeros < (int)sizeof a));
  CHECK("getrandom(0 bytes)", getrandom(a, 0, 0));
  static unsigned char big[65536];
  CHECK("getrandom(64 KiB)", getrandom(big, sizeof big, 0));
  CHECK("getrandom(flags 0x80)", getrandom(a, sizeof a, 0x80));
  CHECK("getrandom(GRND_RANDOM | GRND_INSECURE)", getrandom(a, sizeof a, GRND_RANDOM | GRND_INSECURE));
  void *volatile nowhere = NULL;
  CHECK("getrandom(NULL, 16)", getrandom(nowhere, 16, 0));

  /* A child draws differently from its parent after fork. */
  int p[2];
  xpipe(p);
  pid_t pid = xfork();
  if (pid == 0) {
    getrandom(b, sizeof b, 0);
    write_full(p[1], b, sizeof b);
    _exit(0);
  }
  getrandom(a, sizeof a, 0);
  read_full(p[0], b, sizeof b);
  say("parent and child draws differ: %s\n", yes_no(memcmp(a, b, sizeof a) != 0));
  say("child: %s\n", status_text(wait_for(pid)));
  return 0;
}
