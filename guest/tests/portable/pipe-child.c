/* pipe-child: a pipe through a child. The parent writes text into the child's standard input and
 * closes it; the child, whose standard streams are the two pipes, transforms what it reads (upper
 * case) until the end of its input, then reports what it counted and exits; the parent reads the
 * child's whole output until the end, then waits for it. */
#include "portable-test.h"
#include <ctype.h>

static int upper(void) {
  char buffer[64];
  unsigned long bytes = 0, lines = 0;
  long n;
  while ((n = lbx_read(lbx_stdin(), buffer, sizeof buffer)) > 0) {
    bytes += (unsigned long)n;
    for (long i = 0; i < n; i++) {
      lines += buffer[i] == '\n';
      buffer[i] = (char)toupper((unsigned char)buffer[i]);
    }
    must(lbx_write(lbx_stdout(), buffer, (unsigned long)n), "child: write");
  }
  if (n < 0) die("child: read", n);
  put(lbx_stdout(), "[child read %lu bytes in %lu lines, then the end of its input]\n", bytes, lines);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "upper") == 0) return upper();
  lbx_handle in[2], out[2];
  must(lbx_pipe(in), "pipe");
  must(lbx_pipe(out), "pipe");
  lbx_spawn_io io = {in[0], out[1], LBX_INHERIT, NULL, 0};
  const char *args[] = {"upper", NULL};
  lbx_proc c;
  must(spawn_self(argv[0], args, &io, &c), "spawn");
  /* Our copies of the child's ends go: the child must be the only reader of `in` and the only
   * writer of `out`, or neither side would ever see the end. */
  must(lbx_close(in[0]), "close");
  must(lbx_close(out[1]), "close");
  static const char text[] = "the quick brown fox\njumps over\nthe lazy dog\n";
  for (int round = 0; round < 20; round++) must(lbx_write(in[1], text, sizeof text - 1), "write");
  must(lbx_close(in[1]), "close");
  static char got[4096];
  unsigned long n = read_full(out[0], got, sizeof got - 1);
  got[n] = 0;
  must(lbx_close(out[0]), "close");
  say("parent read %lu bytes back\n", n);
  char *summary = strchr(got, '[');
  unsigned long body = summary ? (unsigned long)(summary - got) : n;
  unsigned long lines = 0;
  for (unsigned long i = 0; i < body; i++) lines += got[i] == '\n';
  say("transformed text: %lu bytes in %lu lines; first line: %.*s", body, lines, (int)(strchr(got, '\n') - got + 1), got);
  say("%s", summary ? summary : "no summary from the child\n");
  say("child exited with %d\n", wait_code(c));
  return 0;
}
