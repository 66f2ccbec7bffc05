/**
 * Operations that change names: mkdir, symlink, unlink, rmdir, rename. Each resolves the parent of
 * its last component, then checks in the order Linux checks (so that when several things are wrong
 * the error is Linux's): the kind of last component, read-only filesystem, the name, permission on
 * the parent, then the object itself.
 *
 * @module
 */
import { FsError, type MkdirError, type RenameError, type RmdirError, type SymlinkError, type UnlinkError } from "./errors";
import {
  DirectoryInode,
  initFor,
  linkEntry,
  SymlinkInode,
  touchChanged,
  touchModified,
  unlinkEntry,
  type Inode,
} from "./inode";
import { lookupName, lookupParent, type Walk } from "./lookup";
import { AccessRight, FileMode, FileType, permits } from "./mode";
import { PATH_MAX, utf8Length } from "./path";
import { err, ok, type Result } from "../util/result";

const WRITE_SEARCH = AccessRight.WRITE | AccessRight.EXECUTE;

/** mkdir: a new directory with permission bits `mode & 01777` (the shim applied the umask). */
export function makeDirectory(walk: Walk, base: DirectoryInode, path: string, mode: number): Result<void, MkdirError> {
  const parent = lookupParent(walk, base, path);
  if (!parent.ok) return parent;
  const { dir, last } = parent.value;
  if (last.kind !== "name") return err(FsError.Exists);
  const slot = lookupName(dir, last.name);
  if (slot.ok) return err(FsError.Exists);
  if (slot.error !== FsError.NotFound) return slot;
  if (dir.superblock.readOnly) return err(FsError.ReadOnly);
  if (dir.removed) return err(FsError.NotFound);
  if (!permits(dir, walk.credentials, WRITE_SEARCH)) return err(FsError.PermissionDenied);
  const init = initFor(dir, walk.credentials, mode & (FileMode.PERMISSIONS & ~(FileMode.SET_UID | FileMode.SET_GID)), true);
  linkEntry(dir, last.name, new DirectoryInode(dir.superblock, init, dir, last.name));
  return ok(undefined);
}

/** symlink: a new symbolic link at `path` pointing to `target` (stored as given, never resolved here). */
export function makeSymlink(walk: Walk, base: DirectoryInode, target: string, path: string): Result<void, SymlinkError> {
  if (target.length === 0) return err(FsError.NotFound);
  if (utf8Length(target) >= PATH_MAX) return err(FsError.NameTooLong);
  if (target.includes("\0")) return err(FsError.InvalidArgument);
  const parent = lookupParent(walk, base, path);
  if (!parent.ok) return parent;
  const { dir, last } = parent.value;
  if (last.kind !== "name") return err(FsError.Exists);
  const slot = lookupName(dir, last.name);
  if (slot.ok) return err(FsError.Exists);
  if (slot.error !== FsError.NotFound) return slot;
  // Only mkdir may name a new object with a trailing slash.
  if (last.trailingSlash) return err(FsError.NotFound);
  if (dir.superblock.readOnly) return err(FsError.ReadOnly);
  if (dir.removed) return err(FsError.NotFound);
  if (!permits(dir, walk.credentials, WRITE_SEARCH)) return err(FsError.PermissionDenied);
  linkEntry(dir, last.name, new SymlinkInode(dir.superblock, initFor(dir, walk.credentials, 0o777, false), target));
  return ok(undefined);
}

/** unlink (unlinkat without AT_REMOVEDIR): removes a name that is not a directory (`IsDirectory` if it is). */
export function unlinkFile(walk: Walk, base: DirectoryInode, path: string): Result<void, UnlinkError> {
  const parent = lookupParent(walk, base, path);
  if (!parent.ok) return parent;
  const { dir, last } = parent.value;
  if (last.kind !== "name") return err(FsError.IsDirectory);
  if (dir.superblock.readOnly) return err(FsError.ReadOnly);
  const slot = lookupName(dir, last.name);
  if (!slot.ok) return slot;
  const victim = slot.value.inode;
  if (last.trailingSlash) return err(victim.kind === FileType.Directory ? FsError.IsDirectory : FsError.NotDirectory);
  if (!permits(dir, walk.credentials, WRITE_SEARCH)) return err(FsError.PermissionDenied);
  if (victim.kind === FileType.Directory) return err(FsError.IsDirectory);
  unlinkEntry(dir, last.name);
  return ok(undefined);
}

/**
 * rmdir (unlinkat with AT_REMOVEDIR): removes an empty directory. A last component `.` is
 * `InvalidArgument`, `..` `NotEmpty`, `/` `Busy` (Linux's answers); a mount point is `Busy`.
 */
export function removeDirectory(walk: Walk, base: DirectoryInode, path: string): Result<void, RmdirError> {
  const parent = lookupParent(walk, base, path);
  if (!parent.ok) return parent;
  const { dir, last } = parent.value;
  if (last.kind === "dot") return err(FsError.InvalidArgument);
  if (last.kind === "dotdot") return err(FsError.NotEmpty);
  if (last.kind === "root") return err(FsError.Busy);
  if (dir.superblock.readOnly) return err(FsError.ReadOnly);
  const slot = lookupName(dir, last.name);
  if (!slot.ok) return slot;
  const victim = slot.value.inode;
  if (!permits(dir, walk.credentials, WRITE_SEARCH)) return err(FsError.PermissionDenied);
  if (victim.kind !== FileType.Directory) return err(FsError.NotDirectory);
  if (victim.mounted) return err(FsError.Busy);
  if (victim.entries.size > 0) return err(FsError.NotEmpty);
  unlinkEntry(dir, last.name);
  return ok(undefined);
}

function isAncestorOrSelf(ancestor: Inode, dir: DirectoryInode): boolean {
  // Within one filesystem: parents never leave it, and its root is its own parent.
  for (let at = dir; ; at = at.parent) {
    if (at === ancestor) return true;
    if (at.parent === at) return false;
  }
}

/**
 * rename (renameat2 without flags): moves `oldPath` to `newPath`, replacing what `newPath` names — a
 * non-directory by a non-directory, an empty directory by a directory. Both must be on the same
 * filesystem (`CrossDevice`); moving a directory into itself is `InvalidArgument`, over one of its
 * own ancestors `NotEmpty`; `.`, `..`, `/` or a mount point at either end `Busy`. Renaming a name
 * onto another name of the same inode does nothing.
 */
export function renameEntry(
  walk: Walk,
  oldBase: DirectoryInode,
  oldPath: string,
  newBase: DirectoryInode,
  newPath: string,
): Result<void, RenameError> {
  const from = lookupParent(walk, oldBase, oldPath);
  if (!from.ok) return from;
  const to = lookupParent(walk, newBase, newPath);
  if (!to.ok) return to;
  const { dir: oldDir, last: oldLast } = from.value;
  const { dir: newDir, last: newLast } = to.value;
  if (oldDir.superblock !== newDir.superblock) return err(FsError.CrossDevice);
  if (oldLast.kind !== "name" || newLast.kind !== "name") return err(FsError.Busy);
  if (oldDir.superblock.readOnly) return err(FsError.ReadOnly);
  const source = lookupName(oldDir, oldLast.name);
  if (!source.ok) return source;
  const target = lookupName(newDir, newLast.name);
  if (!target.ok && target.error !== FsError.NotFound) return target;
  const moving = source.value.inode;
  const isDir = moving.kind === FileType.Directory;
  if (!isDir && (oldLast.trailingSlash || newLast.trailingSlash)) return err(FsError.NotDirectory);
  if (isDir && isAncestorOrSelf(moving, newDir)) return err(FsError.InvalidArgument);
  const replaced = target.ok ? target.value.inode : undefined;
  if (replaced && replaced.kind === FileType.Directory && isAncestorOrSelf(replaced, oldDir)) return err(FsError.NotEmpty);
  if (replaced === moving) return ok(undefined);
  if (!permits(oldDir, walk.credentials, WRITE_SEARCH)) return err(FsError.PermissionDenied);
  if (replaced) {
    if (!permits(newDir, walk.credentials, WRITE_SEARCH)) return err(FsError.PermissionDenied);
    if (isDir && replaced.kind !== FileType.Directory) return err(FsError.NotDirectory);
    if (!isDir && replaced.kind === FileType.Directory) return err(FsError.IsDirectory);
  } else {
    if (newDir.removed) return err(FsError.NotFound);
    if (!permits(newDir, walk.credentials, WRITE_SEARCH)) return err(FsError.PermissionDenied);
  }
  // A directory changing parents rewrites its `..`, which needs write permission on it.
  if (isDir && oldDir !== newDir && !permits(moving, walk.credentials, AccessRight.WRITE)) return err(FsError.PermissionDenied);
  if ((isDir && moving.mounted) || (replaced?.kind === FileType.Directory && replaced.mounted)) return err(FsError.Busy);
  if (replaced?.kind === FileType.Directory && replaced.entries.size > 0) return err(FsError.NotEmpty);

  if (replaced) unlinkEntry(newDir, newLast.name);
  oldDir.entries.delete(oldLast.name);
  newDir.entries.set(newLast.name, { inode: moving, cookie: newDir.nextCookie() });
  if (moving.kind === FileType.Directory) {
    moving.parent = newDir;
    moving.name = newLast.name;
    oldDir.nlink--;
    newDir.nlink++;
  }
  touchModified(oldDir);
  touchModified(newDir);
  touchChanged(moving);
  return ok(undefined);
}
