/* errno storage and the system-call result convention. */
#include <errno.h>
#include "syscall.h"

static int __errno_value;

int *__errno_location(void) { return &__errno_value; }

long __syscall_ret(long r) {
  if ((unsigned long)r > -4096UL) {
    __errno_value = (int)-r;
    return -1;
  }
  return r;
}
