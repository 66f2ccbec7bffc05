/* pipe-basics: one process, one pipe at a time. Bytes come out in the order they went in; a read
 * returns what is there up to the size asked; after the last write end closes the data still
 * queued is read first, then the end (0); a write with no reader left fails with EPIPE (on POSIX
 * lbx has SIGPIPE ignored, as NT has no such signal); a closed handle is EBADF, and so is each end
 * of a pipe used the wrong way. */
#include "portable-test.h"

int main(void) {
  lbx_handle p[2];
  must(lbx_pipe(p), "pipe");
  say("write 10 bytes: %ld\n", lbx_write(p[1], "0123456789", 10));
  char buffer[32];
  long n = lbx_read(p[0], buffer, 4);
  say("read up to 4: %ld \"%.*s\"\n", n, (int)(n > 0 ? n : 0), buffer);
  say("write 3 more: %ld\n", lbx_write(p[1], "abc", 3));
  say("write 0 bytes: %ld\n", lbx_write(p[1], "", 0));
  must(lbx_close(p[1]), "close");
  n = lbx_read(p[0], buffer, sizeof buffer);
  say("after the writer closed, read: %ld \"%.*s\"\n", n, (int)(n > 0 ? n : 0), buffer);
  say("then read: %ld (the end)\n", lbx_read(p[0], buffer, sizeof buffer));
  say("and again: %ld\n", lbx_read(p[0], buffer, sizeof buffer));
  must(lbx_close(p[0]), "close");

  must(lbx_pipe(p), "pipe");
  long r = lbx_read(p[1], buffer, 1);
  say("read from the write end: %s\n", lbx_error_name(r));
  r = lbx_write(p[0], "x", 1);
  say("write to the read end: %s\n", lbx_error_name(r));
  must(lbx_close(p[0]), "close");
  r = lbx_write(p[1], "x", 1);
  say("write with no reader left: %s\n", lbx_error_name(r));
  must(lbx_close(p[1]), "close");
  say("close it again: %s\n", lbx_error_name(lbx_close(p[1])));
  say("read from it: %s\n", lbx_error_name(lbx_read(p[1], buffer, 1)));
  return 0;
}
