/**
 * Where executable images come from and how they are loaded — two seams the embedder fills:
 *
 * - a {@link ProgramSource} maps an image path to its bytes: the LiteBox's own filesystem by default
 *   ({@link programsFromFileSystem}), or a `Map` ({@link programsFromMap});
 * - an {@link ImageLoader} maps an ELF image into an address space and builds its initial stack. The
 *   shim may import only the core (the layering rule), so it does not import `@litebox-ts/riscv`; the
 *   runner passes riscv's `loadElf`, whose signature fits this type as it is.
 *
 * @module
 */
import type { AddressRange, GuestMemoryProvider, PageManagementProvider, Result, Vfs } from "@litebox-ts/core";

/** What {@link ProgramSource.readProgram} answers when the file exists but may not be executed. */
export const PROGRAM_ACCESS_DENIED = "AccessDenied" as const;

/** Maps image paths to executable bytes. */
export interface ProgramSource {
  /**
   * The bytes of the image at `path`; `undefined` if there is none (STATUS_OBJECT_NAME_NOT_FOUND);
   * {@link PROGRAM_ACCESS_DENIED} if it is a directory or not executable (STATUS_ACCESS_DENIED).
   */
  readProgram(path: string): Uint8Array | undefined | typeof PROGRAM_ACCESS_DENIED;
}

/** A {@link ProgramSource} over a `Map` from path to bytes. */
export function programsFromMap(programs: ReadonlyMap<string, Uint8Array>): ProgramSource {
  return { readProgram: (path) => programs.get(path) };
}

/**
 * A {@link ProgramSource} over the core's filesystem (`litebox.fileSystem()`): image paths are
 * looked up from its root, following links; a directory or a file without an execute bit is refused.
 */
export function programsFromFileSystem(vfs: Vfs): ProgramSource {
  return {
    readProgram: (path) => {
      const file = vfs.readExecutable(vfs.root, path);
      if (file.ok) return file.value.bytes;
      return file.error === "PermissionDenied" || file.error === "IsDirectory" ? PROGRAM_ACCESS_DENIED : undefined;
    },
  };
}

/** Where an image is loaded (riscv's `LoadTarget`). */
export interface ImageLoadTarget<Id> {
  readonly pages: Pick<PageManagementProvider<Id>, "mapPages" | "protectPages" | "unmapPages">;
  readonly memory: Pick<GuestMemoryProvider<Id>, "writeBytes">;
  readonly space: Id;
  readonly range: AddressRange;
}

/** Options the shim passes (a subset of riscv's `InitialStackOptions`). */
export interface ImageLoadOptions {
  readonly argv: readonly string[];
  readonly stackSize?: number;
}

/** What the shim needs back from a load (a subset of riscv's `LoadedElf`). */
export interface LoadedImage {
  readonly entry: number;
  readonly sp: number;
  readonly stack: { readonly stackBase: number; readonly stackTop: number };
}

/** Why a load failed: riscv's `ElfLoadError` tags. */
export interface ImageLoadError {
  readonly _tag: "ElfFormatError" | "ElfNotSupported" | "ElfMapError" | "InitialStackError";
}

/** Loads an executable image (riscv's `loadElf`). On failure nothing may stay mapped. */
export type ImageLoader = <Id>(
  bytes: Uint8Array,
  target: ImageLoadTarget<Id>,
  options: ImageLoadOptions,
) => Result<LoadedImage, ImageLoadError>;
