/* siginfo-kill: an SA_SIGINFO handler sees who sent a signal and how: kill() gives si_code
 * SI_USER with the sender's pid and uid, tgkill() (raise) gives SI_TKILL; the first argument is
 * the signal number and si_signo agrees. A signal sent by a child carries the child's pid. */
#include "posix-test.h"

static volatile sig_atomic_t runs;
static volatile int h_sig, h_signo, h_code, h_errno;
static volatile pid_t h_pid;
static volatile uid_t h_uid;

static void on_sig(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  runs++;
  h_sig = sig;
  h_signo = info->si_signo;
  h_code = info->si_code;
  h_errno = info->si_errno;
  h_pid = info->si_pid;
  h_uid = info->si_uid;
}

static const char *code_name(int code) {
  switch (code) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_KERNEL: return "SI_KERNEL";
    default: return "other";
  }
}

static void show(const char *how, pid_t sender) {
  say("%s: ran %d, sig=%s si_signo=%s si_code=%s si_errno=%d si_pid is the sender: %s si_uid is ours: %s\n", how, (int)runs,
      signal_name(h_sig), signal_name(h_signo), code_name(h_code), h_errno, yes_no(h_pid == sender), yes_no(h_uid == getuid()));
  runs = 0;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sig;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);
  pid_t self = getpid();

  kill(self, SIGUSR1);
  show("kill(self, SIGUSR1)", self);
  raise(SIGUSR2);
  show("raise(SIGUSR2)", self);
  syscall(SYS_tgkill, self, gettid(), SIGUSR1);
  show("tgkill(self, self, SIGUSR1)", self);
  syscall(SYS_tkill, gettid(), SIGUSR2);
  show("tkill(self, SIGUSR2)", self);

  /* From a child, while the parent waits in sigsuspend with SIGUSR1 unblocked only there. */
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old);
  pid_t pid = xfork();
  if (pid == 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  while (runs == 0) sigsuspend(&old);
  show("kill(parent, SIGUSR1) from a child", pid);
  say("child: %s\n", status_text(wait_for(pid)));
  sigprocmask(SIG_SETMASK, &old, NULL);
  return 0;
}
