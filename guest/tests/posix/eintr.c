/* eintr: a handler installed without SA_RESTART makes a blocked call return -1 EINTR: read on an
 * empty pipe, waitpid for a running child, a futex wait, ppoll, sigsuspend-free pause() and
 * nanosleep (which also reports the time left). A helper child sends SIGUSR1 every 5 ms until it
 * is killed, so whichever moment the call starts blocking, a signal interrupts it. */
#include "posix-test.h"
#include <poll.h>

static volatile sig_atomic_t runs;
static void on_usr1(int sig) {
  (void)sig;
  runs++;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1; /* no SA_RESTART */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);

  int p[2];
  xpipe(p); /* nobody ever writes: the parent keeps the write end */
  pid_t parent = getpid();
  pid_t pinger = xfork();
  if (pinger == 0) {
    for (;;) {
      sleep_ms(5);
      if (kill(parent, SIGUSR1) < 0) _exit(0);
    }
  }
  pid_t sleeper = xfork();
  if (sleeper == 0) {
    char c;
    close(p[1]);
    read(p[0], &c, 1);
    _exit(0);
  }

  char c;
  errno = 0;
  ssize_t r = read(p[0], &c, 1);
  int e = errno;
  say("read on an empty pipe: %d errno=%s\n", (int)r, errno_name(e));

  errno = 0;
  int status;
  pid_t w = waitpid(sleeper, &status, 0);
  e = errno;
  say("waitpid for a running child: %d errno=%s\n", (int)w, errno_name(e));

  static volatile uint32_t word = 0;
  errno = 0;
  long f = sys_futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  e = errno;
  say("futex wait without timeout: %ld errno=%s\n", f, errno_name(e));

  struct pollfd pfd = {p[0], POLLIN, 0};
  errno = 0;
  int n = poll(&pfd, 1, -1);
  e = errno;
  say("poll without timeout: %d errno=%s\n", n, errno_name(e));

  errno = 0;
  n = pause();
  e = errno;
  say("pause: %d errno=%s\n", n, errno_name(e));

  struct timespec req, rem;
  memset(&req, 0, sizeof req);
  memset(&rem, 0, sizeof rem);
  req.tv_sec = 5;
  errno = 0;
  n = nanosleep(&req, &rem);
  e = errno;
  say("nanosleep 5 s: %d errno=%s, time left reported and less than asked: %s\n", n, errno_name(e),
      yes_no((rem.tv_sec > 0 || rem.tv_nsec > 0) && rem.tv_sec < 5));

  say("handler ran: %s\n", yes_no(runs > 0));
  kill(pinger, SIGKILL);
  say("pinger: %s\n", status_text(wait_for(pinger)));
  close(p[1]);
  say("sleeper: %s\n", status_text(wait_for(sleeper)));
  return 0;
}
