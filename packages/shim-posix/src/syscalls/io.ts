/**
 * read, write, readv, writev: the generic byte I/O path. The descriptor's entry names its subsystem;
 * the subsystem's {@link FileOps} do the work on host buffers, and this layer copies from and to
 * guest memory with Linux's checks (EBADF for a closed or wrong-mode descriptor, EFAULT for a bad
 * buffer, EINVAL for an object that cannot be read or written) and raises SIGPIPE on EPIPE.
 *
 * One call moves at most {@link MAX_IO_CHUNK} bytes into the guest (a short read, which POSIX allows;
 * pipes never return more than their capacity anyway). Writes are passed whole, so a blocking pipe
 * write keeps its all-or-nothing-until-done semantics.
 *
 * @module
 */
import { FILE_SUBSYSTEM, type DescriptorEntry } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { MAX_RW_COUNT } from "../abi/fcntl";
import { SiCode, Signal } from "../abi/signals";
import type { Iovec } from "../memory/user-memory";
import type { SyscallContext } from "./context";

/** Most bytes one read delivers. */
export const MAX_IO_CHUNK = 1024 * 1024;

/** The entry behind `fd` for reading or writing: EBADF if closed or not open in that mode. */
export function entryFor(ctx: SyscallContext, fd: number, mode: "read" | "write"): DescriptorEntry | number {
  const entry = ctx.process.files.entry(fd);
  if (!entry.ok) return -Errno.EBADF;
  const e = entry.value;
  if (mode === "read" ? !e.readable : !e.writable) return -Errno.EBADF;
  return e;
}

/** Raises SIGPIPE on the calling thread when a write answered EPIPE (Linux: `send_sig(SIGPIPE, current)`). */
export function raiseSigpipeOnEpipe(ctx: SyscallContext, result: number): number {
  if (result === -Errno.EPIPE) {
    ctx.shim.sendSignal(ctx.thread, Signal.SIGPIPE, {
      code: SiCode.SI_USER,
      pid: ctx.process.id,
      uid: ctx.process.credentials.uid,
    });
  }
  return result;
}

function then(outcome: number | Promise<number>, f: (n: number) => number): number | Promise<number> {
  return outcome instanceof Promise ? outcome.then(f) : f(outcome);
}

/** Reads up to `count` bytes from `entry` into guest memory at `buffer`. */
export function readInto(ctx: SyscallContext, entry: DescriptorEntry, buffer: number, count: number): number | Promise<number> {
  const ops = ctx.shim.fileOps.lookup(entry);
  if (!ops.read) return -Errno.EINVAL;
  const n = Math.min(count, MAX_RW_COUNT, MAX_IO_CHUNK);
  if (!ctx.memory.inRange(buffer, Math.min(count, MAX_RW_COUNT))) return -Errno.EFAULT;
  // Check the buffer before a destructive read, so a bad buffer does not eat pipe data.
  if (!ctx.memory.isWritable(buffer, n)) return -Errno.EFAULT;
  const host = new Uint8Array(n);
  return then(ops.read(ctx, entry, host), (got) => {
    if (got <= 0) return got;
    const written = ctx.memory.writeBytes(buffer, host.subarray(0, got));
    return written.ok ? got : -written.error;
  });
}

/** Writes `count` guest bytes at `buffer` to `entry`. */
export function writeFrom(ctx: SyscallContext, entry: DescriptorEntry, buffer: number, count: number): number | Promise<number> {
  const ops = ctx.shim.fileOps.lookup(entry);
  if (!ops.write) return -Errno.EINVAL;
  const n = Math.min(count, MAX_RW_COUNT);
  const data = ctx.memory.readBytes(buffer, n);
  if (!data.ok) return -data.error;
  return then(ops.write(ctx, entry, data.value), (r) => raiseSigpipeOnEpipe(ctx, r));
}

function read(ctx: SyscallContext): number | Promise<number> {
  const entry = entryFor(ctx, ctx.argSigned(0), "read");
  if (typeof entry === "number") return entry;
  const count = ctx.arg(2);
  if (count === 0) return readNothing(ctx, entry);
  return readInto(ctx, entry, ctx.arg(1), count);
}

/**
 * read with a count of 0. Linux has no shortcut: vfs_read checks the mode (EINVAL without a read
 * operation) and the file's own read still runs, so a directory answers EISDIR and an O_PATH or
 * ioctl-only file EBADF. Only the filesystem's files are asked (their read never blocks); a pipe's
 * or a stream's empty read is 0 on Linux too, and asking them could block.
 */
function readNothing(ctx: SyscallContext, entry: DescriptorEntry): number | Promise<number> {
  const ops = ctx.shim.fileOps.lookup(entry);
  if (!ops.read) return -Errno.EINVAL;
  return entry.is(FILE_SUBSYSTEM) ? ops.read(ctx, entry, new Uint8Array(0)) : 0;
}

function write(ctx: SyscallContext): number | Promise<number> {
  const entry = entryFor(ctx, ctx.argSigned(0), "write");
  if (typeof entry === "number") return entry;
  const count = ctx.arg(2);
  if (count === 0) return 0;
  return writeFrom(ctx, entry, ctx.arg(1), count);
}

function readv(ctx: SyscallContext): number | Promise<number> {
  const entry = entryFor(ctx, ctx.argSigned(0), "read");
  if (typeof entry === "number") return entry;
  const iovecs = ctx.memory.readIovecs(ctx.arg(1), ctx.arg(2));
  if (!iovecs.ok) return -iovecs.error;
  const ops = ctx.shim.fileOps.lookup(entry);
  if (!ops.read) return -Errno.EINVAL;
  const vectors = iovecs.value.filter((v) => v.length > 0);
  for (const v of vectors) if (!ctx.memory.inRange(v.base, v.length)) return -Errno.EFAULT;
  const total = Math.min(
    vectors.reduce((sum, v) => sum + v.length, 0),
    MAX_IO_CHUNK,
  );
  if (total === 0) return 0;
  for (const v of vectors) if (!ctx.memory.isWritable(v.base, Math.min(v.length, total))) return -Errno.EFAULT;
  // One read into a host buffer, scattered afterwards: a pipe read stays one atomic take.
  const host = new Uint8Array(total);
  return then(ops.read(ctx, entry, host), (got) => (got <= 0 ? got : scatter(ctx, vectors, host.subarray(0, got))));
}

function scatter(ctx: SyscallContext, vectors: readonly Iovec[], data: Uint8Array): number {
  let at = 0;
  for (const v of vectors) {
    if (at >= data.length) break;
    const piece = data.subarray(at, at + v.length);
    const written = ctx.memory.writeBytes(v.base, piece);
    if (!written.ok) return at > 0 ? at : -written.error;
    at += piece.length;
  }
  return data.length;
}

function writev(ctx: SyscallContext): number | Promise<number> {
  const entry = entryFor(ctx, ctx.argSigned(0), "write");
  if (typeof entry === "number") return entry;
  const iovecs = ctx.memory.readIovecs(ctx.arg(1), ctx.arg(2));
  if (!iovecs.ok) return -iovecs.error;
  const ops = ctx.shim.fileOps.lookup(entry);
  if (!ops.write) return -Errno.EINVAL;
  const pieces: Uint8Array[] = [];
  let total = 0;
  for (const v of iovecs.value) {
    if (v.length === 0) continue;
    const data = ctx.memory.readBytes(v.base, v.length);
    if (!data.ok) return -data.error;
    pieces.push(data.value);
    total += v.length;
  }
  if (total === 0) return 0;
  // Gathered into one write, as Linux does for pipes: up to PIPE_BUF the whole vector is atomic.
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    joined.set(p, at);
    at += p.length;
  }
  return then(ops.write(ctx, entry, joined), (r) => raiseSigpipeOnEpipe(ctx, r));
}

/** The handlers, for the descriptor installer. */
export const IO_SYSCALLS = { read, write, readv, writev } as const;
