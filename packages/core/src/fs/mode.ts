/**
 * File types, mode bits and credentials, and the permission check. Mode values are the classic Unix
 * ones (the type in the high bits, then set-uid, set-gid, sticky and the nine rwx bits), which Linux
 * uses unchanged, so a POSIX shim copies `st_mode` through; an NT shim reads the type.
 *
 * @module
 */
import type { Inode } from "./inode";

/** Mode bits: the file type field and the permission bits. */
export const FileMode = {
  /** Mask of the file-type field (S_IFMT). */
  TYPE_MASK: 0o170000,
  /** Regular file (S_IFREG). */
  REGULAR: 0o100000,
  /** Directory (S_IFDIR). */
  DIRECTORY: 0o040000,
  /** Symbolic link (S_IFLNK). */
  SYMLINK: 0o120000,
  /** Set-user-id on execution (S_ISUID). */
  SET_UID: 0o4000,
  /** Set-group-id (S_ISGID); on a directory, new entries inherit its group. */
  SET_GID: 0o2000,
  /** Sticky bit (S_ISVTX); kept but not enforced (see the README). */
  STICKY: 0o1000,
  /** Every permission bit, including set-uid, set-gid and sticky (07777). */
  PERMISSIONS: 0o7777,
} as const;

/** The kind of an inode. A closed set. */
export const FileType = {
  /** A regular file: bytes. */
  Regular: "Regular",
  /** A directory: names to inodes. */
  Directory: "Directory",
  /** A symbolic link: a path. */
  Symlink: "Symlink",
} as const;
/** {@inheritDoc (FileType:variable)} */
export type FileType = (typeof FileType)[keyof typeof FileType];

/**
 * Who performs an operation: the filesystem user and group ids and the supplementary groups (the
 * POSIX shim passes the fsuid/fsgid of the calling process). uid 0 may read and write anything and
 * execute anything that has at least one execute bit, as Linux's root.
 */
export interface Credentials {
  /** The user id. */
  readonly uid: number;
  /** The primary group id. */
  readonly gid: number;
  /** Supplementary group ids; default none. */
  readonly groups?: readonly number[];
}

/** The credentials operations use when none are given: root (uid 0, gid 0). */
export const ROOT_CREDENTIALS: Credentials = Object.freeze({ uid: 0, gid: 0 });

/** Access rights asked of an inode, as a bit set (the values of R_OK, W_OK, X_OK). */
export const AccessRight = {
  /** Read (R_OK). */
  READ: 4,
  /** Write (W_OK). */
  WRITE: 2,
  /** Execute, or search for a directory (X_OK). */
  EXECUTE: 1,
} as const;

/** The type bits of a {@link FileType}. */
export function typeBits(type: FileType): number {
  switch (type) {
    case FileType.Regular:
      return FileMode.REGULAR;
    case FileType.Directory:
      return FileMode.DIRECTORY;
    case FileType.Symlink:
      return FileMode.SYMLINK;
  }
}

/**
 * True if `credentials` may access `inode` with every right in `want` ({@link AccessRight} bits).
 * The owner class is used for the owner even when the group or other class would allow more, as in
 * Unix. Root bypasses read and write, and search on directories; executing a non-directory needs at
 * least one execute bit even for root.
 */
export function permits(inode: Inode, credentials: Credentials, want: number): boolean {
  const mode = inode.mode;
  if (credentials.uid === 0) {
    if ((want & AccessRight.EXECUTE) === 0 || inode.kind === FileType.Directory) return true;
    return (mode & 0o111) !== 0;
  }
  let bits: number;
  if (credentials.uid === inode.uid) bits = (mode >> 6) & 7;
  else if (credentials.gid === inode.gid || (credentials.groups?.includes(inode.gid) ?? false)) bits = (mode >> 3) & 7;
  else bits = mode & 7;
  return (bits & want) === want;
}
