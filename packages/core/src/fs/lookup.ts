/**
 * Path resolution (the kernel's "namei"): walking a path from a starting directory — the namespace
 * root for an absolute path, the caller's directory (cwd or openat's dirfd) for a relative one —
 * through `.`, `..`, symbolic links and mount points, checking search permission on every directory
 * it passes, as Linux does.
 *
 * Operations first resolve the parent of the last component ({@link lookupParent}); those that
 * create or remove a name work on that (directory, name) pair, never crossing a mount point at the
 * last step; those that use an existing object finish with {@link resolveLast}.
 *
 * @module
 */
import { FsError, type PathError } from "./errors";
import { FileType, AccessRight, permits, type Credentials } from "./mode";
import type { DirectoryInode, DirectoryEntrySlot, Inode } from "./inode";
import { nameFits, parsePath } from "./path";
import { err, ok, type Result } from "../util/result";

/** Symbolic links followed at most per resolution (Linux MAXSYMLINKS); one more is `Loop`. */
export const MAX_SYMLINKS = 40;

/** One resolution in progress: its root, its credentials and how many links it followed. */
export interface Walk {
  /** The namespace root: where absolute paths and absolute link targets start, and `..` stops. */
  readonly root: DirectoryInode;
  /** Who is resolving (search permission). */
  readonly credentials: Credentials;
  /** Symbolic links followed so far. */
  links: number;
}

/** The last component of a path, classified as Linux does (LAST_ROOT, LAST_DOT, LAST_DOTDOT, LAST_NORM). */
export type LastComponent =
  | { readonly kind: "root" }
  | { readonly kind: "dot" }
  | { readonly kind: "dotdot" }
  | { readonly kind: "name"; readonly name: string; readonly trailingSlash: boolean };

/** A resolved parent: the directory the last component is in, and that component. */
export interface ParentLookup {
  /** The directory (search permission on it already checked). */
  readonly dir: DirectoryInode;
  /** The last component. */
  readonly last: LastComponent;
}

const ROOT: LastComponent = Object.freeze({ kind: "root" });
const DOT: LastComponent = Object.freeze({ kind: "dot" });
const DOTDOT: LastComponent = Object.freeze({ kind: "dotdot" });

/** Resolves every component of `path` but the last, from `base` (relative) or the root (absolute). */
export function lookupParent(walk: Walk, base: DirectoryInode, path: string): Result<ParentLookup, PathError> {
  const parsed = parsePath(path);
  if (!parsed.ok) return parsed;
  const { components, trailingSlash } = parsed.value;
  let dir = parsed.value.absolute ? walk.root : base;
  if (components.length === 0) return ok({ dir, last: ROOT });
  for (let i = 0; i < components.length - 1; i++) {
    const next = stepInto(walk, dir, components[i]!);
    if (!next.ok) return next;
    dir = next.value;
  }
  // Linux checks search permission on the directory before it looks up the last component too.
  if (!permits(dir, walk.credentials, AccessRight.EXECUTE)) return err(FsError.PermissionDenied);
  const name = components[components.length - 1]!;
  const last = name === "." ? DOT : name === ".." ? DOTDOT : { kind: "name" as const, name, trailingSlash };
  return ok({ dir, last });
}

/**
 * Finishes a resolution: the object the last component names. A final symbolic link is followed if
 * `follow` is set or the path had a trailing slash; a final mount point is crossed; a trailing slash
 * on anything but a directory is `NotDirectory`.
 */
export function resolveLast(walk: Walk, parent: ParentLookup, follow: boolean): Result<Inode, PathError> {
  const { dir, last } = parent;
  switch (last.kind) {
    case "root":
      return ok(walk.root);
    case "dot":
      return ok(dir);
    case "dotdot":
      return ok(dotdot(walk, dir));
    case "name": {
      const slot = lookupName(dir, last.name);
      if (!slot.ok) return slot;
      const inode = follow || last.trailingSlash ? followLink(walk, dir, slot.value.inode) : ok(crossMounts(slot.value.inode));
      if (!inode.ok) return inode;
      if (last.trailingSlash && inode.value.kind !== FileType.Directory) return err(FsError.NotDirectory);
      return inode;
    }
  }
}

/** Resolves the whole of `path` (see {@link resolveLast} for `follow`). */
export function resolvePath(walk: Walk, base: DirectoryInode, path: string, follow: boolean): Result<Inode, PathError> {
  const parent = lookupParent(walk, base, path);
  return parent.ok ? resolveLast(walk, parent.value, follow) : parent;
}

/** The entry `name` of `dir`: `NameTooLong` past 255 bytes, `NotFound` if absent. */
export function lookupName(
  dir: DirectoryInode,
  name: string,
): Result<DirectoryEntrySlot, typeof FsError.NameTooLong | typeof FsError.NotFound> {
  if (!nameFits(name)) return err(FsError.NameTooLong);
  const slot = dir.entries.get(name);
  return slot ? ok(slot) : err(FsError.NotFound);
}

/**
 * Follows `inode` if it is a symbolic link (its target resolved from `dir`, the directory holding
 * it), counting against {@link MAX_SYMLINKS}, and crosses a mount point on the result.
 */
export function followLink(walk: Walk, dir: DirectoryInode, inode: Inode): Result<Inode, PathError> {
  if (inode.kind !== FileType.Symlink) return ok(crossMounts(inode));
  if (++walk.links > MAX_SYMLINKS) return err(FsError.Loop);
  return resolvePath(walk, dir, inode.target, true);
}

/** The root of whatever is mounted on `inode`, or `inode` itself. */
export function crossMounts(inode: Inode): Inode {
  let at = inode;
  while (at.kind === FileType.Directory && at.mounted) at = at.mounted.root;
  return at;
}

/**
 * The `..` of `dir`: itself at the namespace root; at the root of a mounted filesystem, the parent
 * of the directory it is mounted on; otherwise its parent (which a removed directory keeps).
 */
export function dotdot(walk: Walk, dir: DirectoryInode): DirectoryInode {
  let at = dir;
  for (;;) {
    if (at === walk.root) return at;
    if (at !== at.superblock.root) return at.parent;
    // Every filesystem root but the namespace root's is mounted somewhere.
    at = at.superblock.mountpoint!;
  }
}

function stepInto(walk: Walk, dir: DirectoryInode, component: string): Result<DirectoryInode, PathError> {
  if (!permits(dir, walk.credentials, AccessRight.EXECUTE)) return err(FsError.PermissionDenied);
  if (component === ".") return ok(dir);
  if (component === "..") return ok(dotdot(walk, dir));
  const slot = lookupName(dir, component);
  if (!slot.ok) return slot;
  const inode = followLink(walk, dir, slot.value.inode);
  if (!inode.ok) return inode;
  return inode.value.kind === FileType.Directory ? ok(inode.value) : err(FsError.NotDirectory);
}
