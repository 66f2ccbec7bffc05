/**
 * The file syscalls that work on one open file beyond the generic read/write path: pread64,
 * pwrite64, preadv, pwritev (at a position, the offset untouched; ESPIPE for pipes and streams),
 * ftruncate64 and truncate64, fsync, fdatasync, syncfs and sync (nothing to flush: the filesystem
 * lives in memory), and getdents64. Errors are checked in the kernel's order: the position or length
 * first (EINVAL when negative), then the descriptor (EBADF; O_PATH descriptors are not open for I/O),
 * then the object, then the buffer.
 *
 * rv32 passes 64-bit arguments in two registers, low word first (`loff_t pos` of pread64 is a3:a4,
 * ftruncate64's length a1:a2, preadv's `pos_l, pos_h` a3, a4).
 *
 * @module
 */
import { AccessMode, DEFAULT_MAX_FILE_SIZE, type DescriptorEntry, type OpenFile } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { MAX_RW_COUNT, OpenFlag } from "../abi/fcntl";
import type { Iovec } from "../memory/user-memory";
import type { SyscallContext } from "../syscalls/context";
import { MAX_IO_CHUNK } from "../syscalls/io";
import { direntBytes, direntLength } from "./dirent";
import { fsErrno } from "./errno";
import { isPathOnly, refusesIo } from "./file-ops";
import { checkNewSize, writableLength } from "./limits";
import { openFileOf, type ShimFiles } from "./shim-files";

const encoder = new TextEncoder();

/** A signed 64-bit argument from registers `low` and `low + 1`. */
function signed64(ctx: SyscallContext, low: number): bigint {
  return BigInt.asIntN(64, ctx.arg64(low));
}

/** The open file behind `fd` for positional I/O: the entry, or `-errno` (EBADF, ESPIPE). */
function positional(ctx: SyscallContext, fd: number): DescriptorEntry<OpenFile> | number {
  const found = ctx.process.files.entry(fd);
  if (!found.ok || isPathOnly(found.value)) return -Errno.EBADF;
  const entry = found.value;
  // Pipes and streams have no position (their files are stream_open'ed): ESPIPE.
  return openFileOf(entry) ? (entry as DescriptorEntry<OpenFile>) : -Errno.ESPIPE;
}

/** Reads at `position` into a host buffer of at most `length` bytes: the bytes, or `-errno`. */
function readAt(entry: DescriptorEntry<OpenFile>, position: bigint, length: number): Uint8Array | number {
  if (!entry.readable || refusesIo(entry)) return -Errno.EBADF;
  const file = entry.object;
  if (file.directory) return -Errno.EISDIR;
  // Past the largest file there is nothing (and the position is no longer an exact number).
  if (position >= BigInt(DEFAULT_MAX_FILE_SIZE)) return new Uint8Array(0);
  const host = new Uint8Array(Math.min(length, MAX_IO_CHUNK));
  const r = file.pread(host, Number(position));
  return r.ok ? host.subarray(0, r.value) : -fsErrno(r.error);
}

/** Writes `data` at `position` (the end with O_APPEND, as Linux's pwrite does): the count, or `-errno`. */
function writeAt(ctx: SyscallContext, entry: DescriptorEntry<OpenFile>, position: bigint, data: Uint8Array): number {
  if (data.length === 0) return 0;
  const file = entry.object;
  const append = (entry.statusFlags & OpenFlag.O_APPEND) !== 0;
  const max = BigInt(DEFAULT_MAX_FILE_SIZE);
  const at = append ? file.stat().size : Number(position < max ? position : max);
  // RLIMIT_FSIZE and MAX_NON_LFS come before the filesystem's own limit, as in generic_write_checks.
  const allowed = writableLength(ctx, entry, at, data.length);
  if (allowed < 0) return allowed;
  if (at >= DEFAULT_MAX_FILE_SIZE) return -Errno.EFBIG;
  const r = file.pwrite(data.subarray(0, allowed), at, { append });
  return r.ok ? r.value : -fsErrno(r.error);
}

function pread64(ctx: SyscallContext): number {
  const position = signed64(ctx, 3);
  if (position < 0n) return -Errno.EINVAL;
  const entry = positional(ctx, ctx.argSigned(0));
  if (typeof entry === "number") return entry;
  const buffer = ctx.arg(1);
  const count = Math.min(ctx.arg(2), MAX_RW_COUNT);
  if (!entry.readable || refusesIo(entry)) return -Errno.EBADF;
  // access_ok of an empty range always passes; a directory still answers EISDIR.
  if (count === 0) return entry.object.directory ? -Errno.EISDIR : 0;
  if (!ctx.memory.inRange(buffer, count)) return -Errno.EFAULT;
  const data = readAt(entry, position, count);
  if (typeof data === "number") return data;
  const written = ctx.memory.writeBytes(buffer, data);
  return written.ok ? data.length : -written.error;
}

function pwrite64(ctx: SyscallContext): number {
  const position = signed64(ctx, 3);
  if (position < 0n) return -Errno.EINVAL;
  const entry = positional(ctx, ctx.argSigned(0));
  if (typeof entry === "number") return entry;
  if (!entry.writable || refusesIo(entry)) return -Errno.EBADF;
  const data = ctx.memory.readBytes(ctx.arg(1), Math.min(ctx.arg(2), MAX_RW_COUNT));
  if (!data.ok) return -data.error;
  return writeAt(ctx, entry, position, data.value);
}

function preadv(ctx: SyscallContext): number {
  const position = signed64(ctx, 3);
  if (position < 0n) return -Errno.EINVAL;
  const entry = positional(ctx, ctx.argSigned(0));
  if (typeof entry === "number") return entry;
  const iovecs = ctx.memory.readIovecs(ctx.arg(1), ctx.arg(2));
  if (!iovecs.ok) return -iovecs.error;
  if (!entry.readable || refusesIo(entry)) return -Errno.EBADF;
  const vectors = iovecs.value.filter((v) => v.length > 0);
  for (const v of vectors) if (!ctx.memory.inRange(v.base, v.length)) return -Errno.EFAULT;
  const total = vectors.reduce((sum, v) => sum + v.length, 0);
  if (total === 0) return 0;
  const data = readAt(entry, position, total);
  if (typeof data === "number") return data;
  return scatter(ctx, vectors, data);
}

/** Copies `data` into the vectors in order: the count copied (short at a fault after the first byte), or -EFAULT. */
function scatter(ctx: SyscallContext, vectors: readonly Iovec[], data: Uint8Array): number {
  let at = 0;
  for (const v of vectors) {
    if (at >= data.length) break;
    const piece = data.subarray(at, at + v.length);
    const written = ctx.memory.writeBytes(v.base, piece);
    if (!written.ok) return at > 0 ? at : -written.error;
    at += piece.length;
  }
  return at;
}

function pwritev(ctx: SyscallContext): number {
  const position = signed64(ctx, 3);
  if (position < 0n) return -Errno.EINVAL;
  const entry = positional(ctx, ctx.argSigned(0));
  if (typeof entry === "number") return entry;
  const iovecs = ctx.memory.readIovecs(ctx.arg(1), ctx.arg(2));
  if (!iovecs.ok) return -iovecs.error;
  if (!entry.writable || refusesIo(entry)) return -Errno.EBADF;
  const pieces: Uint8Array[] = [];
  let total = 0;
  for (const v of iovecs.value) {
    if (v.length === 0) continue;
    const piece = ctx.memory.readBytes(v.base, Math.min(v.length, MAX_RW_COUNT - total));
    if (!piece.ok) return -piece.error;
    pieces.push(piece.value);
    total += piece.value.length;
    if (total >= MAX_RW_COUNT) break;
  }
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    joined.set(p, at);
    at += p.length;
  }
  return writeAt(ctx, entry, position, joined);
}

/** Truncates `file` to `length` (already checked non-negative): 0, or `-errno`. */
function truncateTo(ctx: SyscallContext, file: OpenFile, length: bigint): number {
  const limited = checkNewSize(ctx, file.stat().size, length);
  if (limited < 0) return limited;
  if (length > BigInt(DEFAULT_MAX_FILE_SIZE)) return -Errno.EFBIG;
  const r = file.truncate(Number(length));
  return r.ok ? 0 : -fsErrno(r.error);
}

function ftruncate64(ctx: SyscallContext): number {
  const length = signed64(ctx, 1);
  if (length < 0n) return -Errno.EINVAL;
  const found = ctx.process.files.entry(ctx.argSigned(0));
  if (!found.ok || isPathOnly(found.value)) return -Errno.EBADF;
  const file = openFileOf(found.value);
  // Not a regular file, or not open for writing (access mode 3 included): EINVAL.
  if (!file || refusesIo(found.value)) return -Errno.EINVAL;
  return truncateTo(ctx, file, length);
}

function truncate64(files: ShimFiles, ctx: SyscallContext): number {
  const length = signed64(ctx, 1);
  if (length < 0n) return -Errno.EINVAL;
  const path = ctx.memory.readPath(ctx.arg(0));
  if (!path.ok) return -path.error;
  if (path.value === "") return -Errno.ENOENT;
  const process = ctx.process;
  // Opening for writing makes the checks truncate(2) makes, in its order (EISDIR, EROFS, EACCES).
  const file = files.vfs.open(files.cwdOf(process), path.value, { access: AccessMode.Write, credentials: files.credentialsOf(process) });
  if (!file.ok) return -fsErrno(file.error);
  return truncateTo(ctx, file.value, length);
}

/** fsync and fdatasync: 0 for the filesystem's files, EINVAL for objects that cannot sync (pipes, streams). */
function fsync(ctx: SyscallContext): number {
  const found = ctx.process.files.entry(ctx.argSigned(0));
  if (!found.ok || isPathOnly(found.value)) return -Errno.EBADF;
  return openFileOf(found.value) ? 0 : -Errno.EINVAL;
}

function syncfs(ctx: SyscallContext): number {
  const found = ctx.process.files.entry(ctx.argSigned(0));
  return !found.ok || isPathOnly(found.value) ? -Errno.EBADF : 0;
}

function getdents64(ctx: SyscallContext): number {
  const found = ctx.process.files.entry(ctx.argSigned(0));
  if (!found.ok || isPathOnly(found.value)) return -Errno.EBADF;
  const entry = found.value;
  const file = openFileOf(entry);
  if (!file?.directory) return -Errno.ENOTDIR;
  const buffer = ctx.arg(1);
  // The kernel keeps the count in an int: from 2^31 up no record fits.
  const room = ctx.arg(2) | 0;
  const records: Uint8Array[] = [];
  let used = 0;
  let stop: "full" | "fault" | undefined;
  const read = file.readDirectory(entry as DescriptorEntry<OpenFile>, (info) => {
    const name = encoder.encode(info.name);
    const length = direntLength(name.length);
    if (length > room - used) {
      stop = "full";
      return false;
    }
    // filldir64 writes each record as it goes: a bad page stops the listing there.
    if (buffer + used + length > 0x1_0000_0000 || !ctx.memory.isWritable(buffer + used, length)) {
      stop = "fault";
      return false;
    }
    records.push(direntBytes(info.ino, info.nextPosition, info.type, name));
    used += length;
    return true;
  });
  if (!read.ok) return -fsErrno(read.error);
  if (records.length === 0) return stop === "full" ? -Errno.EINVAL : stop === "fault" ? -Errno.EFAULT : 0;
  const out = new Uint8Array(used);
  let at = 0;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  const written = ctx.memory.writeBytes(buffer, out);
  return written.ok ? used : -written.error;
}

/** The handlers of this module (those that need the files part take it first). */
export const FILE_IO_SYSCALLS = {
  pread64,
  pwrite64,
  preadv,
  pwritev,
  ftruncate64,
  truncate64,
  fsync,
  syncfs,
  getdents64,
  sync: (): number => 0,
} as const;
