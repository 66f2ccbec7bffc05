/**
 * The files part's state for one shim: the LiteBox's filesystem, every process's current directory
 * (a `DirectoryRef`, which survives renames and removal as a Linux cwd does — the process's `cwd`
 * string is kept beside it for the lexical lookups of other parts), and how a process's credentials
 * and `*at()` arguments become the filesystem's inputs.
 *
 * @module
 */
import {
  FILE_SUBSYSTEM,
  type DescriptorEntry,
  type DirectoryRef,
  type Credentials as FsCredentials,
  type OpenFile,
  type Vfs,
} from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { AtFlag } from "../abi/fcntl";
import { ProcessExtension } from "../process/extensions";
import type { PosixProcess } from "../process/posix-process";
import type { SyscallContext } from "../syscalls/context";

/** What the files part keeps per process. */
export interface ProcessFiles {
  /** The current directory (shared by the process's threads; copied by fork). */
  cwd: DirectoryRef;
}

/** Where an `*at()` path starts, or what an empty path with AT_EMPTY_PATH names. */
export type AtTarget =
  /** A directory to resolve the path from. */
  | { readonly kind: "directory"; readonly directory: DirectoryRef }
  /** AT_EMPTY_PATH on a descriptor: the object itself. */
  | { readonly kind: "entry"; readonly entry: DescriptorEntry };

/** The files part of one shim. */
export class ShimFiles {
  /** The filesystem (the LiteBox's, shared with every other shim of the instance). */
  readonly vfs: Vfs;
  /** The per-process state's key. */
  readonly extension: ProcessExtension<ProcessFiles>;

  /** @param vfs - the filesystem. */
  constructor(vfs: Vfs) {
    this.vfs = vfs;
    this.extension = new ProcessExtension<ProcessFiles>({
      name: "files",
      // The first program starts where spawn put it; a cwd that does not exist falls back to `/`.
      create: (process) => {
        const found = vfs.chdir(vfs.root, process.cwd, { credentials: this.credentialsOf(process) });
        if (!found.ok) process.cwd = "/";
        return { cwd: found.ok ? found.value : vfs.root };
      },
      fork: (parent) => ({ cwd: parent.cwd }),
    });
  }

  /** The process's current directory. */
  cwdOf(process: PosixProcess): DirectoryRef {
    return process.ext(this.extension).cwd;
  }

  /** Makes `directory` the process's current directory (chdir, fchdir). */
  setCwd(process: PosixProcess, directory: DirectoryRef): void {
    process.ext(this.extension).cwd = directory;
    const path = this.vfs.getcwd(directory);
    if (path.ok) process.cwd = path.value;
  }

  /** The filesystem credentials of `process` (Linux checks files with the fsuid and fsgid). */
  credentialsOf(process: PosixProcess): FsCredentials {
    return { uid: process.credentials.fsuid, gid: process.credentials.fsgid };
  }

  /**
   * Where `path` starts for `dirfd` (openat and friends). An absolute path ignores `dirfd`; AT_FDCWD
   * is the cwd; any other number must be an open directory (EBADF, ENOTDIR). With `emptyPath`
   * (AT_EMPTY_PATH and an empty path), the descriptor itself is the target, whatever it is.
   */
  at(ctx: SyscallContext, dirfd: number, path: string, emptyPath = false): AtTarget | number {
    const process = ctx.process;
    if (path.startsWith("/")) return { kind: "directory", directory: this.cwdOf(process) };
    if (dirfd === AtFlag.AT_FDCWD) return { kind: "directory", directory: this.cwdOf(process) };
    const found = process.files.entry(dirfd);
    if (!found.ok) return -Errno.EBADF;
    const entry = found.value;
    if (emptyPath && path === "") return { kind: "entry", entry };
    const directory = openFileOf(entry)?.directory;
    return directory ? { kind: "directory", directory } : -Errno.ENOTDIR;
  }

  /** {@link ShimFiles.at} for calls that take no AT_EMPTY_PATH: always a directory, or `-errno`. */
  directoryAt(ctx: SyscallContext, dirfd: number, path: string): DirectoryRef | number {
    const target = this.at(ctx, dirfd, path);
    if (typeof target === "number") return target;
    // Without `emptyPath`, `at` answers directories only.
    return target.kind === "directory" ? target.directory : -Errno.ENOTDIR;
  }
}

/** The open file behind `entry`, if it is one of the filesystem's. */
export function openFileOf(entry: DescriptorEntry): OpenFile | undefined {
  return entry.is(FILE_SUBSYSTEM) ? entry.object : undefined;
}
