/* clock-monotonic: CLOCK_MONOTONIC never goes back and tv_nsec stays in range; sleeps last at
 * least what was asked (relative and absolute); an absolute deadline in the past returns at once;
 * CLOCK_REALTIME is a plausible date and time() agrees with it. Bad clocks and bad timespecs are
 * EINVAL. No duration is printed, only relations. */
#include "posix-test.h"

static long long ns(const struct timespec *t) { return (long long)t->tv_sec * 1000000000LL + t->tv_nsec; }

int main(void) {
  struct timespec prev, now;
  clock_gettime(CLOCK_MONOTONIC, &prev);
  int back = 0, range = 1;
  for (int i = 0; i < 2000; i++) {
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (ns(&now) < ns(&prev)) back++;
    if (now.tv_nsec < 0 || now.tv_nsec >= 1000000000L) range = 0;
    prev = now;
  }
  say("2000 reads of CLOCK_MONOTONIC: never went back: %s, tv_nsec in range: %s\n", yes_no(back == 0), yes_no(range));

  struct timespec a, b, req;
  memset(&req, 0, sizeof req);
  req.tv_nsec = 10 * 1000000L;
  clock_gettime(CLOCK_MONOTONIC, &a);
  CHECK("nanosleep(10 ms)", nanosleep(&req, NULL));
  clock_gettime(CLOCK_MONOTONIC, &b);
  say("slept at least 10 ms: %s\n", yes_no(ns(&b) - ns(&a) >= 10 * 1000000LL));

  struct timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_nsec += 10 * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000L;
  }
  int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  say("clock_nanosleep to an absolute deadline 10 ms ahead: %d, woke at or after it: %s\n", r, yes_no(ns(&b) >= ns(&deadline)));
  struct timespec past;
  memset(&past, 0, sizeof past);
  past.tv_sec = 1;
  clock_gettime(CLOCK_MONOTONIC, &a);
  r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  say("absolute deadline in the past: %d, returned within 5 ms: %s\n", r, yes_no(ns(&b) - ns(&a) < 5 * 1000000LL));

  struct timespec real;
  clock_gettime(CLOCK_REALTIME, &real);
  say("CLOCK_REALTIME after 2020-01-01: %s\n", yes_no(real.tv_sec > 1577836800LL));
  time_t t = time(NULL);
  say("time() within a second of CLOCK_REALTIME: %s\n", yes_no(t - real.tv_sec >= 0 && t - real.tv_sec <= 1));

  struct timespec bad;
  memset(&bad, 0, sizeof bad);
  CHECK("clock_gettime(clock 1000)", clock_gettime((clockid_t)1000, &bad));
  bad.tv_nsec = 1000000000L;
  CHECK("nanosleep(tv_nsec = 1e9)", nanosleep(&bad, NULL));
  bad.tv_nsec = 0;
  bad.tv_sec = -1;
  CHECK("nanosleep(tv_sec = -1)", nanosleep(&bad, NULL));
  bad.tv_sec = 0;
  say("clock_nanosleep(clock 1000): returns %s\n", errno_name(clock_nanosleep((clockid_t)1000, 0, &bad, NULL)));
  say("clock_nanosleep(flags 0, zero time): %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL));
  return 0;
}
