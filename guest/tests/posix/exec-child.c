/* exec-child: not a test of its own — the program `execve` runs in its child. It prints its argv
 * and envp, what it inherited (fds 10, 11, 12; signal dispositions, mask and pending set), sends
 * getpid() and getppid() through fd 10, and exits 7. Run directly, it says so and exits 2. */
#include "posix-test.h"

extern char **environ;

static const char *disposition(int sig) {
  struct sigaction old;
  if (sigaction(sig, NULL, &old) < 0) return "error";
  return old.sa_handler == SIG_DFL ? "SIG_DFL" : old.sa_handler == SIG_IGN ? "SIG_IGN" : "a handler";
}

static const char *fd_state(int fd) {
  int f = fcntl(fd, F_GETFD);
  if (f < 0) return errno == EBADF ? "closed (EBADF)" : "error";
  int fl = fcntl(fd, F_GETFL);
  switch (fl & O_ACCMODE) {
    case O_RDONLY: return "open, read-only";
    case O_WRONLY: return "open, write-only";
    default: return "open, read-write";
  }
}

int main(int argc, char **argv) {
  if (argc != 5 || strcmp(argv[4], "--fd=10") != 0) {
    say("exec-child: run me through the execve test\n");
    return 2;
  }
  say("exec-child: argc=%d\n", argc);
  for (int i = 0; i < argc; i++) say("exec-child: argv[%d]=\"%s\"\n", i, argv[i]);
  say("exec-child: argv[argc] is NULL: %s\n", yes_no(argv[argc] == NULL));
  for (char **e = environ; *e; e++) say("exec-child: env \"%s\"\n", *e);
  say("exec-child: fd 10 (inherited): %s\n", fd_state(10));
  say("exec-child: fd 11 (close-on-exec): %s\n", fd_state(11));
  say("exec-child: fd 12 (inherited): %s\n", fd_state(12));
  char buf[64];
  size_t n = read_full(12, buf, sizeof buf - 1);
  buf[n] = 0;
  say("exec-child: read from fd 12: \"%s\"\n", buf);
  say("exec-child: SIGUSR1 (had a handler): %s\n", disposition(SIGUSR1));
  say("exec-child: SIGUSR2 (was ignored): %s\n", disposition(SIGUSR2));
  sigset_t mask, pending;
  sigprocmask(SIG_BLOCK, NULL, &mask);
  sigpending(&pending);
  say("exec-child: SIGTERM still blocked: %s, SIGHUP still blocked: %s, SIGUSR1 blocked: %s\n", yes_no(sigismember(&mask, SIGTERM)),
      yes_no(sigismember(&mask, SIGHUP)), yes_no(sigismember(&mask, SIGUSR1)));
  say("exec-child: SIGHUP still pending: %s\n", yes_no(sigismember(&pending, SIGHUP)));
  pid_t ids[2] = {getpid(), getppid()};
  write_full(10, ids, sizeof ids);
  return 7;
}
