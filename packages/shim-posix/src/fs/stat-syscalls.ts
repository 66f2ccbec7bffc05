/**
 * statx(2), rv32's only stat call, and the stat record of any descriptor (AT_EMPTY_PATH): the
 * filesystem's files through their stat, other objects through their subsystem's `stat` file
 * operation (pipes), and the standard streams, which have none, as what a host would show (see
 * {@link streamStat}).
 *
 * Checks in Linux 6.x's order: STATX__RESERVED in the mask, both sync-type bits, unknown flags
 * (EINVAL); then the path (EFAULT, ENAMETOOLONG; empty without AT_EMPTY_PATH is ENOENT, a NULL path
 * with AT_EMPTY_PATH is empty, as since 6.11); then the dirfd and the lookup; EFAULT for the buffer.
 *
 * @module
 */
import type { DescriptorEntry } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { AtFlag, FileMode } from "../abi/fcntl";
import type { FileStat } from "../io/file-ops";
import { STDIO_SUBSYSTEM } from "../io/stdio";
import type { SyscallContext } from "../syscalls/context";
import { fsErrno } from "./errno";
import { fileStatOf } from "./file-ops";
import { openFileOf, type ShimFiles } from "./shim-files";
import { StatxMaskExtra, writeStatx, type StatxSource } from "./statx";

const STATX_FLAGS = AtFlag.AT_SYMLINK_NOFOLLOW | AtFlag.AT_NO_AUTOMOUNT | AtFlag.AT_EMPTY_PATH | AtFlag.AT_STATX_SYNC_TYPE;

/** Device numbers the stream records use: /dev/null (1:3) and a pseudo-terminal (136:0). */
const NULL_DEVICE = { major: 1, minor: 3 } as const;
const TERMINAL_DEVICE = { major: 136, minor: 0 } as const;
/** The devtmpfs / devpts / pipefs-like filesystems a stream is reported on. */
const DEVTMPFS = { major: 0, minor: 5 } as const;
const ANON = { major: 0, minor: 15 } as const;

/**
 * The stat record of a standard stream (the lead's stdio objects have no stat operation): the null
 * device as /dev/null, a terminal as a pseudo-terminal, any other host stream as a FIFO — what a
 * program started with its output in a pipe sees. Any other object without a stat operation is an
 * anonymous inode (mode 0600, no type bits), as Linux's anon_inodefs shows.
 */
export function streamStat(ctx: SyscallContext, entry: DescriptorEntry): FileStat {
  const now = BigInt(ctx.shim.platform.time.now());
  const base = {
    ino: BigInt(entry.id),
    nlink: 1,
    uid: ctx.process.credentials.euid,
    gid: ctx.process.credentials.egid,
    size: 0n,
    blksize: 4096,
    blocks: 0n,
    atimeNs: now,
    mtimeNs: now,
    ctimeNs: now,
  };
  if (!entry.is(STDIO_SUBSYSTEM)) return { ...base, mode: 0o600, rdev: { major: 0, minor: 0 }, dev: ANON };
  const stream = entry.object.stream;
  if (stream.kind === "null") return { ...base, mode: FileMode.S_IFCHR | 0o666, rdev: NULL_DEVICE, dev: DEVTMPFS };
  const terminal = stream.kind === "input" ? stream.input.isTerminal : stream.output.isTerminal === true;
  if (terminal) return { ...base, mode: FileMode.S_IFCHR | 0o620, rdev: TERMINAL_DEVICE, dev: { major: 0, minor: 24 } };
  return { ...base, mode: FileMode.S_IFIFO | 0o600, rdev: { major: 0, minor: 0 }, dev: { major: 0, minor: 13 } };
}

/** The stat record of the object behind `entry`, and where it lives. */
export function entryStat(ctx: SyscallContext, entry: DescriptorEntry): { stat: FileStat; source: StatxSource } | number {
  const file = openFileOf(entry);
  if (file) {
    const stat = fileStatOf(file.stat());
    return { stat, source: { filesystem: true, mountRoot: stat.ino === 1n, mountId: stat.dev.minor } };
  }
  const op = ctx.shim.fileOps.lookup(entry).stat;
  const stat = op ? op(ctx, entry) : streamStat(ctx, entry);
  if (typeof stat === "number") return stat;
  return { stat, source: { filesystem: false, mountRoot: false, mountId: stat.dev.minor } };
}

/** statx(dirfd, path, flags, mask, buffer). */
export function statx(files: ShimFiles, ctx: SyscallContext): number {
  const dirfd = ctx.argSigned(0);
  const pathAddress = ctx.arg(1);
  const flags = ctx.arg(2);
  const mask = ctx.arg(3);
  const buffer = ctx.arg(4);
  if ((mask & StatxMaskExtra.STATX__RESERVED) !== 0) return -Errno.EINVAL;
  if ((flags & AtFlag.AT_STATX_SYNC_TYPE) === AtFlag.AT_STATX_SYNC_TYPE) return -Errno.EINVAL;
  if ((flags & ~STATX_FLAGS) !== 0) return -Errno.EINVAL;
  const emptyPath = (flags & AtFlag.AT_EMPTY_PATH) !== 0;
  let path = "";
  if (!(emptyPath && pathAddress === 0)) {
    const read = ctx.memory.readPath(pathAddress);
    if (!read.ok) return -read.error;
    path = read.value;
  }
  if (path === "" && !emptyPath) return -Errno.ENOENT;
  const target = files.at(ctx, dirfd, path, emptyPath);
  if (typeof target === "number") return target;
  let record: { stat: FileStat; source: StatxSource } | number;
  if (target.kind === "entry") {
    record = entryStat(ctx, target.entry);
  } else {
    const found = files.vfs.stat(target.directory, path === "" ? "." : path, {
      follow: (flags & AtFlag.AT_SYMLINK_NOFOLLOW) === 0,
      credentials: files.credentialsOf(ctx.process),
    });
    if (!found.ok) return -fsErrno(found.error);
    const stat = fileStatOf(found.value);
    record = { stat, source: { filesystem: true, mountRoot: found.value.ino === 1, mountId: stat.dev.minor } };
  }
  if (typeof record === "number") return record;
  return writeStatx(ctx.memory, buffer, record.stat, record.source, mask);
}
