/* wait-late: lbx_wait works whenever it is called — on a child that exited long before, on one
 * still running, in any order. Three children: the first exits at once, the second when its input
 * ends, the third after writing one line. The parent reads the third's line to the end, lets the
 * second go, and then waits for them in the order second, third, first. */
#include "portable-test.h"

static int role(const char *name) {
  if (strcmp(name, "quick") == 0) return 3;
  if (strcmp(name, "reader") == 0) {
    char c;
    while (lbx_read(lbx_stdin(), &c, 1) > 0) {
    }
    return 4;
  }
  write_str(lbx_stdout(), "third child's line\n");
  return 5;
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "role") == 0) return role(argv[2]);
  lbx_handle in[2], out[2];
  must(lbx_pipe(in), "pipe");
  must(lbx_pipe(out), "pipe");
  lbx_proc quick, reader, talker;
  const char *a1[] = {"role", "quick", NULL};
  const char *a2[] = {"role", "reader", NULL};
  const char *a3[] = {"role", "talker", NULL};
  lbx_spawn_io io2 = {in[0], LBX_INHERIT, LBX_INHERIT, NULL, 0};
  lbx_spawn_io io3 = {LBX_INHERIT, out[1], LBX_INHERIT, NULL, 0};
  must(spawn_self(argv[0], a1, NULL, &quick), "spawn");
  must(spawn_self(argv[0], a2, &io2, &reader), "spawn");
  must(spawn_self(argv[0], a3, &io3, &talker), "spawn");
  must(lbx_close(in[0]), "close");
  must(lbx_close(out[1]), "close");
  char line[64];
  unsigned long n = read_full(out[0], line, sizeof line);
  say("read to the end of the third child's output: %.*s", (int)n, line);
  must(lbx_close(out[0]), "close");
  must(lbx_close(in[1]), "close");
  say("second child (its input ended): %d\n", wait_code(reader));
  say("third child (its output already ended): %d\n", wait_code(talker));
  say("first child (exited at once, long ago): %d\n", wait_code(quick));
  return 0;
}
