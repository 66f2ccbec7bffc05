/**
 * A {@link ProgramSource} over the filesystem: execve finds programs as files with an execute bit,
 * resolving the path exactly as the kernel does — from the caller's cwd directory (not a lexical
 * join of strings, which `..` after a symbolic link or a renamed cwd would get wrong), following
 * links, with the caller's credentials. Errors map as execve's: ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG,
 * and EACCES for a directory, a non-regular file or a missing execute bit. ENOEXEC for a file that is
 * no ELF comes from the loader.
 *
 * @module
 */
import { FsError, ROOT_CREDENTIALS, err, ok, type Result } from "@litebox-ts/core";
import {
  ProgramLookupError,
  type ProgramFile,
  type ProgramLookupContext,
  type ProgramSource,
} from "../programs/program-source";
import type { ShimFiles } from "./shim-files";

function lookupError(error: FsError): ProgramLookupError {
  switch (error) {
    case FsError.NotDirectory:
      return ProgramLookupError.NotDirectory;
    case FsError.NameTooLong:
      return ProgramLookupError.NameTooLong;
    case FsError.Loop:
      return ProgramLookupError.Loop;
    case FsError.IsDirectory:
    case FsError.PermissionDenied:
      return ProgramLookupError.PermissionDenied;
    default:
      return ProgramLookupError.NotFound;
  }
}

/** Programs from the shim's filesystem. */
export class FileSystemProgramSource implements ProgramSource {
  readonly #files: ShimFiles;

  /** @param files - the files part of the shim. */
  constructor(files: ShimFiles) {
    this.#files = files;
  }

  /**
   * {@inheritDoc ProgramSource.lookup}
   *
   * With a calling process, the path it passed is resolved from its cwd with its credentials; without
   * one (the first program), the absolute `path` from the root, as root.
   */
  lookup(path: string, context?: ProgramLookupContext): Result<ProgramFile, ProgramLookupError> {
    const files = this.#files;
    const process = context?.process;
    const found = process
      ? files.vfs.readExecutable(files.cwdOf(process), context.path, { credentials: files.credentialsOf(process) })
      : files.vfs.readExecutable(files.vfs.root, path, { credentials: ROOT_CREDENTIALS });
    return found.ok ? ok({ path, bytes: found.value.bytes }) : err(lookupError(found.error));
  }
}
