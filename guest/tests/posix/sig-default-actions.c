/* sig-default-actions: what each signal does to a process that left it at SIG_DFL. Terminating
 * and core-dumping signals kill it (the parent sees the signal; whether a core was written is the
 * host's business and not shown); SIGCHLD, SIGURG, SIGWINCH and SIGCONT are ignored and the child
 * goes on to exit 0. abort() ends with SIGABRT. Each child raises one signal at itself. */
#include "posix-test.h"

int main(void) {
  static const int sigs[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGILL,  SIGTRAP, SIGABRT, SIGBUS,    SIGFPE,   SIGUSR1,
                             SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGCHLD, SIGCONT, SIGURG,
                             SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPWR,  SIGSYS,   40,       64};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    pid_t pid = xfork();
    if (pid == 0) {
      signal(sigs[i], SIG_DFL);
      kill(getpid(), sigs[i]);
      _exit(0);
    }
    say("%s: %s\n", signal_name(sigs[i]), status_text(wait_for(pid)));
  }
  pid_t pid = xfork();
  if (pid == 0) abort();
  say("abort(): %s\n", status_text(wait_for(pid)));
  /* abort() wins over a handler that returns and over SIG_IGN. */
  pid = xfork();
  if (pid == 0) {
    signal(SIGABRT, SIG_IGN);
    abort();
  }
  say("abort() with SIGABRT ignored: %s\n", status_text(wait_for(pid)));
  return 0;
}
