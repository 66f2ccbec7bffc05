/* inherit-passed: a child receives exactly the handles it is given — its standard streams and the
 * `pass` list — and nothing else the parent holds. The parent makes two pipes and passes the write
 * end of one; the other stays home. Closing its own write end of the one kept at home ends that
 * pipe at once although the child still runs (had the child inherited the end, this read would
 * block forever). In the child, the passed end works at the value the parent knew, and the value of
 * the end kept at home is no handle at all. */
#include "portable-test.h"

/* argv: child <passed write end> <write end kept at home> */
static int child(char **argv) {
  lbx_handle passed = long_of(argv[2]), kept = long_of(argv[3]);
  char go[8];
  /* Run until the parent is done with its check (it closes our standard input). */
  while (lbx_read(lbx_stdin(), go, sizeof go) > 0) {
  }
  long r = lbx_write(kept, "x", 1);
  put(passed, "child: the passed end works at the parent's value: yes\n");
  put(passed, "child: writing to the value of the end kept at home: %s\n", r < 0 ? lbx_error_name(r) : "it worked (wrong)");
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 3 && strcmp(argv[1], "child") == 0) return child(argv);
  lbx_handle passed[2], kept[2], go[2];
  must(lbx_pipe(passed), "pipe");
  must(lbx_pipe(kept), "pipe");
  must(lbx_pipe(go), "pipe");
  char p[24], k[24];
  const char *args[] = {"child", arg_of(p, passed[1]), arg_of(k, kept[1]), NULL};
  lbx_spawn_io io = {go[0], LBX_INHERIT, LBX_INHERIT, &passed[1], 1};
  lbx_proc c;
  must(spawn_self(argv[0], args, &io, &c), "spawn");
  must(lbx_close(passed[1]), "close");
  must(lbx_close(go[0]), "close");

  must(lbx_close(kept[1]), "close");
  char buffer[128];
  long r = lbx_read(kept[0], buffer, sizeof buffer);
  say("the pipe kept at home ends as soon as the parent closes its write end: %s\n", yes_no(r == 0));
  must(lbx_close(kept[0]), "close");

  must(lbx_close(go[1]), "close"); /* the child may go on */
  unsigned long n = read_full(passed[0], buffer, sizeof buffer - 1);
  buffer[n] = 0;
  say("%s", buffer);
  must(lbx_close(passed[0]), "close");
  say("child exited with %d\n", wait_code(c));
  return 0;
}
