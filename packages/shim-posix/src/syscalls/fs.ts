/**
 * The files part: the LiteBox's in-memory filesystem behind descriptors. It registers the file
 * operations of the filesystem's open files (so the generic read, write, readv, writev, llseek,
 * ioctl, ppoll and fcntl work on them), the per-process current directory, the program source
 * execve uses by default, and the file syscalls — openat, statx, getdents64, mkdirat, unlinkat,
 * renameat2, symlinkat, readlinkat, faccessat, faccessat2, getcwd, chdir, fchdir, pread64,
 * pwrite64, preadv, pwritev, ftruncate64, truncate64, fsync, fdatasync, syncfs, sync. The handlers
 * live under `src/fs/`.
 *
 * @module
 */
import { FILE_SUBSYSTEM } from "@litebox-ts/core";
import { Sys } from "../abi/syscall-numbers";
import { FILE_IO_SYSCALLS } from "../fs/file-io";
import { FILE_OPS } from "../fs/file-ops";
import { NAMESPACE_SYSCALLS } from "../fs/namespace-syscalls";
import { openat } from "../fs/open";
import { FileSystemProgramSource } from "../fs/program-source";
import { ShimFiles } from "../fs/shim-files";
import { statx } from "../fs/stat-syscalls";
import type { ShimInstaller } from "../shim/installer";
import type { SyscallContext } from "./context";

const parts = new WeakMap<object, ShimFiles>();

/** The files part of `shim` (its filesystem and the processes' current directories), once installed. */
export function shimFiles(shim: object): ShimFiles | undefined {
  return parts.get(shim);
}

/** Installs the files part. */
export function installFileSyscalls(installer: ShimInstaller): void {
  const files = new ShimFiles(installer.shim.litebox.fileSystem());
  parts.set(installer.shim, files);
  installer.processExtension(files.extension);
  installer.fileOps(FILE_SUBSYSTEM, FILE_OPS);
  installer.programSource(new FileSystemProgramSource(files));
  const withFiles = (handler: (files: ShimFiles, ctx: SyscallContext) => number) => (ctx: SyscallContext) => handler(files, ctx);
  const io = FILE_IO_SYSCALLS;
  const ns = NAMESPACE_SYSCALLS;
  installer.syscall(Sys.openat, "openat", withFiles(openat));
  installer.syscall(Sys.statx, "statx", withFiles(statx));
  installer.syscall(Sys.getdents64, "getdents64", io.getdents64);
  installer.syscall(Sys.pread64, "pread64", io.pread64);
  installer.syscall(Sys.pwrite64, "pwrite64", io.pwrite64);
  installer.syscall(Sys.preadv, "preadv", io.preadv);
  installer.syscall(Sys.pwritev, "pwritev", io.pwritev);
  installer.syscall(Sys.ftruncate64, "ftruncate64", io.ftruncate64);
  installer.syscall(Sys.truncate64, "truncate64", withFiles(io.truncate64));
  installer.syscall(Sys.fsync, "fsync", io.fsync);
  installer.syscall(Sys.fdatasync, "fdatasync", io.fsync);
  installer.syscall(Sys.syncfs, "syncfs", io.syncfs);
  installer.syscall(Sys.sync, "sync", io.sync);
  installer.syscall(Sys.mkdirat, "mkdirat", withFiles(ns.mkdirat));
  installer.syscall(Sys.unlinkat, "unlinkat", withFiles(ns.unlinkat));
  installer.syscall(Sys.renameat2, "renameat2", withFiles(ns.renameat2));
  installer.syscall(Sys.symlinkat, "symlinkat", withFiles(ns.symlinkat));
  installer.syscall(Sys.readlinkat, "readlinkat", withFiles(ns.readlinkat));
  installer.syscall(Sys.faccessat, "faccessat", withFiles(ns.faccessat));
  installer.syscall(Sys.faccessat2, "faccessat2", withFiles(ns.faccessat2));
  installer.syscall(Sys.getcwd, "getcwd", withFiles(ns.getcwd));
  installer.syscall(Sys.chdir, "chdir", withFiles(ns.chdir));
  installer.syscall(Sys.fchdir, "fchdir", withFiles(ns.fchdir));
}
