/**
 * The guest's filesystem for `litebox run`: `--root DIR` becomes a read-only image of the host
 * folder mounted at `/` (files, directories and symbolic links, with their permission bits; owned by
 * root, since guests run as root), with a writable, empty in-memory filesystem mounted on `/tmp`
 * (mode 01777), as a Linux system has a tmpfs there. Without `--root`, `/` is empty but for `/tmp`.
 *
 * The folder is read once, at start: later changes on the host are not seen, and the guest's writes
 * never reach the host. Sockets, FIFOs and devices are left out; entries the host refuses to read
 * are left out with a warning.
 *
 * @module
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { buildImage, err, ok, type FileSystemImage, type ImageEntry, type Result, type Vfs } from "@litebox-ts/core";

/** The mode of the writable `/tmp`. */
export const TMP_MODE = 0o1777;

/** Why the root could not be built. */
export interface RootImageError {
  readonly _tag: "RootImageError";
  /** What went wrong, for the user. */
  readonly message: string;
}

/** The image and what was left out. */
export interface RootImage {
  /** The image to mount at `/`. */
  readonly image: FileSystemImage;
  /** One line per host entry left out (unreadable, or a kind the filesystem has not). */
  readonly warnings: readonly string[];
}

function errorCode(e: unknown): string {
  return (e as { code?: string }).code ?? "error";
}

/**
 * Reads host folder `dir` (undefined: none) into an image whose top-level `tmp` is a directory
 * (added if missing; a host `tmp` that is not a directory is replaced), ready for {@link mountTmp}.
 * Entries are listed in name order, so the guest's directory listings do not depend on the host's.
 */
export function imageFromHostFolder(dir: string | undefined): Result<RootImage, RootImageError> {
  const entries: ImageEntry[] = [];
  const warnings: string[] = [];
  if (dir !== undefined) {
    try {
      if (!lstatSync(dir).isDirectory()) return err({ _tag: "RootImageError", message: `--root ${dir} is not a directory` });
    } catch (e) {
      return err({ _tag: "RootImageError", message: `cannot read --root ${dir}: ${errorCode(e)}` });
    }
    walk(dir, [], entries, warnings);
  }
  const tmp = entries.findIndex((e) => e.path.length === 1 && e.path[0] === "tmp");
  if (tmp >= 0 && !("directory" in entries[tmp]!)) {
    warnings.push(`${join(dir ?? "", "tmp")}: not a directory; the guest's /tmp replaces it`);
    entries.splice(tmp, 1);
  }
  if (!entries.some((e) => e.path.length === 1 && e.path[0] === "tmp")) entries.push({ path: ["tmp"], directory: true, mode: TMP_MODE });
  const image = buildImage(entries);
  if (!image.ok) {
    const bad = entries[image.error.index];
    const where = bad ? `/${(bad.path as readonly string[]).join("/")}` : "?";
    return err({ _tag: "RootImageError", message: `cannot use ${where} from --root: ${image.error.code}` });
  }
  return ok({ image: image.value, warnings });
}

function walk(hostDir: string, at: readonly string[], entries: ImageEntry[], warnings: string[]): void {
  let names: string[];
  try {
    names = readdirSync(hostDir).sort();
  } catch (e) {
    warnings.push(`${hostDir}: cannot list (${errorCode(e)}); left out`);
    return;
  }
  for (const name of names) {
    const host = join(hostDir, name);
    const path = [...at, name];
    try {
      const stat = lstatSync(host);
      const mode = stat.mode & 0o7777;
      if (stat.isDirectory()) {
        entries.push({ path, directory: true, mode });
        walk(host, path, entries, warnings);
      } else if (stat.isFile()) {
        entries.push({ path, data: new Uint8Array(readFileSync(host)), mode });
      } else if (stat.isSymbolicLink()) {
        entries.push({ path, symlink: readlinkSync(host) });
      } else {
        warnings.push(`${host}: not a file, directory or symbolic link; left out`);
      }
    } catch (e) {
      warnings.push(`${host}: cannot read (${errorCode(e)}); left out`);
    }
  }
}

/** Mounts the writable `/tmp` on `vfs` (its root image must have a `tmp` directory). */
export function mountTmp(vfs: Vfs): Result<void, RootImageError> {
  const mounted = vfs.mount(vfs.root, "/tmp", { kind: "memory", mode: TMP_MODE });
  return mounted.ok ? ok(undefined) : err({ _tag: "RootImageError", message: `cannot mount /tmp: ${mounted.error}` });
}
