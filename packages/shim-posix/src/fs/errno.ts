/**
 * The core filesystem's errors as Linux error numbers. Every `FsError` member is named after the
 * errno it stands for, so the mapping is one to one; the few places where Linux answers differently
 * for one call (execve: EACCES for a directory) map there, not here.
 *
 * @module
 */
import { FsError } from "@litebox-ts/core";
import { Errno } from "../abi/errno";

/** The (positive) errno of a filesystem error. */
export function fsErrno(error: FsError): number {
  switch (error) {
    case FsError.NotFound:
      return Errno.ENOENT;
    case FsError.Exists:
      return Errno.EEXIST;
    case FsError.NotDirectory:
      return Errno.ENOTDIR;
    case FsError.IsDirectory:
      return Errno.EISDIR;
    case FsError.NotEmpty:
      return Errno.ENOTEMPTY;
    case FsError.ReadOnly:
      return Errno.EROFS;
    case FsError.NameTooLong:
      return Errno.ENAMETOOLONG;
    case FsError.InvalidArgument:
      return Errno.EINVAL;
    case FsError.TooBig:
      return Errno.EFBIG;
    case FsError.BadAccessMode:
      return Errno.EBADF;
    case FsError.PermissionDenied:
      return Errno.EACCES;
    case FsError.Busy:
      return Errno.EBUSY;
    case FsError.Loop:
      return Errno.ELOOP;
    case FsError.CrossDevice:
      return Errno.EXDEV;
    case FsError.NoSpace:
      return Errno.ENOSPC;
  }
}
