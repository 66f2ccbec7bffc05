/* signal-context: a handler can interrupt a computation at any instruction and, on return, the
 * computation goes on with every register as it was (the kernel saves the full context in the
 * signal frame and rt_sigreturn restores it). The computation is run once with signals blocked
 * for a reference, then repeated while a child sends SIGUSR1 every millisecond and the handler
 * does register-heavy work of its own, until at least 50 signals landed. */
#include "posix-test.h"

static volatile sig_atomic_t runs;
static volatile uint32_t sink;

__attribute__((noinline)) static uint32_t churn(uint32_t seed) {
  /* Many live values, so the handler uses (and clobbers) most registers. */
  uint32_t a = seed, b = seed * 3, c = seed ^ 0x55, d = seed + 7, e = seed * 11, f = ~seed, g = seed >> 3, h = seed << 5;
  for (int i = 0; i < 64; i++) {
    a += b ^ h;
    b = (b << 7 | b >> 25) + c;
    c ^= d * 5;
    d += e >> 2;
    e = e * 13 + f;
    f ^= g + a;
    g = (g << 3 | g >> 29) ^ h;
    h += a ^ d;
  }
  return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h;
}

static void on_usr1(int sig) {
  runs++;
  sink += churn((uint32_t)sig + (uint32_t)runs);
}

__attribute__((noinline)) static uint32_t compute(uint32_t rounds) {
  uint32_t x0 = 1, x1 = 2, x2 = 3, x3 = 4, x4 = 5, x5 = 6, x6 = 7, x7 = 8, x8 = 9, x9 = 10, xa = 11, xb = 12;
  for (uint32_t i = 0; i < rounds; i++) {
    x0 += x1 * 3 + i;
    x1 ^= x2 + (x0 >> 3);
    x2 = (x2 << 5 | x2 >> 27) + x3;
    x3 += x4 ^ x0;
    x4 = x4 * 7 + x5;
    x5 ^= x6 + x1;
    x6 += x7 ^ (x2 << 1);
    x7 = (x7 >> 1 | x7 << 31) + x8;
    x8 ^= x9 * 9;
    x9 += xa ^ x3;
    xa = xa * 5 + xb;
    xb ^= x0 + x7;
  }
  return x0 ^ x1 ^ x2 ^ x3 ^ x4 ^ x5 ^ x6 ^ x7 ^ x8 ^ x9 ^ xa ^ xb;
}

#define ROUNDS 200000

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);

  uint32_t reference = compute(ROUNDS);
  pid_t parent = getpid();
  pid_t pinger = xfork();
  if (pinger == 0) {
    for (;;) {
      sleep_ms(1);
      if (kill(parent, SIGUSR1) < 0) _exit(0);
    }
  }
  int repeats = 0, wrong = 0;
  while (runs < 50 || repeats < 3) {
    if (compute(ROUNDS) != reference) wrong++;
    repeats++;
  }
  kill(pinger, SIGKILL);
  wait_for(pinger);
  say("at least 50 signals handled during the computation: %s\n", yes_no(runs >= 50));
  say("every repetition equals the reference: %s\n", yes_no(wrong == 0));
  return 0;
}
