/**
 * Remaining ABI constants: memory (mmap/mprotect), futex operations, clocks, resource limits, and
 * the limits execve applies to its arguments.
 *
 * @module
 */

/** mmap / mprotect protection bits. */
export const ProtFlag = {
  PROT_NONE: 0,
  PROT_READ: 1,
  PROT_WRITE: 2,
  PROT_EXEC: 4,
  PROT_GROWSDOWN: 0x0100_0000,
  PROT_GROWSUP: 0x0200_0000,
} as const;

/** mmap flag bits. */
export const MapFlag = {
  MAP_SHARED: 0x01,
  MAP_PRIVATE: 0x02,
  MAP_SHARED_VALIDATE: 0x03,
  MAP_TYPE: 0x0f,
  MAP_FIXED: 0x10,
  MAP_ANONYMOUS: 0x20,
  MAP_GROWSDOWN: 0x0100,
  MAP_DENYWRITE: 0x0800,
  MAP_EXECUTABLE: 0x1000,
  MAP_LOCKED: 0x2000,
  MAP_NORESERVE: 0x4000,
  MAP_POPULATE: 0x8000,
  MAP_NONBLOCK: 0x1_0000,
  MAP_STACK: 0x2_0000,
  MAP_HUGETLB: 0x4_0000,
  MAP_SYNC: 0x8_0000,
  MAP_FIXED_NOREPLACE: 0x10_0000,
} as const;

/** mmap2's offset unit on rv32 (the offset argument counts 4 KiB units). */
export const MMAP2_UNIT = 4096;

/** futex operations (low bits of `op`) and option bits. */
export const FutexOp = {
  FUTEX_WAIT: 0,
  FUTEX_WAKE: 1,
  FUTEX_FD: 2,
  FUTEX_REQUEUE: 3,
  FUTEX_CMP_REQUEUE: 4,
  FUTEX_WAKE_OP: 5,
  FUTEX_LOCK_PI: 6,
  FUTEX_UNLOCK_PI: 7,
  FUTEX_TRYLOCK_PI: 8,
  FUTEX_WAIT_BITSET: 9,
  FUTEX_WAKE_BITSET: 10,
  FUTEX_WAIT_REQUEUE_PI: 11,
  FUTEX_CMP_REQUEUE_PI: 12,
  FUTEX_LOCK_PI2: 13,
  FUTEX_PRIVATE_FLAG: 128,
  FUTEX_CLOCK_REALTIME: 256,
  FUTEX_CMD_MASK: ~(128 | 256),
} as const;

/** FUTEX_BITSET_MATCH_ANY. */
export const FUTEX_BITSET_MATCH_ANY = 0xffff_ffff;

/** Clock ids. */
export const ClockId = {
  CLOCK_REALTIME: 0,
  CLOCK_MONOTONIC: 1,
  CLOCK_PROCESS_CPUTIME_ID: 2,
  CLOCK_THREAD_CPUTIME_ID: 3,
  CLOCK_MONOTONIC_RAW: 4,
  CLOCK_REALTIME_COARSE: 5,
  CLOCK_MONOTONIC_COARSE: 6,
  CLOCK_BOOTTIME: 7,
  CLOCK_REALTIME_ALARM: 8,
  CLOCK_BOOTTIME_ALARM: 9,
  CLOCK_TAI: 11,
} as const;

/** clock_nanosleep flag: the time is absolute. */
export const TIMER_ABSTIME = 1;

/** Resource numbers of prlimit64. */
export const Rlimit = {
  RLIMIT_CPU: 0,
  RLIMIT_FSIZE: 1,
  RLIMIT_DATA: 2,
  RLIMIT_STACK: 3,
  RLIMIT_CORE: 4,
  RLIMIT_RSS: 5,
  RLIMIT_NPROC: 6,
  RLIMIT_NOFILE: 7,
  RLIMIT_MEMLOCK: 8,
  RLIMIT_AS: 9,
  RLIMIT_LOCKS: 10,
  RLIMIT_SIGPENDING: 11,
  RLIMIT_MSGQUEUE: 12,
  RLIMIT_NICE: 13,
  RLIMIT_RTPRIO: 14,
  RLIMIT_RTTIME: 15,
} as const;

/** Number of resources (RLIM_NLIMITS). */
export const RLIM_NLIMITS = 16;

/** RLIM64_INFINITY, as a bigint (the u64 all-ones). */
export const RLIM64_INFINITY = 0xffff_ffff_ffff_ffffn;

/** execve limits: one argument or environment string (MAX_ARG_STRLEN, 32 pages). */
export const MAX_ARG_STRLEN = 32 * 4096;

/** execve limits: the number of argv (or envp) pointers (MAX_ARG_STRINGS). */
export const MAX_ARG_STRINGS = 0x7fff_ffff;

/** getrandom flags. */
export const GetrandomFlag = {
  GRND_NONBLOCK: 1,
  GRND_RANDOM: 2,
  GRND_INSECURE: 4,
} as const;
