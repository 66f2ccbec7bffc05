/* libc-selftest: exercises the SDK's libc where glibc is the oracle — printf formatting, snprintf
 * truncation, integer parsing, string functions, error messages, qsort stability and malloc.
 * Built natively, its output is the expected transcript; under qemu-riscv32 or the hart the SDK
 * build must print the same bytes. Everything printed is independent of word size and addresses.
 * Needs brk (and mmap for blocks over 128 KiB). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void check(int ok, const char *what) {
  if (!ok) {
    printf("FAIL: %s\n", what);
    failures++;
  }
}

static void formats(void) {
  printf("[%d] [%i] [%u] [%x] [%X] [%o] [%c] [%s] [%%]\n", -42, 42, 42u, 0xbeefu, 0xbeefu, 8u, 'z', "str");
  printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d] [%-+5d]\n", 42, 42, 42, 42, 42, -42, 42);
  printf("[%.3d] [%8.3d] [%-8.3d] [%.0d] [%5.0d] [%.0x]\n", 7, 7, -7, 0, 0, 0u);
  printf("[%#x] [%#X] [%#o] [%#o] [%#x] [%#.0o] [%#8x] [%#08x] [%-#8x]\n", 255u, 255u, 8u, 0u, 0u, 0u, 255u, 255u,
         255u);
  printf("[%d] [%d] [%u] [%x]\n", INT_MIN, INT_MAX, UINT_MAX, UINT_MAX);
  printf("[%lld] [%lld] [%llu] [%llx] [%#llo]\n", LLONG_MIN, LLONG_MAX, ULLONG_MAX, 0x123456789abcdefULL,
         01234567012345670ULL);
  printf("[%" PRId64 "] [%" PRIu64 "] [%" PRIx64 "] [%" PRIu32 "] [%" PRId32 "]\n", (int64_t)-1234567890123,
         (uint64_t)9876543210ULL, (uint64_t)0xfeedfacecafeULL, (uint32_t)4000000000u, (int32_t)-5);
  printf("[%hhd] [%hhu] [%hd] [%hu] [%hhx]\n", 300, 300, 70000, 70000, 0x1ff);
  printf("[%zu] [%zd] [%td] [%jd] [%ju]\n", (size_t)123, (ssize_t)-123, (ptrdiff_t)-9, (intmax_t)-77,
         (uintmax_t)77);
  printf("[%10s] [%-10s] [%.2s] [%10.2s] [%-10.2s] [%s]\n", "hello", "hello", "hello", "hello", "hello", "");
  printf("[%*d] [%-*d] [%*d] [%.*d] [%.*s] [%*.*d]\n", 6, 1, 6, 2, -6, 3, 4, 5, 3, "abcdef", 7, 3, 9);
  printf("[%c%c%c] [%5c] [%-5c]\n", 'a', 'b', 'c', 'x', 'y');
  printf("[%p] [%10p] [%-10p]|\n", (void *)0, (void *)0, (void *)0);
  /* glibc prints "(null)" for a null %s; a volatile pointer keeps gcc from rewriting the call. */
  const char *volatile nul = NULL;
  printf("[%s] [%.3s] [%10s]\n", nul, nul, nul);
}

static void snprintfs(void) {
  char buf[16];
  int n = snprintf(buf, sizeof buf, "%s-%d", "truncation", 123456789);
  printf("snprintf: n=%d buf=\"%s\" len=%zu\n", n, buf, strlen(buf));
  n = snprintf(buf, 1, "abc");
  printf("snprintf size 1: n=%d empty=%d\n", n, buf[0] == 0);
  n = snprintf(NULL, 0, "%d %s", 12345, "xyz");
  printf("snprintf NULL,0: n=%d\n", n);
  n = snprintf(buf, sizeof buf, "%015d", -3);
  printf("snprintf exact: n=%d buf=\"%s\"\n", n, buf);
  n = sprintf(buf, "%x%X", 0xabcu, 0xdefu);
  printf("sprintf: n=%d buf=\"%s\"\n", n, buf);
}

static void conversions(void) {
  static const char *inputs[] = {"0", "42", "  -17xyz", "+99", "0x1F", "0X1f", "017", "08", "0x",
                                 "abc", "-0", "2147483647", "-2147483648", "  \t\n 123"};
  static const int bases[] = {10, 0, 16, 8};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
      char *end;
      errno = 0;
      long long v = strtoll(inputs[i], &end, bases[b]);
      printf("strtoll(\"%s\", %d) = %lld end+%d errno=%d\n", inputs[i], bases[b], v, (int)(end - inputs[i]), errno);
    }
  }
  static const char *big[] = {"9223372036854775807", "9223372036854775808", "-9223372036854775808",
                              "-9223372036854775809", "18446744073709551615", "18446744073709551616",
                              "99999999999999999999999"};
  for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
    char *end;
    errno = 0;
    long long v = strtoll(big[i], &end, 10);
    int e1 = errno;
    errno = 0;
    unsigned long long u = strtoull(big[i], &end, 10);
    printf("%s: strtoll=%lld (errno %d) strtoull=%llu (errno %d)\n", big[i], v, e1, u, errno);
  }
  printf("strtol base 36: %ld, base 2: %ld\n", strtol("zz", NULL, 36), strtol("101101", NULL, 2));
  printf("atoi: %d %d %d\n", atoi("  -123abc"), atoi("x"), atoi("2147483647"));
  printf("abs: %d %lld\n", abs(-5), llabs(-5000000000LL));
}

static void strings(void) {
  char buf[64];
  strcpy(buf, "hello");
  strcat(buf, ", world");
  printf("strcat: %s (%zu)\n", buf, strlen(buf));
  strncat(buf, "!!!???", 3);
  printf("strncat: %s\n", buf);
  printf("strcmp: %d %d %d\n", strcmp("abc", "abc") == 0, strcmp("abc", "abd") < 0, strcmp("b", "abc") > 0);
  printf("strncmp: %d %d\n", strncmp("abcdef", "abcxyz", 3) == 0, strncmp("abc", "abd", 3) < 0);
  printf("strchr: %s | strrchr: %s | strstr: %s\n", strchr(buf, 'o'), strrchr(buf, 'o'), strstr(buf, "wor"));
  printf("strchr NUL: %d, not found: %d\n", strchr(buf, 0) == buf + strlen(buf), strchr(buf, 'Q') == NULL);
  printf("strspn: %zu strcspn: %zu\n", strspn("aabbcxd", "ab"), strcspn("hello world", " w"));
  memset(buf, 'x', 10);
  buf[10] = 0;
  printf("memset: %s\n", buf);
  memcpy(buf, "0123456789", 10);
  memmove(buf + 2, buf, 6);
  printf("memmove up: %s\n", buf);
  memcpy(buf, "0123456789", 10);
  memmove(buf, buf + 3, 6);
  printf("memmove down: %s\n", buf);
  printf("memcmp: %d %d memchr: %s\n", memcmp("abc", "abd", 3) < 0, memcmp("abc", "abc", 3) == 0,
         (char *)memchr("find me", 'm', 7));
  strncpy(buf, "ab", 5);
  printf("strncpy pads: %d %d %d\n", buf[2] == 0, buf[3] == 0, buf[4] == 0);
  char tok[] = "  one, two,,three  ";
  char *save, *t = strtok_r(tok, " ,", &save);
  while (t) {
    printf("token <%s>\n", t);
    t = strtok_r(NULL, " ,", &save);
  }
  char *d = strdup("duplicate");
  char *nd = strndup("duplicate", 3);
  printf("strdup: %s strndup: %s\n", d, nd);
  free(d);
  free(nd);
  /* glibc's ctype returns arbitrary non-zero values; normalise before comparing. */
  int classes = 0;
  for (int c = 0; c < 128; c++)
    classes = classes * 3 + (!!isalpha(c) + !!isdigit(c) * 2 + !!isspace(c) * 4 + !!isupper(c) * 8 +
                             !!ispunct(c) * 16 + !!isxdigit(c) * 32 + !!isprint(c) * 64 + !!iscntrl(c) * 128 +
                             !!isgraph(c) * 256 + !!islower(c) * 512 + !!isalnum(c) * 1024 + !!isblank(c) * 2048 +
                             (toupper(c) != c) + (tolower(c) != c));
  printf("ctype digest: %d\n", classes);
}

static void errors(void) {
  static const int codes[] = {0, EPERM, ENOENT, ESRCH, EINTR, EIO, E2BIG, ENOEXEC, EBADF, ECHILD, EAGAIN,
                              ENOMEM, EACCES, EFAULT, EEXIST, ENOTDIR, EISDIR, EINVAL, EMFILE, ENOTTY, ESPIPE,
                              EPIPE, ERANGE, EDEADLK, ENAMETOOLONG, ENOSYS, ENOTEMPTY, ELOOP, EOVERFLOW,
                              EOPNOTSUPP, ETIMEDOUT, ECANCELED};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) printf("strerror(%d) = %s\n", codes[i], strerror(codes[i]));
}

struct item {
  int key;
  int order;
};
static int by_key(const void *a, const void *b) {
  return ((const struct item *)a)->key - ((const struct item *)b)->key;
}

static void sorting(void) {
  struct item items[40];
  uint32_t x = 99;
  for (int i = 0; i < 40; i++) {
    x = x * 1103515245u + 12345u;
    items[i].key = (int)((x >> 16) % 7);
    items[i].order = i;
  }
  qsort(items, 40, sizeof items[0], by_key);
  int stable = 1;
  for (int i = 1; i < 40; i++)
    if (items[i - 1].key > items[i].key || (items[i - 1].key == items[i].key && items[i - 1].order > items[i].order))
      stable = 0;
  printf("qsort stable and sorted: %d; first %d/%d last %d/%d\n", stable, items[0].key, items[0].order,
         items[39].key, items[39].order);
}

static void memory(void) {
  enum { N = 400 };
  unsigned char *blocks[N];
  size_t sizes[N];
  uint32_t x = 7;
  uint32_t sum = 0;
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < N; i++) {
      x = x * 1664525u + 1013904223u;
      sizes[i] = (x >> 8) % (i % 50 == 0 ? 200000 : 3000) + 1;
      blocks[i] = malloc(sizes[i]);
      check(blocks[i] != NULL, "malloc");
      check(((uintptr_t)blocks[i] & 15) == 0, "malloc alignment");
      memset(blocks[i], i & 0xff, sizes[i]);
    }
    for (int i = 0; i < N; i += 2) {
      size_t grown = sizes[i] * 2 + 5;
      blocks[i] = realloc(blocks[i], grown);
      check(blocks[i] != NULL, "realloc");
      for (size_t k = 0; k < sizes[i]; k++)
        if (blocks[i][k] != (i & 0xff)) {
          check(0, "realloc keeps contents");
          break;
        }
      memset(blocks[i] + sizes[i], 0xee, grown - sizes[i]);
      sizes[i] = grown;
    }
    for (int i = 0; i < N; i++) {
      for (size_t k = 0; k < sizes[i]; k += 97) sum = sum * 31 + blocks[i][k];
      free(blocks[i]);
    }
  }
  unsigned char *z = calloc(1000, 10);
  int zero = 1;
  for (int i = 0; i < 10000; i++) zero &= z[i] == 0;
  free(z);
  errno = 0;
  volatile size_t too_big = (size_t)-1;
  void *huge = malloc(too_big);
  printf("malloc: digest=%08" PRIx32 " calloc zeroed=%d huge=%s errno=%d free(NULL) ok\n", sum, zero,
         huge ? "non-null" : "NULL", errno);
  free(NULL);
}

int main(int argc, char **argv) {
  printf("argc=%d argv[0] set=%d argv[argc]=%s\n", argc, argv[0] != NULL, argv[argc] == NULL ? "NULL" : "?");
  for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  formats();
  snprintfs();
  conversions();
  strings();
  errors();
  sorting();
  memory();
  fputs("fputs line\n", stdout);
  fputc('c', stdout);
  putchar('\n');
  puts("puts line");
  fwrite("fwrite\n", 1, 7, stdout);
  fprintf(stderr, "to stderr %d\n", 1);
  printf("failures=%d\n", failures);
  return failures ? 1 : 0;
}
