/* time.h: clocks and sleeping (64-bit time_t; the kernel's time64 calls). */
#ifndef _TIME_H
#define _TIME_H
#include <bits/types.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1
#define CLOCKS_PER_SEC 1000000L

/* Layout of the kernel's __kernel_timespec on a little-endian 32-bit machine: the padding after
 * tv_nsec is the upper half of the kernel's 64-bit field and must be zero. */
struct timespec {
  time_t tv_sec;
  long tv_nsec;
  int __pad;
};

int clock_gettime(clockid_t clock, struct timespec *ts);
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem);
int nanosleep(const struct timespec *req, struct timespec *rem);
time_t time(time_t *t);
clock_t clock(void);

#endif
