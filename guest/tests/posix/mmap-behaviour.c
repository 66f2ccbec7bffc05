/* mmap-behaviour: anonymous mappings and their errors. New mappings are page-aligned and zero;
 * MAP_FIXED replaces what was there (fresh zeroes); MAP_FIXED_NOREPLACE refuses (EEXIST);
 * munmap of a hole or an already unmapped range succeeds; partial munmap leaves the rest usable.
 * Errors: length 0, neither MAP_SHARED nor MAP_PRIVATE, an unaligned MAP_FIXED address or offset
 * (EINVAL), no descriptor without MAP_ANONYMOUS (EBADF), a length no address space can hold
 * (ENOMEM); munmap and mprotect of unaligned addresses (EINVAL), mprotect of unmapped memory
 * (ENOMEM). */
#include "posix-test.h"
#include <sys/mman.h>

#define PAGE 4096

int main(void) {
  char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) die("mmap");
  int zero = 1;
  for (int i = 0; i < 4 * PAGE; i += 256) zero &= p[i] == 0;
  say("4 pages: page-aligned: %s, zero: %s\n", yes_no(((uintptr_t)p & (PAGE - 1)) == 0), yes_no(zero));
  memset(p, 'a', 4 * PAGE);

  char *q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  say("MAP_FIXED over page 1: at the address asked: %s, fresh zero: %s, neighbours kept: %s\n", yes_no(q == p + PAGE),
      yes_no(q[0] == 0 && q[PAGE - 1] == 0), yes_no(p[0] == 'a' && p[2 * PAGE] == 'a'));
  errno = 0;
  void *r = mmap(p + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  int e = errno;
  say("MAP_FIXED_NOREPLACE over page 2: failed: %s errno=%s, page kept: %s\n", yes_no(r == MAP_FAILED), errno_name(e),
      yes_no(p[2 * PAGE] == 'a'));

  CHECK("munmap(page 1)", munmap(p + PAGE, PAGE));
  CHECK("munmap(page 1) again", munmap(p + PAGE, PAGE));
  say("pages 0, 2, 3 still usable: %s\n", yes_no(p[0] == 'a' && p[2 * PAGE] == 'a' && p[4 * PAGE - 1] == 'a'));
  CHECK("munmap(pages 0..3, spanning the hole)", munmap(p, 4 * PAGE));
  CHECK("mprotect(unmapped range)", mprotect(p, PAGE, PROT_READ));
  char *again = mmap(p, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  say("MAP_FIXED_NOREPLACE on the freed range: at the address: %s, zero: %s\n", yes_no(again == p), yes_no(again != MAP_FAILED && again[0] == 0));
  munmap(again, PAGE);

  CHECK("mmap(length 0)", (long)(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0));
  CHECK("mmap(neither SHARED nor PRIVATE)", (long)(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0));
  CHECK("mmap(MAP_FIXED, unaligned address)",
        (long)(mmap(p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0));
  CHECK("mmap(offset 100)", (long)(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100) == MAP_FAILED ? -1 : 0));
  CHECK("mmap(fd -1 without MAP_ANONYMOUS)", (long)(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED ? -1 : 0));
  CHECK("mmap(SIZE_MAX & ~4095 bytes)",
        (long)(mmap(NULL, SIZE_MAX & ~(size_t)(PAGE - 1), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0));
  CHECK("munmap(unaligned)", munmap(p + 1, PAGE));
  CHECK("munmap(length 0)", munmap(p, 0));
  CHECK("mprotect(unaligned)", mprotect(p + 1, PAGE, PROT_READ));

  /* A hint that is free is usually honoured but need not be: only alignment is promised. */
  char *h = mmap(p + 8 * PAGE + 123, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  say("hint without MAP_FIXED: page-aligned result: %s\n", yes_no(h != MAP_FAILED && ((uintptr_t)h & (PAGE - 1)) == 0));
  munmap(h, PAGE);

  /* Length rounded up to whole pages. */
  char *odd = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  odd[PAGE - 1] = 'z';
  say("100-byte mapping usable to the end of its page: %s\n", yes_no(odd[PAGE - 1] == 'z'));
  CHECK("munmap(100 bytes)", munmap(odd, 100));
  return 0;
}
