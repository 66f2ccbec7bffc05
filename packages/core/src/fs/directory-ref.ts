/**
 * A reference to a directory that paths can be resolved from: a process's current directory (kept
 * by the shim, changed with {@link Vfs.chdir}) or the directory behind openat's dirfd
 * ({@link OpenFile.directory}). It stays usable after the directory is removed, as a Linux cwd
 * does: lookups in it then answer `NotFound` and {@link Vfs.getcwd} too.
 *
 * @module
 */
import type { DirectoryInode } from "./inode";

let inodeOfImpl: (ref: DirectoryRef) => DirectoryInode;

/** An opaque handle on one directory of one {@link Vfs}. */
export class DirectoryRef {
  readonly #inode: DirectoryInode;

  /** @internal Obtained from {@link Vfs.root}, {@link Vfs.chdir} or {@link OpenFile.directory}. */
  constructor(inode: DirectoryInode) {
    this.#inode = inode;
  }

  /** True if `other` refers to the same directory. */
  isSame(other: DirectoryRef): boolean {
    return this.#inode === other.#inode;
  }

  /** True once the directory was removed (rmdir, or replaced by rename). */
  get removed(): boolean {
    return this.#inode.removed;
  }

  static {
    inodeOfImpl = (ref) => ref.#inode;
  }
}

/** The directory inode behind `ref`. Internal to the fs layer. */
export function directoryInodeOf(ref: DirectoryRef): DirectoryInode {
  return inodeOfImpl(ref);
}
