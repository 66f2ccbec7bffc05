/* sigchld-nocldwait: SA_NOCLDWAIT makes exiting children vanish without becoming zombies, so a
 * wait ends with ECHILD once they are gone; unlike SIG_IGN, a SIGCHLD handler installed with the
 * flag still runs (with the child's siginfo). With SA_NOCLDWAIT and SIG_DFL the same reaping
 * happens without a handler. SA_RESTART keeps the wait from ending early with EINTR. */
#include "posix-test.h"

static volatile sig_atomic_t runs;
static volatile int h_code, h_status;
static volatile pid_t h_pid;

static void on_chld(int sig, siginfo_t *info, void *ctx) {
  (void)sig;
  (void)ctx;
  runs++;
  h_code = info->si_code;
  h_status = info->si_status;
  h_pid = info->si_pid;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO | SA_NOCLDWAIT | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGCHLD, &sa, NULL);

  pid_t pid = xfork();
  if (pid == 0) _exit(7);
  CHECK("handler + SA_NOCLDWAIT: waitpid(child)", waitpid(pid, NULL, 0));
  say("handler ran %d time(s): code=%s status=%d pid is child: %s\n", (int)runs, cld_code_name(h_code), h_status, yes_no(h_pid == pid));
  CHECK("kill(child, 0) afterwards", kill(pid, 0));

  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  dfl.sa_flags = SA_NOCLDWAIT;
  sigaction(SIGCHLD, &dfl, NULL);
  struct sigaction back;
  sigaction(SIGCHLD, NULL, &back);
  say("SA_NOCLDWAIT kept with SIG_DFL: %s\n", yes_no((back.sa_flags & SA_NOCLDWAIT) != 0));
  pid = xfork();
  if (pid == 0) _exit(8);
  CHECK("SIG_DFL + SA_NOCLDWAIT: waitpid(child)", waitpid(pid, NULL, 0));
  CHECK("kill(child, 0) afterwards", kill(pid, 0));

  dfl.sa_flags = 0;
  sigaction(SIGCHLD, &dfl, NULL);
  pid = xfork();
  if (pid == 0) _exit(9);
  say("flag cleared: waitpid(child): %s\n", status_text(wait_for(pid)));
  return 0;
}
