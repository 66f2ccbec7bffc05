/* vfork: the child runs in the parent's memory while the parent is suspended, until the child
 * calls _exit or execve. The parent therefore resumes only after the child is done, and sees the
 * child's stores (Linux shares the address space; POSIX leaves this undefined, Linux defines it).
 * The child has its own pid. A failed execve in the child returns to it; it then _exits. */
#include "posix-test.h"

static volatile int stage;
static volatile pid_t child_pid_seen;
static volatile int exec_errno;

int main(void) {
  pid_t self = getpid();
  stage = 0;
  pid_t pid = vfork();
  if (pid < 0) die("vfork");
  if (pid == 0) {
    child_pid_seen = getpid();
    stage = 1;
    sleep_ms(30); /* the parent stays suspended meanwhile */
    stage = 2;
    _exit(9);
  }
  say("parent resumed after the child finished (saw stage 2): %s\n", yes_no(stage == 2));
  say("child had its own pid, the one vfork returned: %s\n", yes_no(child_pid_seen == pid && pid != self));
  say("child: %s\n", status_text(wait_for(pid)));

  exec_errno = 0;
  pid = vfork();
  if (pid < 0) die("vfork");
  if (pid == 0) {
    char *const args[] = {"nothing", NULL};
    char *const env[] = {NULL};
    execve("/nonexistent/program", args, env);
    exec_errno = errno;
    _exit(127);
  }
  say("failed execve in the vfork child: errno seen by the parent: %s\n", errno_name(exec_errno));
  say("child: %s\n", status_text(wait_for(pid)));
  return 0;
}
