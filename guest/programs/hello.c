/* hello: the smallest guest — one line on stdout, exit status 0. */
#include <stdio.h>

int main(void) {
  printf("Hello, world!\n");
  return 0;
}
