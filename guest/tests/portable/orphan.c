/* orphan: what becomes of a child whose parent exits first — the one place where the shims'
 * policies differ, observed through lbx_parent_status. The top process starts a middle process,
 * which starts the orphan and exits without waiting for it; the top process waits for the middle
 * one, then lets the orphan look again. While its creator lives the orphan sees it "running" on
 * every shim; after the creator's exit it sees POSIX's policy ("reparented": getppid() now names a
 * reaper) or NT's ("detached": it has no parent, the creator's id opens nothing). Both agree that
 * the creator is no longer alive. All printing is done by the top process, from the orphan's
 * report. The line naming the policy is the documented difference between the expectations. */
#include "portable-test.h"

/* argv: orphan <creator id> <go read end> <report write end> <ready write end> */
static int orphan(char **argv) {
  lbx_id creator = long_of(argv[2]);
  lbx_handle go = long_of(argv[3]), report = long_of(argv[4]), ready = long_of(argv[5]);
  int before = lbx_parent_status(creator);
  must(lbx_close(ready), "orphan: close ready"); /* the creator may exit now */
  char c;
  while (lbx_read(go, &c, 1) > 0) {
  } /* the top process has waited for the creator: it is gone */
  int after = lbx_parent_status(creator);
  int states[2] = {before, after};
  must(lbx_write(report, states, sizeof states), "orphan: report");
  return 0;
}

/* argv: middle <go read end> <report write end> */
static int middle(char **argv, const char *self) {
  lbx_handle go = long_of(argv[2]), report = long_of(argv[3]);
  lbx_handle ready[2];
  must(lbx_pipe(ready), "middle: pipe");
  char id[24], g[24], r[24], rd[24];
  const char *args[] = {"orphan", arg_of(id, lbx_self_id()), arg_of(g, go), arg_of(r, report), arg_of(rd, ready[1]), NULL};
  lbx_handle pass[3] = {go, report, ready[1]};
  lbx_spawn_io io = {LBX_INHERIT, LBX_INHERIT, LBX_INHERIT, pass, 3};
  lbx_proc child;
  must(spawn_self(self, args, &io, &child), "middle: spawn");
  must(lbx_close(ready[1]), "middle: close");
  /* Exit only after the orphan has looked at us once (it closes its ready end). */
  while (lbx_read(ready[0], &id[0], 1) > 0) {
  }
  return 5; /* without waiting for the child */
}

int main(int argc, char **argv) {
  if (argc > 5 && strcmp(argv[1], "orphan") == 0) return orphan(argv);
  if (argc > 3 && strcmp(argv[1], "middle") == 0) return middle(argv, argv[0]);
  lbx_handle go[2], report[2];
  must(lbx_pipe(go), "pipe");
  must(lbx_pipe(report), "pipe");
  char g[24], r[24];
  const char *args[] = {"middle", arg_of(g, go[0]), arg_of(r, report[1]), NULL};
  lbx_handle pass[2] = {go[0], report[1]};
  lbx_spawn_io io = {LBX_INHERIT, LBX_INHERIT, LBX_INHERIT, pass, 2};
  lbx_proc mid;
  must(spawn_self(argv[0], args, &io, &mid), "spawn");
  must(lbx_close(go[0]), "close");
  must(lbx_close(report[1]), "close");
  say("middle process exited with %d, leaving its child behind\n", wait_code(mid));
  must(lbx_close(go[1]), "close"); /* the orphan may look again */
  int states[2] = {-1, -1};
  unsigned long n = read_full(report[0], states, sizeof states);
  char extra;
  long end = lbx_read(report[0], &extra, 1); /* the end: the orphan was the last writer */
  must(lbx_close(report[0]), "close");
  if (n != sizeof states) die("orphan's report", -LBX_EIO);
  say("orphan: its creator, while alive: %s\n", lbx_parent_status_name(states[0]));
  say("orphan: its creator is alive after its exit: %s\n", yes_no(states[1] == LBX_PARENT_RUNNING));
  say("orphan: what became of its parent link (the shim's orphan policy): %s\n", lbx_parent_status_name(states[1]));
  say("the orphan's report pipe reached its end: %s\n", yes_no(end == 0));
  return 0;
}
