/* sa-restart: with SA_RESTART, a read on a pipe and a waitpid interrupted by a handled signal are
 * restarted and finish normally, as does a futex wait without timeout; calls Linux never
 * restarts — nanosleep, poll, pause/sigsuspend — still return EINTR. A helper child sends SIGUSR1
 * every 5 ms until killed, and the data or exit that ends each restartable call comes from another
 * child 30 ms later. */
#include "posix-test.h"
#include <poll.h>
#include <sys/mman.h>

static volatile sig_atomic_t runs;
static void on_usr1(int sig) {
  (void)sig;
  runs++;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  volatile uint32_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (word == MAP_FAILED) die("mmap");
  *word = 0;

  pid_t parent = getpid();
  pid_t pinger = xfork();
  if (pinger == 0) {
    for (;;) {
      sleep_ms(5);
      if (kill(parent, SIGUSR1) < 0) _exit(0);
    }
  }

  int p[2];
  xpipe(p);
  pid_t writer = xfork();
  if (writer == 0) {
    sleep_ms(30);
    write_full(p[1], "data", 4);
    _exit(0);
  }
  char buf[8];
  errno = 0;
  ssize_t r = read(p[0], buf, sizeof buf);
  int e = errno;
  say("read, restarted until data came: %d errno=%s\n", (int)r, errno_name(e));
  say("writer: %s\n", status_text(wait_for(writer)));

  pid_t late = xfork();
  if (late == 0) {
    sleep_ms(30);
    _exit(3);
  }
  int status = 0;
  errno = 0;
  pid_t w = waitpid(late, &status, 0);
  e = errno;
  say("waitpid, restarted until the child exited: returned the child: %s errno=%s, %s\n", yes_no(w == late), errno_name(e),
      status_text(status));

  pid_t waker = xfork();
  if (waker == 0) {
    sleep_ms(30);
    *word = 1;
    sys_futex(word, FUTEX_WAKE, 1, NULL, NULL, 0);
    _exit(0);
  }
  errno = 0;
  long f;
  /* Returns 0 when woken, or EAGAIN if the waker changed the word before the (re)started wait. */
  do f = sys_futex(word, FUTEX_WAIT, 0, NULL, NULL, 0);
  while (f == 0 && *word == 0);
  e = errno;
  say("futex wait without timeout, restarted until woken: ended with the word set: %s, EINTR seen: %s\n", yes_no(*word == 1),
      yes_no(f == -1 && e == EINTR));
  say("waker: %s\n", status_text(wait_for(waker)));

  struct timespec req, rem;
  memset(&req, 0, sizeof req);
  memset(&rem, 0, sizeof rem);
  req.tv_sec = 5;
  errno = 0;
  int n = nanosleep(&req, &rem);
  e = errno;
  say("nanosleep 5 s: %d errno=%s (never restarted)\n", n, errno_name(e));

  struct pollfd pfd = {p[0], POLLIN, 0};
  errno = 0;
  n = poll(&pfd, 1, 5000);
  e = errno;
  say("poll 5 s on an empty pipe: %d errno=%s (never restarted)\n", n, errno_name(e));

  errno = 0;
  n = pause();
  e = errno;
  say("pause: %d errno=%s\n", n, errno_name(e));

  say("handler ran: %s\n", yes_no(runs > 0));
  kill(pinger, SIGKILL);
  say("pinger: %s\n", status_text(wait_for(pinger)));
  return 0;
}
