/* sigsegv-null: a store through a null pointer raises SIGSEGV. Unhandled, it kills the process and
 * the parent sees the signal in the status; handled with SA_SIGINFO, the handler sees si_code
 * SEGV_MAPERR and si_addr equal to the faulting address (0, and 0x10 for a member at offset 16). */
#include "posix-test.h"

static void on_segv(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  char line[128];
  int n = snprintf(line, sizeof line, "child handler: signo=%s code=%s addr=%#lx\n", signal_name(sig),
                   info->si_code == SEGV_MAPERR ? "SEGV_MAPERR" : info->si_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other",
                   (unsigned long)(uintptr_t)info->si_addr);
  write(1, line, (size_t)n);
  _exit(3); /* returning would fault again */
}

struct s {
  int pad[4];
  volatile int member;
};

int main(void) {
  pid_t pid = xfork();
  if (pid == 0) {
    volatile int *volatile p = NULL;
    *p = 1;
    _exit(0);
  }
  say("null store, no handler: %s\n", status_text(wait_for(pid)));

  pid = xfork();
  if (pid == 0) {
    volatile int *volatile p = NULL;
    (void)*p;
    _exit(0);
  }
  say("null load, no handler: %s\n", status_text(wait_for(pid)));

  for (int k = 0; k < 2; k++) {
    pid = xfork();
    if (pid == 0) {
      struct sigaction sa;
      memset(&sa, 0, sizeof sa);
      sa.sa_sigaction = on_segv;
      sa.sa_flags = SA_SIGINFO;
      sigaction(SIGSEGV, &sa, NULL);
      if (k == 0) {
        volatile int *volatile p = NULL;
        *p = 1;
      } else {
        struct s *volatile q = NULL;
        q->member = 1;
      }
      _exit(0);
    }
    say("with a handler: %s\n", status_text(wait_for(pid)));
  }

  /* SIGSEGV ignored: a real fault still kills (the kernel forces the default action). */
  pid = xfork();
  if (pid == 0) {
    signal(SIGSEGV, SIG_IGN);
    volatile int *volatile p = NULL;
    *p = 1;
    _exit(0);
  }
  say("null store with SIGSEGV ignored: %s\n", status_text(wait_for(pid)));
  return 0;
}
