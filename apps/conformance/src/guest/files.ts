/**
 * Guest programs on the host: the repository's `guest/` folder (found from the working directory or
 * from this package's location), read lazily, and in-memory program maps.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProgramFiles } from "../plugin/types";

/** Normalises a guest path: absolute, `.` and `..` resolved, no double slashes. */
export function normaliseGuestPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** Programs in a host folder that is the guest's `/` (`/bin/posix/x.elf` is `<root>/bin/posix/x.elf`). */
export class FolderProgramFiles implements ProgramFiles {
  readonly #root: string;
  readonly #cache = new Map<string, Uint8Array | undefined>();

  /** @param root - the host folder. */
  constructor(root: string) {
    this.#root = root;
  }

  /** {@inheritDoc ProgramFiles.read} */
  read(path: string): Uint8Array | undefined {
    const guest = normaliseGuestPath(path);
    if (this.#cache.has(guest)) return this.#cache.get(guest);
    const host = join(this.#root, guest);
    let bytes: Uint8Array | undefined;
    try {
      bytes = statSync(host).isFile() ? new Uint8Array(readFileSync(host)) : undefined;
    } catch {
      bytes = undefined;
    }
    this.#cache.set(guest, bytes);
    return bytes;
  }

  /** {@inheritDoc ProgramFiles.isDirectory} */
  isDirectory(path: string): boolean {
    try {
      return statSync(join(this.#root, normaliseGuestPath(path))).isDirectory();
    } catch {
      return false;
    }
  }
}

/** Programs from a map of guest path → bytes. */
export class MapProgramFiles implements ProgramFiles {
  readonly #programs: ReadonlyMap<string, Uint8Array>;

  /** @param programs - executables by guest path. */
  constructor(programs: ReadonlyMap<string, Uint8Array>) {
    this.#programs = new Map([...programs].map(([path, bytes]) => [normaliseGuestPath(path), bytes]));
  }

  /** {@inheritDoc ProgramFiles.read} */
  read(path: string): Uint8Array | undefined {
    return this.#programs.get(normaliseGuestPath(path));
  }

  /** {@inheritDoc ProgramFiles.isDirectory} — the folders on the programs' paths. */
  isDirectory(path: string): boolean {
    const guest = normaliseGuestPath(path);
    const prefix = guest === "/" ? "/" : `${guest}/`;
    return [...this.#programs.keys()].some((p) => p.startsWith(prefix));
  }
}

/** Whether `dir` looks like the repository's guest folder (it has the POSIX tests' index). */
function isGuestDir(dir: string): boolean {
  return existsSync(join(dir, "tests", "posix", "tests.json")) || existsSync(join(dir, "tests", "nt", "tests.json"));
}

/**
 * The guest folder: `explicit` if given, else the first `guest/` found walking up from `cwd`, then
 * from this package's own location (the repository it was built in). `undefined` when none exists.
 */
export function locateGuestDir(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit !== undefined) return resolve(cwd, explicit);
  const starts = [resolve(cwd), dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    let dir = start;
    for (;;) {
      const candidate = join(dir, "guest");
      if (isGuestDir(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}
