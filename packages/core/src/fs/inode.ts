/**
 * The filesystem's objects, modelled explicitly as in a Unix kernel: the state shared by every
 * filesystem of one {@link Vfs} (clock, data budget, size limit, leak counters), the superblock
 * (one mounted filesystem: device number, read-only flag, inode numbers, root) and the inodes
 * (regular file, directory, symbolic link) with their number, mode, link count, owner and times.
 *
 * An inode lives while a directory entry names it (`nlink > 0`) or an open file refers to it
 * (`openCount > 0`); when both reach zero it is freed — its data returns to the budget and the
 * live-inode count drops.
 *
 * @module
 */
import type { FileContent, SpaceBudget } from "./content";
import { FileMode, FileType, type Credentials } from "./mode";
import type { Timespec } from "./stat";
import type { TimeProvider } from "../platform/time";
import { InvariantViolation } from "../util/invariant";

/** What every filesystem of one {@link Vfs} shares. Internal. */
export interface FsState {
  /** The platform clock: timestamps are `epochSeconds` + its reading. */
  readonly time: TimeProvider;
  /** Seconds since the Unix epoch at clock time 0. */
  readonly epochSeconds: number;
  /** Data budget of the writable filesystems. */
  readonly budget: SpaceBudget;
  /** Largest file size, in bytes (writes and truncates past it answer `TooBig`). */
  readonly maxFileSize: number;
  /** Inodes created and not yet freed, in every filesystem. */
  liveInodes: number;
  /** Open files referred to by at least one descriptor slot. */
  openFiles: number;
  /** Open files whose inode has no name left (unlinked while open). */
  orphanedInodes: number;
  /** Device number of the next superblock. */
  nextDev: number;
}

/** The current time of `state`'s clock as a timestamp. */
export function currentTime(state: FsState): Timespec {
  const ns = state.time.now();
  const sec = Math.floor(ns / 1e9);
  return { sec: state.epochSeconds + sec, nsec: ns - sec * 1e9 };
}

/** One mounted filesystem. Internal. */
export class Superblock {
  /** The shared state. */
  readonly state: FsState;
  /** Device number (`st_dev`), unique within the {@link Vfs}. */
  readonly dev: number;
  /** True for a read-only filesystem: every change answers `ReadOnly`. */
  readonly readOnly: boolean;
  /** The directory this filesystem is mounted on; undefined for the namespace root. */
  mountpoint: DirectoryInode | undefined;
  /** The root directory; set right after construction (it needs the superblock to exist). */
  root!: DirectoryInode;
  #nextIno = 1;

  constructor(state: FsState, readOnly: boolean) {
    this.state = state;
    this.readOnly = readOnly;
    this.dev = state.nextDev++;
  }

  /** The next inode number: 1 for the root, then increasing. */
  allocateIno(): number {
    return this.#nextIno++;
  }
}

/** Who owns a new inode, and its mode and time. */
export interface InodeInit {
  /** Permission bits (type bits are the class's). */
  readonly permissions: number;
  /** Owner. */
  readonly uid: number;
  /** Group. */
  readonly gid: number;
}

abstract class InodeBase {
  readonly superblock: Superblock;
  readonly ino: number;
  mode: number;
  nlink = 0;
  uid: number;
  gid: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
  /** Open files (with at least one descriptor slot) referring to this inode. */
  openCount = 0;
  freed = false;

  constructor(superblock: Superblock, type: number, init: InodeInit) {
    this.superblock = superblock;
    this.ino = superblock.allocateIno();
    this.mode = type | (init.permissions & FileMode.PERMISSIONS);
    this.uid = init.uid;
    this.gid = init.gid;
    const t = currentTime(superblock.state);
    this.atime = t;
    this.mtime = t;
    this.ctime = t;
    superblock.state.liveInodes++;
  }

  /** The state shared with the other filesystems. */
  get state(): FsState {
    return this.superblock.state;
  }
}

/** A regular file. */
export class RegularInode extends InodeBase {
  /** Discriminant. */
  readonly kind = FileType.Regular;
  /** The bytes. */
  readonly content: FileContent;

  constructor(superblock: Superblock, init: InodeInit, content: FileContent) {
    super(superblock, FileMode.REGULAR, init);
    this.content = content;
  }
}

/** One name of a directory: the inode and the position at which a directory stream meets it. */
export interface DirectoryEntrySlot {
  /** The inode the name refers to. */
  readonly inode: Inode;
  /** Directory-stream position of this entry: unique in the directory, increasing with insertion. */
  readonly cookie: number;
}

/** Stream positions 0 and 1 are `.` and `..`; entries start here. */
export const FIRST_ENTRY_COOKIE = 2;

/** A directory. Its `..` is `parent` (itself at a filesystem root). */
export class DirectoryInode extends InodeBase {
  /** Discriminant. */
  readonly kind = FileType.Directory;
  /** Names in insertion order (which is also cookie order). */
  readonly entries = new Map<string, DirectoryEntrySlot>();
  /** The directory holding this one's name; itself at a filesystem root. */
  parent: DirectoryInode;
  /** This directory's name in `parent` (empty at a root), kept for getcwd. */
  name: string;
  /** The filesystem mounted on this directory, if any. */
  mounted: Superblock | undefined;
  #nextCookie = FIRST_ENTRY_COOKIE;

  constructor(superblock: Superblock, init: InodeInit, parent?: DirectoryInode, name = "") {
    super(superblock, FileMode.DIRECTORY, init);
    this.parent = parent ?? this;
    this.name = name;
  }

  /** True once removed (rmdir): nothing can be created or found in it any more. */
  get removed(): boolean {
    return this.nlink === 0;
  }

  /** The next directory-stream cookie. */
  nextCookie(): number {
    return this.#nextCookie++;
  }
}

/** A symbolic link. */
export class SymlinkInode extends InodeBase {
  /** Discriminant. */
  readonly kind = FileType.Symlink;
  /** The path it points to. */
  readonly target: string;

  constructor(superblock: Superblock, init: InodeInit, target: string) {
    super(superblock, FileMode.SYMLINK, init);
    this.target = target;
  }
}

/** Any inode. */
export type Inode = RegularInode | DirectoryInode | SymlinkInode;

/** The owner and mode of a new inode made by `credentials` in `parent` (set-gid directories pass on their group). */
export function initFor(parent: DirectoryInode, credentials: Credentials, permissions: number, isDirectory: boolean): InodeInit {
  const inherit = (parent.mode & FileMode.SET_GID) !== 0;
  return {
    permissions: permissions | (inherit && isDirectory ? FileMode.SET_GID : 0),
    uid: credentials.uid,
    gid: inherit ? parent.gid : credentials.gid,
  };
}

/** Updates the modification and change times of `inode` to now. */
export function touchModified(inode: Inode): void {
  const t = currentTime(inode.state);
  inode.mtime = t;
  inode.ctime = t;
}

/** Updates the change time of `inode` to now. */
export function touchChanged(inode: Inode): void {
  inode.ctime = currentTime(inode.state);
}

/** Links the new `inode` into `parent` as `name` (which must be free) and counts the new link. */
export function linkEntry(parent: DirectoryInode, name: string, inode: Inode): void {
  parent.entries.set(name, { inode, cookie: parent.nextCookie() });
  if (inode.kind === FileType.Directory) {
    // (A new directory already knows its parent and name: its constructor took them.)
    // A directory's own `.` and its entry in the parent; the parent gains a `..` pointing at it.
    inode.nlink = 2;
    parent.nlink++;
  } else {
    inode.nlink++;
  }
  touchModified(parent);
}

/**
 * Removes the entry `name` of `parent` (which must exist) and drops the link it held; a removed
 * directory's count goes to 0. Frees the inode if nothing else refers to it.
 */
export function unlinkEntry(parent: DirectoryInode, name: string): void {
  const slot = parent.entries.get(name);
  if (!slot) throw new InvariantViolation("InvalidArgument", `no entry ${name} to unlink`);
  parent.entries.delete(name);
  const inode = slot.inode;
  if (inode.kind === FileType.Directory) {
    inode.nlink = 0;
    parent.nlink--;
  } else {
    inode.nlink--;
  }
  touchModified(parent);
  touchChanged(inode);
  if (inode.nlink === 0 && inode.openCount > 0) inode.state.orphanedInodes++;
  maybeFree(inode);
}

/** Frees `inode` once no name and no open file refer to it. */
export function maybeFree(inode: Inode): void {
  if (inode.freed || inode.nlink > 0 || inode.openCount > 0) return;
  inode.freed = true;
  inode.state.liveInodes--;
  if (inode.kind === FileType.Regular) inode.content.release();
}

/** Counts one more open file on `inode`. */
export function openInode(inode: Inode): void {
  if (inode.freed) {
    // A removed directory stays reachable as a process's cwd or through `..`, so it may be opened
    // again; a freed file is reachable by nothing, so opening one is a caller's bug.
    if (inode.kind !== FileType.Directory) throw new InvariantViolation("OpenFileReleased", "an open file refers to a freed inode");
    inode.freed = false;
    inode.state.liveInodes++;
  }
  inode.openCount++;
  inode.state.openFiles++;
  if (inode.openCount === 1 && inode.nlink === 0) inode.state.orphanedInodes++;
}

/** Counts one open file less on `inode`, freeing it if it has no name left. */
export function closeInode(inode: Inode): void {
  inode.openCount--;
  inode.state.openFiles--;
  if (inode.openCount === 0 && inode.nlink === 0) inode.state.orphanedInodes--;
  maybeFree(inode);
}
