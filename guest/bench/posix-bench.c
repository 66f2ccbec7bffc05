/* posix-bench: the micro-benchmarks of the POSIX shim, one per mode, each timed by the program
 * itself with CLOCK_MONOTONIC and printed as one number. The same source builds for rv32 with the
 * LiteBox SDK and natively with gcc and glibc, so the host's own Linux is measured the same way.
 *
 *   posix-bench null N          ns per getppid system call
 *   posix-bench pipe-rtt N      us per one-byte round trip between two processes over two pipes
 *   posix-bench pipe-bw MIB     MB/s writing MIB MiB in 64 KiB writes to a child that reads them
 *   posix-bench fork MIB N      us per fork + _exit + waitpid of a process with MIB MiB touched
 *   posix-bench exec N          us per fork + execve(this program, "exit") + waitpid
 *   posix-bench futex N         us per round trip of a shared futex ping-pong between two processes
 *   posix-bench exit            exits 0 at once (what exec runs)
 */
#include <linux/futex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef SYS_futex_time64
#define FUTEX_NR SYS_futex_time64
#else
#define FUTEX_NR SYS_futex
#endif

static char *self;

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void die(const char *what) {
  dprintf(2, "posix-bench: %s failed\n", what);
  _exit(1);
}

static void full_write(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) die("write");
    p += w;
    n -= (size_t)w;
  }
}

static void reap(pid_t pid) {
  int status;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) die("child");
}

static double null_syscall(long n) {
  double t0 = now_ns();
  for (long i = 0; i < n; i++) syscall(SYS_getppid);
  return (now_ns() - t0) / (double)n;
}

static double pipe_rtt(long n) {
  int there[2], back[2];
  if (pipe(there) || pipe(back)) die("pipe");
  pid_t pid = fork();
  if (pid < 0) die("fork");
  char c = 'x';
  if (pid == 0) {
    for (long i = 0; i < n; i++) {
      if (read(there[0], &c, 1) != 1) die("read");
      full_write(back[1], &c, 1);
    }
    _exit(0);
  }
  double t0 = now_ns();
  for (long i = 0; i < n; i++) {
    full_write(there[1], &c, 1);
    if (read(back[0], &c, 1) != 1) die("read");
  }
  double t = now_ns() - t0;
  reap(pid);
  return t / (double)n / 1e3;
}

#define CHUNK (64 * 1024)

static double pipe_bandwidth(long mib) {
  int p[2];
  if (pipe(p)) die("pipe");
  pid_t pid = fork();
  if (pid < 0) die("fork");
  static char buf[CHUNK];
  if (pid == 0) {
    close(p[1]);
    long total = 0;
    for (;;) {
      ssize_t r = read(p[0], buf, sizeof buf);
      if (r < 0) die("read");
      if (r == 0) break;
      total += r;
    }
    _exit(total == mib * 1024 * 1024 ? 0 : 1);
  }
  close(p[0]);
  memset(buf, 'b', sizeof buf);
  double t0 = now_ns();
  for (long i = 0; i < mib * 1024 * 1024 / CHUNK; i++) full_write(p[1], buf, CHUNK);
  close(p[1]);
  reap(pid);
  double t = now_ns() - t0;
  return (double)mib * 1024 * 1024 / (t / 1e9) / 1e6;
}

static double fork_exit(long mib, long n) {
  size_t size = (size_t)mib * 1024 * 1024;
  char *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) die("mmap");
  for (size_t i = 0; i < size; i += 4096) mem[i] = (char)i;
  double t0 = now_ns();
  for (long i = 0; i < n; i++) {
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) _exit(0);
    reap(pid);
  }
  return (now_ns() - t0) / (double)n / 1e3;
}

static double fork_exec(long n) {
  double t0 = now_ns();
  for (long i = 0; i < n; i++) {
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      char *argv[] = {self, "exit", NULL};
      char *envp[] = {NULL};
      execve(self, argv, envp);
      die("execve");
    }
    reap(pid);
  }
  return (now_ns() - t0) / (double)n / 1e3;
}

static long futex(volatile uint32_t *word, int op, uint32_t val) { return syscall(FUTEX_NR, word, op, val, NULL, NULL, 0); }

/* Whose turn it is: 0 the parent's, 1 the child's. Each side flips it and wakes the other. */
static void take_turns(volatile uint32_t *turn, uint32_t mine, long n) {
  for (long i = 0; i < n; i++) {
    while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != mine) futex(turn, FUTEX_WAIT, 1 - mine);
    __atomic_store_n(turn, 1 - mine, __ATOMIC_RELEASE);
    futex(turn, FUTEX_WAKE, 1);
  }
}

static double futex_pingpong(long n) {
  volatile uint32_t *turn = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (turn == MAP_FAILED) die("mmap");
  *turn = 0;
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    take_turns(turn, 1, n);
    _exit(0);
  }
  double t0 = now_ns();
  take_turns(turn, 0, n);
  while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 0) futex(turn, FUTEX_WAIT, 1);
  double t = now_ns() - t0;
  reap(pid);
  return t / (double)n / 1e3;
}

int main(int argc, char **argv) {
  self = argv[0];
  if (argc < 2) die("usage");
  const char *mode = argv[1];
  long a = argc > 2 ? atoi(argv[2]) : 0;
  long b = argc > 3 ? atoi(argv[3]) : 0;
  double r;
  if (strcmp(mode, "exit") == 0) return 0;
  if (strcmp(mode, "null") == 0) r = null_syscall(a);
  else if (strcmp(mode, "pipe-rtt") == 0) r = pipe_rtt(a);
  else if (strcmp(mode, "pipe-bw") == 0) r = pipe_bandwidth(a);
  else if (strcmp(mode, "fork") == 0) r = fork_exit(a, b);
  else if (strcmp(mode, "exec") == 0) r = fork_exec(a);
  else if (strcmp(mode, "futex") == 0) r = futex_pingpong(a);
  else die("mode");
  /* Thousandths, printed as an integer pair: the SDK's printf has no floating point. */
  long long milli = (long long)(r * 1000.0 + 0.5);
  printf("%lld.%03lld\n", milli / 1000, milli % 1000);
  return 0;
}
