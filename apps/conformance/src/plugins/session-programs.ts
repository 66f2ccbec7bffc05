/**
 * The programs a session can start: the union of the `files` of every program spawned in it, newest
 * first. A shim takes one program source when it is built; the runner hands it programs one spawn at
 * a time, so the built-in plugins put this in between.
 *
 * @module
 */
import { normaliseGuestPath } from "../guest/files";
import type { ProgramFiles } from "../plugin/types";

/** See the module documentation. */
export class SessionPrograms implements ProgramFiles {
  readonly #sources: ProgramFiles[] = [];

  /** Makes `files` visible to the session's guests (searched before the ones added earlier). */
  add(files: ProgramFiles): void {
    if (!this.#sources.includes(files)) this.#sources.unshift(files);
  }

  /** {@inheritDoc ProgramFiles.read} */
  read(path: string): Uint8Array | undefined {
    const guest = normaliseGuestPath(path);
    for (const source of this.#sources) {
      const bytes = source.read(guest);
      if (bytes !== undefined) return bytes;
    }
    return undefined;
  }

  /** {@inheritDoc ProgramFiles.isDirectory} */
  isDirectory(path: string): boolean {
    return this.#sources.some((source) => source.isDirectory?.(path) === true);
  }
}
