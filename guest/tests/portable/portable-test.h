/* Helpers shared by the portable programs (guest/tests/portable): everything goes through lbx.h
 * and the C library that every build has (stdio, string, stdlib), so the same source builds for
 * the POSIX shim, the NT shim and natively on Linux.
 *
 * Rules that keep the transcript the same on every pair and under every schedule:
 *   - only facts are printed, never ids or handle values (they differ between shims);
 *   - output that depends on which process runs first is collected and ordered before printing;
 *   - say() flushes each line, so a child writing to the same standard output afterwards cannot
 *     overtake text that was still in the buffer, whatever the buffering mode. */
#ifndef PORTABLE_TEST_H
#define PORTABLE_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lbx.h"

#define T_UNUSED __attribute__((unused))

/* Prints one formatted piece to standard output and flushes it. */
static T_UNUSED __attribute__((format(printf, 1, 2))) void say(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  fflush(stdout);
}

/* Formats into a handle (a child's reports go through pipes, not stdio). */
static T_UNUSED __attribute__((format(printf, 2, 3))) void put(lbx_handle h, const char *fmt, ...) {
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof line - 1) n = (int)sizeof line - 1;
  if (n > 0) lbx_write(h, line, (unsigned long)n);
}

static T_UNUSED const char *yes_no(int b) { return b ? "yes" : "no"; }

/* Stops the program on a failure that the test does not expect: a line the oracle refuses. */
static T_UNUSED __attribute__((noreturn)) void die(const char *what, long code) {
  say("UNEXPECTED: %s: %s\n", what, lbx_error_name(code));
  lbx_exit(99);
}

/* The result of an lbx call that must succeed. */
static T_UNUSED long must(long result, const char *what) {
  if (result < 0) die(what, result);
  return result;
}

/* Reads until `size` bytes or the end; returns how many. */
static T_UNUSED unsigned long read_full(lbx_handle h, void *buffer, unsigned long size) {
  unsigned long got = 0;
  while (got < size) {
    long n = lbx_read(h, (char *)buffer + got, size - got);
    if (n < 0) die("read", n);
    if (n == 0) break;
    got += (unsigned long)n;
  }
  return got;
}

static T_UNUSED void write_str(lbx_handle h, const char *s) { must(lbx_write(h, s, strlen(s)), "write"); }

/* A handle or id as an argument (values travel in argv, never into the transcript). */
static T_UNUSED const char *arg_of(char *slot, long value) {
  snprintf(slot, 24, "%ld", value);
  return slot;
}
static T_UNUSED long long_of(const char *s) { return strtol(s, NULL, 10); }

/* Starts this program again (argv[0] is its path on every build) in the given role. `args` ends
 * with NULL. */
static T_UNUSED long spawn_self(const char *self, const char *const *args, const lbx_spawn_io *io, lbx_proc *child) {
  char *argv[16];
  int n = 0;
  argv[n++] = (char *)self;
  while (*args && n < 15) argv[n++] = (char *)*args++;
  argv[n] = NULL;
  return lbx_spawn(self, argv, io, child);
}

/* The exit code of a child that must be waited for successfully. */
static T_UNUSED int wait_code(lbx_proc child) {
  int code = -1;
  must(lbx_wait(child, &code), "wait");
  return code;
}

#endif
