/* pipe-iovec: writev gathers several buffers (empty ones included) into one write, readv
 * scatters what it reads across buffers in order; FIONREAD reports the bytes waiting (on either
 * end). iovcnt 0 transfers nothing, a negative or too large iovcnt is EINVAL, an unreadable
 * buffer is EFAULT, and a pipe answers terminal ioctls with ENOTTY. */
#include "posix-test.h"
#include <sys/ioctl.h>
#include <sys/uio.h>

int main(void) {
  int p[2];
  xpipe(p);
  char a[] = "gather", b[] = "", c[] = " and ", d[] = "scatter";
  struct iovec out[4] = {{a, 6}, {b, 0}, {c, 5}, {d, 7}};
  CHECK("writev(4 buffers, one empty)", writev(p[1], out, 4));
  int avail = -1;
  CHECK("ioctl(read end, FIONREAD)", ioctl(p[0], FIONREAD, &avail));
  say("FIONREAD on the read end: %d\n", avail);
  avail = -1;
  ioctl(p[1], FIONREAD, &avail);
  say("FIONREAD on the write end: %d\n", avail);

  char x[4], y[5], z[16];
  memset(z, 0, sizeof z);
  struct iovec in[3] = {{x, 4}, {y, 5}, {z, sizeof z - 1}};
  CHECK("readv(4 + 5 + 15 bytes)", readv(p[0], in, 3));
  say("scattered: \"%.4s\" \"%.5s\" \"%s\"\n", x, y, z);
  ioctl(p[0], FIONREAD, &avail);
  say("FIONREAD when empty: %d\n", avail);

  CHECK("writev(iovcnt 0)", writev(p[1], out, 0));
  CHECK("readv(iovcnt 0)", readv(p[0], in, 0));
  volatile int negative = -1, too_many = 1025; /* the kernel refuses these before reading the array */
  CHECK("writev(iovcnt -1)", writev(p[1], out, negative));
  CHECK("writev(iovcnt 1025)", writev(p[1], out, too_many));
  struct iovec badv[2] = {{a, 3}, {NULL, 5}};
  CHECK("writev(second buffer NULL, length 5)", writev(p[1], badv, 2));
  ioctl(p[0], FIONREAD, &avail);
  say("FIONREAD after that: %d\n", avail);
  char drain[16];
  if (avail > 0) read(p[0], drain, (size_t)avail);

  unsigned char termios[64];
  CHECK("ioctl(pipe, TCGETS)", ioctl(p[0], TCGETS, termios));
  CHECK("ioctl(pipe, TIOCGWINSZ)", ioctl(p[0], TIOCGWINSZ, termios));
  CHECK("ioctl(closed fd, FIONREAD)", ioctl(1000, FIONREAD, &avail));
  return 0;
}
