/* spawn-errors: a spawn that cannot happen fails in the caller with a code and leaves nothing
 * behind — no program at the path (ENOENT), a handle to pass that is not open (EBADF) — and the
 * next spawn works as usual. */
#include "portable-test.h"

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) return 9;
  /* A path beside this program, where nothing is. */
  char missing[512];
  snprintf(missing, sizeof missing, "%s", argv[0]);
  char *slash = strrchr(missing, '/');
  snprintf(slash ? slash + 1 : missing, sizeof missing - (size_t)(slash ? slash + 1 - missing : 0), "no-such-program.elf");
  char *margv[] = {missing, NULL};
  lbx_proc c;
  say("spawn a program that does not exist: %s\n", lbx_error_name(lbx_spawn(missing, margv, NULL, &c)));

  lbx_handle p[2];
  must(lbx_pipe(p), "pipe");
  must(lbx_close(p[1]), "close");
  lbx_spawn_io io = {LBX_INHERIT, LBX_INHERIT, LBX_INHERIT, &p[1], 1};
  const char *args[] = {"child", NULL};
  say("spawn passing a closed handle: %s\n", lbx_error_name(spawn_self(argv[0], args, &io, &c)));
  lbx_spawn_io bad_out = {LBX_INHERIT, p[1], LBX_INHERIT, NULL, 0};
  say("spawn with a closed handle as standard output: %s\n", lbx_error_name(spawn_self(argv[0], args, &bad_out, &c)));
  must(lbx_close(p[0]), "close");

  long r = spawn_self(argv[0], args, NULL, &c);
  say("then a spawn that can happen: %s; the child exited with %d\n", lbx_error_name(r), r == 0 ? wait_code(c) : -1);
  return 0;
}
