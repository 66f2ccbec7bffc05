/* fork-private-memory: after fork each process has its own copy of every private page — data,
 * bss, heap (malloc), stack and MAP_PRIVATE anonymous memory — through two generations: a
 * grandchild's writes reach neither its parent nor the original process, and a page first touched
 * after the fork is private too. The processes print in turn, ordered by waits. */
#include "posix-test.h"
#include <sys/mman.h>

static int in_data = 1;
static int in_bss;
static char untouched[3 * 4096]; /* not written before the first fork */

struct places {
  int *data, *bss, *heap, *stack, *anon;
};

static void show(const char *who, const struct places *p) {
  say("%s sees data=%d bss=%d heap=%d stack=%d anon=%d late=%d\n", who, *p->data, *p->bss, *p->heap, *p->stack, *p->anon,
      untouched[4096 + 17]);
}

static void set_all(const struct places *p, int v) {
  *p->data = *p->bss = *p->heap = *p->stack = *p->anon = v;
}

int main(void) {
  int on_stack = 1;
  int *heap = malloc(sizeof *heap);
  int *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (heap == NULL || anon == MAP_FAILED) die("allocation");
  struct places p = {&in_data, &in_bss, heap, &on_stack, anon};
  set_all(&p, 1);
  show("parent before fork", &p);

  pid_t child = xfork();
  if (child == 0) {
    show("child after fork", &p);
    set_all(&p, 2);
    untouched[4096 + 17] = 2;
    show("child after writing 2", &p);
    pid_t grandchild = xfork();
    if (grandchild == 0) {
      show("grandchild after fork", &p);
      set_all(&p, 3);
      untouched[4096 + 17] = 3;
      show("grandchild after writing 3", &p);
      _exit(0);
    }
    int st = wait_for(grandchild);
    say("grandchild: %s\n", status_text(st));
    show("child after grandchild exit", &p);
    _exit(0);
  }
  int st = wait_for(child);
  say("child: %s\n", status_text(st));
  show("parent after child exit", &p);

  /* The parent writes after a fork; the child, still alive, must not see it. */
  int fds[2], back[2];
  xpipe(fds);
  xpipe(back);
  child = xfork();
  if (child == 0) {
    await_pipe(fds[0]);
    show("second child after parent wrote 4", &p);
    signal_pipe(back[1]);
    _exit(0);
  }
  set_all(&p, 4);
  untouched[4096 + 17] = 4;
  signal_pipe(fds[1]);
  await_pipe(back[0]);
  say("second child: %s\n", status_text(wait_for(child)));
  show("parent at the end", &p);
  return 0;
}
