/* mmap-shared-fork: anonymous MAP_SHARED memory stays one object across fork — writes by the
 * child and by a grandchild are seen by the original process at the same address — while a
 * MAP_PRIVATE mapping made at the same time is copied. Unmapping or protecting the shared pages in
 * a child changes only the child. Atomic increments from two processes at once all land. */
#include "posix-test.h"
#include <sys/mman.h>

#define ROUNDS 20000

int main(void) {
  volatile int *shared = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  volatile int *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED || priv == MAP_FAILED) die("mmap");
  say("fresh shared mapping is zero: %s\n", yes_no(shared[0] == 0 && shared[2 * 1024 - 1] == 0));
  shared[0] = 10;
  priv[0] = 10;

  pid_t pid = xfork();
  if (pid == 0) {
    say("child sees the parent's shared write: %d\n", shared[0]);
    shared[0] = 20;
    shared[1024] = 21; /* second page, never touched by the parent */
    priv[0] = 20;
    pid_t g = xfork();
    if (g == 0) {
      shared[1] = 30;
      priv[0] = 30;
      _exit(0);
    }
    int st = wait_for(g);
    say("grandchild: %s; child sees its shared write: %d, own private value: %d\n", status_text(st), shared[1], priv[0]);
    _exit(0);
  }
  say("child: %s\n", status_text(wait_for(pid)));
  say("parent sees shared[0]=%d, second page=%d, grandchild's shared[1]=%d\n", shared[0], shared[1024], shared[1]);
  say("parent's private value unchanged: %d\n", priv[0]);

  /* A child unmaps and write-protects the shared pages; the parent keeps both. */
  pid = xfork();
  if (pid == 0) {
    int r1 = munmap((void *)shared, 4096);
    int r2 = mprotect((void *)(shared + 1024), 4096, PROT_READ);
    _exit(r1 == 0 && r2 == 0 ? 0 : 1);
  }
  say("child unmapped and protected: %s\n", status_text(wait_for(pid)));
  shared[0] = 40;
  shared[1024] = 41;
  say("parent still writes both pages: %d %d\n", shared[0], shared[1024]);

  /* Both processes increment one counter at the same time. */
  shared[2] = 0;
  int go[2];
  xpipe(go);
  pid = xfork();
  if (pid == 0) {
    await_pipe(go[0]);
    for (int i = 0; i < ROUNDS; i++) __atomic_fetch_add(&shared[2], 1, __ATOMIC_SEQ_CST);
    _exit(0);
  }
  signal_pipe(go[1]);
  for (int i = 0; i < ROUNDS; i++) __atomic_fetch_add(&shared[2], 1, __ATOMIC_SEQ_CST);
  say("incrementer: %s\n", status_text(wait_for(pid)));
  say("atomic counter after %d + %d increments: %d\n", ROUNDS, ROUNDS, shared[2]);
  return 0;
}
