/* Thin wrappers over Linux rv32 system calls: descriptors, processes, identities, files. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>
#include "syscall.h"

ssize_t read(int fd, void *buf, size_t count) { return __sys3(SYS_read, fd, buf, count); }
ssize_t write(int fd, const void *buf, size_t count) { return __sys3(SYS_write, fd, buf, count); }
int close(int fd) { return __sys1(SYS_close, fd); }

off_t lseek(int fd, off_t offset, int whence) {
  /* llseek takes the offset in two halves and stores the 64-bit result through a pointer. */
  off_t result;
  uint64_t u = (uint64_t)offset;
  long r = __sys5(SYS_llseek, fd, (long)(u >> 32), (long)(u & 0xffffffffu), &result, whence);
  return r < 0 ? -1 : result;
}

int pipe(int fds[2]) { return __sys2(SYS_pipe2, fds, 0); }
int pipe2(int fds[2], int flags) { return __sys2(SYS_pipe2, fds, flags); }
int dup(int fd) { return __sys1(SYS_dup, fd); }
int dup3(int oldfd, int newfd, int flags) { return __sys3(SYS_dup3, oldfd, newfd, flags); }

int dup2(int oldfd, int newfd) {
  /* dup3 rejects oldfd == newfd; dup2 then only checks that oldfd is open. */
  if (oldfd == newfd) return __sys2(SYS_fcntl64, oldfd, F_GETFD) < 0 ? -1 : newfd;
  return __sys3(SYS_dup3, oldfd, newfd, 0);
}

int ftruncate(int fd, off_t length) {
  uint64_t u = (uint64_t)length;
  /* A 64-bit argument takes two registers, low half first (the RISC-V psABI does not align the pair). */
  return __sys3(SYS_ftruncate64, fd, (long)(u & 0xffffffffu), (long)(u >> 32));
}

int isatty(int fd) {
  unsigned char termios[64];
  /* TCGETS succeeds only on a terminal. */
  return __sys3(SYS_ioctl, fd, 0x5401, termios) == 0;
}

pid_t fork(void) { return __sys5(SYS_clone, SIGCHLD, 0, 0, 0, 0); }
int execve(const char *path, char *const argv[], char *const envp[]) {
  return __sys3(SYS_execve, path, argv, envp);
}
int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }
_Noreturn void _exit(int status) {
  for (;;) __sc1(SYS_exit_group, status);
}

pid_t getpid(void) { return __sys0(SYS_getpid); }
pid_t getppid(void) { return __sys0(SYS_getppid); }
pid_t gettid(void) { return __sys0(SYS_gettid); }
int setpgid(pid_t pid, pid_t pgid) { return __sys2(SYS_setpgid, pid, pgid); }
pid_t getpgid(pid_t pid) { return __sys1(SYS_getpgid, pid); }
pid_t getpgrp(void) { return __sys1(SYS_getpgid, 0); }
pid_t setsid(void) { return __sys0(SYS_setsid); }
pid_t getsid(pid_t pid) { return __sys1(SYS_getsid, pid); }
uid_t getuid(void) { return (uid_t)__sc0(SYS_getuid); }
uid_t geteuid(void) { return (uid_t)__sc0(SYS_geteuid); }
gid_t getgid(void) { return (gid_t)__sc0(SYS_getgid); }
gid_t getegid(void) { return (gid_t)__sc0(SYS_getegid); }

int chdir(const char *path) { return __sys1(SYS_chdir, path); }
char *getcwd(char *buf, size_t size) { return __sys2(SYS_getcwd, buf, size) < 0 ? NULL : buf; }
int unlink(const char *path) { return __sys3(SYS_unlinkat, AT_FDCWD, path, 0); }
int unlinkat(int dirfd, const char *path, int flags) { return __sys3(SYS_unlinkat, dirfd, path, flags); }
int rmdir(const char *path) { return __sys3(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR); }
int access(const char *path, int mode) { return __sys3(SYS_faccessat, AT_FDCWD, path, mode); }

int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return __sys4(SYS_openat, AT_FDCWD, path, flags | O_LARGEFILE, mode);
}
int openat(int dirfd, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  return __sys4(SYS_openat, dirfd, path, flags | O_LARGEFILE, mode);
}
int creat(const char *path, mode_t mode) { return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode); }
int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  long arg = va_arg(ap, long);
  va_end(ap);
  return __sys3(SYS_fcntl64, fd, cmd, arg);
}

/* The program break: the kernel answers brk(x) with the new break, or the old one on failure. */
static uintptr_t __cur_brk;

int brk(void *addr) {
  uintptr_t r = (uintptr_t)__sc1(SYS_brk, (long)addr);
  __cur_brk = r;
  if (r < (uintptr_t)addr) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void *sbrk(intptr_t increment) {
  if (__cur_brk == 0) __cur_brk = (uintptr_t)__sc1(SYS_brk, 0);
  uintptr_t old = __cur_brk;
  if (increment == 0) return (void *)old;
  uintptr_t want = old + (uintptr_t)increment;
  if ((increment > 0 && want < old) || (increment < 0 && want > old)) {
    errno = ENOMEM;
    return (void *)-1;
  }
  if (brk((void *)want) < 0) return (void *)-1;
  return (void *)old;
}

unsigned int sleep(unsigned int seconds) {
  struct timespec req = {seconds, 0, 0}, rem = {0, 0, 0};
  if (nanosleep(&req, &rem) < 0) return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
  return 0;
}
int usleep(unsigned int usec) {
  struct timespec req = {usec / 1000000u, (long)(usec % 1000000u) * 1000, 0};
  return nanosleep(&req, NULL);
}

long syscall(long number, ...) {
  va_list ap;
  va_start(ap, number);
  long a = va_arg(ap, long), b = va_arg(ap, long), c = va_arg(ap, long);
  long d = va_arg(ap, long), e = va_arg(ap, long), f = va_arg(ap, long);
  va_end(ap);
  return __sys6(number, a, b, c, d, e, f);
}
