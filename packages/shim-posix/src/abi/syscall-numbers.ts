/**
 * Linux system call numbers as riscv32 has them: the asm-generic table (`include/uapi/asm-generic/
 * unistd.h`) with riscv's choices. rv32 is a time64-only ABI, so the 32-bit-time calls (wait4, futex,
 * clock_gettime, nanosleep, ppoll, pselect6…) do not exist; their `*_time64` successors (403 and up)
 * do. riscv32 also lacks the calls behind `__ARCH_WANT_NEW_STAT` / `__ARCH_WANT_STAT64`
 * (newfstatat 79, fstat 80 — use statx), `__ARCH_WANT_SET_GET_RLIMIT` (getrlimit 163, setrlimit 164 —
 * use prlimit64) and `__ARCH_WANT_RENAMEAT` (renameat 38 — use renameat2). Those numbers are listed
 * in {@link ABSENT_ON_RV32} so that nobody implements them by mistake.
 *
 * @module
 */

/** System call numbers (a7). Names are the kernel's `__NR_` names without the prefix. */
export const Sys = {
  io_setup: 0,
  io_destroy: 1,
  io_submit: 2,
  io_cancel: 3,
  setxattr: 5,
  lsetxattr: 6,
  fsetxattr: 7,
  getxattr: 8,
  lgetxattr: 9,
  fgetxattr: 10,
  listxattr: 11,
  llistxattr: 12,
  flistxattr: 13,
  removexattr: 14,
  lremovexattr: 15,
  fremovexattr: 16,
  getcwd: 17,
  lookup_dcookie: 18,
  eventfd2: 19,
  epoll_create1: 20,
  epoll_ctl: 21,
  epoll_pwait: 22,
  dup: 23,
  dup3: 24,
  fcntl64: 25,
  inotify_init1: 26,
  inotify_add_watch: 27,
  inotify_rm_watch: 28,
  ioctl: 29,
  ioprio_set: 30,
  ioprio_get: 31,
  flock: 32,
  mknodat: 33,
  mkdirat: 34,
  unlinkat: 35,
  symlinkat: 36,
  linkat: 37,
  umount2: 39,
  mount: 40,
  pivot_root: 41,
  statfs64: 43,
  fstatfs64: 44,
  truncate64: 45,
  ftruncate64: 46,
  fallocate: 47,
  faccessat: 48,
  chdir: 49,
  fchdir: 50,
  chroot: 51,
  fchmod: 52,
  fchmodat: 53,
  fchownat: 54,
  fchown: 55,
  openat: 56,
  close: 57,
  vhangup: 58,
  pipe2: 59,
  quotactl: 60,
  getdents64: 61,
  llseek: 62,
  read: 63,
  write: 64,
  readv: 65,
  writev: 66,
  pread64: 67,
  pwrite64: 68,
  preadv: 69,
  pwritev: 70,
  sendfile64: 71,
  signalfd4: 74,
  vmsplice: 75,
  splice: 76,
  tee: 77,
  readlinkat: 78,
  sync: 81,
  fsync: 82,
  fdatasync: 83,
  sync_file_range: 84,
  timerfd_create: 85,
  acct: 89,
  capget: 90,
  capset: 91,
  personality: 92,
  exit: 93,
  exit_group: 94,
  waitid: 95,
  set_tid_address: 96,
  unshare: 97,
  set_robust_list: 99,
  get_robust_list: 100,
  getitimer: 102,
  setitimer: 103,
  kexec_load: 104,
  init_module: 105,
  delete_module: 106,
  timer_create: 107,
  timer_getoverrun: 109,
  timer_delete: 111,
  syslog: 116,
  ptrace: 117,
  sched_setparam: 118,
  sched_setscheduler: 119,
  sched_getscheduler: 120,
  sched_getparam: 121,
  sched_setaffinity: 122,
  sched_getaffinity: 123,
  sched_yield: 124,
  sched_get_priority_max: 125,
  sched_get_priority_min: 126,
  restart_syscall: 128,
  kill: 129,
  tkill: 130,
  tgkill: 131,
  sigaltstack: 132,
  rt_sigsuspend: 133,
  rt_sigaction: 134,
  rt_sigprocmask: 135,
  rt_sigpending: 136,
  rt_sigqueueinfo: 138,
  rt_sigreturn: 139,
  setpriority: 140,
  getpriority: 141,
  reboot: 142,
  setregid: 143,
  setgid: 144,
  setreuid: 145,
  setuid: 146,
  setresuid: 147,
  getresuid: 148,
  setresgid: 149,
  getresgid: 150,
  setfsuid: 151,
  setfsgid: 152,
  times: 153,
  setpgid: 154,
  getpgid: 155,
  getsid: 156,
  setsid: 157,
  getgroups: 158,
  setgroups: 159,
  uname: 160,
  sethostname: 161,
  setdomainname: 162,
  getrusage: 165,
  umask: 166,
  prctl: 167,
  getcpu: 168,
  getpid: 172,
  getppid: 173,
  getuid: 174,
  geteuid: 175,
  getgid: 176,
  getegid: 177,
  gettid: 178,
  sysinfo: 179,
  socket: 198,
  socketpair: 199,
  bind: 200,
  listen: 201,
  accept: 202,
  connect: 203,
  getsockname: 204,
  getpeername: 205,
  sendto: 206,
  recvfrom: 207,
  setsockopt: 208,
  getsockopt: 209,
  shutdown: 210,
  sendmsg: 211,
  recvmsg: 212,
  readahead: 213,
  brk: 214,
  munmap: 215,
  mremap: 216,
  clone: 220,
  execve: 221,
  mmap2: 222,
  fadvise64_64: 223,
  mprotect: 226,
  msync: 227,
  mlock: 228,
  munlock: 229,
  mlockall: 230,
  munlockall: 231,
  mincore: 232,
  madvise: 233,
  rt_tgsigqueueinfo: 240,
  accept4: 242,
  riscv_hwprobe: 258,
  riscv_flush_icache: 259,
  prlimit64: 261,
  syncfs: 267,
  setns: 268,
  sendmmsg: 269,
  process_vm_readv: 270,
  process_vm_writev: 271,
  renameat2: 276,
  seccomp: 277,
  getrandom: 278,
  memfd_create: 279,
  execveat: 281,
  membarrier: 283,
  copy_file_range: 285,
  preadv2: 286,
  pwritev2: 287,
  statx: 291,
  rseq: 293,
  clock_gettime64: 403,
  clock_settime64: 404,
  clock_adjtime64: 405,
  clock_getres_time64: 406,
  clock_nanosleep_time64: 407,
  timer_gettime64: 408,
  timer_settime64: 409,
  timerfd_gettime64: 410,
  timerfd_settime64: 411,
  utimensat_time64: 412,
  pselect6_time64: 413,
  ppoll_time64: 414,
  io_pgetevents_time64: 416,
  recvmmsg_time64: 417,
  mq_timedsend_time64: 418,
  mq_timedreceive_time64: 419,
  semtimedop_time64: 420,
  rt_sigtimedwait_time64: 421,
  futex_time64: 422,
  sched_rr_get_interval_time64: 423,
  pidfd_send_signal: 424,
  pidfd_open: 434,
  clone3: 435,
  close_range: 436,
  openat2: 437,
  pidfd_getfd: 438,
  faccessat2: 439,
  epoll_pwait2: 441,
  futex_waitv: 449,
} as const;
/** A known system call name. */
export type SyscallName = keyof typeof Sys;

/**
 * Numbers that exist in the asm-generic table but not for riscv32 (time32 calls and the
 * `__ARCH_WANT_*` groups riscv32 does not select). Real rv32 Linux answers ENOSYS for them, and so
 * must we.
 */
export const ABSENT_ON_RV32: ReadonlySet<number> = new Set([
  4, // io_getevents (time32)
  38, // renameat
  72, // pselect6 (time32)
  73, // ppoll (time32)
  79, // newfstatat / fstatat64
  80, // fstat / fstat64
  86, // timerfd_settime (time32)
  87, // timerfd_gettime (time32)
  88, // utimensat (time32)
  98, // futex (time32)
  101, // nanosleep (time32)
  108, // timer_gettime (time32)
  110, // timer_settime (time32)
  112, // clock_settime (time32)
  113, // clock_gettime (time32)
  114, // clock_getres (time32)
  115, // clock_nanosleep (time32)
  127, // sched_rr_get_interval (time32)
  137, // rt_sigtimedwait (time32)
  163, // getrlimit
  164, // setrlimit
  169, // gettimeofday (time32)
  170, // settimeofday (time32)
  171, // adjtimex (time32)
  243, // recvmmsg (time32)
  260, // wait4
  266, // clock_adjtime (time32)
  292, // io_pgetevents (time32)
]);

const NAMES: ReadonlyMap<number, SyscallName> = new Map(
  (Object.entries(Sys) as Array<[SyscallName, number]>).map(([name, nr]) => [nr, name]),
);

/** The kernel's name of syscall `nr`, or `undefined` when rv32 has no such call (for traces). */
export function syscallName(nr: number): SyscallName | undefined {
  return NAMES.get(nr);
}
