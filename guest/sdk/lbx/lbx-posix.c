/* lbx-posix.c — lbx.h on POSIX: the SDK's Linux rv32 runtime for the POSIX shim, and glibc on the
 * host for the native oracle builds (the same file, compiled by both compilers; only the futex
 * system call's name differs). Handles are descriptors; lbx_spawn is fork + execve. */
#define _GNU_SOURCE
#include "../lbx.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* rv32 has only futex_time64; a 64-bit host has futex. With no timeout they are the same call. */
#ifdef SYS_futex_time64
#define LBX_SYS_FUTEX SYS_futex_time64
#else
#define LBX_SYS_FUTEX SYS_futex
#endif

#define THREAD_STACK (64 * 1024)

static long error_of(int e) {
  switch (e) {
  case EBADF: return -LBX_EBADF;
  case EPIPE: return -LBX_EPIPE;
  case ENOENT:
  case ENOTDIR:
  case EACCES: return -LBX_ENOENT;
  case ENOEXEC: return -LBX_ENOEXEC;
  case EINVAL:
  case EFAULT: return -LBX_EINVAL;
  case ENOMEM:
  case EAGAIN:
  case EMFILE:
  case ENFILE: return -LBX_ENOMEM;
  default: return -LBX_EIO;
  }
}

const char *lbx_error_name(long code) {
  switch (code < 0 ? -code : code) {
  case 0: return "OK";
  case LBX_EBADF: return "EBADF";
  case LBX_EPIPE: return "EPIPE";
  case LBX_ENOENT: return "ENOENT";
  case LBX_ENOEXEC: return "ENOEXEC";
  case LBX_EINVAL: return "EINVAL";
  case LBX_ENOMEM: return "ENOMEM";
  default: return "EIO";
  }
}

lbx_handle lbx_stdin(void) { return 0; }
lbx_handle lbx_stdout(void) { return 1; }
lbx_handle lbx_stderr(void) { return 2; }

long lbx_pipe(lbx_handle ends[2]) {
  static int sigpipe_ignored;
  if (!sigpipe_ignored) {
    /* NT reports a write with no reader as an error; make POSIX do the same. */
    struct sigaction sa;
    for (unsigned i = 0; i < sizeof sa; i++) ((char *)&sa)[i] = 0;
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    sigpipe_ignored = 1;
  }
  int fds[2];
  /* Close-on-exec: a child gets an end only when lbx_spawn passes it. */
  if (pipe2(fds, O_CLOEXEC) < 0) return error_of(errno);
  ends[0] = fds[0];
  ends[1] = fds[1];
  return 0;
}

long lbx_read(lbx_handle handle, void *buffer, unsigned long size) {
  for (;;) {
    ssize_t n = read((int)handle, buffer, size);
    if (n >= 0) return n;
    if (errno != EINTR) return error_of(errno);
  }
}

long lbx_write(lbx_handle handle, const void *buffer, unsigned long size) {
  const char *p = buffer;
  unsigned long done = 0;
  while (done < size) {
    ssize_t n = write((int)handle, p + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return error_of(errno);
    }
    done += (unsigned long)n;
  }
  return (long)size;
}

long lbx_close(lbx_handle handle) { return close((int)handle) < 0 ? error_of(errno) : 0; }

/* In the forked child: the passed handles lose close-on-exec, the standard streams move to 0, 1, 2.
 * Returns 0 or the errno that stops the spawn. */
static int arrange_child(const lbx_handle std[3], const lbx_spawn_io *io) {
  if (io != NULL) {
    for (unsigned i = 0; i < io->npass; i++)
      if (fcntl((int)io->pass[i], F_SETFD, 0) < 0) return errno;
  }
  for (int i = 0; i < 3; i++) {
    if (std[i] == i) {
      /* The caller's own stream: the child has it already (or, if the caller has none, neither). */
      if (fcntl(i, F_SETFD, 0) < 0 && errno != EBADF) return errno;
    } else if (dup2((int)std[i], i) < 0) {
      return errno;
    }
  }
  return 0;
}

long lbx_spawn(const char *path, char *const argv[], const lbx_spawn_io *io, lbx_proc *child) {
  lbx_handle std[3] = {0, 1, 2};
  if (io != NULL) {
    if (io->std_in != LBX_INHERIT) std[0] = io->std_in;
    if (io->std_out != LBX_INHERIT) std[1] = io->std_out;
    if (io->std_err != LBX_INHERIT) std[2] = io->std_err;
  }
  /* Every handle to give must be open now: checked before the status pipe below is made, which
   * could otherwise take the number of a closed one and be passed in its place. */
  for (unsigned i = 0; io != NULL && i < io->npass; i++)
    if (fcntl((int)io->pass[i], F_GETFD) < 0) return error_of(errno);
  for (int i = 0; i < 3; i++)
    if (std[i] != i && fcntl((int)std[i], F_GETFD) < 0) return error_of(errno);
  /* A close-on-exec pipe carries the child's errno if it cannot exec; a successful execve closes
   * it, so the parent reads end-of-file. This makes a failed spawn an error here, as on NT. */
  int status[2];
  if (pipe2(status, O_CLOEXEC) < 0) return error_of(errno);
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(status[0]);
    close(status[1]);
    return error_of(e);
  }
  if (pid == 0) {
    int e = arrange_child(std, io);
    if (e == 0) {
      execve(path, argv, environ);
      e = errno;
    }
    ssize_t ignored = write(status[1], &e, sizeof e);
    (void)ignored;
    _exit(127);
  }
  close(status[1]);
  int e = 0;
  ssize_t n;
  do n = read(status[0], &e, sizeof e);
  while (n < 0 && errno == EINTR);
  close(status[0]);
  if (n == (ssize_t)sizeof e) {
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
    return error_of(e);
  }
  *child = pid;
  return 0;
}

long lbx_wait(lbx_proc child, int *code) {
  int status;
  for (;;) {
    pid_t r = waitpid((pid_t)child, &status, 0);
    if (r >= 0) break;
    if (errno != EINTR) return errno == ECHILD ? -LBX_EINVAL : error_of(errno);
  }
  *code = WIFEXITED(status) ? WEXITSTATUS(status) : (128 + WTERMSIG(status)) & 0xff;
  return 0;
}

lbx_id lbx_proc_id(lbx_proc child) { return child; }

void lbx_exit(int code) { exit(code); }

lbx_id lbx_self_id(void) { return getpid(); }

lbx_id lbx_parent_id(void) { return getppid(); }

int lbx_parent_status(lbx_id creator) {
  /* Linux moves an orphan to a reaper (PID 1 or a subreaper) the moment its parent exits. */
  return getppid() == (pid_t)creator ? LBX_PARENT_RUNNING : LBX_PARENT_REPARENTED;
}

const char *lbx_parent_status_name(int status) {
  switch (status) {
  case LBX_PARENT_RUNNING: return "running";
  case LBX_PARENT_REPARENTED: return "reparented";
  case LBX_PARENT_DETACHED: return "detached";
  default: return "unknown";
  }
}

static int thread_entry(void *arg) {
  lbx_thread *t = arg;
  t->result = t->fn(t->arg);
  return 0; /* clone's wrapper ends the thread with exit (this thread only) */
}

long lbx_thread_start(lbx_thread *thread, int (*fn)(void *), void *arg) {
  void *stack = mmap(NULL, THREAD_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (stack == MAP_FAILED) return -LBX_ENOMEM;
  thread->handle = 0;
  thread->stack = stack;
  thread->fn = fn;
  thread->arg = arg;
  thread->result = 0;
  thread->tid = 0;
  /* PARENT_SETTID stores the id before clone returns; CHILD_CLEARTID zeroes it and wakes a futex
   * waiter when the thread has ended (off its stack), which is what join waits for. */
  int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
              CLONE_CHILD_CLEARTID;
  int tid = clone(thread_entry, (char *)stack + THREAD_STACK, flags, thread, &thread->tid, NULL, &thread->tid);
  if (tid < 0) {
    munmap(stack, THREAD_STACK);
    return -LBX_ENOMEM;
  }
  return 0;
}

int lbx_thread_join(lbx_thread *thread) {
  int tid;
  /* The kernel's wake at thread exit is a shared futex wake: wait without FUTEX_PRIVATE_FLAG. */
  while ((tid = thread->tid) != 0) syscall(LBX_SYS_FUTEX, &thread->tid, FUTEX_WAIT, tid, NULL, NULL, 0);
  munmap(thread->stack, THREAD_STACK);
  thread->stack = NULL;
  return thread->result;
}

void lbx_futex_wait(volatile unsigned *word, unsigned expected) {
  syscall(LBX_SYS_FUTEX, word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

void lbx_futex_wake(volatile unsigned *word, int all) {
  syscall(LBX_SYS_FUTEX, word, FUTEX_WAKE_PRIVATE, all ? INT32_MAX : 1, NULL, NULL, 0);
}

void lbx_yield(void) { sched_yield(); }
