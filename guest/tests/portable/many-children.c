/* many-children: sixteen children alive at once, each reporting through one shared pipe and each
 * exiting with its own code. The reports arrive in whatever order the children ran (sorted here
 * before printing); every exit code reaches lbx_wait, waited for in reverse order of creation; the
 * ids are distinct; the shared pipe reaches its end once the last child has exited. */
#include "portable-test.h"

#define CHILDREN 16

static int child(int index) {
  unsigned char byte = (unsigned char)index;
  must(lbx_write(lbx_stdout(), &byte, 1), "child: write");
  return index * 5 + 1;
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "child") == 0) return child((int)long_of(argv[2]));
  lbx_handle report[2];
  must(lbx_pipe(report), "pipe");
  lbx_proc children[CHILDREN];
  lbx_id ids[CHILDREN];
  lbx_spawn_io io = {LBX_INHERIT, report[1], LBX_INHERIT, NULL, 0};
  for (int i = 0; i < CHILDREN; i++) {
    char index[24];
    const char *args[] = {"child", arg_of(index, i), NULL};
    must(spawn_self(argv[0], args, &io, &children[i]), "spawn");
    ids[i] = lbx_proc_id(children[i]);
  }
  must(lbx_close(report[1]), "close");
  say("started %d children\n", CHILDREN);
  unsigned char got[CHILDREN + 1];
  unsigned long n = read_full(report[0], got, sizeof got);
  must(lbx_close(report[0]), "close");
  int seen[CHILDREN] = {0};
  for (unsigned long i = 0; i < n; i++)
    if (got[i] < CHILDREN) seen[got[i]]++;
  say("reports before the end of the pipe: %lu; from children:", n);
  for (int i = 0; i < CHILDREN; i++)
    if (seen[i] == 1) say(" %d", i);
  say("\n");
  int distinct = 1;
  for (int i = 0; i < CHILDREN; i++)
    for (int j = 0; j < i; j++) distinct &= ids[i] != ids[j];
  say("ids distinct: %s\n", yes_no(distinct));
  int sum = 0;
  say("exit codes, waited for from the last child to the first:");
  for (int i = CHILDREN - 1; i >= 0; i--) {
    int code = wait_code(children[i]);
    sum += code;
    say(" %d", code);
  }
  say("\nsum of the exit codes: %d\n", sum);
  return 0;
}
