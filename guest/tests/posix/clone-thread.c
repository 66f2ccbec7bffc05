/* clone-thread: a thread made with clone (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
 * CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID), no pthreads. It
 * shares memory and descriptors, has its own tid but the process's pid and parent, receives a
 * signal aimed at it with tgkill (its blocked read then fails with EINTR), and when it exits the
 * kernel clears the child-tid word and wakes a futex waiter on it. A thread is not a child:
 * waitpid on its tid is ECHILD. The thread makes only system calls and plain stores. */
#include "posix-test.h"
#include <sched.h>

#define STACK_SIZE (64 * 1024)
static char stack[STACK_SIZE] __attribute__((aligned(16)));

struct shared {
  pid_t tid, pid, ppid;
  int value;
  int pipe_fds[2];     /* made by the thread, used by the main thread */
  int cmd[2];          /* main -> thread */
  ssize_t read_result; /* the thread's read when the signal came */
  int read_errno;
  pid_t handler_tid;
  volatile uint32_t step;
};
static struct shared s;
static volatile pid_t ptid, ctid;

static void on_usr1(int sig) {
  (void)sig;
  s.handler_tid = (pid_t)syscall(SYS_gettid);
}

static void set_step(uint32_t v) {
  __atomic_store_n(&s.step, v, __ATOMIC_SEQ_CST);
  sys_futex(&s.step, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
static void await_step(uint32_t v) {
  uint32_t now;
  while ((now = __atomic_load_n(&s.step, __ATOMIC_SEQ_CST)) != v) sys_futex(&s.step, FUTEX_WAIT_PRIVATE, now, NULL, NULL, 0);
}

static int thread_main(void *arg) {
  struct shared *sh = arg;
  sh->tid = (pid_t)syscall(SYS_gettid);
  sh->pid = (pid_t)syscall(SYS_getpid);
  sh->ppid = (pid_t)syscall(SYS_getppid);
  sh->value = 42;
  syscall(SYS_pipe2, sh->pipe_fds, 0);
  set_step(1);
  char c;
  sh->read_result = syscall(SYS_read, sh->cmd[0], &c, 1); /* interrupted by tgkill */
  sh->read_errno = sh->read_result < 0 ? errno : 0;
  set_step(2);
  await_step(3);
  return 0; /* the clone wrapper ends this thread with exit, not exit_group */
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1; /* no SA_RESTART: the thread's read ends with EINTR */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  xpipe(s.cmd);

  int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
              CLONE_CHILD_CLEARTID;
  ctid = -1; /* CLONE_CHILD_CLEARTID only clears it, at exit */
  pid_t tid = clone(thread_main, stack + STACK_SIZE, flags, &s, &ptid, NULL, &ctid);
  if (tid < 0) die("clone");
  await_step(1);
  say("clone returned a new id, not our pid: %s\n", yes_no(tid > 0 && tid != getpid()));
  say("CLONE_PARENT_SETTID stored it: %s\n", yes_no(ptid == tid));
  say("thread: gettid() is that id: %s, getpid() is ours: %s, getppid() is ours: %s\n", yes_no(s.tid == tid),
      yes_no(s.pid == getpid()), yes_no(s.ppid == getppid()));
  say("thread's store visible here: %d\n", s.value);
  write_full(s.pipe_fds[1], "shared", 6);
  char buf[8] = {0};
  read_full(s.pipe_fds[0], buf, 6);
  say("pipe made by the thread, used here: \"%s\"\n", buf);
  CHECK("waitpid(thread tid)", waitpid(tid, NULL, WNOHANG));

  /* The thread is blocked in read (or about to be). tgkill aims at that thread alone; repeat
   * until its read has ended, in case the first signal came before the read began. */
  while (__atomic_load_n(&s.step, __ATOMIC_SEQ_CST) == 1) {
    syscall(SYS_tgkill, getpid(), tid, SIGUSR1);
    sleep_ms(2);
  }
  await_step(2);
  say("thread's read: %d errno=%s; handler ran on the thread: %s\n", (int)s.read_result, errno_name(s.read_errno),
      yes_no(s.handler_tid == tid));

  set_step(3);
  /* CLONE_CHILD_CLEARTID: the kernel writes 0 and does a (shared) futex wake at thread exit. */
  pid_t v;
  while ((v = ctid) != 0) sys_futex((volatile uint32_t *)&ctid, FUTEX_WAIT, (uint32_t)v, NULL, NULL, 0);
  say("child-tid word cleared at thread exit: %s\n", yes_no(ctid == 0));
  say("the process goes on after its thread exited: yes\n");
  return 0;
}
