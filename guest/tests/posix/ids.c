/* ids: identities that hold in any Linux process: real and effective ids agree (no set-id bits
 * here), a single-threaded process's tid is its pid, set_tid_address returns the tid, a child has
 * its parent's uid and gid, and getpgrp() is getpgid(0). Values themselves are not printed. */
#include "posix-test.h"

static int tid_word;

int main(void) {
  say("getuid() == geteuid(): %s, getgid() == getegid(): %s\n", yes_no(getuid() == geteuid()), yes_no(getgid() == getegid()));
  say("gettid() == getpid(): %s\n", yes_no(gettid() == getpid()));
  long t = syscall(SYS_set_tid_address, &tid_word);
  say("set_tid_address returns the tid: %s\n", yes_no(t == gettid()));
  say("getpgrp() == getpgid(0): %s, getsid(0) == getsid(getpid()): %s\n", yes_no(getpgrp() == getpgid(0)), yes_no(getsid(0) == getsid(getpid())));
  say("getppid() is a live process: %s\n", yes_no(kill(getppid(), 0) == 0 || errno == EPERM));
  uid_t uid = getuid();
  gid_t gid = getgid();
  int p[2];
  xpipe(p);
  pid_t pid = xfork();
  if (pid == 0) {
    char facts[3] = {(char)(getuid() == uid), (char)(getgid() == gid), (char)(gettid() == getpid())};
    write_full(p[1], facts, sizeof facts);
    _exit(0);
  }
  char facts[3] = {0, 0, 0};
  read_full(p[0], facts, sizeof facts);
  say("child: same uid: %s, same gid: %s, its tid is its pid: %s\n", yes_no(facts[0]), yes_no(facts[1]), yes_no(facts[2]));
  say("child: %s\n", status_text(wait_for(pid)));
  return 0;
}
