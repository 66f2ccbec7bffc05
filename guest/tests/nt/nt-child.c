/* The helper every NT test starts as a child: argv[1] selects what it does. Not a test itself. */
#include "nt-test.h"


int main(int argc, char **argv) {
  if (argc < 2) return 100;
  const char *mode = argv[1];
  if (!strcmp(mode, "exit") && argc > 2) return (int)strtoul(argv[2], NULL, 0);
  if (!strcmp(mode, "sleep")) {
    Sleep(INFINITE);
    return 0;
  }
  if (!strcmp(mode, "say") && argc > 2) {
    say("%s", argv[2]);
    return 0;
  }
  return 101;
}
