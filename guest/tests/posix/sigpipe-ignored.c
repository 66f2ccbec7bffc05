/* sigpipe-ignored: writing to a pipe with no reader fails with EPIPE; with SIGPIPE ignored the
 * process lives on. With a handler, the handler runs first (si_code SI_USER, si_pid the writer
 * itself: the kernel sends it as if from the process) and write still returns EPIPE. */
#include "posix-test.h"

static volatile sig_atomic_t caught;
static volatile int caught_code, caught_self;

static void on_pipe(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  caught = sig;
  caught_code = info->si_code;
  caught_self = info->si_pid == getpid();
}

int main(void) {
  int p[2];
  xpipe(p);
  close(p[0]);
  signal(SIGPIPE, SIG_IGN);
  CHECK("SIG_IGN: write without a reader", write(p[1], "x", 1));
  CHECK("SIG_IGN: again", write(p[1], "xyz", 3));
  CHECK("SIG_IGN: zero-length write without a reader", write(p[1], "", 0));
  close(p[1]);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_pipe;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGPIPE, &sa, NULL);
  xpipe(p);
  close(p[0]);
  CHECK("handler: write without a reader", write(p[1], "x", 1));
  say("handler ran: %s, signal %s, si_code %s, si_pid is the writer: %s\n", yes_no(caught != 0), signal_name(caught),
      caught_code == SI_USER ? "SI_USER" : "other", yes_no(caught_self));
  close(p[1]);

  /* Blocked, SIGPIPE stays pending; EPIPE is returned all the same. */
  sigset_t set, pending;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  sigprocmask(SIG_BLOCK, &set, NULL);
  caught = 0;
  xpipe(p);
  close(p[0]);
  CHECK("blocked: write without a reader", write(p[1], "x", 1));
  sigpending(&pending);
  say("blocked: pending %s, handler ran: %s\n", yes_no(sigismember(&pending, SIGPIPE)), yes_no(caught != 0));
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  say("unblocked: handler ran: %s\n", yes_no(caught != 0));
  close(p[1]);
  return 0;
}
