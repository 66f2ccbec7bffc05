/* sigkill-status: SIGKILL ends a child whatever it does — even one that tried to catch, ignore or
 * block it (each attempt refused or without effect) — and the parent sees the signal in waitpid's
 * status and waitid's siginfo (CLD_KILLED, si_status 9). */
#include "posix-test.h"

static void handler(int sig) { (void)sig; }

int main(void) {
  int fds[2], ready[2];
  xpipe(fds);
  xpipe(ready);
  pid_t pid = xfork();
  if (pid == 0) {
    close(fds[1]);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    errno = 0;
    int r1 = sigaction(SIGKILL, &sa, NULL);
    int e1 = errno;
    sa.sa_handler = SIG_IGN;
    errno = 0;
    int r2 = sigaction(SIGKILL, &sa, NULL);
    int e2 = errno;
    sigset_t all, now;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    sigprocmask(SIG_BLOCK, NULL, &now);
    say("child: sigaction(SIGKILL, handler): %d errno=%s\n", r1, errno_name(e1));
    say("child: sigaction(SIGKILL, SIG_IGN): %d errno=%s\n", r2, errno_name(e2));
    say("child: after blocking everything, SIGKILL blocked: %s, SIGSTOP blocked: %s, SIGTERM blocked: %s\n",
        yes_no(sigismember(&now, SIGKILL)), yes_no(sigismember(&now, SIGSTOP)), yes_no(sigismember(&now, SIGTERM)));
    signal_pipe(ready[1]);
    char c;
    for (;;) read(fds[0], &c, 1); /* never returns: nobody writes and the parent keeps its end */
  }
  close(fds[0]);
  await_pipe(ready[0]);
  CHECK("kill(child, SIGKILL)", kill(pid, SIGKILL));
  int status = wait_for(pid);
  say("waitpid: %s (WIFSIGNALED=%s)\n", status_text(status), yes_no(WIFSIGNALED(status)));

  /* A busy child, seen through waitid. */
  pid = xfork();
  if (pid == 0) {
    signal_pipe(ready[1]);
    for (volatile unsigned long n = 0;; n++) {
    }
  }
  await_pipe(ready[0]);
  CHECK("kill(spinning child, SIGKILL)", kill(pid, SIGKILL));
  siginfo_t info;
  memset(&info, 0, sizeof info);
  int r = waitid(P_PID, (id_t)pid, &info, WEXITED);
  say("waitid: %d signo=%s code=%s status=%s pid is child: %s\n", r, signal_name(info.si_signo), cld_code_name(info.si_code),
      signal_name(info.si_status), yes_no(info.si_pid == pid));
  return 0;
}
