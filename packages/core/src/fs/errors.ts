/**
 * The closed set of errors of the in-memory filesystem, and the subset each operation can return.
 * Every member is named after what the Linux errno it maps to means, so a POSIX shim maps them 1:1
 * and an NT shim to the NTSTATUS of the same meaning; the notes say which errno.
 *
 * @module
 */

/** Every error a filesystem operation returns. A closed set. */
export const FsError = {
  /** A component of the path does not exist, the path is empty, or the directory was removed (ENOENT). */
  NotFound: "NotFound",
  /** The name to create already exists (EEXIST). */
  Exists: "Exists",
  /** A component used as a directory is not one, or a trailing slash names a non-directory (ENOTDIR). */
  NotDirectory: "NotDirectory",
  /** A directory where the operation needs something else: write-open, read(), unlink (EISDIR). */
  IsDirectory: "IsDirectory",
  /** A directory to remove or replace is not empty (ENOTEMPTY). */
  NotEmpty: "NotEmpty",
  /** The change would modify a read-only filesystem (EROFS). */
  ReadOnly: "ReadOnly",
  /** A path is 4096 bytes or longer, or a component longer than 255 bytes (ENAMETOOLONG). */
  NameTooLong: "NameTooLong",
  /** An argument is out of range or meaningless for this object (EINVAL). */
  InvalidArgument: "InvalidArgument",
  /** A write or truncate would make a file larger than the filesystem allows (EFBIG). */
  TooBig: "TooBig",
  /** The open file was not opened for this kind of access (EBADF). */
  BadAccessMode: "BadAccessMode",
  /** The permission bits deny the access to these credentials (EACCES). */
  PermissionDenied: "PermissionDenied",
  /** The object is in use as a mount point or a root (EBUSY). */
  Busy: "Busy",
  /** Too many symbolic links, or a symbolic link where following is refused (ELOOP). */
  Loop: "Loop",
  /** A rename across two filesystems (EXDEV). */
  CrossDevice: "CrossDevice",
  /** The filesystem's data capacity is used up (ENOSPC). */
  NoSpace: "NoSpace",
} as const;
/** {@inheritDoc (FsError:variable)} */
export type FsError = (typeof FsError)[keyof typeof FsError];

type E<K extends keyof typeof FsError> = (typeof FsError)[K];

/** Errors of resolving a path, common to every operation that takes one. */
export type PathError =
  | E<"NotFound">
  | E<"NotDirectory">
  | E<"NameTooLong">
  | E<"Loop">
  | E<"PermissionDenied">
  | E<"InvalidArgument">;

/** Errors of {@link Vfs.open}. */
export type OpenError = PathError | E<"Exists"> | E<"IsDirectory"> | E<"ReadOnly">;

/** Errors of {@link Vfs.stat} and {@link Vfs.chdir}. */
export type StatError = PathError;

/** Errors of {@link Vfs.access}. */
export type AccessError = PathError | E<"ReadOnly">;

/** Errors of {@link Vfs.mkdir}. */
export type MkdirError = PathError | E<"Exists"> | E<"ReadOnly">;

/** Errors of {@link Vfs.symlink}. */
export type SymlinkError = PathError | E<"Exists"> | E<"ReadOnly">;

/** Errors of {@link Vfs.readlink} (`InvalidArgument` also when the path is not a symbolic link). */
export type ReadlinkError = PathError;

/** Errors of {@link Vfs.unlink} (`IsDirectory` for a directory, as Linux's unlinkat without AT_REMOVEDIR). */
export type UnlinkError = PathError | E<"IsDirectory"> | E<"ReadOnly">;

/** Errors of {@link Vfs.rmdir}: `InvalidArgument` for a last component `.`, `NotEmpty` for `..`, `Busy` for `/` or a mount point. */
export type RmdirError = PathError | E<"NotEmpty"> | E<"Busy"> | E<"ReadOnly">;

/** Errors of {@link Vfs.rename}. */
export type RenameError =
  | PathError
  | E<"IsDirectory">
  | E<"NotEmpty">
  | E<"Busy">
  | E<"ReadOnly">
  | E<"CrossDevice">;

/** Errors of {@link Vfs.mount}. */
export type MountError = PathError | E<"Busy"> | E<"NoSpace">;

/** Errors of {@link Vfs.getcwd}: the directory was removed. */
export type GetcwdError = E<"NotFound">;

/**
 * Errors of {@link Vfs.readExecutable}: `IsDirectory` for a directory (execve answers EACCES there,
 * NT STATUS_FILE_IS_A_DIRECTORY), `PermissionDenied` when no execute bit allows it.
 */
export type ReadExecutableError = PathError | E<"IsDirectory">;

/** Errors of {@link OpenFile.read} and {@link OpenFile.pread}. */
export type ReadError = E<"BadAccessMode"> | E<"IsDirectory"> | E<"InvalidArgument">;

/** Errors of {@link OpenFile.write} and {@link OpenFile.pwrite}. */
export type WriteError = E<"BadAccessMode"> | E<"TooBig"> | E<"NoSpace"> | E<"InvalidArgument">;

/** Errors of {@link OpenFile.seek}. */
export type SeekError = E<"InvalidArgument">;

/** Errors of {@link OpenFile.truncate}: `InvalidArgument` also for a directory or a file not open for writing. */
export type TruncateError = E<"InvalidArgument"> | E<"TooBig">;

/** Errors of {@link OpenFile.readDirectory}: `NotFound` when the directory was removed. */
export type ReadDirectoryError = E<"NotDirectory"> | E<"NotFound">;

/** Why an image entry was refused. A closed set. */
export type ImageErrorCode = E<"NameTooLong"> | E<"InvalidArgument"> | E<"Exists"> | E<"NotDirectory">;

/** Errors of {@link buildImage}: what is wrong, and with which entry (its index in the list). */
export interface ImageError {
  /** Discriminant. */
  readonly _tag: "ImageError";
  /** What is wrong. */
  readonly code: ImageErrorCode;
  /** The index of the offending entry. */
  readonly index: number;
}
