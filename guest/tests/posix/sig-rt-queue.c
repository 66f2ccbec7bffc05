/* sig-rt-queue: real-time signals queue — one sent three times while blocked is delivered three
 * times — where a standard signal is delivered once; pending real-time signals are delivered
 * lowest number first. Numbers are used directly (40, 41, 50) since glibc reserves SIGRTMIN's
 * first values for itself. */
#include "posix-test.h"

static volatile int order[16];
static volatile int count;

static void on_sig(int sig) {
  if (count < 16) order[count] = sig;
  count++;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sigemptyset(&sa.sa_mask);
  sigset_t set;
  sigemptyset(&set);
  int sigs[] = {SIGUSR1, 40, 41, 50};
  for (int i = 0; i < 4; i++) sigaddset(&set, sigs[i]);
  /* While one handler runs, the others are held, so the order is the kernel's choice of the
   * next pending signal, not an accident of nesting. */
  sa.sa_mask = set;
  for (int i = 0; i < 4; i++) sigaction(sigs[i], &sa, NULL);
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), 50);
  kill(getpid(), 41);
  kill(getpid(), 41);
  kill(getpid(), SIGUSR1);
  kill(getpid(), SIGUSR1);
  kill(getpid(), 40);
  kill(getpid(), 41);
  kill(getpid(), SIGUSR1);
  say("sent while blocked: 50, 41, 41, SIGUSR1, SIGUSR1, 40, 41, SIGUSR1; handled so far: %d\n", count);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  char line[256];
  int len = snprintf(line, sizeof line, "after unblocking, %d deliveries in this order:", count);
  for (int i = 0; i < count && i < 16; i++) len += snprintf(line + len, sizeof line - (size_t)len, " %s", signal_name(order[i]));
  say("%s\n", line);
  return 0;
}
