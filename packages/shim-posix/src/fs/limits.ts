/**
 * The limits a write or a size change meets before the filesystem's own (generic_write_checks,
 * inode_newsize_ok): RLIMIT_FSIZE — reaching it raises SIGXFSZ and fails with EFBIG, a write across
 * it is cut short — and, for files opened without O_LARGEFILE on this 32-bit ABI, MAX_NON_LFS
 * (2^31 − 1 bytes: EFBIG at or past it, a write across it cut short; opening a larger file is
 * EOVERFLOW). The SDK and glibc always pass O_LARGEFILE; a raw openat may not.
 *
 * @module
 */
import type { DescriptorEntry } from "@litebox-ts/core";
import { Rlimit } from "../abi/constants";
import { Errno } from "../abi/errno";
import { OpenFlag } from "../abi/fcntl";
import { SiCode, Signal } from "../abi/signals";
import type { SyscallContext } from "../syscalls/context";

/** The largest file a descriptor without O_LARGEFILE may reach on a 32-bit ABI. */
export const MAX_NON_LFS = 0x7fff_ffff;

function raiseSigxfsz(ctx: SyscallContext): void {
  ctx.shim.sendSignal(ctx.thread, Signal.SIGXFSZ, { code: SiCode.SI_USER, pid: ctx.process.id, uid: ctx.process.credentials.uid });
}

/**
 * How many of `length` (> 0) bytes may be written at `position` through `entry`, or `-EFBIG`
 * (with SIGXFSZ when RLIMIT_FSIZE is what stops it).
 */
export function writableLength(ctx: SyscallContext, entry: DescriptorEntry, position: number, length: number): number {
  let allowed = length;
  const limit = ctx.process.limits.soft(Rlimit.RLIMIT_FSIZE);
  if (Number.isFinite(limit)) {
    if (position >= limit) {
      raiseSigxfsz(ctx);
      return -Errno.EFBIG;
    }
    allowed = Math.min(allowed, limit - position);
  }
  if ((entry.statusFlags & OpenFlag.O_LARGEFILE) === 0) {
    if (position >= MAX_NON_LFS) return -Errno.EFBIG;
    allowed = Math.min(allowed, MAX_NON_LFS - position);
  }
  return allowed;
}

/** 0 when a file of `size` bytes may grow to `length`, or `-EFBIG` with SIGXFSZ past RLIMIT_FSIZE. */
export function checkNewSize(ctx: SyscallContext, size: number, length: bigint): number {
  const limit = ctx.process.limits.soft(Rlimit.RLIMIT_FSIZE);
  if (length > BigInt(size) && Number.isFinite(limit) && length > BigInt(limit)) {
    raiseSigxfsz(ctx);
    return -Errno.EFBIG;
  }
  return 0;
}
