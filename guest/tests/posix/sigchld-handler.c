/* sigchld-handler: a child's exit sends SIGCHLD to its parent, whose SA_SIGINFO handler sees
 * si_code CLD_EXITED, the exit code in si_status and the child's pid. SIGCHLD is blocked until
 * sigsuspend, so the handler runs exactly there. A killed child gives CLD_KILLED. */
#include "posix-test.h"

static volatile sig_atomic_t runs;
static volatile int got_signo, got_code, got_status;
static volatile pid_t got_pid;

static void on_chld(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  runs++;
  got_signo = sig;
  got_code = info->si_code;
  got_status = info->si_status;
  got_pid = info->si_pid;
}

int main(void) {
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &old);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGCHLD, &sa, NULL);

  pid_t pid = xfork();
  if (pid == 0) _exit(5);
  while (runs == 0) sigsuspend(&old);
  say("handler ran %d time(s): signo=%s code=%s status=%d pid is child: %s\n", (int)runs, signal_name(got_signo),
      cld_code_name(got_code), got_status, yes_no(got_pid == pid));
  say("child still waitable after the handler: %s\n", status_text(wait_for(pid)));

  runs = 0;
  int hold[2];
  xpipe(hold);
  pid = xfork();
  if (pid == 0) {
    char c;
    close(hold[1]);
    read(hold[0], &c, 1);
    _exit(0);
  }
  kill(pid, SIGTERM);
  while (runs == 0) sigsuspend(&old);
  say("handler ran %d time(s): signo=%s code=%s status=%s pid is child: %s\n", (int)runs, signal_name(got_signo),
      cld_code_name(got_code), signal_name(got_status), yes_no(got_pid == pid));
  say("child: %s\n", status_text(wait_for(pid)));
  return 0;
}
