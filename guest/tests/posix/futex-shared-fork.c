/* futex-shared-fork: a shared (non-private) futex on a MAP_SHARED word is keyed by the memory
 * object, so a wake from the parent reaches the child waiting in another address space. The
 * parent wakes until one waiter is reported (the child may not be waiting yet on the first try),
 * then the child's wait returns 0. The same in the other direction: the child wakes the parent. */
#include "posix-test.h"
#include <sys/mman.h>

int main(void) {
  volatile uint32_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (word == MAP_FAILED) die("mmap");
  word[0] = 0;
  word[1] = 0;
  int res[2];
  xpipe(res);
  pid_t pid = xfork();
  if (pid == 0) {
    errno = 0;
    long r;
    /* A wake before this wait would be lost; the parent repeats until one lands. */
    do r = sys_futex(&word[0], FUTEX_WAIT, 0, NULL, NULL, 0);
    while (r == -1 && errno == EINTR);
    int facts[2] = {(int)r, errno};
    write_full(res[1], facts, sizeof facts);
    /* Now the other way: wake the parent, which waits on word[1]. */
    while (sys_futex(&word[1], FUTEX_WAKE, 1, NULL, NULL, 0) == 0) sched_yield();
    _exit(0);
  }
  long woken;
  int tries = 0;
  while ((woken = sys_futex(&word[0], FUTEX_WAKE, 1, NULL, NULL, 0)) == 0) {
    tries++;
    sleep_ms(1);
  }
  say("parent's shared wake woke: %ld\n", woken);
  int facts[2] = {0, 0};
  read_full(res[0], facts, sizeof facts);
  say("child's shared wait returned: %d errno=%s\n", facts[0], errno_name(facts[0] < 0 ? facts[1] : 0));
  long r = sys_futex(&word[1], FUTEX_WAIT, 0, NULL, NULL, 0);
  say("parent's shared wait, woken by the child: %ld\n", r);
  say("child: %s\n", status_text(wait_for(pid)));
  (void)tries;
  return 0;
}
