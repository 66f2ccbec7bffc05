/**
 * File operations of the core's pipes (`PIPE_SUBSYSTEM` entries): reads and writes through the
 * pipe ends with the entry's shared O_NONBLOCK and the thread's interrupt hook, FIONREAD, readiness
 * for ppoll, and a FIFO stat. Errors map as Linux's: WouldBlock → EAGAIN, BrokenPipe → EPIPE (the
 * generic write path raises SIGPIPE), Interrupted → ERESTARTSYS. A blocked write cut short by the last
 * reader's close returns its count and still raises SIGPIPE, as pipe_write does.
 *
 * Pipes cannot seek: with no `seek` operation, llseek answers ESPIPE.
 *
 * @module
 */
import {
  PipeError,
  type DescriptorEntry,
  type PipeEnd,
  type PipeIoResult,
  type PipeReadError,
  type PipeWriteError,
  type Pollable,
  type Result,
} from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { FileMode, Ioctl } from "../abi/fcntl";
import { SiCode, Signal } from "../abi/signals";
import type { SyscallContext } from "../syscalls/context";
import type { FileOps, FileStat, IoOutcome } from "./file-ops";

function errnoOf(error: PipeReadError | PipeWriteError): number {
  switch (error) {
    case PipeError.WouldBlock:
    case PipeError.TimedOut:
      return -Errno.EAGAIN;
    case PipeError.BrokenPipe:
      return -Errno.EPIPE;
    case PipeError.Interrupted:
      return -Errno.ERESTARTSYS;
  }
}

function settle<E extends PipeReadError | PipeWriteError>(
  result: PipeIoResult<E>,
  after: (n: number) => number = (n) => n,
): IoOutcome {
  const f = (r: Result<number, E>): number => (r.ok ? after(r.value) : errnoOf(r.error));
  return result instanceof Promise ? result.then(f) : f(result);
}

function read(ctx: SyscallContext, entry: DescriptorEntry<PipeEnd>, dest: Uint8Array): IoOutcome {
  const end = entry.object;
  if (end.kind !== "read") return -Errno.EBADF;
  const result = end.read(dest, { nonBlocking: entry.nonBlocking, interrupt: ctx.interrupt });
  if (result instanceof Promise) ctx.waitingOn = `read from an empty pipe (pid ${ctx.process.id} tid ${ctx.thread.tid})`;
  return settle(result);
}

function write(ctx: SyscallContext, entry: DescriptorEntry<PipeEnd>, src: Uint8Array): IoOutcome {
  const end = entry.object;
  if (end.kind !== "write") return -Errno.EBADF;
  const result = end.write(src, { nonBlocking: entry.nonBlocking, interrupt: ctx.interrupt });
  if (result instanceof Promise) ctx.waitingOn = `write to a full pipe (pid ${ctx.process.id} tid ${ctx.thread.tid})`;
  return settle(result, (n) => {
    // Cut short because the last reader left: Linux still raises SIGPIPE with the partial count.
    if (n < src.length && end.readerCount === 0) {
      ctx.shim.sendSignal(ctx.thread, Signal.SIGPIPE, { code: SiCode.SI_USER, pid: ctx.process.id, uid: ctx.process.credentials.uid });
    }
    return n;
  });
}

function ioctl(ctx: SyscallContext, entry: DescriptorEntry<PipeEnd>, request: number, arg: number): IoOutcome | undefined {
  if (request !== Ioctl.FIONREAD) return undefined;
  const written = ctx.memory.writeU32(arg, entry.object.available);
  return written.ok ? 0 : -written.error;
}

function stat(ctx: SyscallContext, entry: DescriptorEntry<PipeEnd>): FileStat {
  const now = BigInt(ctx.shim.platform.time.now());
  return {
    mode: FileMode.S_IFIFO | 0o600,
    ino: BigInt(entry.id),
    nlink: 1,
    uid: ctx.process.credentials.euid,
    gid: ctx.process.credentials.egid,
    size: 0n,
    rdev: { major: 0, minor: 0 },
    dev: { major: 0, minor: 13 },
    blksize: 4096,
    blocks: 0n,
    atimeNs: now,
    mtimeNs: now,
    ctimeNs: now,
  };
}

/** The pipes' file operations. */
export const PIPE_OPS: FileOps<PipeEnd> = {
  read,
  write,
  ioctl,
  stat,
  pollable: (entry): Pollable => entry.object,
};
