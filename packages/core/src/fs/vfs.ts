/**
 * `Vfs`: the in-memory filesystem subsystem of one LiteBox instance — a namespace of mounted
 * filesystems (a root, plus read-only images or empty writable filesystems mounted on directories)
 * and the operations shims build their file syscalls from: open (an {@link OpenFile} that goes in a
 * descriptor entry), stat, access, mkdir, symlink, readlink, unlink, rmdir, rename, chdir, getcwd,
 * and reading a whole executable for execve / NtCreateUserProcess.
 *
 * Paths are resolved from a {@link DirectoryRef} — the process's cwd, or openat's dirfd — which
 * absolute paths ignore. Credentials default to root. Errors are closed sets of {@link FsError}
 * members named after the errno they map to. Everything is synchronous: nothing here blocks.
 *
 * @module
 */
import { FileContent, SpaceBudget } from "./content";
import { DirectoryRef, directoryInodeOf } from "./directory-ref";
import {
  FsError,
  type AccessError,
  type GetcwdError,
  type MkdirError,
  type MountError,
  type OpenError,
  type ReadExecutableError,
  type ReadlinkError,
  type RenameError,
  type RmdirError,
  type StatError,
  type SymlinkError,
  type UnlinkError,
} from "./errors";
import { createSuperblock, type FileSystemSource } from "./image";
import { initFor, linkEntry, RegularInode, touchModified, type DirectoryInode, type FsState, type Inode } from "./inode";
import {
  crossMounts,
  lookupName,
  lookupParent,
  MAX_SYMLINKS,
  resolveLast,
  resolvePath,
  type ParentLookup,
  type Walk,
} from "./lookup";
import { AccessRight, FileMode, FileType, permits, ROOT_CREDENTIALS, type Credentials } from "./mode";
import { makeDirectory, makeSymlink, removeDirectory, renameEntry, unlinkFile } from "./namespace";
import { FILE_SUBSYSTEM, OpenFile } from "./open-file";
import { statOf, type Stat } from "./stat";
import type { DescriptorOpenError } from "../fd/errors";
import { DescriptorFlags, type RawDescriptorStorage } from "../fd/storage";
import { AccessMode } from "../fd/subsystem";
import type { DescriptorTarget } from "../fd/target";
import type { TimeSourceProvider } from "../platform/provider";
import { InvariantViolation } from "../util/invariant";
import { err, ok, type Result } from "../util/result";

/** Default largest file size: 2^52 bytes (offsets stay exact JavaScript integers). */
export const DEFAULT_MAX_FILE_SIZE = 2 ** 52;

/** Default data capacity of the writable filesystems together: 256 MiB. */
export const DEFAULT_FS_CAPACITY = 256 * 1024 * 1024;

/** Options of a {@link Vfs}. */
export interface VfsOptions {
  /** The root filesystem; default an empty writable one (`{ kind: "memory" }`). */
  readonly root?: FileSystemSource;
  /** Largest file size in bytes (EFBIG past it); default {@link DEFAULT_MAX_FILE_SIZE}. */
  readonly maxFileSize?: number;
  /** Bytes the writable filesystems may hold together (ENOSPC past it); default {@link DEFAULT_FS_CAPACITY}. */
  readonly capacity?: number;
  /** Seconds since the Unix epoch at clock time 0, added to every timestamp; default 0. */
  readonly epochSeconds?: number;
}

/** Who performs an operation; default {@link ROOT_CREDENTIALS}. */
export interface CredentialsOption {
  /** The caller's filesystem credentials. */
  readonly credentials?: Credentials;
}

/** Options of {@link Vfs.open}: the open flags, typed. */
export interface OpenOptions extends CredentialsOption {
  /** Read, write or both (O_RDONLY, O_WRONLY, O_RDWR); default `Read`. */
  readonly access?: AccessMode;
  /** Create a regular file if the name is free (O_CREAT). */
  readonly create?: boolean;
  /** With `create`: fail with `Exists` if the name exists, even as a dangling link (O_EXCL). */
  readonly exclusive?: boolean;
  /** Truncate an existing regular file to 0 (O_TRUNC); needs write permission even with `Read`. */
  readonly truncate?: boolean;
  /** Fail with `NotDirectory` unless the result is a directory (O_DIRECTORY; `InvalidArgument` with `create`). */
  readonly directory?: boolean;
  /** Fail with `Loop` if the last component is a symbolic link (O_NOFOLLOW). */
  readonly noFollow?: boolean;
  /** Permission bits of a created file, umask already applied by the shim; default 0. */
  readonly mode?: number;
}

/** Options of {@link Vfs.openDescriptor}: the open flags plus the new entry's status and slot. */
export interface OpenDescriptorFileOptions extends OpenOptions {
  /** Set close-on-exec on the new number (O_CLOEXEC). */
  readonly closeOnExec?: boolean;
  /** The entry's initial non-blocking flag (O_NONBLOCK: kept, meaningless for files). */
  readonly nonBlocking?: boolean;
  /** The entry's shim-defined status flags (for example O_APPEND, which the shim passes to each write). */
  readonly statusFlags?: number;
  /** Where the number goes; default the lowest free. */
  readonly target?: DescriptorTarget;
}

/** A file opened in a descriptor storage. */
export interface OpenedFile {
  /** The new descriptor number. */
  readonly fd: number;
  /** The open file its entry holds. */
  readonly file: OpenFile;
}

/** Options of {@link Vfs.stat} and {@link Vfs.access}. */
export interface StatOptions extends CredentialsOption {
  /** Follow a final symbolic link (stat) or report on the link itself (lstat, AT_SYMLINK_NOFOLLOW); default true. */
  readonly follow?: boolean;
}

/** A whole executable file, as execve or NtCreateUserProcess loads it. */
export interface ExecutableFile {
  /** A copy of its contents. */
  readonly bytes: Uint8Array;
  /** Its stat record (mode for set-uid, owner…). */
  readonly stat: Stat;
}

function checkSize(name: string, value: number, limit: number): number {
  if (!(Number.isSafeInteger(value) || value === Infinity) || value < 0 || value > limit) {
    throw new InvariantViolation("InvalidArgument", `filesystem ${name} ${value} is out of range`);
  }
  return value;
}

function checkSource(source: FileSystemSource): FileSystemSource {
  if (source.kind === "memory" && source.mode !== undefined && !(Number.isInteger(source.mode) && source.mode >= 0 && source.mode <= 0o7777)) {
    throw new InvariantViolation("InvalidArgument", `root mode ${source.mode} is not within 07777`);
  }
  return source;
}

/** The filesystem namespace of one LiteBox instance. */
export class Vfs {
  readonly #state: FsState;
  readonly #root: DirectoryInode;

  /**
   * Creates the namespace with its root filesystem. Throws `InvariantViolation("InvalidArgument")`
   * for an invalid option or a writable root image larger than the capacity.
   *
   * @param platform - the clock timestamps come from.
   * @param options - root filesystem, limits, epoch.
   */
  constructor(platform: TimeSourceProvider, options: VfsOptions = {}) {
    const maxFileSize = checkSize("maxFileSize", options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_FILE_SIZE);
    const capacity = checkSize("capacity", options.capacity ?? DEFAULT_FS_CAPACITY, Infinity);
    const epochSeconds = options.epochSeconds ?? 0;
    if (!Number.isSafeInteger(epochSeconds)) throw new InvariantViolation("InvalidArgument", `epochSeconds ${epochSeconds} is not an integer`);
    this.#state = {
      time: platform.time,
      epochSeconds,
      budget: new SpaceBudget(capacity),
      maxFileSize,
      liveInodes: 0,
      openFiles: 0,
      orphanedInodes: 0,
      nextDev: 1,
    };
    const root = createSuperblock(this.#state, checkSource(options.root ?? { kind: "memory" }));
    if (!root) throw new InvariantViolation("InvalidArgument", "the root image does not fit the filesystem capacity");
    this.#root = root.root;
  }

  /** The namespace root: every process's first cwd. */
  get root(): DirectoryRef {
    return new DirectoryRef(this.#root);
  }

  /**
   * Mounts `source` on the directory `path` names. `NotDirectory` unless it is a directory; `Busy` if
   * it is already a mount point or the root; `NoSpace` if a writable copy does not fit. What the
   * directory held stays hidden: there is no unmount.
   */
  mount(at: DirectoryRef, path: string, source: FileSystemSource, options: CredentialsOption = {}): Result<void, MountError> {
    const target = resolvePath(this.#walk(options), this.#dir(at), path, true);
    if (!target.ok) return target;
    const dir = target.value;
    if (dir.kind !== FileType.Directory) return err(FsError.NotDirectory);
    // Resolution crosses mount points, so a directory already mounted on resolves to a root too.
    if (dir === dir.superblock.root) return err(FsError.Busy);
    const superblock = createSuperblock(this.#state, checkSource(source));
    if (!superblock) return err(FsError.NoSpace);
    dir.mounted = superblock;
    superblock.mountpoint = dir;
    return ok(undefined);
  }

  /**
   * Opens `path` (openat). See {@link OpenOptions} for the flags. Checks, in Linux's order: the path;
   * with `create`, a last component that is `.`/`..`/`/` or has a trailing slash (`IsDirectory`), an
   * existing name with `exclusive` (`Exists`), a final link with `noFollow` (`Loop`), an existing
   * directory (`IsDirectory`), a removed parent (`NotFound`), a read-only filesystem (`ReadOnly`),
   * write and search permission on the parent; then `directory` (`NotDirectory`), a final link with
   * `noFollow` (`Loop`), a directory opened for writing or truncation (`IsDirectory`), writing on a
   * read-only filesystem (`ReadOnly`), and the permission bits. A file this call created is not
   * checked against its own mode. Put the result in a descriptor entry before the next filesystem
   * call ({@link Vfs.openDescriptor} does both): only then does it keep its inode alive.
   */
  open(at: DirectoryRef, path: string, options: OpenOptions = {}): Result<OpenFile, OpenError> {
    const walk = this.#walk(options);
    const access = options.access ?? AccessMode.Read;
    if (options.create === true && options.directory === true) return err(FsError.InvalidArgument);
    const parent = lookupParent(walk, this.#dir(at), path);
    if (!parent.ok) return parent;
    let inode: Inode;
    let created = false;
    if (options.create === true) {
      const found = this.#openCreate(walk, parent.value, options);
      if (!found.ok) return found;
      ({ inode, created } = found.value);
    } else {
      const found = resolveLast(walk, parent.value, options.noFollow !== true);
      if (!found.ok) return found;
      inode = found.value;
    }
    if (options.directory === true && inode.kind !== FileType.Directory) return err(FsError.NotDirectory);
    if (!created) {
      const writes = access !== AccessMode.Read || options.truncate === true;
      if (inode.kind === FileType.Symlink) return err(FsError.Loop);
      if (inode.kind === FileType.Directory && writes) return err(FsError.IsDirectory);
      if (writes && inode.superblock.readOnly) return err(FsError.ReadOnly);
      const rights = (access !== AccessMode.Write ? AccessRight.READ : 0) | (writes ? AccessRight.WRITE : 0);
      if (!permits(inode, walk.credentials, rights)) return err(FsError.PermissionDenied);
      if (options.truncate === true && inode.kind === FileType.Regular) {
        inode.content.truncate(0);
        touchModified(inode);
      }
    }
    return ok(new OpenFile(inode, inode.kind === FileType.Directory ? AccessMode.Read : access));
  }

  /**
   * Opens `path` and puts the open file in `storage` at the lowest free number (or `target`), the
   * entry's access mode being the open's. Note: a file created by `create` stays created when only
   * the descriptor could not be opened (`TooManyDescriptors`).
   */
  openDescriptor(
    storage: RawDescriptorStorage,
    at: DirectoryRef,
    path: string,
    options: OpenDescriptorFileOptions = {},
  ): Result<OpenedFile, OpenError | DescriptorOpenError> {
    const file = this.open(at, path, options);
    if (!file.ok) return file;
    const fd = storage.descriptors.open(storage, FILE_SUBSYSTEM, file.value, {
      accessMode: file.value.accessMode,
      nonBlocking: options.nonBlocking ?? false,
      statusFlags: options.statusFlags ?? 0,
      flags: options.closeOnExec === true ? DescriptorFlags.CLOSE_ON_EXEC : 0,
      ...(options.target === undefined ? {} : { target: options.target }),
    });
    return fd.ok ? ok({ fd: fd.value, file: file.value }) : fd;
  }

  /** The stat record of what `path` names (stat; lstat with `follow: false`). */
  stat(at: DirectoryRef, path: string, options: StatOptions = {}): Result<Stat, StatError> {
    const inode = resolvePath(this.#walk(options), this.#dir(at), path, options.follow ?? true);
    return inode.ok ? ok(statOf(inode.value)) : inode;
  }

  /**
   * Checks `rights` ({@link AccessRight} bits; 0 checks existence only) on what `path` names
   * (faccessat; pass the real or effective ids as the shim decides). Rights outside 0–7 are
   * `InvalidArgument`, writing on a read-only filesystem `ReadOnly`, a denied right `PermissionDenied`.
   */
  access(at: DirectoryRef, path: string, rights: number, options: StatOptions = {}): Result<void, AccessError> {
    if (!Number.isInteger(rights) || rights < 0 || rights > 7) return err(FsError.InvalidArgument);
    const walk = this.#walk(options);
    const inode = resolvePath(walk, this.#dir(at), path, options.follow ?? true);
    if (!inode.ok) return inode;
    if ((rights & AccessRight.WRITE) !== 0 && inode.value.superblock.readOnly) return err(FsError.ReadOnly);
    return permits(inode.value, walk.credentials, rights) ? ok(undefined) : err(FsError.PermissionDenied);
  }

  /**
   * Creates a directory (mkdirat) with permission bits `mode & 01777` (umask applied by the shim).
   * A last component `.`, `..` or `/`, or any existing name, is `Exists`; a trailing slash is allowed.
   */
  mkdir(at: DirectoryRef, path: string, mode: number, options: CredentialsOption = {}): Result<void, MkdirError> {
    return makeDirectory(this.#walk(options), this.#dir(at), path, mode);
  }

  /**
   * Creates a symbolic link at `path` pointing to `target` (symlinkat). An empty target is
   * `NotFound`, one of 4096 bytes or more `NameTooLong`; an existing name `Exists`.
   */
  symlink(target: string, at: DirectoryRef, path: string, options: CredentialsOption = {}): Result<void, SymlinkError> {
    return makeSymlink(this.#walk(options), this.#dir(at), target, path);
  }

  /** The target of the symbolic link `path` names (readlinkat); `InvalidArgument` if it is not a link. */
  readlink(at: DirectoryRef, path: string, options: CredentialsOption = {}): Result<string, ReadlinkError> {
    const inode = resolvePath(this.#walk(options), this.#dir(at), path, false);
    if (!inode.ok) return inode;
    return inode.value.kind === FileType.Symlink ? ok(inode.value.target) : err(FsError.InvalidArgument);
  }

  /**
   * Removes a name that is not a directory (unlinkat without AT_REMOVEDIR). The file lives on while
   * open. A directory, `.`, `..` or `/` is `IsDirectory`; a trailing slash after a non-directory
   * `NotDirectory`.
   */
  unlink(at: DirectoryRef, path: string, options: CredentialsOption = {}): Result<void, UnlinkError> {
    return unlinkFile(this.#walk(options), this.#dir(at), path);
  }

  /** Removes an empty directory (unlinkat with AT_REMOVEDIR); see {@link RmdirError} for `.`, `..`, `/`. */
  rmdir(at: DirectoryRef, path: string, options: CredentialsOption = {}): Result<void, RmdirError> {
    return removeDirectory(this.#walk(options), this.#dir(at), path);
  }

  /** Renames (renameat without flags); see {@link RenameError}. */
  rename(
    oldAt: DirectoryRef,
    oldPath: string,
    newAt: DirectoryRef,
    newPath: string,
    options: CredentialsOption = {},
  ): Result<void, RenameError> {
    return renameEntry(this.#walk(options), this.#dir(oldAt), oldPath, this.#dir(newAt), newPath);
  }

  /**
   * The directory `path` names, as a new cwd (chdir; fchdir is `chdir(file.directory, ".")`).
   * `NotDirectory` for anything else; `PermissionDenied` without search permission on it.
   */
  chdir(at: DirectoryRef, path: string, options: CredentialsOption = {}): Result<DirectoryRef, StatError> {
    const walk = this.#walk(options);
    const inode = resolvePath(walk, this.#dir(at), path, true);
    if (!inode.ok) return inode;
    if (inode.value.kind !== FileType.Directory) return err(FsError.NotDirectory);
    if (!permits(inode.value, walk.credentials, AccessRight.EXECUTE)) return err(FsError.PermissionDenied);
    return ok(new DirectoryRef(inode.value));
  }

  /** The absolute path of `dir` (getcwd): `/` for the root; `NotFound` once it was removed. */
  getcwd(dir: DirectoryRef): Result<string, GetcwdError> {
    let at = this.#dir(dir);
    if (at.removed) return err(FsError.NotFound);
    const names: string[] = [];
    while (at !== this.#root) {
      if (at === at.superblock.root) {
        // A mounted filesystem's root: continue from the directory it is mounted on. Every
        // superblock but the root's has one.
        at = at.superblock.mountpoint!;
        continue;
      }
      names.push(at.name);
      at = at.parent;
    }
    return ok(`/${names.reverse().join("/")}`);
  }

  /**
   * Reads a whole executable (execve, NtCreateUserProcess): follows links, `IsDirectory` for a
   * directory, `PermissionDenied` unless an execute bit allows these credentials (root too needs
   * one). Reading needs no read permission, as for execve.
   */
  readExecutable(at: DirectoryRef, path: string, options: CredentialsOption = {}): Result<ExecutableFile, ReadExecutableError> {
    const walk = this.#walk(options);
    const inode = resolvePath(walk, this.#dir(at), path, true);
    if (!inode.ok) return inode;
    const file = inode.value;
    if (file.kind === FileType.Directory) return err(FsError.IsDirectory);
    if (file.kind !== FileType.Regular || !permits(file, walk.credentials, AccessRight.EXECUTE)) return err(FsError.PermissionDenied);
    return ok({ bytes: file.content.toBytes(), stat: statOf(file) });
  }

  /** Inodes alive in every filesystem (named, or open). */
  get liveInodeCount(): number {
    return this.#state.liveInodes;
  }

  /** Open files referred to by at least one descriptor slot. 0 when every descriptor is closed. */
  get openFileCount(): number {
    return this.#state.openFiles;
  }

  /** Inodes kept alive only by open files (unlinked while open). 0 when nothing leaks. */
  get orphanedInodeCount(): number {
    return this.#state.orphanedInodes;
  }

  /** Data bytes held by the writable filesystems (whole 4096-byte chunks). */
  get bytesUsed(): number {
    return this.#state.budget.used;
  }

  /** The data capacity of the writable filesystems, in bytes. */
  get capacity(): number {
    return this.#state.budget.capacity;
  }

  /** The largest file size, in bytes. */
  get maxFileSize(): number {
    return this.#state.maxFileSize;
  }

  #walk(options: CredentialsOption): Walk {
    return { root: this.#root, credentials: options.credentials ?? ROOT_CREDENTIALS, links: 0 };
  }

  #dir(ref: DirectoryRef): DirectoryInode {
    const inode = directoryInodeOf(ref);
    if (inode.state !== this.#state) throw new InvariantViolation("InvalidArgument", "the directory belongs to another Vfs");
    return inode;
  }

  #openCreate(walk: Walk, parent: ParentLookup, options: OpenOptions): Result<{ inode: Inode; created: boolean }, OpenError> {
    let { dir, last } = parent;
    for (;;) {
      if (last.kind !== "name" || last.trailingSlash) return err(FsError.IsDirectory);
      const slot = lookupName(dir, last.name);
      if (!slot.ok && slot.error !== FsError.NotFound) return slot;
      if (slot.ok) {
        if (options.exclusive === true) return err(FsError.Exists);
        const inode = slot.value.inode;
        if (inode.kind === FileType.Symlink) {
          if (options.noFollow === true) return err(FsError.Loop);
          if (++walk.links > MAX_SYMLINKS) return err(FsError.Loop);
          // Follow, and create at the link's target if nothing is there (a dangling link).
          const next = lookupParent(walk, dir, inode.target);
          if (!next.ok) return next;
          ({ dir, last } = next.value);
          continue;
        }
        const found = crossMounts(inode);
        if (found.kind === FileType.Directory) return err(FsError.IsDirectory);
        return ok({ inode: found, created: false });
      }
      if (dir.removed) return err(FsError.NotFound);
      if (dir.superblock.readOnly) return err(FsError.ReadOnly);
      if (!permits(dir, walk.credentials, AccessRight.WRITE | AccessRight.EXECUTE)) return err(FsError.PermissionDenied);
      const init = initFor(dir, walk.credentials, (options.mode ?? 0) & FileMode.PERMISSIONS, false);
      const file = new RegularInode(dir.superblock, init, FileContent.empty(this.#state.budget));
      linkEntry(dir, last.name, file);
      return ok({ inode: file, created: true });
    }
  }
}
