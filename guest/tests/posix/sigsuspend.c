/* sigsuspend: replaces the mask for the duration of the wait, returns -1 EINTR after a handler
 * ran, and puts the old mask back. A signal already pending and unblocked by the temporary mask is
 * taken at once. */
#include "posix-test.h"

static volatile sig_atomic_t got;
static void on_sig(int sig) { got = sig; }

static const char *blocked(int sig) {
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  return yes_no(sigismember(&now, sig));
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);
  sigset_t block, empty;
  sigemptyset(&empty);
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, NULL);

  /* The signal comes from a child while the parent is suspended. */
  pid_t pid = xfork();
  if (pid == 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  errno = 0;
  int r = sigsuspend(&empty);
  int e = errno;
  say("sigsuspend: %d errno=%s, handler got %s\n", r, errno_name(e), signal_name(got));
  say("after return: SIGUSR1 blocked again: %s\n", blocked(SIGUSR1));
  say("child: %s\n", status_text(wait_for(pid)));

  /* Already pending. */
  got = 0;
  raise(SIGUSR2);
  say("SIGUSR2 raised while blocked: handler ran: %s\n", yes_no(got != 0));
  errno = 0;
  r = sigsuspend(&empty);
  e = errno;
  say("sigsuspend with SIGUSR2 pending: %d errno=%s, handler got %s\n", r, errno_name(e), signal_name(got));
  say("after return: SIGUSR2 blocked again: %s\n", blocked(SIGUSR2));

  /* A temporary mask that still blocks SIGUSR1: a SIGUSR1 stays pending, SIGUSR2 wakes it. */
  got = 0;
  sigset_t only1;
  sigemptyset(&only1);
  sigaddset(&only1, SIGUSR1);
  pid = xfork();
  if (pid == 0) {
    kill(getppid(), SIGUSR1);
    sleep_ms(20);
    kill(getppid(), SIGUSR2);
    _exit(0);
  }
  r = sigsuspend(&only1);
  say("sigsuspend blocking SIGUSR1: woken by %s\n", signal_name(got));
  say("child: %s\n", status_text(wait_for(pid)));
  sigset_t pending;
  sigpending(&pending);
  say("SIGUSR1 still pending: %s\n", yes_no(sigismember(&pending, SIGUSR1)));
  got = 0;
  sigprocmask(SIG_UNBLOCK, &block, NULL);
  say("unblocked: handler got %s\n", signal_name(got));
  return 0;
}
