/* fork-exit-codes: fork returns 0 in the child and the child's id in the parent, and the parent
 * reads back each child's exit code: the low 8 bits of the value given to _exit, exit or the
 * return from main's caller. exit() also flushes the child's stdio buffer exactly once. */
#include "posix-test.h"

int main(void) {
  static const int codes[] = {0, 1, 3, 42, 127, 128, 255, 256, 257, -1};
  for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    pid_t pid = xfork();
    if (pid == 0) _exit(codes[i]);
    int status = wait_for(pid);
    say("_exit(%d): %s\n", codes[i], status_text(status));
  }

  /* What each side sees of fork's result. The child reports through a pipe. */
  pid_t self = getpid();
  int fds[2];
  xpipe(fds);
  pid_t pid = xfork();
  if (pid == 0) {
    char facts[3] = {(char)(getppid() == self), (char)(getpid() != self), (char)(gettid() == getpid())};
    write_full(fds[1], facts, sizeof facts);
    _exit(0);
  }
  char facts[3] = {0, 0, 0};
  size_t got = read_full(fds[0], facts, sizeof facts);
  int status = wait_for(pid);
  say("parent: fork returned a new id: %s\n", yes_no(pid > 0 && pid != self));
  say("child: getppid() is the parent: %s\n", yes_no(got == 3 && facts[0]));
  say("child: getpid() differs from the parent's: %s\n", yes_no(got == 3 && facts[1]));
  say("child: gettid() equals getpid(): %s\n", yes_no(got == 3 && facts[2]));
  say("child: %s\n", status_text(status));

  /* exit() runs in the child: its buffered stdout is written once, when it exits. */
  pid = xfork();
  if (pid == 0) {
    printf("child: printed through stdio before exit(5)\n");
    exit(5);
  }
  status = wait_for(pid);
  say("after exit(5): %s\n", status_text(status));

  /* A second wait for a reaped child finds nothing. */
  errno = 0;
  int r = waitpid(pid, &status, 0);
  int e = errno;
  say("waitpid again: %d errno=%s\n", r, errno_name(e));
  return 0;
}
