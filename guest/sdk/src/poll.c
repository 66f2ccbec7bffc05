/* poll and ppoll on ppoll_time64. The kernel writes the time left back into the timeout it was
 * given, so it gets a private copy, as glibc does: the caller's timespec stays as it was. */
#include <errno.h>
#include <poll.h>
#include "syscall.h"

#define KSIGSET_SIZE 8

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask) {
  struct timespec copy;
  struct timespec *k = 0;
  if (timeout) {
    copy = *timeout;
    copy.__pad = 0; /* the upper half of the kernel's 64-bit tv_nsec */
    k = &copy;
  }
  return __sys5(SYS_ppoll_time64, fds, nfds, k, sigmask, sigmask ? KSIGSET_SIZE : 0);
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms) {
  if (timeout_ms < 0) return ppoll(fds, nfds, 0, 0);
  struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000, 0};
  return ppoll(fds, nfds, &ts, 0);
}
