/* futex-errors: FUTEX_WAIT returns EAGAIN at once when the word does not hold the expected value,
 * ETIMEDOUT when a relative timeout passes, and WAIT_BITSET does the same with an absolute
 * CLOCK_MONOTONIC deadline. A zero bitset, a bad timeout and an unknown operation are refused;
 * a wake with nobody waiting wakes 0. */
#include "posix-test.h"

static volatile uint32_t word = 7;

static long ns_between(const struct timespec *a, const struct timespec *b) {
  return (long)((b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec));
}

int main(void) {
  struct timespec t10;
  memset(&t10, 0, sizeof t10);
  t10.tv_nsec = 10 * 1000000L;

  CHECK("FUTEX_WAIT, value differs (7 vs 8)", sys_futex(&word, FUTEX_WAIT_PRIVATE, 8, NULL, NULL, 0));
  CHECK("FUTEX_WAIT shared, value differs", sys_futex(&word, FUTEX_WAIT, 8, NULL, NULL, 0));

  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  CHECK("FUTEX_WAIT 10 ms timeout", sys_futex(&word, FUTEX_WAIT_PRIVATE, 7, &t10, NULL, 0));
  clock_gettime(CLOCK_MONOTONIC, &b);
  say("waited at least 10 ms: %s\n", yes_no(ns_between(&a, &b) >= 10 * 1000000L));

  /* WAIT_BITSET takes an absolute deadline on CLOCK_MONOTONIC. */
  struct timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_nsec += 10 * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000L;
  }
  CHECK("FUTEX_WAIT_BITSET, absolute deadline 10 ms ahead",
        sys_futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 7, &deadline, NULL, FUTEX_BITSET_MATCH_ANY));
  clock_gettime(CLOCK_MONOTONIC, &b);
  say("returned after the deadline: %s\n", yes_no(ns_between(&deadline, &b) >= 0));
  struct timespec past;
  memset(&past, 0, sizeof past);
  past.tv_sec = 1;
  CHECK("FUTEX_WAIT_BITSET, deadline in the past", sys_futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 7, &past, NULL, FUTEX_BITSET_MATCH_ANY));

  CHECK("FUTEX_WAIT_BITSET, bitset 0", sys_futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 7, &t10, NULL, 0));
  CHECK("FUTEX_WAKE_BITSET, bitset 0", sys_futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0));
  struct timespec bad;
  memset(&bad, 0, sizeof bad);
  bad.tv_nsec = 1000000000L;
  CHECK("FUTEX_WAIT, tv_nsec = 1e9", sys_futex(&word, FUTEX_WAIT_PRIVATE, 7, &bad, NULL, 0));
  bad.tv_nsec = 0;
  bad.tv_sec = -1;
  CHECK("FUTEX_WAIT, tv_sec = -1", sys_futex(&word, FUTEX_WAIT_PRIVATE, 7, &bad, NULL, 0));
  CHECK("FUTEX_WAIT, misaligned address", sys_futex((volatile uint32_t *)((char *)&word + 1), FUTEX_WAIT_PRIVATE, 7, &t10, NULL, 0));
  CHECK("FUTEX_WAIT, NULL address", sys_futex(NULL, FUTEX_WAIT_PRIVATE, 7, &t10, NULL, 0));
  CHECK("unknown futex operation 99", sys_futex(&word, 99 | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0));

  CHECK("FUTEX_WAKE with nobody waiting", sys_futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
  CHECK("FUTEX_WAKE shared with nobody waiting", sys_futex(&word, FUTEX_WAKE, 10, NULL, NULL, 0));
  return 0;
}
