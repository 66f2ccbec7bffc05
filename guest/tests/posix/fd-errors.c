/* fd-errors: descriptor misuse on pipes — reading the write end or writing the read end is EBADF,
 * closing twice is EBADF, descriptors that were never opened or are out of range are EBADF, and
 * seeking a pipe is ESPIPE. */
#include "posix-test.h"

int main(void) {
  int p[2];
  xpipe(p);
  char c = 'x';
  CHECK("write to the read end", write(p[0], &c, 1));
  CHECK("read from the write end", read(p[1], &c, 1));
  CHECK("lseek(read end, 0, SEEK_CUR)", lseek(p[0], 0, SEEK_CUR));
  CHECK("lseek(write end, 0, SEEK_SET)", lseek(p[1], 0, SEEK_SET));
  CHECK("lseek(read end, 5, SEEK_END)", lseek(p[0], 5, SEEK_END));

  int r = p[0];
  CHECK("close(read end)", close(r));
  CHECK("close(read end) again", close(r));
  CHECK("read from the closed descriptor", read(r, &c, 1));
  CHECK("fcntl(F_GETFD) on the closed descriptor", fcntl(r, F_GETFD));
  CHECK("dup of the closed descriptor", dup(r));
  CHECK("lseek on the closed descriptor", lseek(r, 0, SEEK_CUR));
  close(p[1]);

  CHECK("close(-1)", close(-1));
  CHECK("read(-1)", read(-1, &c, 1));
  CHECK("write(1000000)", write(1000000, &c, 1));
  CHECK("close(1000000)", close(1000000));
  CHECK("dup(-5)", dup(-5));
  CHECK("dup2(-1, 10)", dup2(-1, 10));
  CHECK("dup2(1000000, 10)", dup2(1000000, 10));
  CHECK("dup3(1000000, 10, 0)", dup3(1000000, 10, 0));
  CHECK("fcntl(1000000, F_GETFL)", fcntl(1000000, F_GETFL));
  return 0;
}
