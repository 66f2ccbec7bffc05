/* sigsegv-munmap: memory that was mapped and then unmapped faults like memory that was never
 * mapped (SIGSEGV, SEGV_MAPERR, si_addr the address used); a page made read-only with mprotect
 * faults on a store with SEGV_ACCERR while loads still work; a store into the program's own
 * code faults too. Each fault happens in a child; the parent prints what it saw. */
#include "posix-test.h"
#include <sys/mman.h>

static volatile uintptr_t expected_addr;

static void on_segv(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  char line[160];
  int n = snprintf(line, sizeof line, "child handler: signo=%s code=%s addr is the faulting address: %s\n", signal_name(sig),
                   info->si_code == SEGV_MAPERR ? "SEGV_MAPERR" : info->si_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other",
                   yes_no((uintptr_t)info->si_addr == expected_addr));
  write(1, line, (size_t)n);
  _exit(3);
}

static void catch_segv(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
}

int main(void) {
  char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) die("mmap");
  p[0] = 'a';
  p[4096] = 'b';

  pid_t pid = xfork();
  if (pid == 0) {
    say("child: munmap second page: %d\n", munmap(p + 4096, 4096));
    say("child: first page still readable: %c\n", p[0]);
    p[4096 + 8] = 'x';
    _exit(0);
  }
  say("store after munmap, no handler: %s\n", status_text(wait_for(pid)));
  say("parent's copy of the page is untouched: %c\n", p[4096]);

  pid = xfork();
  if (pid == 0) {
    catch_segv();
    munmap(p, 2 * 4096);
    expected_addr = (uintptr_t)(p + 100);
    (void)*(volatile char *)(p + 100);
    _exit(0);
  }
  say("load after munmap, handled: %s\n", status_text(wait_for(pid)));

  pid = xfork();
  if (pid == 0) {
    catch_segv();
    say("child: mprotect read-only: %d\n", mprotect(p, 4096, PROT_READ));
    say("child: load still works: %c\n", *(volatile char *)p);
    expected_addr = (uintptr_t)(p + 12);
    *(volatile char *)(p + 12) = 'y';
    _exit(0);
  }
  say("store to a read-only page, handled: %s\n", status_text(wait_for(pid)));

  pid = xfork();
  if (pid == 0) {
    catch_segv();
    mprotect(p, 4096, PROT_NONE);
    expected_addr = (uintptr_t)(p + 1);
    (void)*(volatile char *)(p + 1);
    _exit(0);
  }
  say("load from a PROT_NONE page, handled: %s\n", status_text(wait_for(pid)));

  pid = xfork();
  if (pid == 0) {
    catch_segv();
    expected_addr = (uintptr_t)(void *)&main;
    *(volatile char *)(uintptr_t)(void *)&main = 0;
    _exit(0);
  }
  say("store into the program's code, handled: %s\n", status_text(wait_for(pid)));
  return 0;
}
