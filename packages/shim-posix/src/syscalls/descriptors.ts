/**
 * Descriptor syscalls — close, dup, dup3, fcntl64, ioctl, llseek — and the installer of the
 * descriptor part (standard streams, pipes, the I/O path, ppoll). Errors follow Linux: EBADF for a
 * number that is not open (and for dup3's target outside RLIMIT_NOFILE; for ioctl and all but five
 * fcntl commands on an O_PATH descriptor), EINVAL for dup3 onto itself
 * or with flags other than O_CLOEXEC, EINVAL for F_DUPFD's minimum outside the limit, EMFILE when no
 * number is free, ESPIPE for llseek on an object without an offset, ENOTTY for an unknown ioctl.
 *
 * @module
 */
import { DescriptorFlags, DescriptorTarget, PIPE_SUBSYSTEM, type DescriptorEntry } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { FD_CLOEXEC, FcntlCmd, Ioctl, OpenFlag, SETFL_MASK, Whence } from "../abi/fcntl";
import { Sys } from "../abi/syscall-numbers";
import { isPathOnly } from "../fs/file-ops";
import { PIPE_OPS } from "../io/pipe-ops";
import { STDIO_SUBSYSTEM } from "../io/stdio";
import { STDIO_OPS } from "../io/stdio-ops";
import type { ShimInstaller } from "../shim/installer";
import type { SyscallContext } from "./context";
import { IO_SYSCALLS } from "./io";
import { PIPE_SYSCALLS } from "./pipe";
import { POLL_SYSCALLS } from "./poll";

function close(ctx: SyscallContext): number {
  return ctx.process.files.close(ctx.argSigned(0)).ok ? 0 : -Errno.EBADF;
}

function dup(ctx: SyscallContext): number {
  const r = ctx.process.files.duplicate(ctx.argSigned(0));
  if (r.ok) return r.value;
  return r.error === "NotFound" ? -Errno.EBADF : -Errno.EMFILE;
}

function dup3(ctx: SyscallContext): number {
  const oldfd = ctx.argSigned(0);
  const newfd = ctx.arg(1); // unsigned in the kernel: a negative number is huge, hence EBADF
  const flags = ctx.arg(2);
  if ((flags & ~OpenFlag.O_CLOEXEC) !== 0) return -Errno.EINVAL;
  if (oldfd >>> 0 === newfd) return -Errno.EINVAL;
  const files = ctx.process.files;
  if (newfd >= files.limit) return -Errno.EBADF;
  const r = files.duplicate(oldfd, {
    target: DescriptorTarget.exact(newfd),
    flags: (flags & OpenFlag.O_CLOEXEC) !== 0 ? DescriptorFlags.CLOSE_ON_EXEC : 0,
  });
  if (r.ok) return r.value;
  return r.error === "TooManyDescriptors" ? -Errno.EMFILE : -Errno.EBADF;
}

/** F_GETFL's value: access mode, O_NONBLOCK and the shim-kept status flags. */
export function statusFlagsOf(entry: DescriptorEntry): number {
  const access = entry.accessMode === "Read" ? OpenFlag.O_RDONLY : entry.accessMode === "Write" ? OpenFlag.O_WRONLY : OpenFlag.O_RDWR;
  return access | (entry.statusFlags & ~OpenFlag.O_NONBLOCK) | (entry.nonBlocking ? OpenFlag.O_NONBLOCK : 0);
}

/** The fcntl commands an O_PATH descriptor allows (check_fcntl_cmd); any other, even an unknown one, is EBADF. */
const O_PATH_FCNTL: ReadonlySet<number> = new Set([
  FcntlCmd.F_DUPFD,
  FcntlCmd.F_DUPFD_CLOEXEC,
  FcntlCmd.F_GETFD,
  FcntlCmd.F_SETFD,
  FcntlCmd.F_GETFL,
]);

function fcntl(ctx: SyscallContext): number {
  const fd = ctx.argSigned(0);
  const cmd = ctx.arg(1);
  const arg = ctx.arg(2);
  const files = ctx.process.files;
  const found = files.entry(fd);
  if (!found.ok) return -Errno.EBADF;
  const entry = found.value;
  if (isPathOnly(entry) && !O_PATH_FCNTL.has(cmd)) return -Errno.EBADF;
  switch (cmd) {
    case FcntlCmd.F_DUPFD:
    case FcntlCmd.F_DUPFD_CLOEXEC: {
      if (arg >= files.limit) return -Errno.EINVAL;
      const r = files.duplicate(fd, {
        target: DescriptorTarget.atLeast(arg),
        flags: cmd === FcntlCmd.F_DUPFD_CLOEXEC ? DescriptorFlags.CLOSE_ON_EXEC : 0,
      });
      return r.ok ? r.value : -Errno.EMFILE;
    }
    case FcntlCmd.F_GETFD: {
      const flags = files.getFlags(fd);
      return flags.ok && (flags.value & DescriptorFlags.CLOSE_ON_EXEC) !== 0 ? FD_CLOEXEC : 0;
    }
    case FcntlCmd.F_SETFD: {
      const current = files.getFlags(fd);
      const others = current.ok ? current.value & ~DescriptorFlags.CLOSE_ON_EXEC : 0;
      files.setFlags(fd, others | ((arg & FD_CLOEXEC) !== 0 ? DescriptorFlags.CLOSE_ON_EXEC : 0));
      return 0;
    }
    case FcntlCmd.F_GETFL:
      return statusFlagsOf(entry);
    case FcntlCmd.F_SETFL:
      // Only the SETFL_MASK bits change; the access mode and creation flags stay as opened.
      entry.statusFlags = (entry.statusFlags & ~SETFL_MASK) | (arg & SETFL_MASK & ~OpenFlag.O_NONBLOCK);
      entry.nonBlocking = (arg & OpenFlag.O_NONBLOCK) !== 0;
      return 0;
    case FcntlCmd.F_GETOWN:
      return 0;
    case FcntlCmd.F_SETOWN:
      return 0;
    case FcntlCmd.F_GETPIPE_SZ:
      return entry.is(PIPE_SUBSYSTEM) ? entry.object.capacity : -Errno.EBADF;
    default:
      return -Errno.EINVAL;
  }
}

function ioctl(ctx: SyscallContext): number | Promise<number> {
  const fd = ctx.argSigned(0);
  const request = ctx.arg(1);
  const arg = ctx.arg(2);
  const files = ctx.process.files;
  const found = files.entry(fd);
  if (!found.ok) return -Errno.EBADF;
  const entry = found.value;
  // ioctl's fdget does not see O_PATH files: EBADF even for the generic requests.
  if (isPathOnly(entry)) return -Errno.EBADF;
  // The generic requests do_vfs_ioctl answers before the file's own ioctl.
  switch (request) {
    case Ioctl.FIOCLEX:
    case Ioctl.FIONCLEX: {
      const current = files.getFlags(fd);
      const others = current.ok ? current.value & ~DescriptorFlags.CLOSE_ON_EXEC : 0;
      files.setFlags(fd, others | (request === Ioctl.FIOCLEX ? DescriptorFlags.CLOSE_ON_EXEC : 0));
      return 0;
    }
    case Ioctl.FIONBIO: {
      const on = ctx.memory.readU32(arg);
      if (!on.ok) return -on.error;
      entry.nonBlocking = on.value !== 0;
      return 0;
    }
  }
  const answered = ctx.shim.fileOps.lookup(entry).ioctl?.(ctx, entry, request, arg);
  return answered ?? -Errno.ENOTTY;
}

function llseek(ctx: SyscallContext): number {
  const fd = ctx.argSigned(0);
  const offset = (BigInt(ctx.arg(1)) << 32n) | BigInt(ctx.arg(2));
  const result = ctx.arg(3);
  const whence = ctx.arg(4);
  const found = ctx.process.files.entry(fd);
  if (!found.ok) return -Errno.EBADF;
  if (whence > Whence.SEEK_HOLE) return -Errno.EINVAL;
  const seek = ctx.shim.fileOps.lookup(found.value).seek;
  if (!seek) return -Errno.ESPIPE;
  const position = seek(ctx, found.value, BigInt.asIntN(64, offset), whence);
  if (typeof position === "number") return position;
  const written = ctx.memory.writeU64(result, position);
  return written.ok ? 0 : -written.error;
}

/** Installs the descriptor part. */
export function installDescriptorSyscalls(installer: ShimInstaller): void {
  installer.fileOps(STDIO_SUBSYSTEM, STDIO_OPS);
  installer.fileOps(PIPE_SUBSYSTEM, PIPE_OPS);
  installer.syscall(Sys.close, "close", close);
  installer.syscall(Sys.dup, "dup", dup);
  installer.syscall(Sys.dup3, "dup3", dup3);
  installer.syscall(Sys.fcntl64, "fcntl64", fcntl);
  installer.syscall(Sys.ioctl, "ioctl", ioctl);
  installer.syscall(Sys.llseek, "llseek", llseek);
  installer.syscall(Sys.pipe2, "pipe2", PIPE_SYSCALLS.pipe2);
  installer.syscall(Sys.read, "read", IO_SYSCALLS.read);
  installer.syscall(Sys.write, "write", IO_SYSCALLS.write);
  installer.syscall(Sys.readv, "readv", IO_SYSCALLS.readv);
  installer.syscall(Sys.writev, "writev", IO_SYSCALLS.writev);
  installer.syscall(Sys.ppoll_time64, "ppoll_time64", POLL_SYSCALLS.ppoll);
}
