/* exit-code: lbx_exit's code is the process's exit status (here 7, after one line of output). Like
 * hello, its POSIX build needs nothing but write and exit_group. */
#include "lbx.h"

int main(void) {
  static const char line[] = "leaving with exit code 7\n";
  lbx_write(lbx_stdout(), line, sizeof line - 1);
  lbx_exit(7);
}
