/**
 * The program loader seam. The shim may import only the core, so it does not load ELF files itself:
 * whoever builds the shim passes a loader — `loadElf` from `@litebox-ts/riscv` fits this type as it
 * is. The loader maps the image and the initial stack into a fresh address space and reports where
 * things went; its errors are the closed set below, which execve maps to errno.
 *
 * @module
 */
import type { AddressRange, GuestMemoryProvider, PageManagementProvider, Result } from "@litebox-ts/core";

/** What a loader loads into (the same shape as the riscv package's `LoadTarget`). */
export interface ImageLoadTarget<Id> {
  /** Page management. */
  readonly pages: Pick<PageManagementProvider<Id>, "mapPages" | "protectPages" | "unmapPages">;
  /** Guest-memory writes. */
  readonly memory: Pick<GuestMemoryProvider<Id>, "writeBytes">;
  /** The (fresh) address space. */
  readonly space: Id;
  /** Where image and stack must lie (the process's guest range). */
  readonly range: AddressRange;
}

/** Options the shim passes to the loader. */
export interface ImageLoadOptions {
  /** Argument strings. */
  readonly argv: readonly Uint8Array[];
  /** Environment strings. */
  readonly envp: readonly Uint8Array[];
  /** AT_EXECFN: the path as execve got it. */
  readonly execfn: Uint8Array;
  /** Fills AT_RANDOM (seeded: runs are deterministic). */
  readonly random: (dest: Uint8Array) => void;
  /** Bytes of stack to map. */
  readonly stackSize: number;
  /** AT_UID / AT_EUID / AT_GID / AT_EGID. */
  readonly credentials: { readonly uid: number; readonly euid: number; readonly gid: number; readonly egid: number };
}

/** What a successful load reports. */
export interface LoadedImage {
  /** Entry point (the thread's pc). */
  readonly entry: number;
  /** Initial stack pointer (x2). */
  readonly sp: number;
  /** Start of the program break. */
  readonly brk: number;
  /** The stack's extent. */
  readonly stack: { readonly stackBase: number; readonly stackTop: number };
}

/** A loader failure (the riscv loader's `ElfLoadError` is assignable to it). */
export type ImageLoadError =
  /** Malformed file: ENOEXEC. */
  | { readonly _tag: "ElfFormatError" }
  /** A feature the loader lacks (dynamic linking…): ENOEXEC. */
  | { readonly _tag: "ElfNotSupported" }
  /** The platform could not map the image: ENOMEM. */
  | { readonly _tag: "ElfMapError" }
  /** The initial stack: E2BIG for `ArgumentListTooLong`, else ENOMEM. */
  | { readonly _tag: "InitialStackError"; readonly code: string };

/** Loads an executable into an address space; on failure nothing stays mapped. */
export type ImageLoader = <Id>(
  bytes: Uint8Array,
  target: ImageLoadTarget<Id>,
  options: ImageLoadOptions,
) => Result<LoadedImage, ImageLoadError>;
