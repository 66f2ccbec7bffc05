/**
 * openat(2) as Linux 6.x builds it (build_open_how, build_open_flags, do_sys_openat2): unknown flag
 * bits are ignored; O_PATH keeps only O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC; O_CREAT with
 * O_DIRECTORY is EINVAL; O_TMPFILE needs O_DIRECTORY without O_CREAT and a writable access mode
 * (EINVAL), and is EOPNOTSUPP after its directory checks (the core has no unnamed files); then the path
 * (EFAULT, ENAMETOOLONG, ENOENT for an empty one), then a free descriptor (EMFILE — before the lookup,
 * so a failing O_CREAT creates nothing), then the dirfd (EBADF, ENOTDIR) and the filesystem's checks.
 *
 * The entry keeps what F_GETFL reports: the access mode and the open's flags without O_CREAT,
 * O_EXCL, O_NOCTTY, O_TRUNC and O_CLOEXEC (O_NONBLOCK in the entry's own flag). An O_PATH descriptor
 * and one opened with access mode 3 carry their mark in the status flags (see `file-ops.ts`).
 *
 * @module
 */
import { AccessMode, AccessRight, FileType, type RawDescriptorStorage } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { OpenFlag } from "../abi/fcntl";
import type { SyscallContext } from "../syscalls/context";
import { fsErrno } from "./errno";
import { MAX_NON_LFS } from "./limits";
import type { ShimFiles } from "./shim-files";

/** `__O_TMPFILE`: the bit O_TMPFILE adds to O_DIRECTORY. */
const O_TMPFILE_BIT = 0o20000000;
/** The flags open(2) knows (VALID_OPEN_FLAGS); others are dropped silently. */
export const VALID_OPEN_FLAGS =
  OpenFlag.O_ACCMODE |
  OpenFlag.O_CREAT |
  OpenFlag.O_EXCL |
  OpenFlag.O_NOCTTY |
  OpenFlag.O_TRUNC |
  OpenFlag.O_APPEND |
  OpenFlag.O_NONBLOCK |
  OpenFlag.O_SYNC |
  OpenFlag.O_DSYNC |
  OpenFlag.FASYNC |
  OpenFlag.O_DIRECT |
  OpenFlag.O_LARGEFILE |
  OpenFlag.O_DIRECTORY |
  OpenFlag.O_NOFOLLOW |
  OpenFlag.O_NOATIME |
  OpenFlag.O_CLOEXEC |
  OpenFlag.O_PATH |
  O_TMPFILE_BIT;
/** What an O_PATH open keeps (O_PATH_FLAGS). */
const O_PATH_FLAGS = OpenFlag.O_DIRECTORY | OpenFlag.O_NOFOLLOW | OpenFlag.O_PATH | OpenFlag.O_CLOEXEC;
/** Flags that act at open only and are not part of the open file's status (F_GETFL). */
const OPEN_ONLY_FLAGS = OpenFlag.O_CREAT | OpenFlag.O_EXCL | OpenFlag.O_NOCTTY | OpenFlag.O_TRUNC | OpenFlag.O_CLOEXEC;

/** True when `storage` has a number free below its limit (Linux allocates the fd before the lookup). */
export function hasFreeDescriptor(storage: RawDescriptorStorage): boolean {
  const limit = storage.limit;
  if (storage.count < limit) return true;
  for (let fd = 0; fd < limit; fd++) if (!storage.has(fd)) return true;
  return false;
}

/** openat(dirfd, path, flags, mode). */
export function openat(files: ShimFiles, ctx: SyscallContext): number {
  const dirfd = ctx.argSigned(0);
  let flags = ctx.arg(2) & VALID_OPEN_FLAGS;
  const mode = ctx.arg(3);
  if ((flags & OpenFlag.O_PATH) !== 0) flags &= O_PATH_FLAGS;
  const directory = (flags & OpenFlag.O_DIRECTORY) !== 0;
  const create = (flags & OpenFlag.O_CREAT) !== 0;
  if (directory && create) return -Errno.EINVAL;
  const tmpfile = (flags & O_TMPFILE_BIT) !== 0;
  const accmode = flags & OpenFlag.O_ACCMODE;
  if (tmpfile && (!directory || accmode === OpenFlag.O_RDONLY)) return -Errno.EINVAL;

  const path = ctx.memory.readPath(ctx.arg(1));
  if (!path.ok) return -path.error;
  if (path.value === "") return -Errno.ENOENT;
  const process = ctx.process;
  if (!hasFreeDescriptor(process.files)) return -Errno.EMFILE;
  const at = files.directoryAt(ctx, dirfd, path.value);
  if (typeof at === "number") return at;
  const credentials = files.credentialsOf(process);
  const vfs = files.vfs;

  if (tmpfile) {
    // The directory must exist and be writable; then the filesystem cannot make unnamed files.
    const dir = vfs.stat(at, path.value, { credentials });
    if (!dir.ok) return -fsErrno(dir.error);
    if (dir.value.type !== FileType.Directory) return -Errno.ENOTDIR;
    const writable = vfs.access(at, path.value, AccessRight.WRITE | AccessRight.EXECUTE, { credentials });
    return writable.ok ? -Errno.EOPNOTSUPP : -fsErrno(writable.error);
  }

  const pathOnly = (flags & OpenFlag.O_PATH) !== 0;
  const access = pathOnly || accmode === OpenFlag.O_RDONLY ? AccessMode.Read : accmode === OpenFlag.O_WRONLY ? AccessMode.Write : AccessMode.ReadWrite;
  // Access mode 3 (ioctl-only) keeps its O_WRONLY bit in the status, so F_GETFL reports 3.
  const status = (flags & ~(OPEN_ONLY_FLAGS | OpenFlag.O_ACCMODE | OpenFlag.O_NONBLOCK)) | (accmode === OpenFlag.O_ACCMODE ? OpenFlag.O_WRONLY : 0);
  const opened = vfs.openDescriptor(process.files, at, path.value, {
    access,
    create: !pathOnly && create,
    exclusive: (flags & OpenFlag.O_EXCL) !== 0,
    truncate: !pathOnly && (flags & OpenFlag.O_TRUNC) !== 0,
    directory,
    noFollow: (flags & OpenFlag.O_NOFOLLOW) !== 0,
    mode: mode & 0o7777 & ~process.umask,
    credentials,
    closeOnExec: (flags & OpenFlag.O_CLOEXEC) !== 0,
    nonBlocking: (flags & OpenFlag.O_NONBLOCK) !== 0,
    statusFlags: status,
  });
  if (opened.ok) {
    // generic_file_open: without O_LARGEFILE, a file too large for a 32-bit off_t is EOVERFLOW.
    // (Linux checks this before O_TRUNC truncates; the core has truncated by now — a file that large
    // opened with O_TRUNC and without O_LARGEFILE is the one case that differs.)
    const { fd, file } = opened.value;
    if (!pathOnly && (flags & OpenFlag.O_LARGEFILE) === 0 && file.type === FileType.Regular && file.stat().size > MAX_NON_LFS) {
      process.files.close(fd);
      return -Errno.EOVERFLOW;
    }
    return fd;
  }
  const error = opened.error;
  // The descriptor errors cannot happen after the check above; EMFILE is what they would mean.
  return error === "TooManyDescriptors" || error === "OutOfRange" ? -Errno.EMFILE : -fsErrno(error);
}
