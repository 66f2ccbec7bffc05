/* eof-writers: a pipe reaches its end only when every write end in every process is closed. Two
 * children hold the write end as their standard output; the parent closes its own copy. After the
 * first child has written and exited, the pipe still has a writer: the next read brings the second
 * child's data (released by the parent only then), not the end. After the second exits the reader
 * sees the end — and only after the data written before that exit. */
#include "portable-test.h"

static int writer(const char *text) {
  char go[8];
  /* Wait for the parent's word: standard input reaches its end when the parent closes it. */
  while (lbx_read(lbx_stdin(), go, sizeof go) > 0) {
  }
  write_str(lbx_stdout(), text);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "writer") == 0) return writer(argv[2]);
  lbx_handle data[2], go1[2], go2[2];
  must(lbx_pipe(data), "pipe");
  must(lbx_pipe(go1), "pipe");
  must(lbx_pipe(go2), "pipe");
  lbx_proc first, second;
  const char *args1[] = {"writer", "first writer's line\n", NULL};
  const char *args2[] = {"writer", "second writer's line\n", NULL};
  lbx_spawn_io io1 = {go1[0], data[1], LBX_INHERIT, NULL, 0};
  lbx_spawn_io io2 = {go2[0], data[1], LBX_INHERIT, NULL, 0};
  must(spawn_self(argv[0], args1, &io1, &first), "spawn");
  must(spawn_self(argv[0], args2, &io2, &second), "spawn");
  must(lbx_close(data[1]), "close");
  must(lbx_close(go1[0]), "close");
  must(lbx_close(go2[0]), "close");
  say("two children hold the write end; the parent closed its copy\n");

  must(lbx_close(go1[1]), "close"); /* the first writer goes */
  char line[64];
  unsigned long n = read_full(data[0], line, strlen("first writer's line\n"));
  say("read: %.*s", (int)n, line);
  say("first writer exited with %d\n", wait_code(first));

  must(lbx_close(go2[1]), "close"); /* only now the second */
  long r = lbx_read(data[0], line, sizeof line);
  if (r < 0) die("read", r);
  say("next read after the first writer's exit: %s\n", r == 0 ? "the end (wrong: a writer remains)" : "data");
  n = (unsigned long)r + read_full(data[0], line + r, strlen("second writer's line\n") - (unsigned long)r);
  say("read: %.*s", (int)n, line);
  say("second writer exited with %d\n", wait_code(second));
  r = lbx_read(data[0], line, sizeof line);
  say("read after both writers exited: %ld (the end)\n", r);
  must(lbx_close(data[0]), "close");
  return 0;
}
