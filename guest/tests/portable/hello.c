/* hello: the smallest portable program — two lines on standard output through lbx_write, then exit
 * code 0 from main. Its POSIX build makes only the write and exit_group system calls, so a minimal
 * shim with nothing else (the conformance app's `examples/shim-hello`) can run it. */
#include "lbx.h"

static unsigned long length(const char *s) {
  unsigned long n = 0;
  while (s[n]) n++;
  return n;
}

int main(void) {
  static const char *const lines[] = {"hello from a portable program\n", "one source, every shim\n"};
  for (unsigned i = 0; i < sizeof lines / sizeof lines[0]; i++) {
    if (lbx_write(lbx_stdout(), lines[i], length(lines[i])) < 0) return 1;
  }
  return 0;
}
