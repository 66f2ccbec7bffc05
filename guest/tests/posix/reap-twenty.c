/* reap-twenty: twenty children exit at once with twenty different codes; wait() returns each of
 * them exactly once, with its own code, in whatever order, and then ECHILD. */
#include "posix-test.h"

#define N 20

int main(void) {
  pid_t kids[N];
  for (int i = 0; i < N; i++) {
    kids[i] = xfork();
    if (kids[i] == 0) _exit(100 + i * 7);
  }
  int codes[N];
  int seen[N] = {0};
  int strays = 0;
  for (int n = 0; n < N; n++) {
    int status;
    pid_t got = wait(&status);
    int which = -1;
    for (int i = 0; i < N; i++)
      if (kids[i] == got) which = i;
    if (which < 0) {
      strays++;
      continue;
    }
    seen[which]++;
    codes[which] = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
  for (int i = 0; i < N; i++) say("child %2d: reaped %d time(s), code %d (expected %d)\n", i, seen[i], seen[i] ? codes[i] : -1, 100 + i * 7);
  say("unknown pids from wait: %d\n", strays);
  CHECK("wait() after all twenty", wait(NULL));
  return 0;
}
