/**
 * Path syntax: splitting a path into components, with Linux's limits. Names are JavaScript strings;
 * every limit is measured in UTF-8 bytes, which is what a guest's C string holds when the shim
 * decodes it as UTF-8.
 *
 * @module
 */
import { FsError } from "./errors";
import { err, ok, type Result } from "../util/result";

/** A path must be shorter than this many bytes (Linux PATH_MAX, which counts the terminating NUL). */
export const PATH_MAX = 4096;

/** A component may be at most this many bytes (Linux NAME_MAX). */
export const NAME_MAX = 255;

/** The length of `text` in UTF-8 bytes (a lone surrogate counts 3, as TextEncoder's replacement). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** A path split into components. */
export interface ParsedPath {
  /** True if the path starts with `/`. */
  readonly absolute: boolean;
  /** The components, empty ones (from repeated slashes) dropped; `.` and `..` kept. */
  readonly components: readonly string[];
  /** True if the path ends with `/` after at least one component: the last must be a directory. */
  readonly trailingSlash: boolean;
}

/**
 * Splits `path`. The empty path is `NotFound` (Linux's ENOENT), a path of {@link PATH_MAX} bytes or
 * more `NameTooLong`, a path containing NUL `InvalidArgument` (no C string can, but a JavaScript
 * caller could). Component lengths are checked when a component is looked up, as Linux does.
 */
export function parsePath(
  path: string,
): Result<ParsedPath, typeof FsError.NotFound | typeof FsError.NameTooLong | typeof FsError.InvalidArgument> {
  if (path.length === 0) return err(FsError.NotFound);
  // A UTF-16 unit is at most 3 UTF-8 bytes: short paths need no count.
  if (path.length * 3 >= PATH_MAX && utf8Length(path) >= PATH_MAX) return err(FsError.NameTooLong);
  if (path.includes("\0")) return err(FsError.InvalidArgument);
  const components = path.split("/").filter((c) => c.length > 0);
  return ok({
    absolute: path.startsWith("/"),
    components,
    trailingSlash: components.length > 0 && path.endsWith("/"),
  });
}

/** True if `name` may be a directory entry's name: a component within {@link NAME_MAX} bytes. */
export function nameFits(name: string): boolean {
  return name.length * 3 <= NAME_MAX || (name.length <= NAME_MAX && utf8Length(name) <= NAME_MAX);
}
