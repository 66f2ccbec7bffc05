/* sigchld-ignore: with SIGCHLD set to SIG_IGN, children are reaped by the system as they exit:
 * waitpid blocks until they are gone and then fails with ECHILD, and the pid no longer exists.
 * Back at SIG_DFL (whose action is also "ignore"), children become zombies and are waitable. */
#include "posix-test.h"

int main(void) {
  signal(SIGCHLD, SIG_IGN);
  pid_t pid = xfork();
  if (pid == 0) _exit(3);
  CHECK("SIG_IGN: waitpid(child)", waitpid(pid, NULL, 0));
  CHECK("SIG_IGN: kill(child, 0) afterwards", kill(pid, 0));

  pid_t a = xfork();
  if (a == 0) _exit(1);
  pid_t b = xfork();
  if (b == 0) {
    sleep_ms(30);
    _exit(2);
  }
  CHECK("SIG_IGN: wait() with two children, one slower", wait(NULL));
  CHECK("SIG_IGN: kill(slower child, 0) afterwards", kill(b, 0));
  siginfo_t info;
  CHECK("SIG_IGN: waitid(P_ALL, WEXITED)", waitid(P_ALL, 0, &info, WEXITED));

  signal(SIGCHLD, SIG_DFL);
  pid = xfork();
  if (pid == 0) _exit(4);
  say("SIG_DFL: waitpid(child): %s\n", status_text(wait_for(pid)));
  return 0;
}
