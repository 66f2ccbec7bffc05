/* Clocks and sleeping through the time64 system calls (the only ones rv32 has). */
#include <errno.h>
#include <time.h>
#include "syscall.h"

int clock_gettime(clockid_t clock, struct timespec *ts) {
  int r = __sys2(SYS_clock_gettime64, clock, ts);
  if (r == 0) ts->__pad = 0;
  return r;
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem) {
  struct timespec k = *req;
  k.__pad = 0;
  /* Unlike most calls, clock_nanosleep returns the error number instead of setting errno. */
  long r = __sc4(SYS_clock_nanosleep_time64, clock, flags, (long)&k, (long)rem);
  if (rem && r == -EINTR) rem->__pad = 0;
  return (int)-r;
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
  int r = clock_nanosleep(CLOCK_REALTIME, 0, req, rem);
  if (r != 0) {
    errno = r;
    return -1;
  }
  return 0;
}

time_t time(time_t *t) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) < 0) return (time_t)-1;
  if (t) *t = ts.tv_sec;
  return ts.tv_sec;
}

clock_t clock(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0) return (clock_t)-1;
  return (clock_t)(ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}
