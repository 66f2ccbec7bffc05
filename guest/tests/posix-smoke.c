/* posix-smoke: the SDK's process, descriptor, signal, memory and time calls against the kernel —
 * fork and waitpid statuses, pipes and EOF, EPIPE, dup2, close-on-exec, signals and handlers,
 * mmap/mprotect/munmap, brk, clocks. Prints only facts that do not depend on pids or timing, so the
 * native glibc transcript is the expected output under qemu-riscv32 (and later under the shims).
 * Every call is made before the printf that shows it: argument evaluation order differs between
 * compilers, and errno must be read after the call. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal;
static volatile int got_code;

static void on_usr1(int sig) { got_signal = sig; }
static void on_info(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  got_signal = sig;
  got_code = info->si_code;
}

static void show_status(const char *what, int status) {
  if (WIFEXITED(status))
    printf("%s: exited %d\n", what, WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    printf("%s: killed by signal %d\n", what, WTERMSIG(status));
  else
    printf("%s: other status %#x\n", what, status);
}

static void processes(void) {
  pid_t self = getpid();
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    /* The child reports through its exit status only, so the transcript has no interleaving. */
    _exit(getppid() == self ? 7 : 8);
  }
  int status = -1;
  pid_t got = waitpid(child, &status, 0);
  printf("fork: child>0=%d waited=%d\n", child > 0, got == child);
  show_status("child", status);

  fflush(stdout);
  child = fork();
  if (child == 0) {
    for (;;) sched_yield();
  }
  printf("kill: %d\n", kill(child, SIGTERM));
  waitpid(child, &status, 0);
  show_status("killed child", status);

  errno = 0;
  int r = waitpid(-1, &status, 0);
  printf("waitpid without children: %d errno=%d\n", r, errno);

  fflush(stdout);
  child = fork();
  if (child == 0) {
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 20000000};
    nanosleep(&ts, NULL);
    _exit(3);
  }
  r = waitpid(child, &status, WNOHANG);
  printf("WNOHANG before exit: %d\n", r);
  printf("blocking wait: %d\n", waitpid(child, &status, 0) == child);
  show_status("sleeper", status);

  siginfo_t info;
  fflush(stdout);
  child = fork();
  if (child == 0) _exit(42);
  memset(&info, 0, sizeof info);
  r = waitid(P_PID, (id_t)child, &info, WEXITED);
  printf("waitid: %d", r);
  printf(" signo=%d code=%d status=%d pid ok=%d\n", info.si_signo, info.si_code, info.si_status, info.si_pid == child);
}

static void pipes(void) {
  int fds[2];
  printf("pipe: %d\n", pipe(fds));
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    const char *msg = "through the pipe";
    write(fds[1], msg, strlen(msg));
    _exit(0);
  }
  close(fds[1]);
  char buf[64];
  size_t total = 0;
  for (;;) {
    ssize_t n = read(fds[0], buf + total, sizeof buf - 1 - total);
    if (n <= 0) break;
    total += (size_t)n;
  }
  buf[total] = 0;
  printf("read from child: \"%s\" then EOF\n", buf);
  close(fds[0]);
  waitpid(child, NULL, 0);

  pipe(fds);
  close(fds[0]);
  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  int r = (int)write(fds[1], "x", 1);
  printf("write without reader: %d errno=%d (%s)\n", r, errno, strerror(errno));
  close(fds[1]);
  signal(SIGPIPE, SIG_DFL);

  pipe(fds);
  errno = 0;
  r = (int)lseek(fds[0], 0, SEEK_CUR);
  printf("lseek on a pipe: %d errno=%d\n", r, errno);
  printf("dup2: %d\n", dup2(fds[1], 10));
  write(10, "dup", 3);
  char three[4] = {0};
  read(fds[0], three, 3);
  printf("read via dup: %s\n", three);
  int before = fcntl(10, F_GETFD);
  fcntl(10, F_SETFD, FD_CLOEXEC);
  printf("FD_CLOEXEC before: %d after: %d\n", before, fcntl(10, F_GETFD));
  int flags = fcntl(fds[0], F_GETFL);
  fcntl(fds[0], F_SETFL, flags | O_NONBLOCK);
  errno = 0;
  r = (int)read(fds[0], three, 1);
  printf("nonblocking empty read: %d errno=%d\n", r, errno);
  close(10);
  errno = 0;
  r = close(10);
  printf("close twice: %d errno=%d\n", r, errno);
  close(fds[0]);
  close(fds[1]);
  errno = 0;
  r = open("/nonexistent/litebox", O_RDONLY);
  printf("open missing file: %d errno=%d\n", r, errno);
}

static void signals(void) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  printf("sigaction: %d\n", sigaction(SIGUSR1, &sa, &old));
  printf("old handler default: %d\n", old.sa_handler == SIG_DFL);
  raise(SIGUSR1);
  printf("handler ran: %d\n", got_signal == SIGUSR1);

  sigset_t set, pending;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  got_signal = 0;
  sigprocmask(SIG_BLOCK, &set, NULL);
  kill(getpid(), SIGUSR1);
  sigpending(&pending);
  printf("blocked: ran=%d pending=%d\n", got_signal != 0, sigismember(&pending, SIGUSR1));
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  printf("unblocked: ran=%d\n", got_signal == SIGUSR1);

  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_info;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR2, &sa, NULL);
  got_signal = 0;
  kill(getpid(), SIGUSR2);
  printf("siginfo handler: sig=%d code=%d\n", got_signal, got_code);
  errno = 0;
  int r = sigismember(&set, 0);
  printf("sigismember bad: %d errno=%d\n", r, errno);
}

static void memory(void) {
  char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mmap: %d zero=%d\n", p != MAP_FAILED, p[0] == 0 && p[3 * 4096 - 1] == 0);
  p[5000] = 'm';
  int rp = mprotect(p, 4096, PROT_READ);
  int ru = munmap(p, 3 * 4096);
  printf("mprotect: %d munmap: %d\n", rp, ru);
  errno = 0;
  int failed = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 5) == MAP_FAILED;
  printf("mmap bad offset: %d errno=%d\n", failed, errno);
  char *b0 = sbrk(0);
  char *b1 = sbrk(8192);
  b1[8191] = 1;
  char *b2 = sbrk(0);
  printf("sbrk: grew=%d\n", b1 == b0 && b2 == b0 + 8192);
}

static void clocks(void) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec ts = {.tv_sec = 0, .tv_nsec = 1000000};
  printf("nanosleep: %d\n", nanosleep(&ts, NULL));
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long da = (long long)a.tv_sec * 1000000000 + a.tv_nsec, db = (long long)b.tv_sec * 1000000000 + b.tv_nsec;
  printf("monotonic advanced by >= 1ms: %d\n", db - da >= 1000000);
  printf("time plausible: %d\n", time(NULL) > 1600000000);
  printf("sched_yield: %d\n", sched_yield());
  printf("ids: uid=gid-consistent=%d\n", getuid() == geteuid() && getgid() == getegid());
}

int main(void) {
  processes();
  pipes();
  signals();
  memory();
  clocks();
  printf("done\n");
  return 0;
}
