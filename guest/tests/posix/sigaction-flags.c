/* sigaction-flags: what sigaction stores and what delivery does with it. The old action comes
 * back with handler, flags and mask. While a handler runs, its own signal is blocked unless
 * SA_NODEFER, and sa_mask is added; the mask is restored when it returns (rt_sigreturn). A signal
 * raised inside its own handler nests with SA_NODEFER and waits otherwise. SA_RESETHAND restores
 * SIG_DFL on delivery. SIGKILL/SIGSTOP and numbers outside 1..64 are refused. */
#include "posix-test.h"

static volatile int depth, max_depth, calls, in_self_blocked, in_usr2_blocked, raise_inside;

static void on_usr1(int sig) {
  sigset_t now;
  calls++;
  depth++;
  if (depth > max_depth) max_depth = depth;
  sigprocmask(SIG_BLOCK, NULL, &now);
  in_self_blocked = sigismember(&now, sig);
  in_usr2_blocked = sigismember(&now, SIGUSR2);
  if (raise_inside) {
    raise_inside = 0;
    raise(sig);
  }
  depth--;
}

static void other(int sig) { (void)sig; }

static void reset_counts(void) { depth = max_depth = calls = in_self_blocked = in_usr2_blocked = 0; }

static void install(int flags, int with_usr2_mask) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  if (with_usr2_mask) sigaddset(&sa.sa_mask, SIGUSR2);
  if (sigaction(SIGUSR1, &sa, NULL) < 0) die("sigaction");
}

static const char *current(int sig) {
  struct sigaction old;
  sigaction(sig, NULL, &old);
  return old.sa_handler == SIG_DFL ? "SIG_DFL" : old.sa_handler == SIG_IGN ? "SIG_IGN" : old.sa_handler == on_usr1 ? "on_usr1" : "other";
}

int main(void) {
  /* The old action comes back as it was stored. */
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = other;
  sa.sa_flags = SA_RESTART | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGTERM);
  sigaction(SIGUSR2, &sa, NULL);
  memset(&old, 0, sizeof old);
  sigaction(SIGUSR2, NULL, &old);
  say("stored: handler back: %s SA_RESTART=%s SA_NODEFER=%s SA_SIGINFO=%s SA_RESETHAND=%s mask has SIGTERM=%s SIGINT=%s\n",
      yes_no(old.sa_handler == other), yes_no(old.sa_flags & SA_RESTART), yes_no(old.sa_flags & SA_NODEFER),
      yes_no(old.sa_flags & SA_SIGINFO), yes_no(old.sa_flags & SA_RESETHAND), yes_no(sigismember(&old.sa_mask, SIGTERM)),
      yes_no(sigismember(&old.sa_mask, SIGINT)));
  sigaction(SIGUSR2, NULL, &old);
  say("a query does not change it: %s\n", yes_no(old.sa_handler == other));
  sighandler_t prev = signal(SIGUSR2, SIG_DFL);
  say("signal() returns the previous handler: %s\n", yes_no(prev == other));

  install(0, 1);
  reset_counts();
  raise(SIGUSR1);
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  say("plain: in the handler SIGUSR1 blocked=%s, sa_mask's SIGUSR2 blocked=%s; after return SIGUSR1=%s SIGUSR2=%s\n",
      yes_no(in_self_blocked), yes_no(in_usr2_blocked), yes_no(sigismember(&now, SIGUSR1)), yes_no(sigismember(&now, SIGUSR2)));
  reset_counts();
  raise_inside = 1;
  raise(SIGUSR1);
  say("plain, raised again inside: calls=%d, deepest nesting=%d\n", calls, max_depth);

  install(SA_NODEFER, 0);
  reset_counts();
  raise(SIGUSR1);
  say("SA_NODEFER: in the handler SIGUSR1 blocked=%s\n", yes_no(in_self_blocked));
  reset_counts();
  raise_inside = 1;
  raise(SIGUSR1);
  say("SA_NODEFER, raised again inside: calls=%d, deepest nesting=%d\n", calls, max_depth);

  install(SA_RESETHAND, 0);
  say("SA_RESETHAND: before delivery: %s\n", current(SIGUSR1));
  reset_counts();
  raise(SIGUSR1);
  say("SA_RESETHAND: handler ran %d time(s), then: %s\n", calls, current(SIGUSR1));

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = other;
  CHECK("sigaction(SIGKILL, handler)", sigaction(SIGKILL, &sa, NULL));
  CHECK("sigaction(SIGSTOP, handler)", sigaction(SIGSTOP, &sa, NULL));
  CHECK("sigaction(SIGKILL, NULL, &old) (query)", sigaction(SIGKILL, NULL, &old));
  CHECK("sigaction(0, handler)", sigaction(0, &sa, NULL));
  CHECK("sigaction(65, handler)", sigaction(65, &sa, NULL));
  CHECK("sigaction(64, handler)", sigaction(64, &sa, NULL));
  return 0;
}
