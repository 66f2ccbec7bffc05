/* Scatter/gather I/O, ioctl, random bytes, system names and resource limits. */
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include "syscall.h"

ssize_t readv(int fd, const struct iovec *iov, int iovcnt) { return __sys3(SYS_readv, fd, iov, iovcnt); }
ssize_t writev(int fd, const struct iovec *iov, int iovcnt) { return __sys3(SYS_writev, fd, iov, iovcnt); }

int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  return __sys3(SYS_ioctl, fd, request, arg);
}

ssize_t getrandom(void *buf, size_t length, unsigned int flags) {
  return __sys3(SYS_getrandom, buf, length, flags);
}

int uname(struct utsname *buf) { return __sys1(SYS_uname, buf); }

int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit) {
  return __sys4(SYS_prlimit64, pid, resource, new_limit, old_limit);
}
int getrlimit(int resource, struct rlimit *rlim) { return prlimit(0, resource, 0, rlim); }
int setrlimit(int resource, const struct rlimit *rlim) { return prlimit(0, resource, rlim, 0); }
