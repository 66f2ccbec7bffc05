/* sys/uio.h: scatter/gather I/O. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H
#include <bits/types.h>

#define UIO_MAXIOV 1024
#define IOV_MAX UIO_MAXIOV

struct iovec {
  void *iov_base;
  size_t iov_len;
};

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);

#endif
