/**
 * Programs from a host folder: the `--root` of `litebox run`. A guest path `/bin/x` is the host file
 * `<root>/bin/x`; normalisation happened before the lookup, so `..` cannot leave the root. The NT
 * shim reads its images through this; the POSIX shim finds programs in the guest's filesystem (the
 * `--root` image, see `root-image.ts`).
 *
 * @module
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { err, ok, type Result } from "@litebox-ts/core";
import type { ProgramFile, ProgramLookupError, ProgramSource } from "@litebox-ts/shim-posix";

/** A {@link ProgramSource} over a host folder, plus extra in-memory programs (the one given on the command line). */
export class HostFolderProgramSource implements ProgramSource {
  readonly #root: string | undefined;
  readonly #extra: Map<string, Uint8Array>;

  /** @param root - the host folder (undefined: none). @param extra - programs by guest path. */
  constructor(root: string | undefined, extra: ReadonlyMap<string, Uint8Array> = new Map()) {
    this.#root = root;
    this.#extra = new Map(extra);
  }

  /** {@inheritDoc ProgramSource.lookup} */
  lookup(path: string): Result<ProgramFile, ProgramLookupError> {
    const extra = this.#extra.get(path);
    if (extra) return ok({ path, bytes: extra });
    if (this.#root === undefined) return err("NotFound");
    const host = join(this.#root, path);
    let stat;
    try {
      stat = statSync(host);
    } catch (e) {
      const code = (e as { code?: string }).code;
      return err(code === "ENOTDIR" ? "NotDirectory" : code === "ELOOP" ? "Loop" : code === "EACCES" ? "PermissionDenied" : "NotFound");
    }
    if (!stat.isFile() || (stat.mode & 0o111) === 0) return err("PermissionDenied");
    return ok({ path, bytes: new Uint8Array(readFileSync(host)) });
  }

  /** The bytes of `path` for the NT shim's source (`undefined` when absent). */
  readProgram(path: string): Uint8Array | undefined {
    const r = this.lookup(path);
    return r.ok ? r.value.bytes : undefined;
  }
}
