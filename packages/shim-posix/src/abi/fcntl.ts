/**
 * File-status and descriptor constants: open flags (asm-generic octal values, which riscv uses),
 * fcntl commands, *at() flags, seek whences and the ioctls this shim knows.
 *
 * @module
 */

/** open / pipe2 / fcntl(F_SETFL) flag bits. */
export const OpenFlag = {
  O_ACCMODE: 0o3,
  O_RDONLY: 0o0,
  O_WRONLY: 0o1,
  O_RDWR: 0o2,
  O_CREAT: 0o100,
  O_EXCL: 0o200,
  O_NOCTTY: 0o400,
  O_TRUNC: 0o1000,
  O_APPEND: 0o2000,
  O_NONBLOCK: 0o4000,
  O_DSYNC: 0o10000,
  FASYNC: 0o20000,
  O_DIRECT: 0o40000,
  O_LARGEFILE: 0o100000,
  O_DIRECTORY: 0o200000,
  O_NOFOLLOW: 0o400000,
  O_NOATIME: 0o1000000,
  O_CLOEXEC: 0o2000000,
  O_SYNC: 0o4010000,
  O_PATH: 0o10000000,
  O_TMPFILE: 0o20200000,
} as const;

/** The flags F_SETFL may change (Linux's SETFL_MASK); others are silently kept. */
export const SETFL_MASK =
  OpenFlag.O_APPEND | OpenFlag.O_NONBLOCK | OpenFlag.O_DIRECT | OpenFlag.O_NOATIME | OpenFlag.FASYNC;

/** fcntl commands. */
export const FcntlCmd = {
  F_DUPFD: 0,
  F_GETFD: 1,
  F_SETFD: 2,
  F_GETFL: 3,
  F_SETFL: 4,
  F_GETLK: 5,
  F_SETLK: 6,
  F_SETLKW: 7,
  F_SETOWN: 8,
  F_GETOWN: 9,
  F_SETSIG: 10,
  F_GETSIG: 11,
  F_SETOWN_EX: 15,
  F_GETOWN_EX: 16,
  F_OFD_GETLK: 36,
  F_OFD_SETLK: 37,
  F_OFD_SETLKW: 38,
  F_SETLEASE: 1024,
  F_GETLEASE: 1025,
  F_NOTIFY: 1026,
  F_DUPFD_CLOEXEC: 1030,
  F_SETPIPE_SZ: 1031,
  F_GETPIPE_SZ: 1032,
  F_ADD_SEALS: 1033,
  F_GET_SEALS: 1034,
} as const;

/** The descriptor flag of F_GETFD / F_SETFD. */
export const FD_CLOEXEC = 1;

/** *at() directory and flags. */
export const AtFlag = {
  /** dirfd meaning "the current directory" (-100 as a signed int). */
  AT_FDCWD: -100,
  AT_SYMLINK_NOFOLLOW: 0x100,
  AT_REMOVEDIR: 0x200,
  AT_SYMLINK_FOLLOW: 0x400,
  AT_NO_AUTOMOUNT: 0x800,
  AT_EMPTY_PATH: 0x1000,
  AT_STATX_SYNC_TYPE: 0x6000,
  AT_EACCESS: 0x200,
} as const;

/** lseek whence values. */
export const Whence = {
  SEEK_SET: 0,
  SEEK_CUR: 1,
  SEEK_END: 2,
  SEEK_DATA: 3,
  SEEK_HOLE: 4,
} as const;

/** ioctl requests (asm-generic ioctls.h). */
export const Ioctl = {
  TCGETS: 0x5401,
  TCSETS: 0x5402,
  TIOCGPGRP: 0x540f,
  TIOCSPGRP: 0x5410,
  TIOCGWINSZ: 0x5413,
  FIONREAD: 0x541b,
  FIONBIO: 0x5421,
  FIONCLEX: 0x5450,
  FIOCLEX: 0x5451,
} as const;

/** File type bits of `st_mode` / `stx_mode`. */
export const FileMode = {
  S_IFMT: 0o170000,
  S_IFSOCK: 0o140000,
  S_IFLNK: 0o120000,
  S_IFREG: 0o100000,
  S_IFBLK: 0o060000,
  S_IFDIR: 0o040000,
  S_IFCHR: 0o020000,
  S_IFIFO: 0o010000,
} as const;

/** Most iovecs one readv/writev may pass (UIO_MAXIOV). */
export const IOV_MAX = 1024;

/** Linux caps one read/write at this many bytes (INT_MAX rounded down to a page). */
export const MAX_RW_COUNT = 0x7fff_f000;

/** Longest path accepted, including the NUL (PATH_MAX). */
export const PATH_MAX = 4096;
