/* The SDK's C stdio in an NT guest writes to the standard output handle. printf on the console is
 * line buffered (the console is a character device: GetFileType reports FILE_TYPE_CHAR); stdout
 * follows SetStdHandle, because the C library's descriptor 1 is the process's standard output
 * handle (Windows' CRT maps its stdout to GetStdHandle(STD_OUTPUT_HANDLE) the same way); malloc's
 * heap comes from VirtualAlloc. */
#include "nt-test.h"

int main(void) {
  printf("printf on the console: %d %s\n", 42, "ok");
  puts("puts on the console");
  char *block = malloc(1 << 20);
  if (block) memset(block, 0x5a, 1 << 20);
  printf("malloc(1 MiB): %s, last byte 0x%x\n", block ? "ok" : "failed", block ? (unsigned char)block[(1 << 20) - 1] : 0u);
  free(block);
  HANDLE r, w;
  CreatePipe(&r, &w, NULL, 0);
  HANDLE console = GetStdHandle(STD_OUTPUT_HANDLE);
  SetStdHandle(STD_OUTPUT_HANDLE, w);
  printf("through the pipe %d\n", 7);
  fflush(stdout);
  SetStdHandle(STD_OUTPUT_HANDLE, console);
  char buf[64];
  DWORD n = 0;
  ReadFile(r, buf, sizeof buf - 1, &n, NULL);
  buf[n] = 0;
  printf("the pipe received: %s", buf); /* "through the pipe 7\n" */
  return 0;
}
