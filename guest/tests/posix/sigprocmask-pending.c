/* sigprocmask-pending: a blocked signal is held pending (sigpending shows it) and delivered when
 * unblocked, before sigprocmask returns; a standard signal sent twice while blocked is delivered
 * once. SIGKILL and SIGSTOP cannot be blocked (silently left out). A blocked signal is pending
 * even when ignored, and is discarded on unblocking; setting SIG_IGN discards a pending signal.
 * Bad arguments: how = 3 and a sigset size other than 8 are EINVAL. */
#include "posix-test.h"

static volatile sig_atomic_t runs;
static void on_usr1(int sig) {
  (void)sig;
  runs++;
}

static void show_pending(const char *label) {
  sigset_t p;
  sigemptyset(&p);
  sigpending(&p);
  say("%s: pending SIGUSR1=%s SIGUSR2=%s SIGTERM=%s\n", label, yes_no(sigismember(&p, SIGUSR1)), yes_no(sigismember(&p, SIGUSR2)),
      yes_no(sigismember(&p, SIGTERM)));
}

int main(void) {
  sigset_t empty, set, old, now;
  sigemptyset(&empty);
  sigprocmask(SIG_SETMASK, &empty, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);

  show_pending("nothing sent");
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  CHECK("sigprocmask(SIG_BLOCK, {SIGUSR1})", sigprocmask(SIG_BLOCK, &set, &old));
  say("old mask had SIGUSR1: %s\n", yes_no(sigismember(&old, SIGUSR1)));
  kill(getpid(), SIGUSR1);
  kill(getpid(), SIGUSR1);
  say("sent twice while blocked: handler ran %d time(s)\n", (int)runs);
  show_pending("blocked");
  sigprocmask(SIG_UNBLOCK, &set, &old);
  say("after SIG_UNBLOCK: handler ran %d time(s) (standard signals do not queue)\n", (int)runs);
  say("mask returned by SIG_UNBLOCK had SIGUSR1: %s\n", yes_no(sigismember(&old, SIGUSR1)));
  show_pending("delivered");

  /* SIG_SETMASK replaces the mask; SIGKILL and SIGSTOP never stick. */
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  sigprocmask(SIG_SETMASK, NULL, &now);
  say("after blocking all: SIGKILL=%s SIGSTOP=%s SIGUSR1=%s SIGCHLD=%s signal 64=%s\n", yes_no(sigismember(&now, SIGKILL)),
      yes_no(sigismember(&now, SIGSTOP)), yes_no(sigismember(&now, SIGUSR1)), yes_no(sigismember(&now, SIGCHLD)), yes_no(sigismember(&now, 64)));
  sigprocmask(SIG_SETMASK, &empty, NULL);
  sigprocmask(SIG_BLOCK, NULL, &now);
  say("after SIG_SETMASK empty: SIGUSR1 blocked=%s\n", yes_no(sigismember(&now, SIGUSR1)));

  /* Blocked and ignored: still pending; unblocking discards it. */
  signal(SIGUSR2, SIG_IGN);
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR2);
  show_pending("SIGUSR2 ignored and blocked, sent");
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  show_pending("SIGUSR2 unblocked");

  /* Pending, then the disposition becomes SIG_IGN: discarded. */
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGTERM);
  show_pending("SIGTERM blocked, sent");
  signal(SIGTERM, SIG_IGN);
  show_pending("SIGTERM set to SIG_IGN");
  signal(SIGTERM, SIG_DFL);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  say("SIGTERM unblocked with SIG_DFL: still alive\n");

  CHECK("sigprocmask(how=3)", sigprocmask(3, &set, NULL));
  CHECK("sigprocmask(how=3, set=NULL) (only a query)", sigprocmask(3, NULL, &now));
  CHECK("rt_sigprocmask with sigsetsize 4", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4));
  CHECK("rt_sigprocmask with sigsetsize 16", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 16));
  CHECK("rt_sigpending with sigsetsize 4", syscall(SYS_rt_sigpending, &now, 4));
  return 0;
}
