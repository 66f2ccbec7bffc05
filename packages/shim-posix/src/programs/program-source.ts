/**
 * Where execve finds programs: a path → bytes seam. The shim asks a {@link ProgramSource}; the
 * in-memory filesystem backs it in a full system, a {@link MapProgramSource} in tests and simple
 * embeddings. Paths are resolved against the caller's cwd before the lookup.
 *
 * @module
 */
import { err, ok, type Result } from "@litebox-ts/core";
import type { PosixProcess } from "../process/posix-process";

/** Why a program could not be found. A closed set, mapped to errno by execve. */
export const ProgramLookupError = {
  /** ENOENT. */
  NotFound: "NotFound",
  /** EACCES: not a regular file, or not executable. */
  PermissionDenied: "PermissionDenied",
  /** ENOTDIR: a path component is not a directory. */
  NotDirectory: "NotDirectory",
  /** ELOOP: too many symbolic links. */
  Loop: "Loop",
  /** ENAMETOOLONG: a path component is longer than NAME_MAX (the path itself is checked by execve). */
  NameTooLong: "NameTooLong",
} as const;
/** {@inheritDoc (ProgramLookupError:variable)} */
export type ProgramLookupError = (typeof ProgramLookupError)[keyof typeof ProgramLookupError];

/** A program found by a {@link ProgramSource}. */
export interface ProgramFile {
  /** The canonical absolute path (AT_EXECFN is the path as given; this is for /proc/self/exe). */
  readonly path: string;
  /** The file's bytes. */
  readonly bytes: Uint8Array;
}

/**
 * Who asks, for sources that resolve paths themselves (the filesystem source follows symbolic links
 * and resolves relative paths from the caller's cwd directory, which a lexical `resolvePath` cannot).
 */
export interface ProgramLookupContext {
  /** The path exactly as the program passed it (relative paths start at the caller's cwd). */
  readonly path: string;
  /** The calling process (execve); absent for the first program (spawn). */
  readonly process?: PosixProcess;
}

/** Finds executables by absolute path. */
export interface ProgramSource {
  /**
   * Looks up `path` (absolute and normalised: no `.`/`..` components, no double slashes). `context`
   * says who asks and what they passed; sources that only know absolute paths ignore it.
   */
  lookup(path: string, context?: ProgramLookupContext): Result<ProgramFile, ProgramLookupError>;
}

/** Resolves `path` against `cwd` and normalises `.` and `..` (POSIX: `..` at the root stays at the root). */
export function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

/** A {@link ProgramSource} over a map of absolute paths. */
export class MapProgramSource implements ProgramSource {
  readonly #files = new Map<string, Uint8Array>();

  /** @param files - initial programs, by path (normalised on insertion). */
  constructor(files: Iterable<readonly [string, Uint8Array]> = []) {
    for (const [path, bytes] of files) this.add(path, bytes);
  }

  /** Adds or replaces a program. */
  add(path: string, bytes: Uint8Array): this {
    this.#files.set(resolvePath("/", path), bytes);
    return this;
  }

  /** {@inheritDoc ProgramSource.lookup} */
  lookup(path: string): Result<ProgramFile, ProgramLookupError> {
    const bytes = this.#files.get(path);
    if (bytes) return ok({ path, bytes });
    // A path below a program ("/bin/prog/x") names a non-directory component.
    for (const known of this.#files.keys()) {
      if (path.startsWith(`${known}/`)) return err(ProgramLookupError.NotDirectory);
    }
    return err(ProgramLookupError.NotFound);
  }
}
