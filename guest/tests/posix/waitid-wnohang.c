/* waitid-wnohang: WNOHANG returns at once. With a child still running, waitid returns 0 and
 * writes a zeroed siginfo (si_signo, si_code and si_pid all 0 — the kernel fills the struct even
 * then); waitpid returns 0. Once the child is a zombie, WNOHANG reaps it with its full siginfo. */
#include "posix-test.h"

static void show(const char *label, int r, const siginfo_t *info, pid_t child) {
  say("%s: %d signo=%s code=%s status=%d pid=%s\n", label, r, signal_name(info->si_signo), cld_code_name(info->si_code),
      info->si_status, info->si_pid == 0 ? "0" : info->si_pid == child ? "child" : "other");
}

int main(void) {
  int fds[2], done[2];
  xpipe(fds);
  xpipe(done);
  pid_t pid = xfork();
  if (pid == 0) {
    close(fds[1]);
    char c;
    read(fds[0], &c, 1); /* blocks until the parent closes its end */
    _exit(4);
  }
  close(fds[0]);

  siginfo_t info;
  memset(&info, 0x5a, sizeof info);
  int r = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG);
  show("waitid(WNOHANG) while running", r, &info, pid);
  memset(&info, 0x5a, sizeof info);
  r = waitid(P_ALL, 0, &info, WEXITED | WNOHANG);
  show("waitid(P_ALL, WNOHANG) while running", r, &info, pid);
  int status = -1;
  r = waitpid(pid, &status, WNOHANG);
  say("waitpid(WNOHANG) while running: %d, status untouched: %s\n", r, yes_no(status == -1));

  /* Let the child exit, and wait for it to be a zombie without reaping it. */
  close(fds[1]);
  memset(&info, 0, sizeof info);
  if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) != 0) die("waitid WNOWAIT");

  memset(&info, 0x5a, sizeof info);
  r = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG);
  show("waitid(WNOHANG) on the zombie", r, &info, pid);
  errno = 0;
  r = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG);
  int e = errno;
  say("waitid(WNOHANG) after it was reaped: %d errno=%s\n", r, errno_name(e));
  return 0;
}
