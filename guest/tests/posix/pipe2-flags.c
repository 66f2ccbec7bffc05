/* pipe2-flags: pipe2 sets close-on-exec (a descriptor flag, F_GETFD) and non-blocking mode (a
 * file status flag, F_GETFL) on both ends; the ends are read-only and write-only; any other flag
 * is EINVAL and creates nothing; a bad array address is EFAULT. */
#include "posix-test.h"

static const char *access_mode(int fl) {
  switch (fl & O_ACCMODE) {
    case O_RDONLY: return "O_RDONLY";
    case O_WRONLY: return "O_WRONLY";
    case O_RDWR: return "O_RDWR";
    default: return "?";
  }
}

static void show(const char *label, int flags) {
  int p[2];
  errno = 0;
  int r = pipe2(p, flags);
  int e = errno;
  if (r < 0) {
    say("%s: -1 errno=%s\n", label, errno_name(e));
    return;
  }
  for (int end = 0; end < 2; end++) {
    int fd = fcntl(p[end], F_GETFD);
    int fl = fcntl(p[end], F_GETFL);
    say("%s: %s end: FD_CLOEXEC=%s %s O_NONBLOCK=%s\n", label, end == 0 ? "read" : "write", yes_no(fd & FD_CLOEXEC),
        access_mode(fl), yes_no(fl & O_NONBLOCK));
  }
  close(p[0]);
  close(p[1]);
}

int main(void) {
  show("pipe2(0)", 0);
  show("pipe2(O_CLOEXEC)", O_CLOEXEC);
  show("pipe2(O_NONBLOCK)", O_NONBLOCK);
  show("pipe2(O_CLOEXEC|O_NONBLOCK)", O_CLOEXEC | O_NONBLOCK);
  show("pipe2(O_RDWR)", O_RDWR);
  show("pipe2(O_APPEND)", O_APPEND);
  show("pipe2(O_CLOEXEC|O_TRUNC)", O_CLOEXEC | O_TRUNC);

  /* A failed pipe2 allocates no descriptor: the next one is still the lowest free. */
  int before = dup(0);
  close(before);
  int p[2];
  pipe2(p, O_APPEND);
  int after = dup(0);
  say("failed pipe2 left the lowest free descriptor free: %s\n", yes_no(after == before));
  close(after);

  int *volatile nowhere = NULL;
  CHECK("pipe2(NULL, 0)", pipe2(nowhere, 0));
  after = dup(0);
  say("EFAULT pipe2 left the lowest free descriptor free: %s\n", yes_no(after == before));
  close(after);
  return 0;
}
