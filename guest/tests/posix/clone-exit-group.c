/* clone-exit-group: threads and process exit. exit_group from any thread ends the whole process
 * with that code, even while another thread is blocked. The exit system call ends one thread only:
 * a thread that leaves with exit(5) leaves the process running, and the main thread's later
 * exit(3) ends it with 3. (The opposite order — main thread first — is left out on purpose: which
 * code the parent then sees has changed between Linux versions.) Each case runs in a child process
 * so that its parent can observe the status. */
#include "posix-test.h"
#include <sched.h>

#define STACK_SIZE (64 * 1024)
static char stack[STACK_SIZE] __attribute__((aligned(16)));
static int hold[2];

static int calls_exit_group(void *arg) {
  (void)arg;
  syscall(SYS_exit_group, 42);
  return 0;
}

static volatile pid_t thread_tid;

static int exits_at_once(void *arg) {
  (void)arg;
  syscall(SYS_exit, 5);
  return 0;
}

static const int FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;

int main(void) {
  xpipe(hold);
  pid_t pid = xfork();
  if (pid == 0) {
    if (clone(calls_exit_group, stack + STACK_SIZE, FLAGS, NULL) < 0) die("clone");
    char c;
    read(hold[0], &c, 1); /* blocks forever: the parent never writes */
    _exit(1);
  }
  say("thread calls exit_group(42) while the main thread is blocked: %s\n", status_text(wait_for(pid)));

  pid = xfork();
  if (pid == 0) {
    thread_tid = -1;
    if (clone(exits_at_once, stack + STACK_SIZE, FLAGS | CLONE_CHILD_CLEARTID, NULL, NULL, NULL, &thread_tid) < 0) die("clone");
    pid_t v;
    while ((v = thread_tid) != 0) sys_futex((volatile uint32_t *)&thread_tid, FUTEX_WAIT, (uint32_t)v, NULL, NULL, 0);
    syscall(SYS_exit, 3); /* the last thread: the process ends */
    _exit(1);
  }
  say("thread exit(5), then the main thread exit(3): %s\n", status_text(wait_for(pid)));

  /* With one thread, exit is as good as exit_group. */
  pid = xfork();
  if (pid == 0) {
    syscall(SYS_exit, 4); /* single-threaded: exit ends the process */
    _exit(1);
  }
  say("single thread exit(4): %s\n", status_text(wait_for(pid)));
  return 0;
}
