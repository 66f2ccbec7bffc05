/* sig-stop-cont: SIGSTOP stops a child (waitpid with WUNTRACED: "stopped by SIGSTOP"; waitid
 * WSTOPPED: CLD_STOPPED), SIGCONT resumes it (WCONTINUED: "continued"; CLD_CONTINUED). A signal
 * sent while it is stopped waits for SIGCONT; SIGKILL ends a stopped child at once. A child may
 * stop itself. */
#include "posix-test.h"

static void show_info(const char *label, const siginfo_t *info, pid_t pid) {
  say("%s: code=%s status=%s pid is child: %s\n", label, cld_code_name(info->si_code), signal_name(info->si_status),
      yes_no(info->si_pid == pid));
}

int main(void) {
  int ready[2];
  xpipe(ready);
  pid_t pid = xfork();
  if (pid == 0) {
    signal_pipe(ready[1]);
    for (;;) pause();
  }
  await_pipe(ready[0]);
  int status;
  CHECK("waitpid(WNOHANG|WUNTRACED) while running", waitpid(pid, &status, WNOHANG | WUNTRACED));
  CHECK("kill(child, SIGSTOP)", kill(pid, SIGSTOP));
  siginfo_t info;
  memset(&info, 0, sizeof info);
  waitid(P_PID, (id_t)pid, &info, WSTOPPED | WNOWAIT);
  show_info("waitid(WSTOPPED|WNOWAIT)", &info, pid);
  pid_t w = waitpid(pid, &status, WUNTRACED);
  say("waitpid(WUNTRACED): child: %s, %s\n", yes_no(w == pid), status_text(status));
  CHECK("waitpid(WUNTRACED|WNOHANG) again (already reported)", waitpid(pid, &status, WUNTRACED | WNOHANG));

  CHECK("kill(child, SIGCONT)", kill(pid, SIGCONT));
  memset(&info, 0, sizeof info);
  waitid(P_PID, (id_t)pid, &info, WCONTINUED | WNOWAIT);
  show_info("waitid(WCONTINUED|WNOWAIT)", &info, pid);
  w = waitpid(pid, &status, WCONTINUED);
  say("waitpid(WCONTINUED): child: %s, %s\n", yes_no(w == pid), status_text(status));

  /* SIGTERM while stopped: nothing happens until SIGCONT. */
  kill(pid, SIGSTOP);
  waitpid(pid, &status, WUNTRACED);
  say("stopped again: %s\n", status_text(status));
  kill(pid, SIGTERM);
  sleep_ms(20);
  CHECK("SIGTERM sent while stopped: waitpid(WNOHANG)", waitpid(pid, &status, WNOHANG));
  kill(pid, SIGCONT);
  say("after SIGCONT: %s\n", status_text(wait_for(pid)));

  /* SIGKILL ends a stopped child. */
  pid = xfork();
  if (pid == 0) {
    raise(SIGSTOP); /* stops itself */
    _exit(0);
  }
  waitpid(pid, &status, WUNTRACED);
  say("self-stopped child: %s\n", status_text(status));
  kill(pid, SIGKILL);
  say("SIGKILL while stopped: %s\n", status_text(wait_for(pid)));

  /* A self-stopped child continued by SIGCONT goes on to exit normally. */
  pid = xfork();
  if (pid == 0) {
    raise(SIGSTOP);
    _exit(6);
  }
  waitpid(pid, &status, WUNTRACED);
  kill(pid, SIGCONT);
  say("continued child then: %s\n", status_text(wait_for(pid)));
  return 0;
}
