/* spawn-exit: a child started with lbx_spawn runs the program given, with the arguments given, as
 * a child of its creator; its exit code reaches lbx_wait — every code 0..255 as it was, larger
 * ones by their low 8 bits on every shim. A child without redirections shares its creator's
 * standard output. The id lbx_spawn hands back is the one the child sees as its own, and the child
 * sees its creator's id as its parent's. */
#include "portable-test.h"

static int child(char **argv) {
  int code = (int)long_of(argv[2]);
  lbx_id creator = long_of(argv[3]);
  lbx_handle report = long_of(argv[4]);
  lbx_id ids[2] = {lbx_self_id(), lbx_parent_id()};
  must(lbx_write(report, ids, sizeof ids), "child: write ids");
  if (code == 7) {
    say("child: my parent is my creator: %s\n", yes_no(ids[1] == creator));
    say("child: leaving with %d\n", code);
  }
  return code;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) return child(argv);
  say("parent: start\n");
  static const int codes[] = {7, 0, 1, 42, 255, 300};
  for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    lbx_handle p[2];
    must(lbx_pipe(p), "pipe");
    char code[24], self[24], report[24];
    const char *args[] = {"child", arg_of(code, codes[i]), arg_of(self, lbx_self_id()), arg_of(report, p[1]), NULL};
    lbx_spawn_io io = {LBX_INHERIT, LBX_INHERIT, LBX_INHERIT, &p[1], 1};
    lbx_proc c;
    must(spawn_self(argv[0], args, &io, &c), "spawn");
    lbx_id id = lbx_proc_id(c); /* before lbx_wait, which releases the child */
    must(lbx_close(p[1]), "close");
    lbx_id ids[2] = {0, 0};
    unsigned long got = read_full(p[0], ids, sizeof ids);
    must(lbx_close(p[0]), "close");
    int status = wait_code(c);
    say("parent: child asked to exit with %d exited with %d\n", codes[i], status);
    if (i == 0) {
      say("parent: lbx_spawn's id is the child's own: %s\n", yes_no(got == sizeof ids && ids[0] == id));
      say("parent: the child's id differs from mine: %s\n", yes_no(got == sizeof ids && ids[0] != lbx_self_id()));
    }
  }
  say("parent: done\n");
  return 0;
}
