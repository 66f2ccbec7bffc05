/* waitid-wnowait: WNOWAIT reports a zombie without reaping it, as often as asked; the zombie
 * still answers kill(pid, 0) and a later wait reaps it with the same status. The siginfo is the
 * kernel's: SIGCHLD, CLD_EXITED, the exit code, the child's pid and uid, si_errno 0. */
#include "posix-test.h"

int main(void) {
  pid_t pid = xfork();
  if (pid == 0) _exit(6);

  for (int round = 1; round <= 2; round++) {
    siginfo_t info;
    memset(&info, 0x5a, sizeof info);
    int r = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT);
    say("waitid(WNOWAIT) #%d: %d signo=%s errno=%d code=%s status=%d pid is child: %s uid is ours: %s\n", round, r,
        signal_name(info.si_signo), info.si_errno, cld_code_name(info.si_code), info.si_status,
        yes_no(info.si_pid == pid), yes_no(info.si_uid == getuid()));
  }
  CHECK("kill(zombie, 0)", kill(pid, 0));

  siginfo_t info;
  memset(&info, 0x5a, sizeof info);
  int r = waitid(P_ALL, 0, &info, WEXITED | WNOWAIT);
  say("waitid(P_ALL, WNOWAIT): %d pid is child: %s status=%d\n", r, yes_no(info.si_pid == pid), info.si_status);

  int status;
  r = waitpid(pid, &status, 0);
  say("waitpid reaps it: %s, %s\n", yes_no(r == pid), status_text(status));
  CHECK("waitpid again", waitpid(pid, &status, 0));
  CHECK("kill(reaped, 0)", kill(pid, 0));
  return 0;
}
