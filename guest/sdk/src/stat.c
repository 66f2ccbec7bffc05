/* stat and friends on statx (rv32's only stat system call), mkdir, umask. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "syscall.h"

int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *stx) {
  return __sys5(SYS_statx, dirfd, path, flags, mask, stx);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags) {
  struct statx x;
  if (statx(dirfd, path, flags, STATX_BASIC_STATS, &x) < 0) return -1;
  st->st_dev = ((uint64_t)x.stx_dev_major << 32) | x.stx_dev_minor;
  st->st_ino = x.stx_ino;
  st->st_mode = x.stx_mode;
  st->st_nlink = x.stx_nlink;
  st->st_uid = x.stx_uid;
  st->st_gid = x.stx_gid;
  st->st_rdev = ((uint64_t)x.stx_rdev_major << 32) | x.stx_rdev_minor;
  st->st_size = (off_t)x.stx_size;
  st->st_blksize = (blksize_t)x.stx_blksize;
  st->st_blocks = (blkcnt_t)x.stx_blocks;
  st->st_atim.tv_sec = x.stx_atime.tv_sec;
  st->st_atim.tv_nsec = (long)x.stx_atime.tv_nsec;
  st->st_atim.__pad = 0;
  st->st_mtim.tv_sec = x.stx_mtime.tv_sec;
  st->st_mtim.tv_nsec = (long)x.stx_mtime.tv_nsec;
  st->st_mtim.__pad = 0;
  st->st_ctim.tv_sec = x.stx_ctime.tv_sec;
  st->st_ctim.tv_nsec = (long)x.stx_ctime.tv_nsec;
  st->st_ctim.__pad = 0;
  return 0;
}

int stat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, 0); }
int lstat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW); }
int fstat(int fd, struct stat *st) { return fstatat(fd, "", st, AT_EMPTY_PATH); }

int mkdirat(int dirfd, const char *path, mode_t mode) { return __sys3(SYS_mkdirat, dirfd, path, mode); }
int mkdir(const char *path, mode_t mode) { return mkdirat(AT_FDCWD, path, mode); }
mode_t umask(mode_t mask) { return (mode_t)__sc1(SYS_umask, (long)mask); }
