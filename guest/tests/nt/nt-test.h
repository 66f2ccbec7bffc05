/* Helpers shared by the NT behaviour tests. Every line goes out with one WriteFile on the standard
 * output handle, so lines of concurrent processes never interleave and need no stdio buffer. */
#ifndef NT_TEST_H
#define NT_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

/* The helper program every test starts children from (see nt-child.c). */
#define CHILD "/bin/nt/nt-child.elf"

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static void say(const char *fmt, ...) {
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if (n > (int)sizeof line - 2) n = (int)sizeof line - 2;
  line[n++] = '\n';
  DWORD written;
  WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), line, (DWORD)n, &written, NULL);
}

/* Starts CHILD with the given arguments (appended to its path). */
__attribute__((unused)) static BOOL spawn(const char *args, BOOL inherit, DWORD flags, STARTUPINFOA *si, PROCESS_INFORMATION *pi) {
  static char line[512];
  STARTUPINFOA none;
  memset(&none, 0, sizeof none);
  none.cb = sizeof none;
  snprintf(line, sizeof line, "%s %s", CHILD, args);
  return CreateProcessA(NULL, line, NULL, NULL, inherit, flags, NULL, NULL, si ? si : &none, pi);
}

/* Waits for a process and returns its exit code. */
__attribute__((unused)) static DWORD finish(HANDLE process) {
  DWORD code = 0;
  WaitForSingleObject(process, INFINITE);
  GetExitCodeProcess(process, &code);
  return code;
}

/* A handle value as text: handles are multiples of 4, so their values are deterministic here. */
#define H(h) ((unsigned long)(ULONG_PTR)(h))

#endif
