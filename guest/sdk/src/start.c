/* Process start-up: decodes the initial stack, runs main, exits with its result. */
#include <stdint.h>
#include <stdlib.h>
#include "syscall.h"

char **environ;
/* The auxiliary vector, kept for getauxval-like queries. */
uintptr_t *__auxv;

extern void (*__init_array_start[])(void) __attribute__((weak));
extern void (*__init_array_end[])(void) __attribute__((weak));

extern const char *__progname;
int main(int argc, char **argv, char **envp);

_Noreturn void __libc_start_main(uintptr_t *sp) {
  int argc = (int)sp[0];
  char **argv = (char **)(sp + 1);
  char **envp = argv + argc + 1;
  environ = envp;
  if (argc > 0) __progname = argv[0];
  char **p = envp;
  while (*p) p++;
  __auxv = (uintptr_t *)(p + 1);
  for (void (**f)(void) = __init_array_start; f < __init_array_end; f++) (*f)();
  exit(main(argc, argv, envp));
}
