/**
 * File operations of the filesystem's open files (`FILE_SUBSYSTEM` entries), for the generic
 * descriptor syscalls: read and write at the shared offset (O_APPEND from the entry's status flags),
 * llseek (SEEK_SET/CUR/END, and SEEK_DATA/SEEK_HOLE over a file that is all data), FIONREAD,
 * readiness (always readable and writable), and the stat record fstat-like calls lay out.
 *
 * Two kinds of entry refuse I/O as Linux's do: O_PATH descriptors (EBADF for everything but
 * close, dup, fcntl, fstat, fchdir and use as a dirfd) and access mode 3 (opened for ioctl only:
 * neither readable nor writable). Both are marked in the entry's status flags.
 *
 * @module
 */
import { SeekWhence, type DescriptorEntry, type OpenFile, type Stat } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { FileMode, Ioctl, OpenFlag, Whence } from "../abi/fcntl";
import type { FileOps, FileStat, IoOutcome } from "../io/file-ops";
import type { SyscallContext } from "../syscalls/context";
import { fsErrno } from "./errno";
import { writableLength } from "./limits";

/** Device numbers of the filesystem's superblocks are reported as 0:(FS_MINOR_BASE + dev), as tmpfs's anonymous devices. */
export const FS_MINOR_BASE = 32;

/** True for an O_PATH descriptor or one opened with access mode 3: no read, write, seek or ioctl. */
export function refusesIo(entry: DescriptorEntry): boolean {
  return (entry.statusFlags & (OpenFlag.O_PATH | OpenFlag.O_ACCMODE)) !== 0;
}

/** True for an O_PATH descriptor. */
export function isPathOnly(entry: DescriptorEntry): boolean {
  return (entry.statusFlags & OpenFlag.O_PATH) !== 0;
}

function nanoseconds(time: { readonly sec: number; readonly nsec: number }): bigint {
  return BigInt(time.sec) * 1_000_000_000n + BigInt(time.nsec);
}

/** The shim's stat record of a filesystem inode. */
export function fileStatOf(stat: Stat): FileStat {
  return {
    mode: stat.mode,
    ino: BigInt(stat.ino),
    nlink: stat.nlink,
    uid: stat.uid,
    gid: stat.gid,
    size: BigInt(stat.size),
    rdev: { major: 0, minor: 0 },
    dev: { major: 0, minor: FS_MINOR_BASE + stat.dev },
    blksize: stat.blksize,
    blocks: BigInt(stat.blocks),
    atimeNs: nanoseconds(stat.atime),
    mtimeNs: nanoseconds(stat.mtime),
    ctimeNs: nanoseconds(stat.ctime),
  };
}

function read(_ctx: SyscallContext, entry: DescriptorEntry<OpenFile>, dest: Uint8Array): IoOutcome {
  if (refusesIo(entry)) return -Errno.EBADF;
  const r = entry.object.read(entry, dest);
  return r.ok ? r.value : -fsErrno(r.error);
}

function write(ctx: SyscallContext, entry: DescriptorEntry<OpenFile>, src: Uint8Array): IoOutcome {
  if (refusesIo(entry)) return -Errno.EBADF;
  const file = entry.object;
  const append = (entry.statusFlags & OpenFlag.O_APPEND) !== 0;
  let data = src;
  if (data.length > 0 && file.writable) {
    const allowed = writableLength(ctx, entry, append ? file.stat().size : entry.offset, data.length);
    if (allowed < 0) return allowed;
    data = data.subarray(0, allowed);
  }
  const r = file.write(entry, data, { append });
  return r.ok ? r.value : -fsErrno(r.error);
}

/** Beyond this an offset is no exact JavaScript number; the core's limit (2^52) is lower anyway. */
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

function seek(_ctx: SyscallContext, entry: DescriptorEntry<OpenFile>, offset: bigint, whence: number): bigint | number {
  if (isPathOnly(entry)) return -Errno.EBADF;
  const file = entry.object;
  if (whence === Whence.SEEK_DATA || whence === Whence.SEEK_HOLE) {
    // Directories have neither (dcache_dir_lseek: EINVAL). A file is one run of data followed by
    // the hole at its end (the core does not expose its sparse chunks): see the README.
    if (file.directory) return -Errno.EINVAL;
    const size = BigInt(file.stat().size);
    if (offset < 0n || offset >= size) return -Errno.ENXIO;
    const target = whence === Whence.SEEK_DATA ? offset : size;
    entry.offset = Number(target);
    return target;
  }
  if (offset > MAX_EXACT || offset < -MAX_EXACT) return -Errno.EINVAL;
  const how = whence === Whence.SEEK_SET ? SeekWhence.Set : whence === Whence.SEEK_CUR ? SeekWhence.Current : SeekWhence.End;
  const r = file.seek(entry, Number(offset), how);
  return r.ok ? BigInt(r.value) : -fsErrno(r.error);
}

function ioctl(ctx: SyscallContext, entry: DescriptorEntry<OpenFile>, request: number, arg: number): IoOutcome | undefined {
  if (isPathOnly(entry)) return -Errno.EBADF;
  const stat = entry.object.stat();
  // FIONREAD on a regular file: what is left before the end, as an int (do_vfs_ioctl).
  if (request !== Ioctl.FIONREAD || (stat.mode & FileMode.S_IFMT) !== FileMode.S_IFREG) return undefined;
  const written = ctx.memory.writeU32(arg, (stat.size - entry.offset) | 0);
  return written.ok ? 0 : -written.error;
}

function stat(_ctx: SyscallContext, entry: DescriptorEntry<OpenFile>): FileStat {
  return fileStatOf(entry.object.stat());
}

/** The open files' operations. */
export const FILE_OPS: FileOps<OpenFile> = {
  read,
  write,
  seek,
  ioctl,
  stat,
  pollable: (entry) => entry.object,
};
