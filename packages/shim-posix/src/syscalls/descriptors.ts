/**
 * Descriptor syscalls (close, and the I/O path) and the installer of the descriptor part: the
 * standard streams' and pipes' file operations and their syscalls.
 *
 * @module
 */
import { Errno } from "../abi/errno";
import { Sys } from "../abi/syscall-numbers";
import { STDIO_SUBSYSTEM } from "../io/stdio";
import { STDIO_OPS } from "../io/stdio-ops";
import type { ShimInstaller } from "../shim/installer";
import type { SyscallContext } from "./context";
import { IO_SYSCALLS } from "./io";

function close(ctx: SyscallContext): number {
  return ctx.process.files.close(ctx.argSigned(0)).ok ? 0 : -Errno.EBADF;
}

/** Installs the descriptor part. */
export function installDescriptorSyscalls(installer: ShimInstaller): void {
  installer.fileOps(STDIO_SUBSYSTEM, STDIO_OPS);
  installer.syscall(Sys.close, "close", close);
  installer.syscall(Sys.read, "read", IO_SYSCALLS.read);
  installer.syscall(Sys.write, "write", IO_SYSCALLS.write);
  installer.syscall(Sys.readv, "readv", IO_SYSCALLS.readv);
  installer.syscall(Sys.writev, "writev", IO_SYSCALLS.writev);
}
