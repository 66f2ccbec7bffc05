/**
 * The syscalls that change or query names: mkdirat, unlinkat, renameat2, symlinkat, readlinkat,
 * faccessat, faccessat2, getcwd, chdir and fchdir. Flag checks come first (EINVAL), then the paths in
 * argument order (EFAULT, ENAMETOOLONG, ENOENT for an empty one), then the dirfds (EBADF, ENOTDIR),
 * then the filesystem's own checks, as Linux orders them.
 *
 * @module
 */
import type { Credentials as FsCredentials } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { AtFlag, PATH_MAX } from "../abi/fcntl";
import type { FileStat } from "../io/file-ops";
import type { SyscallContext } from "../syscalls/context";
import { fsErrno } from "./errno";
import { entryStat } from "./stat-syscalls";
import { openFileOf, type ShimFiles } from "./shim-files";

const encoder = new TextEncoder();

/** renameat2 flags. */
export const RenameFlag = {
  RENAME_NOREPLACE: 1,
  RENAME_EXCHANGE: 2,
  RENAME_WHITEOUT: 4,
} as const;

/** The path at argument `index`: the string, or `-errno` (an empty one is ENOENT unless `allowEmpty`). */
function pathArg(ctx: SyscallContext, index: number, allowEmpty = false): string | number {
  const path = ctx.memory.readPath(ctx.arg(index));
  if (!path.ok) return -path.error;
  return path.value === "" && !allowEmpty ? -Errno.ENOENT : path.value;
}

function mkdirat(files: ShimFiles, ctx: SyscallContext): number {
  const path = pathArg(ctx, 1);
  if (typeof path === "number") return path;
  const at = files.directoryAt(ctx, ctx.argSigned(0), path);
  if (typeof at === "number") return at;
  const process = ctx.process;
  const made = files.vfs.mkdir(at, path, ctx.arg(2) & ~process.umask & 0o1777, { credentials: files.credentialsOf(process) });
  return made.ok ? 0 : -fsErrno(made.error);
}

function unlinkat(files: ShimFiles, ctx: SyscallContext): number {
  const flags = ctx.arg(2);
  if ((flags & ~AtFlag.AT_REMOVEDIR) !== 0) return -Errno.EINVAL;
  const path = pathArg(ctx, 1);
  if (typeof path === "number") return path;
  const at = files.directoryAt(ctx, ctx.argSigned(0), path);
  if (typeof at === "number") return at;
  const options = { credentials: files.credentialsOf(ctx.process) };
  const removed = flags === AtFlag.AT_REMOVEDIR ? files.vfs.rmdir(at, path, options) : files.vfs.unlink(at, path, options);
  return removed.ok ? 0 : -fsErrno(removed.error);
}

function renameat2(files: ShimFiles, ctx: SyscallContext): number {
  const flags = ctx.arg(4);
  const { RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT } = RenameFlag;
  if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) !== 0) return -Errno.EINVAL;
  if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) !== 0 && (flags & RENAME_EXCHANGE) !== 0) return -Errno.EINVAL;
  // Linux resolves the old name's parent before it looks at the new name at all.
  const oldPath = pathArg(ctx, 1);
  if (typeof oldPath === "number") return oldPath;
  const oldAt = files.directoryAt(ctx, ctx.argSigned(0), oldPath);
  if (typeof oldAt === "number") return oldAt;
  const newPath = pathArg(ctx, 3);
  if (typeof newPath === "number") return newPath;
  const newAt = files.directoryAt(ctx, ctx.argSigned(2), newPath);
  if (typeof newAt === "number") return newAt;
  // Exchanging and whiteouts need filesystem support the core lacks: EINVAL, as Linux answers for
  // a filesystem without them (see the README).
  if ((flags & (RENAME_EXCHANGE | RENAME_WHITEOUT)) !== 0) return -Errno.EINVAL;
  const options = { credentials: files.credentialsOf(ctx.process) };
  if ((flags & RENAME_NOREPLACE) !== 0) {
    const source = files.vfs.stat(oldAt, oldPath, { ...options, follow: false });
    if (!source.ok) return -fsErrno(source.error);
    if (files.vfs.stat(newAt, newPath, { ...options, follow: false }).ok) return -Errno.EEXIST;
  }
  const renamed = files.vfs.rename(oldAt, oldPath, newAt, newPath, options);
  return renamed.ok ? 0 : -fsErrno(renamed.error);
}

function symlinkat(files: ShimFiles, ctx: SyscallContext): number {
  const target = pathArg(ctx, 0);
  if (typeof target === "number") return target;
  const path = pathArg(ctx, 2);
  if (typeof path === "number") return path;
  const at = files.directoryAt(ctx, ctx.argSigned(1), path);
  if (typeof at === "number") return at;
  const made = files.vfs.symlink(target, at, path, { credentials: files.credentialsOf(ctx.process) });
  return made.ok ? 0 : -fsErrno(made.error);
}

function readlinkat(files: ShimFiles, ctx: SyscallContext): number {
  const size = ctx.argSigned(3);
  if (size <= 0) return -Errno.EINVAL;
  const path = pathArg(ctx, 1, true);
  if (typeof path === "number") return path;
  const target = files.at(ctx, ctx.argSigned(0), path, true);
  if (typeof target === "number") return target;
  // An empty path names the dirfd itself, which is never a link here (no O_PATH|O_NOFOLLOW on links).
  if (path === "" || target.kind === "entry") return -Errno.ENOENT;
  const link = files.vfs.readlink(target.directory, path, { credentials: files.credentialsOf(ctx.process) });
  if (!link.ok) return -fsErrno(link.error);
  const bytes = encoder.encode(link.value).subarray(0, size);
  const written = ctx.memory.writeBytes(ctx.arg(2), bytes);
  return written.ok ? bytes.length : -written.error;
}

/** Permission bits of `stat` for `credentials` (uid 0 reads and writes anything, executes with one x bit). */
function permitsStat(stat: FileStat, credentials: FsCredentials, rights: number): boolean {
  if (credentials.uid === 0) return (rights & 1) === 0 || (stat.mode & 0o111) !== 0;
  const bits = credentials.uid === stat.uid ? stat.mode >> 6 : credentials.gid === stat.gid ? stat.mode >> 3 : stat.mode;
  return (bits & rights & 7) === rights;
}

const FACCESSAT2_FLAGS = AtFlag.AT_EACCESS | AtFlag.AT_SYMLINK_NOFOLLOW | AtFlag.AT_EMPTY_PATH;

/** faccessat2(dirfd, path, mode, flags); faccessat is the same with flags 0. */
function faccessat2(files: ShimFiles, ctx: SyscallContext, flags: number): number {
  const rights = ctx.arg(2);
  if ((rights & ~7) !== 0) return -Errno.EINVAL;
  if ((flags & ~FACCESSAT2_FLAGS) !== 0) return -Errno.EINVAL;
  const emptyPath = (flags & AtFlag.AT_EMPTY_PATH) !== 0;
  const path = pathArg(ctx, 1, emptyPath);
  if (typeof path === "number") return path;
  const target = files.at(ctx, ctx.argSigned(0), path, emptyPath);
  if (typeof target === "number") return target;
  const creds = ctx.process.credentials;
  // access() checks with the real ids; AT_EACCESS with the effective (filesystem) ones.
  const credentials = (flags & AtFlag.AT_EACCESS) !== 0 ? files.credentialsOf(ctx.process) : { uid: creds.uid, gid: creds.gid };
  if (target.kind === "entry") {
    const directory = openFileOf(target.entry)?.directory;
    if (!directory) {
      const record = entryStat(ctx, target.entry);
      if (typeof record === "number") return record;
      return permitsStat(record.stat, credentials, rights) ? 0 : -Errno.EACCES;
    }
    const checked = files.vfs.access(directory, ".", rights, { credentials });
    return checked.ok ? 0 : -fsErrno(checked.error);
  }
  const checked = files.vfs.access(target.directory, path === "" ? "." : path, rights, {
    credentials,
    follow: (flags & AtFlag.AT_SYMLINK_NOFOLLOW) === 0,
  });
  return checked.ok ? 0 : -fsErrno(checked.error);
}

function getcwd(files: ShimFiles, ctx: SyscallContext): number {
  const path = files.vfs.getcwd(files.cwdOf(ctx.process));
  if (!path.ok) return -fsErrno(path.error);
  const bytes = encoder.encode(`${path.value}\0`);
  if (bytes.length > PATH_MAX) return -Errno.ENAMETOOLONG;
  // The length counts the NUL; a buffer too small for it is ERANGE.
  if (bytes.length > ctx.arg(1)) return -Errno.ERANGE;
  const written = ctx.memory.writeBytes(ctx.arg(0), bytes);
  return written.ok ? bytes.length : -written.error;
}

function chdir(files: ShimFiles, ctx: SyscallContext): number {
  const path = pathArg(ctx, 0);
  if (typeof path === "number") return path;
  const process = ctx.process;
  const found = files.vfs.chdir(files.cwdOf(process), path, { credentials: files.credentialsOf(process) });
  if (!found.ok) return -fsErrno(found.error);
  files.setCwd(process, found.value);
  return 0;
}

function fchdir(files: ShimFiles, ctx: SyscallContext): number {
  const process = ctx.process;
  const found = process.files.entry(ctx.argSigned(0));
  if (!found.ok) return -Errno.EBADF;
  const directory = openFileOf(found.value)?.directory;
  if (!directory) return -Errno.ENOTDIR;
  const changed = files.vfs.chdir(directory, ".", { credentials: files.credentialsOf(process) });
  if (!changed.ok) return -fsErrno(changed.error);
  files.setCwd(process, changed.value);
  return 0;
}

/** The handlers of this module; each takes the files part first. */
export const NAMESPACE_SYSCALLS = {
  mkdirat,
  unlinkat,
  renameat2,
  symlinkat,
  readlinkat,
  faccessat: (files: ShimFiles, ctx: SyscallContext): number => faccessat2(files, ctx, 0),
  faccessat2: (files: ShimFiles, ctx: SyscallContext): number => faccessat2(files, ctx, ctx.arg(3)),
  getcwd,
  chdir,
  fchdir,
} as const;
