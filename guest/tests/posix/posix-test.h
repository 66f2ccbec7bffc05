/* posix-test.h: helpers shared by the POSIX behaviour tests. The same source builds natively with
 * gcc and glibc (the oracle: its output on the host's Linux is the expected transcript) and for
 * rv32 with the LiteBox SDK.
 *
 * Conventions every test follows:
 *  - Output is relations and results, never raw pids, addresses, descriptor numbers or times.
 *  - Lines go out through say(): one write(2) per line, no stdio buffer, so nothing is duplicated
 *    by fork or lost by _exit, and a line from a child is never interleaved with another.
 *  - Only one process prints at a time; the others are ordered by pipes and waits.
 *  - errno is read right after the call, before anything else can change it.
 *  - The expected path exits 0; a failure of the scaffolding (fork or pipe refused) prints
 *    "UNEXPECTED: ..." and exits 1, so the transcript differs. */
#ifndef POSIX_TEST_H
#define POSIX_TEST_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define T_UNUSED __attribute__((unused))

/* The symbolic name of an errno value (the same numbers on x86-64 and on riscv). */
static T_UNUSED const char *errno_name(int e) {
  switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case ETXTBSY: return "ETXTBSY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case EDEADLK: return "EDEADLK";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case EOVERFLOW: return "EOVERFLOW";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ETIMEDOUT: return "ETIMEDOUT";
    default: {
      static char buf[24];
      snprintf(buf, sizeof buf, "errno %d", e);
      return buf;
    }
  }
}

/* The symbolic name of a signal number (the same numbers on x86-64 and on riscv). */
static T_UNUSED const char *signal_name(int s) {
  static const char *const names[] = {
      "0",       "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT", "SIGBUS",
      "SIGFPE",  "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",   "SIGPIPE", "SIGALRM", "SIGTERM",
      "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",   "SIGTTIN", "SIGTTOU", "SIGURG",
      "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",  "SIGIO",   "SIGPWR",  "SIGSYS"};
  if (s >= 0 && s < (int)(sizeof names / sizeof names[0])) return names[s];
  static char buf[24];
  snprintf(buf, sizeof buf, "signal %d", s);
  return buf;
}

/* Formats one line and writes it with as few write(2) calls as the descriptor allows. */
static T_UNUSED __attribute__((format(printf, 1, 2))) void say(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof buf - 1) n = (int)sizeof buf - 1;
  int saved = errno;
  for (int off = 0; off < n;) {
    ssize_t w = write(STDOUT_FILENO, buf + off, (size_t)(n - off));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += (int)w;
  }
  errno = saved;
}

static T_UNUSED const char *yes_no(int b) { return b ? "yes" : "no"; }

/* "label: <result>" or "label: -1 errno=<NAME>", for calls whose result is deterministic. */
static T_UNUSED void report(const char *label, long r, int e) {
  if (r == -1)
    say("%s: -1 errno=%s\n", label, errno_name(e));
  else
    say("%s: %ld\n", label, r);
}
#define CHECK(label, expr)            \
  do {                                \
    errno = 0;                        \
    long check_r_ = (long)(expr);     \
    int check_e_ = errno;             \
    report((label), check_r_, check_e_); \
  } while (0)

/* "label: ok" or "label: -1 errno=<NAME>", for calls whose success value (a descriptor, a pid,
 * an address) must not be printed. */
static T_UNUSED void report_ok(const char *label, long r, int e) {
  if (r == -1)
    say("%s: -1 errno=%s\n", label, errno_name(e));
  else
    say("%s: ok\n", label);
}
#define CHECK_OK(label, expr)            \
  do {                                   \
    errno = 0;                           \
    long check_r_ = (long)(expr);        \
    int check_e_ = errno;                \
    report_ok((label), check_r_, check_e_); \
  } while (0)

/* The scaffolding failed: say so (the transcript will differ) and stop. */
static T_UNUSED _Noreturn void die(const char *what) {
  say("UNEXPECTED: %s failed: errno=%s\n", what, errno_name(errno));
  _exit(1);
}

/* A wait status in words: "exited 3", "killed by SIGKILL", "stopped by SIGSTOP", "continued".
 * The core-dump bit is left out on purpose: it depends on the host's core settings. */
static T_UNUSED const char *status_text(int status) {
  static char buf[64];
  if (WIFEXITED(status))
    snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    snprintf(buf, sizeof buf, "killed by %s", signal_name(WTERMSIG(status)));
  else if (WIFSTOPPED(status))
    snprintf(buf, sizeof buf, "stopped by %s", signal_name(WSTOPSIG(status)));
  else if (WIFCONTINUED(status))
    snprintf(buf, sizeof buf, "continued");
  else
    snprintf(buf, sizeof buf, "status %#x", status);
  return buf;
}

/* A SIGCHLD si_code in words. */
static T_UNUSED const char *cld_code_name(int code) {
  switch (code) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    case CLD_TRAPPED: return "CLD_TRAPPED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    case 0: return "0";
    default: {
      static char buf[24];
      snprintf(buf, sizeof buf, "code %d", code);
      return buf;
    }
  }
}

/* fork, with stdout flushed first (no test prints through stdio around a fork, but a buffer
 * copied into a child would print twice). */
static T_UNUSED pid_t xfork(void) {
  fflush(stdout);
  pid_t p = fork();
  if (p < 0) die("fork");
  return p;
}

static T_UNUSED void xpipe(int fds[2]) {
  if (pipe(fds) < 0) die("pipe");
}

/* waitpid for one child, retrying after EINTR; returns the status. */
static T_UNUSED int wait_for(pid_t pid) {
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid, &status, 0);
    if (r == pid) return status;
    if (r < 0 && errno == EINTR) continue;
    die("waitpid");
  }
}

static T_UNUSED void sleep_ms(long ms) {
  struct timespec ts;
  memset(&ts, 0, sizeof ts);
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
  }
}

/* Reads exactly n bytes (or until EOF); returns what was read. */
static T_UNUSED size_t read_full(int fd, void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, (char *)buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  return got;
}

static T_UNUSED void write_full(int fd, const void *buf, size_t n) {
  size_t off = 0;
  while (off < n) {
    ssize_t r = write(fd, (const char *)buf + off, n - off);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) die("write");
    off += (size_t)r;
  }
}

/* One byte through a pipe: the simplest way to order two processes. */
static T_UNUSED void signal_pipe(int fd) { write_full(fd, "!", 1); }
static T_UNUSED void await_pipe(int fd) {
  char c;
  if (read_full(fd, &c, 1) != 1) die("await_pipe");
}

/* The futex system call: futex_time64 on rv32 (its only futex), futex on 64-bit hosts. Both take
 * a struct timespec with a 64-bit tv_sec, which is what <time.h> declares on either side. */
static T_UNUSED long sys_futex(volatile uint32_t *uaddr, int op, uint32_t val, const struct timespec *timeout,
                               volatile uint32_t *uaddr2, uint32_t val3) {
#ifdef SYS_futex_time64
  return syscall(SYS_futex_time64, uaddr, op, val, timeout, uaddr2, val3);
#else
  return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
#endif
}

#endif
