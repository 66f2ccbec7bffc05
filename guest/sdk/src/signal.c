/* Signal calls. The kernel's sigset is 8 bytes on every Linux architecture we serve. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "syscall.h"

#define KSIGSET_SIZE 8

int kill(pid_t pid, int sig) { return __sys2(SYS_kill, pid, sig); }
int raise(int sig) { return __sys3(SYS_tgkill, __sc0(SYS_getpid), __sc0(SYS_gettid), sig); }

int sigaction(int sig, const struct sigaction *act, struct sigaction *oldact) {
  return __sys4(SYS_rt_sigaction, sig, act, oldact, KSIGSET_SIZE);
}

sighandler_t signal(int sig, sighandler_t handler) {
  /* BSD semantics, as glibc: the handler stays installed and interrupted calls restart. */
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = SA_RESTART;
  sigaddset(&sa.sa_mask, sig);
  if (sigaction(sig, &sa, &old) < 0) return SIG_ERR;
  return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *oldset) {
  return __sys4(SYS_rt_sigprocmask, how, set, oldset, KSIGSET_SIZE);
}
int sigpending(sigset_t *set) { return __sys2(SYS_rt_sigpending, set, KSIGSET_SIZE); }
int sigsuspend(const sigset_t *mask) { return __sys2(SYS_rt_sigsuspend, mask, KSIGSET_SIZE); }
int pause(void) {
  sigset_t cur;
  if (sigprocmask(SIG_BLOCK, NULL, &cur) < 0) return -1;
  return sigsuspend(&cur);
}

static int bad_signal(int sig) {
  if (sig <= 0 || sig >= NSIG) {
    errno = EINVAL;
    return 1;
  }
  return 0;
}
int sigemptyset(sigset_t *set) {
  set->__bits[0] = set->__bits[1] = 0;
  return 0;
}
int sigfillset(sigset_t *set) {
  set->__bits[0] = set->__bits[1] = ~0ul;
  return 0;
}
int sigaddset(sigset_t *set, int sig) {
  if (bad_signal(sig)) return -1;
  set->__bits[(sig - 1) / 32] |= 1ul << ((sig - 1) % 32);
  return 0;
}
int sigdelset(sigset_t *set, int sig) {
  if (bad_signal(sig)) return -1;
  set->__bits[(sig - 1) / 32] &= ~(1ul << ((sig - 1) % 32));
  return 0;
}
int sigismember(const sigset_t *set, int sig) {
  if (bad_signal(sig)) return -1;
  return (set->__bits[(sig - 1) / 32] >> ((sig - 1) % 32)) & 1;
}
