/* Process exit, environment, integer conversion and sorting. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "syscall.h"

#define ATEXIT_MAX 32
static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

int atexit(void (*fn)(void)) {
  if (atexit_count == ATEXIT_MAX) return -1;
  atexit_fns[atexit_count++] = fn;
  return 0;
}

_Noreturn void exit(int status) {
  while (atexit_count > 0) atexit_fns[--atexit_count]();
  __stdio_flush_all();
  _exit(status);
}

_Noreturn void _Exit(int status) { _exit(status); }

_Noreturn void abort(void) {
  __stdio_flush_all();
  raise(SIGABRT);
  /* Caught or blocked: force the default action, as POSIX requires abort to terminate. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigaction(SIGABRT, &sa, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGABRT);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  raise(SIGABRT);
  _exit(127);
}

char *getenv(const char *name) {
  size_t n = strlen(name);
  if (!environ) return NULL;
  for (char **e = environ; *e; e++)
    if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
  return NULL;
}

/* Parses an unsigned magnitude; *neg receives the sign, *overflow whether it exceeded ULLONG_MAX. */
static unsigned long long parse_integer(const char *s, char **end, int base, int *neg, int *overflow) {
  const char *p = s;
  *neg = 0;
  *overflow = 0;
  if (base < 0 || base == 1 || base > 36) {
    errno = EINVAL;
    if (end) *end = (char *)s;
    return 0;
  }
  while (isspace((unsigned char)*p)) p++;
  if (*p == '+' || *p == '-') *neg = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && isxdigit((unsigned char)p[2])) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  unsigned long long v = 0;
  const char *digits = p;
  for (;; p++) {
    int c = (unsigned char)*p, d;
    if (isdigit(c))
      d = c - '0';
    else if (isalpha(c))
      d = (c | 32) - 'a' + 10;
    else
      break;
    if (d >= base) break;
    if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)base) *overflow = 1;
    v = v * (unsigned)base + (unsigned)d;
  }
  if (end) *end = (char *)(p == digits ? s : p);
  return v;
}

long long strtoll(const char *s, char **end, int base) {
  int neg, of;
  unsigned long long v = parse_integer(s, end, base, &neg, &of);
  if (of || (!neg && v > (unsigned long long)LLONG_MAX) || (neg && v > (unsigned long long)LLONG_MAX + 1)) {
    errno = ERANGE;
    return neg ? LLONG_MIN : LLONG_MAX;
  }
  return neg ? (long long)(0 - v) : (long long)v;
}

unsigned long long strtoull(const char *s, char **end, int base) {
  int neg, of;
  unsigned long long v = parse_integer(s, end, base, &neg, &of);
  if (of) {
    errno = ERANGE;
    return ULLONG_MAX;
  }
  return neg ? 0 - v : v;
}

long strtol(const char *s, char **end, int base) {
  int neg, of;
  unsigned long long v = parse_integer(s, end, base, &neg, &of);
  if (of || (!neg && v > (unsigned long long)LONG_MAX) || (neg && v > (unsigned long long)LONG_MAX + 1)) {
    errno = ERANGE;
    return neg ? LONG_MIN : LONG_MAX;
  }
  return neg ? (long)(0 - (unsigned long)v) : (long)v;
}

unsigned long strtoul(const char *s, char **end, int base) {
  int neg, of;
  unsigned long long v = parse_integer(s, end, base, &neg, &of);
  if (of || v > ULONG_MAX) {
    errno = ERANGE;
    return ULONG_MAX;
  }
  return neg ? 0 - (unsigned long)v : (unsigned long)v;
}

long long atoll(const char *s) { return strtoll(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

#include <inttypes.h>
intmax_t strtoimax(const char *s, char **end, int base) { return strtoll(s, end, base); }
uintmax_t strtoumax(const char *s, char **end, int base) { return strtoull(s, end, base); }

/* A stable merge sort, so that equal elements keep their order as they do in glibc's qsort
 * (a merge sort whenever it can allocate). Falls back to insertion sort without memory. */
static void merge_pass(char *a, char *tmp, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  if (n < 2) return;
  size_t h = n / 2;
  merge_pass(a, tmp, h, size, cmp);
  merge_pass(a + h * size, tmp, n - h, size, cmp);
  char *l = a, *le = a + h * size, *r = le, *re = a + n * size, *o = tmp;
  while (l < le && r < re) {
    if (cmp(r, l) < 0) {
      memcpy(o, r, size);
      r += size;
    } else {
      memcpy(o, l, size);
      l += size;
    }
    o += size;
  }
  memcpy(o, l, (size_t)(le - l));
  o += le - l;
  memcpy(o, r, (size_t)(re - r));
  memcpy(a, tmp, n * size);
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  if (n < 2 || size == 0) return;
  char *tmp = n <= SIZE_MAX / size ? malloc(n * size) : NULL;
  if (tmp) {
    merge_pass(base, tmp, n, size, cmp);
    free(tmp);
    return;
  }
  char *a = base;
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && cmp(a + (j - 1) * size, a + j * size) > 0; j--)
      for (size_t k = 0; k < size; k++) {
        char t = a[(j - 1) * size + k];
        a[(j - 1) * size + k] = a[j * size + k];
        a[j * size + k] = t;
      }
}

const char *__progname = "";

void __assert_fail(const char *expr, const char *file, unsigned int line, const char *func) {
  fprintf(stderr, "%s: %s:%u: %s: Assertion `%s' failed.\n", __progname, file, line, func, expr);
  abort();
}
