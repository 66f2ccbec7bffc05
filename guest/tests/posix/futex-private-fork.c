/* futex-private-fork: a FUTEX_PRIVATE futex is keyed by its address space, so after fork a
 * private wake from the parent reaches nobody, even on a word in MAP_SHARED memory that both
 * processes see: the child's private wait ends by its timeout, not by the wake. */
#include "posix-test.h"
#include <sys/mman.h>

int main(void) {
  volatile uint32_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (word == MAP_FAILED) die("mmap");
  *word = 0;
  int ready[2], res[2];
  xpipe(ready);
  xpipe(res);
  pid_t pid = xfork();
  if (pid == 0) {
    struct timespec limit;
    memset(&limit, 0, sizeof limit);
    limit.tv_nsec = 300 * 1000000L;
    signal_pipe(ready[1]);
    errno = 0;
    long r = sys_futex(word, FUTEX_WAIT_PRIVATE, 0, &limit, NULL, 0);
    int facts[2] = {(int)r, errno};
    write_full(res[1], facts, sizeof facts);
    _exit(0);
  }
  await_pipe(ready[0]);
  sleep_ms(50); /* the child is inside its wait by now */
  long woken = 0;
  for (int i = 0; i < 5; i++) woken += sys_futex(word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  say("parent's private wakes woke: %ld\n", woken);
  long shared_woken = sys_futex(word, FUTEX_WAKE, 1, NULL, NULL, 0);
  say("parent's shared wake woke: %ld (the waiter is private)\n", shared_woken);
  int facts[2] = {0, 0};
  read_full(res[0], facts, sizeof facts);
  say("child's private wait: %d errno=%s\n", facts[0], errno_name(facts[0] < 0 ? facts[1] : 0));
  say("child: %s\n", status_text(wait_for(pid)));
  return 0;
}
