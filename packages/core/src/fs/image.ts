/**
 * Filesystem images: a validated, immutable tree built from a flat list of entries (the CLI walks a
 * host folder and hands the files over as data; tests write the list by hand), and the sources a
 * {@link Vfs} mounts — an image, read-only or writable, or an empty writable filesystem.
 *
 * One image may be mounted any number of times, in any number of {@link Vfs} instances: mounting
 * read-only shares its bytes (never copied), mounting writable copies them into the filesystem's own
 * storage.
 *
 * @module
 */
import { FileContent } from "./content";
import { FsError, type ImageError, type ImageErrorCode } from "./errors";
import { DirectoryInode, linkEntry, RegularInode, Superblock, SymlinkInode, type FsState, type Inode } from "./inode";
import { FileType } from "./mode";
import { PATH_MAX, nameFits, utf8Length } from "./path";
import { err, ok, type Result } from "../util/result";

/** A path inside an image: `"a/b"` or `"/a/b"` (`""` and `"/"` are the root), or its components. */
export type ImagePath = string | readonly string[];

/** Owner of an image entry; both default to 0. */
export interface ImageOwner {
  /** Owner user id (an integer in [0, 2^32 − 1]). */
  readonly uid?: number;
  /** Owner group id (an integer in [0, 2^32 − 1]). */
  readonly gid?: number;
}

/** A regular file of an image. */
export interface ImageFileEntry extends ImageOwner {
  /** Where it goes. */
  readonly path: ImagePath;
  /** Its contents; a string is stored as UTF-8. Copied when the image is built. */
  readonly data: Uint8Array | string;
  /** Permission bits (07777 at most); default 0o644. */
  readonly mode?: number;
}

/** A directory of an image (parents of other entries are created implicitly, 0o755, owned by 0:0). */
export interface ImageDirectoryEntry extends ImageOwner {
  /** Where it goes; the root (`""`, `"/"`, `[]`) sets the root's mode and owner. */
  readonly path: ImagePath;
  /** Marks a directory. */
  readonly directory: true;
  /** Permission bits (07777 at most); default 0o755. */
  readonly mode?: number;
}

/** A symbolic link of an image. */
export interface ImageSymlinkEntry extends ImageOwner {
  /** Where it goes. */
  readonly path: ImagePath;
  /** The path it points to (not resolved when the image is built; may dangle). */
  readonly symlink: string;
}

/** One entry of {@link buildImage}'s list. */
export type ImageEntry = ImageFileEntry | ImageDirectoryEntry | ImageSymlinkEntry;

interface Owner {
  readonly uid: number;
  readonly gid: number;
}
interface FileNode extends Owner {
  readonly kind: typeof FileType.Regular;
  readonly data: Uint8Array;
  readonly mode: number;
}
interface DirNode extends Owner {
  readonly kind: typeof FileType.Directory;
  readonly mode: number;
  readonly children: Map<string, ImageNode>;
  readonly explicit: boolean;
}
interface LinkNode extends Owner {
  readonly kind: typeof FileType.Symlink;
  readonly target: string;
}
type ImageNode = FileNode | DirNode | LinkNode;

// Declared before the class: its static block assigns it while the class is being defined.
let imageRootImpl: (image: FileSystemImage) => DirNode;

/** A validated, immutable directory tree, ready to mount. Build it with {@link buildImage}. */
export class FileSystemImage {
  readonly #root: DirNode;
  readonly #files: number;
  readonly #bytes: number;

  /** @internal Use {@link buildImage} or {@link EMPTY_IMAGE}. */
  constructor(root: DirNode) {
    this.#root = root;
    let files = 0;
    let bytes = 0;
    const visit = (dir: DirNode): void => {
      for (const node of dir.children.values()) {
        if (node.kind === FileType.Regular) {
          files++;
          bytes += node.data.length;
        } else if (node.kind === FileType.Directory) visit(node);
      }
    };
    visit(root);
    this.#files = files;
    this.#bytes = bytes;
  }

  /** Number of regular files. */
  get fileCount(): number {
    return this.#files;
  }

  /** Total bytes of the regular files. */
  get byteCount(): number {
    return this.#bytes;
  }

  static {
    imageRootImpl = (image) => image.#root;
  }
}

/** An image with nothing in it but its root (mode 0o755, owned by 0:0). */
export const EMPTY_IMAGE: FileSystemImage = new FileSystemImage(emptyDir(0o755, { uid: 0, gid: 0 }, true));

function emptyDir(mode: number, owner: Owner, explicit: boolean): DirNode {
  return { kind: FileType.Directory, mode, uid: owner.uid, gid: owner.gid, children: new Map(), explicit };
}

function fail(code: ImageErrorCode, index: number): Result<never, ImageError> {
  return err({ _tag: "ImageError", code, index });
}

function isId(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;
}

function components(path: ImagePath): Result<readonly string[], ImageErrorCode> {
  let parts: readonly string[];
  if (typeof path === "string") {
    const body = path.startsWith("/") ? path.slice(1) : path;
    parts = body.length === 0 ? [] : body.split("/");
  } else {
    parts = path;
  }
  for (const part of parts) {
    if (part.length === 0 || part === "." || part === ".." || part.includes("/") || part.includes("\0")) {
      return err(FsError.InvalidArgument);
    }
    if (!nameFits(part)) return err(FsError.NameTooLong);
  }
  // The absolute path must fit a guest's PATH_MAX-sized buffer.
  if (parts.reduce((n, part) => n + 1 + utf8Length(part), 0) >= PATH_MAX) return err(FsError.NameTooLong);
  return ok(parts);
}

function checkEntry(entry: ImageEntry): ImageErrorCode | undefined {
  if (!isId(entry.uid ?? 0) || !isId(entry.gid ?? 0)) return FsError.InvalidArgument;
  if ("symlink" in entry) {
    if (entry.symlink.length === 0 || entry.symlink.includes("\0")) return FsError.InvalidArgument;
    if (utf8Length(entry.symlink) >= PATH_MAX) return FsError.NameTooLong;
    return undefined;
  }
  const mode = entry.mode;
  if (mode !== undefined && !(Number.isInteger(mode) && mode >= 0 && mode <= 0o7777)) return FsError.InvalidArgument;
  return undefined;
}

function nodeOf(entry: ImageEntry): ImageNode {
  const owner = { uid: entry.uid ?? 0, gid: entry.gid ?? 0 };
  if ("symlink" in entry) return { kind: FileType.Symlink, target: entry.symlink, ...owner };
  if ("directory" in entry) return emptyDir(entry.mode ?? 0o755, owner, true);
  const data = typeof entry.data === "string" ? new TextEncoder().encode(entry.data) : entry.data.slice();
  return { kind: FileType.Regular, data, mode: entry.mode ?? 0o644, ...owner };
}

/**
 * Builds an image from `entries`, in order; each directory lists its entries in the order they were
 * given (sort the list for a deterministic listing). Missing parent directories are created
 * (0o755, 0:0); a later directory entry for one of them sets its mode and owner. Refused, with the
 * index of the first bad entry: an empty component, `.`, `..`, NUL or `/` inside a component, a mode
 * outside 07777, a uid/gid outside u32, an empty symbolic-link target (`InvalidArgument`); a component
 * over 255 bytes, a path or link target of 4096 bytes or more (`NameTooLong`); a path given twice,
 * or a non-directory at the root (`Exists`); a parent that is not a directory (`NotDirectory`).
 */
export function buildImage(entries: readonly ImageEntry[]): Result<FileSystemImage, ImageError> {
  let root = emptyDir(0o755, { uid: 0, gid: 0 }, false);
  for (const [index, entry] of entries.entries()) {
    const parts = components(entry.path);
    if (!parts.ok) return fail(parts.error, index);
    const bad = checkEntry(entry);
    if (bad) return fail(bad, index);
    const node = nodeOf(entry);
    if (parts.value.length === 0) {
      if (node.kind !== FileType.Directory || root.explicit) return fail(FsError.Exists, index);
      root = { ...node, children: root.children };
      continue;
    }
    let dir = root;
    for (const part of parts.value.slice(0, -1)) {
      let child = dir.children.get(part);
      if (!child) {
        child = emptyDir(0o755, { uid: 0, gid: 0 }, false);
        dir.children.set(part, child);
      }
      if (child.kind !== FileType.Directory) return fail(FsError.NotDirectory, index);
      dir = child;
    }
    const name = parts.value[parts.value.length - 1]!;
    const existing = dir.children.get(name);
    if (existing) {
      // An implicitly created parent may be described later, once; it keeps its place and children.
      if (existing.kind !== FileType.Directory || existing.explicit || node.kind !== FileType.Directory) {
        return fail(FsError.Exists, index);
      }
      dir.children.set(name, { ...node, children: existing.children });
    } else {
      dir.children.set(name, node);
    }
  }
  return ok(new FileSystemImage(root));
}

/** What a {@link Vfs} mounts. */
export type FileSystemSource =
  | {
      /** An empty writable filesystem (tmpfs). */
      readonly kind: "memory";
      /** Permission bits of its root; default 0o755. */
      readonly mode?: number;
    }
  | {
      /** An image. */
      readonly kind: "image";
      /** The image. */
      readonly image: FileSystemImage;
      /** Default true: changes answer `ReadOnly` and the image's bytes are shared. False: a writable copy. */
      readonly readOnly?: boolean;
    };

/**
 * A new superblock holding `source`'s tree, inode numbers assigned depth-first in listing order
 * (the root is 1). `undefined` if a writable copy does not fit the data budget (nothing is kept).
 */
export function createSuperblock(state: FsState, source: FileSystemSource): Superblock | undefined {
  const image = source.kind === "image" ? imageRootImpl(source.image) : emptyDir(source.mode ?? 0o755, { uid: 0, gid: 0 }, true);
  const readOnly = source.kind === "image" && (source.readOnly ?? true);
  const superblock = new Superblock(state, readOnly);
  const created: Inode[] = [];
  const root = new DirectoryInode(superblock, { permissions: image.mode, uid: image.uid, gid: image.gid });
  root.nlink = 2;
  superblock.root = root;
  created.push(root);
  const populate = (dir: DirectoryInode, node: DirNode): boolean => {
    for (const [name, child] of node.children) {
      let inode: Inode;
      const init = { permissions: child.kind === FileType.Symlink ? 0o777 : child.mode, uid: child.uid, gid: child.gid };
      if (child.kind === FileType.Regular) {
        const content = readOnly ? FileContent.viewOf(child.data) : FileContent.copyOf(child.data, state.budget);
        if (!content) return false;
        inode = new RegularInode(superblock, init, content);
      } else if (child.kind === FileType.Symlink) {
        inode = new SymlinkInode(superblock, init, child.target);
      } else {
        inode = new DirectoryInode(superblock, init, dir, name);
      }
      created.push(inode);
      linkEntry(dir, name, inode);
      if (inode.kind === FileType.Directory && child.kind === FileType.Directory && !populate(inode, child)) return false;
    }
    return true;
  };
  if (!populate(root, image)) {
    for (const inode of created) if (inode.kind === FileType.Regular) inode.content.release();
    state.liveInodes -= created.length;
    return undefined;
  }
  return superblock;
}
