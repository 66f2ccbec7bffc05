/**
 * The stat record: what `fstat` / `newfstatat` report about an inode, field for field as Linux's
 * `struct stat`, so a POSIX shim only lays it out in guest memory.
 *
 * @module
 */
import { CHUNK_SIZE } from "./content";
import type { Inode } from "./inode";
import { FileType } from "./mode";
import { utf8Length } from "./path";

/** A timestamp: seconds since the Unix epoch and nanoseconds (0 ≤ nsec < 10^9). */
export interface Timespec {
  /** Whole seconds since the Unix epoch. */
  readonly sec: number;
  /** Nanoseconds within the second. */
  readonly nsec: number;
}

/** What `stat` reports about an inode. */
export interface Stat {
  /** Device number of the filesystem holding the inode (1, 2, … in mount order). */
  readonly dev: number;
  /** Inode number, unique within its filesystem (the root is 1). */
  readonly ino: number;
  /** Type and permission bits ({@link FileMode}). */
  readonly mode: number;
  /** The type, decoded from `mode`. */
  readonly type: FileType;
  /** Number of names (a directory: 2 + its subdirectories; 0 once removed). */
  readonly nlink: number;
  /** Owner. */
  readonly uid: number;
  /** Group. */
  readonly gid: number;
  /** Device number a device file represents: always 0 (there are none). */
  readonly rdev: number;
  /**
   * Size in bytes: a file's length, a symbolic link's target length, and for a directory 40 + 20 per
   * entry (the value Linux's tmpfs reports).
   */
  readonly size: number;
  /** Preferred I/O size: the chunk size, 4096. */
  readonly blksize: number;
  /** Storage held, in 512-byte units (holes hold none; directories and links report 0). */
  readonly blocks: number;
  /** Last access. Reads do not update it (the filesystem behaves as mounted `noatime`). */
  readonly atime: Timespec;
  /** Last modification of the contents. */
  readonly mtime: Timespec;
  /** Last change of the contents or the inode (links, mode). */
  readonly ctime: Timespec;
}

/** Directory sizes as Linux's tmpfs reports them: two bogus entries for `.` and `..`, 20 bytes each. */
const BOGO_DIRENT_SIZE = 20;

/** The stat record of `inode` now. */
export function statOf(inode: Inode): Stat {
  let size: number;
  let blocks = 0;
  switch (inode.kind) {
    case FileType.Regular:
      size = inode.content.size;
      blocks = (inode.content.allocatedChunks * CHUNK_SIZE) / 512;
      break;
    case FileType.Directory:
      size = BOGO_DIRENT_SIZE * (2 + inode.entries.size);
      break;
    case FileType.Symlink:
      size = utf8Length(inode.target);
      break;
  }
  return {
    dev: inode.superblock.dev,
    ino: inode.ino,
    mode: inode.mode,
    type: inode.kind,
    nlink: inode.nlink,
    uid: inode.uid,
    gid: inode.gid,
    rdev: 0,
    size,
    blksize: CHUNK_SIZE,
    blocks,
    atime: inode.atime,
    mtime: inode.mtime,
    ctime: inode.ctime,
  };
}
