/* ppoll-pipe: readiness of pipe ends. An empty pipe's read end is not ready and its write end is
 * POLLOUT; data makes the read end POLLIN; a full pipe is not POLLOUT; closing every writer
 * gives POLLHUP (with POLLIN while data remains); closing the reader gives the writer POLLERR. A
 * closed descriptor is POLLNVAL, a negative one is skipped. Timeouts expire, a write from a child
 * wakes a blocked ppoll, and ppoll's signal mask lets a blocked signal interrupt it (EINTR). */
#include "posix-test.h"
#include <poll.h>

/* The names of the bits in ev (in a static buffer: copy it before the next call). */
static const char *events(short ev) {
  static char buf[96];
  buf[0] = 0;
  static const struct {
    short bit;
    const char *name;
  } names[] = {{POLLIN, "POLLIN"}, {POLLPRI, "POLLPRI"}, {POLLOUT, "POLLOUT"}, {POLLERR, "POLLERR"}, {POLLHUP, "POLLHUP"},
               {POLLNVAL, "POLLNVAL"}, {POLLRDNORM, "POLLRDNORM"}, {POLLWRNORM, "POLLWRNORM"}};
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
    if (ev & names[i].bit) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", buf[0] ? "|" : "", names[i].name);
  if (buf[0] == 0) snprintf(buf, sizeof buf, "0");
  return buf;
}

static struct timespec zero;

static void probe(const char *label, int rfd, int wfd) {
  struct pollfd fds[2] = {{rfd, POLLIN, 0}, {wfd, POLLOUT, 0}};
  int n = ppoll(fds, 2, &zero, NULL);
  char r[96];
  snprintf(r, sizeof r, "%s", events(fds[0].revents));
  say("%s: ppoll=%d read end=%s write end=%s\n", label, n, r, events(fds[1].revents));
}

static volatile sig_atomic_t got;
static void on_usr1(int sig) { got = sig; }

int main(void) {
  memset(&zero, 0, sizeof zero);
  int p[2];
  xpipe(p);
  probe("empty", p[0], p[1]);
  write_full(p[1], "abc", 3);
  probe("3 bytes in", p[0], p[1]);

  int fl = fcntl(p[1], F_GETFL);
  fcntl(p[1], F_SETFL, fl | O_NONBLOCK);
  char chunk[4096];
  memset(chunk, 'f', sizeof chunk);
  while (write(p[1], chunk, sizeof chunk) > 0) {
  }
  probe("full", p[0], p[1]);
  /* Drain. */
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  while (read(p[0], chunk, sizeof chunk) > 0) {
  }
  probe("drained", p[0], p[1]);

  write_full(p[1], "xy", 2);
  close(p[1]);
  struct pollfd one = {p[0], POLLIN, 0};
  int n = ppoll(&one, 1, &zero, NULL);
  say("writer closed, data left: ppoll=%d read end=%s\n", n, events(one.revents));
  read(p[0], chunk, sizeof chunk);
  one.revents = 0;
  n = ppoll(&one, 1, &zero, NULL);
  say("writer closed, drained: ppoll=%d read end=%s\n", n, events(one.revents));
  close(p[0]);

  xpipe(p);
  close(p[0]);
  struct pollfd w = {p[1], POLLOUT, 0};
  n = ppoll(&w, 1, &zero, NULL);
  say("reader closed: ppoll=%d write end=%s\n", n, events(w.revents));
  close(p[1]);

  struct pollfd odd[3] = {{p[1], POLLIN, 0}, {-1, POLLIN, 0}, {0, 0, 0}};
  n = ppoll(odd, 2, &zero, NULL);
  char closed[96];
  snprintf(closed, sizeof closed, "%s", events(odd[0].revents));
  say("closed descriptor and fd -1: ppoll=%d closed=%s negative=%s\n", n, closed, events(odd[1].revents));

  /* Asking for nothing still reports hang-up and errors. */
  xpipe(p);
  close(p[1]);
  struct pollfd none = {p[0], 0, 0};
  n = ppoll(&none, 1, &zero, NULL);
  say("events 0 on a hung-up read end: ppoll=%d revents=%s\n", n, events(none.revents));
  close(p[0]);

  /* A timeout expires. */
  xpipe(p);
  struct timespec t20;
  memset(&t20, 0, sizeof t20);
  t20.tv_nsec = 20 * 1000000L;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  one.fd = p[0];
  one.revents = 0;
  n = ppoll(&one, 1, &t20, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long waited = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
  say("20 ms timeout, nothing ready: ppoll=%d, waited at least 20 ms: %s, timeout left unchanged: %s\n", n,
      yes_no(waited >= 20 * 1000000LL), yes_no(t20.tv_sec == 0 && t20.tv_nsec == 20 * 1000000L));
  n = poll(&one, 1, 0);
  say("poll with timeout 0: %d\n", n);

  /* A child's write wakes a ppoll without timeout. */
  pid_t pid = xfork();
  if (pid == 0) {
    sleep_ms(20);
    write_full(p[1], "!", 1);
    _exit(0);
  }
  one.revents = 0;
  n = ppoll(&one, 1, NULL, NULL);
  say("woken by a child's write: ppoll=%d read end=%s\n", n, events(one.revents));
  say("child: %s\n", status_text(wait_for(pid)));
  read(p[0], chunk, 1);

  /* SIGUSR1 is blocked except during ppoll, which its mask argument unblocks. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  sigset_t usr1, empty;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigemptyset(&empty);
  sigprocmask(SIG_BLOCK, &usr1, NULL);
  pid = xfork();
  if (pid == 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  say("child: %s\n", status_text(wait_for(pid)));
  say("SIGUSR1 sent, blocked: handler ran: %s\n", yes_no(got != 0));
  errno = 0;
  one.revents = 0;
  n = ppoll(&one, 1, NULL, &empty);
  int e = errno;
  say("ppoll with an empty mask: %d errno=%s, handler ran: %s\n", n, errno_name(e), yes_no(got == SIGUSR1));
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  say("mask restored after ppoll: SIGUSR1 blocked: %s\n", yes_no(sigismember(&now, SIGUSR1)));

  volatile nfds_t huge = 1u << 20; /* refused before the array is read */
  CHECK("ppoll with nfds above RLIMIT_NOFILE", ppoll(&one, huge, &zero, NULL));
  struct timespec badt;
  memset(&badt, 0, sizeof badt);
  badt.tv_nsec = -1;
  CHECK("ppoll with tv_nsec -1", ppoll(&one, 1, &badt, NULL));
  return 0;
}
