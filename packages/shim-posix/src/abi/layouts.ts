/**
 * Struct layouts of the rv32 Linux ABI as byte offsets (ILP32: `long` and pointers are 4 bytes,
 * `long long` 8 bytes with 8-byte alignment). Every layout has a `SIZE`. Sources: the kernel's
 * `include/uapi` headers (asm-generic siginfo.h, signal.h, linux/time_types.h, linux/uio.h,
 * linux/poll.h, linux/stat.h, linux/resource.h, linux/utsname.h) as they compile for riscv32.
 *
 * riscv32 has no `stat`/`stat64` system call (no fstat, newfstatat): `statx` is the only stat
 * interface, so {@link StatxLayout} is the one stat layout here.
 *
 * @module
 */

/**
 * `siginfo_t`: 128 bytes. A 12-byte preamble (signo, errno, code), then a union at 12 whose fields
 * depend on the signal.
 */
export const SiginfoLayout = {
  SIZE: 128,
  si_signo: 0,
  si_errno: 4,
  si_code: 8,
  /** kill / SIGCHLD / rt: the sender's pid. */
  si_pid: 12,
  /** kill / SIGCHLD / rt: the sender's real uid. */
  si_uid: 16,
  /** SIGCHLD: exit code or signal. */
  si_status: 20,
  /** SIGCHLD: user CPU time (`clock_t`, 4 bytes on rv32). */
  si_utime: 24,
  /** SIGCHLD: system CPU time. */
  si_stime: 28,
  /** rt signals / timers: the `sigval` (int or pointer). */
  si_value: 20,
  /** SIGSEGV / SIGBUS / SIGILL / SIGTRAP / SIGFPE: the faulting address. */
  si_addr: 12,
  /** timers: the timer id. */
  si_tid: 12,
  /** timers: the overrun count. */
  si_overrun: 16,
} as const;

/** `struct __kernel_timespec` (the time64 timespec of every `*_time64` call): 16 bytes. */
export const Timespec64Layout = {
  SIZE: 16,
  /** Seconds, a signed 64-bit integer. */
  tv_sec: 0,
  /** Nanoseconds, a 64-bit `long long`; a native rv32 kernel keeps only the low 32 bits (its `long`). */
  tv_nsec: 8,
} as const;

/** `struct __kernel_old_timeval` (inside `struct rusage`): 8 bytes on rv32. */
export const OldTimevalLayout = {
  SIZE: 8,
  tv_sec: 0,
  tv_usec: 4,
} as const;

/** `struct rusage` (waitid's fifth argument, getrusage): two old timevals and 14 longs, 72 bytes. */
export const RusageLayout = {
  SIZE: 72,
  ru_utime: 0,
  ru_stime: 8,
  ru_maxrss: 16,
} as const;

/** `struct iovec`: 8 bytes. */
export const IovecLayout = {
  SIZE: 8,
  iov_base: 0,
  iov_len: 4,
} as const;

/** `struct pollfd`: 8 bytes. */
export const PollfdLayout = {
  SIZE: 8,
  fd: 0,
  /** A 16-bit field. */
  events: 4,
  /** A 16-bit field. */
  revents: 6,
} as const;

/** `struct statx_timestamp`: 16 bytes. */
export const StatxTimestampLayout = {
  SIZE: 16,
  tv_sec: 0,
  tv_nsec: 8,
} as const;

/** `struct statx`: 256 bytes. */
export const StatxLayout = {
  SIZE: 256,
  stx_mask: 0,
  stx_blksize: 4,
  stx_attributes: 8,
  stx_nlink: 16,
  stx_uid: 20,
  stx_gid: 24,
  /** A 16-bit field. */
  stx_mode: 28,
  stx_ino: 32,
  stx_size: 40,
  stx_blocks: 48,
  stx_attributes_mask: 56,
  stx_atime: 64,
  stx_btime: 80,
  stx_ctime: 96,
  stx_mtime: 112,
  stx_rdev_major: 128,
  stx_rdev_minor: 132,
  stx_dev_major: 136,
  stx_dev_minor: 140,
  stx_mnt_id: 144,
  stx_dio_mem_align: 152,
  stx_dio_offset_align: 156,
} as const;

/** statx mask bits. */
export const StatxMask = {
  STATX_TYPE: 0x0001,
  STATX_MODE: 0x0002,
  STATX_NLINK: 0x0004,
  STATX_UID: 0x0008,
  STATX_GID: 0x0010,
  STATX_ATIME: 0x0020,
  STATX_MTIME: 0x0040,
  STATX_CTIME: 0x0080,
  STATX_INO: 0x0100,
  STATX_SIZE: 0x0200,
  STATX_BLOCKS: 0x0400,
  STATX_BASIC_STATS: 0x07ff,
  STATX_BTIME: 0x0800,
  STATX_MNT_ID: 0x1000,
} as const;

/** `struct linux_dirent64` header (getdents64): the name follows at `d_name`, records 8-aligned. */
export const Dirent64Layout = {
  d_ino: 0,
  d_off: 8,
  /** A 16-bit field. */
  d_reclen: 16,
  /** An 8-bit field. */
  d_type: 18,
  d_name: 19,
} as const;

/** riscv's kernel `struct sigaction` for rt_sigaction: handler, flags, mask — no restorer. 16 bytes. */
export const SigactionLayout = {
  SIZE: 16,
  sa_handler: 0,
  sa_flags: 4,
  /** The 64-bit kernel sigset_t. */
  sa_mask: 8,
} as const;

/** `stack_t` (sigaltstack): 12 bytes. */
export const StackTLayout = {
  SIZE: 12,
  ss_sp: 0,
  ss_flags: 4,
  ss_size: 8,
} as const;

/** `struct rlimit64` (prlimit64): two u64, 16 bytes. */
export const Rlimit64Layout = {
  SIZE: 16,
  rlim_cur: 0,
  rlim_max: 8,
} as const;

/** `struct new_utsname` (uname): six 65-byte NUL-terminated fields. */
export const UtsnameLayout = {
  SIZE: 390,
  FIELD: 65,
  sysname: 0,
  nodename: 65,
  release: 130,
  version: 195,
  machine: 260,
  domainname: 325,
} as const;

/** `struct termios` (asm-generic, TCGETS): 4 flag words, c_line, 19 control characters; 36 bytes. */
export const TermiosLayout = {
  SIZE: 36,
  c_iflag: 0,
  c_oflag: 4,
  c_cflag: 8,
  c_lflag: 12,
  c_line: 16,
  c_cc: 17,
} as const;

/** `struct winsize` (TIOCGWINSZ): four u16, 8 bytes. */
export const WinsizeLayout = {
  SIZE: 8,
  ws_row: 0,
  ws_col: 2,
  ws_xpixel: 4,
  ws_ypixel: 6,
} as const;
