/* brk: the program break through the raw system call, which answers with the new break (or the
 * old one when the request is refused). Growing gives zeroed memory, the exact requested value
 * (not rounded) comes back, shrinking and growing again gives fresh zeroes, and a request into
 * the stack or below the start is refused with the break unchanged. */
#include "posix-test.h"

static uintptr_t sys_brk(uintptr_t want) { return (uintptr_t)syscall(SYS_brk, want); }

int main(void) {
  uintptr_t start = sys_brk(0);
  say("brk(0) answers the current break, again the same: %s\n", yes_no(sys_brk(0) == start));
  uintptr_t grown = sys_brk(start + 65536);
  say("grow by 64 KiB: answered the request: %s\n", yes_no(grown == start + 65536));
  volatile unsigned char *mem = (volatile unsigned char *)start;
  int zero = 1;
  for (uintptr_t i = 0; i < 65536; i += 512) zero &= mem[i] == 0;
  say("new memory reads as zero: %s\n", yes_no(zero && mem[65535] == 0));
  mem[0] = 1;
  mem[65535] = 2;
  say("writable to the last byte: %s\n", yes_no(mem[0] == 1 && mem[65535] == 2));

  uintptr_t odd = sys_brk(start + 65536 + 100);
  say("unaligned request answered exactly: %s\n", yes_no(odd == start + 65536 + 100));

  uintptr_t shrunk = sys_brk(start + 4096);
  say("shrink to one page: %s\n", yes_no(shrunk == start + 4096));
  say("first page kept its data: %s\n", yes_no(mem[0] == 1));
  sys_brk(start + 65536);
  say("grown again, the released pages are zero: %s\n", yes_no(mem[65535] == 0));

  int local;
  uintptr_t into_stack = sys_brk((uintptr_t)&local);
  say("request into the stack refused, break unchanged: %s\n", yes_no(into_stack == start + 65536));
  uintptr_t below = sys_brk(start - 4096 * 16);
  say("request below the start refused, break unchanged: %s\n", yes_no(below == start + 65536));

  /* A child's break is its own. */
  pid_t pid = xfork();
  if (pid == 0) {
    sys_brk(start + 8192);
    _exit(sys_brk(0) == start + 8192 ? 0 : 1);
  }
  say("child moved its own break: %s\n", status_text(wait_for(pid)));
  say("parent's break unchanged by the child: %s, data intact: %s\n", yes_no(sys_brk(0) == start + 65536), yes_no(mem[0] == 1));
  return 0;
}
