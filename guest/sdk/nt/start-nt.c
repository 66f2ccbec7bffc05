/* Process start-up for NT guests: argv from the PEB's command line (Windows' rules: whitespace
 * separates arguments, double quotes group, backslashes escape quotes only before a quote), the
 * .init_array, then exit(main(argc, argv, environ)). */
#include <stdlib.h>
#include <string.h>
#include <windows.h>

extern void (*__init_array_start[])(void) __attribute__((weak));
extern void (*__init_array_end[])(void) __attribute__((weak));
extern const char *__progname;
extern char **environ;
int main(int argc, char **argv, char **envp);

#define MAX_ARGS 64
static char *arguments[MAX_ARGS + 1];
static char argument_text[1024];

static int split(const char *line) {
  int argc = 0;
  char *out = argument_text;
  char *end = argument_text + sizeof argument_text - 1;
  const char *p = line ? line : "";
  while (*p && argc < MAX_ARGS) {
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) break;
    arguments[argc++] = out;
    int quoted = 0;
    while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
      if (*p == '\\') {
        const char *q = p;
        while (*q == '\\') q++;
        size_t slashes = (size_t)(q - p);
        if (*q == '"') {
          for (size_t i = 0; i < slashes / 2 && out < end; i++) *out++ = '\\';
          if (slashes % 2 && out < end) *out++ = '"';
          p = q + (slashes % 2 ? 1 : 0);
          if (slashes % 2 == 0) continue;
        } else {
          for (size_t i = 0; i < slashes && out < end; i++) *out++ = '\\';
          p = q;
        }
        continue;
      }
      if (*p == '"') {
        quoted = !quoted;
        p++;
        continue;
      }
      if (out < end) *out++ = *p;
      p++;
    }
    if (out < end) *out++ = 0;
  }
  arguments[argc] = NULL;
  return argc;
}

_Noreturn void __nt_start_main(NT_PEB *peb) {
  int argc = split(peb->CommandLine);
  if (argc > 0) __progname = arguments[0];
  for (void (**f)(void) = __init_array_start; f < __init_array_end; f++) (*f)();
  exit(main(argc, arguments, environ));
}
