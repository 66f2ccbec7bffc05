/**
 * Page management and guest-memory access: the parts of the south interface that DESIGN.md §4 adds
 * beside the RFC's address-space provider. Every operation names its address space explicitly, so
 * shims never depend on which space happens to be active. Bad guest pointers come back as values
 * ({@link MemoryFault}), never as host exceptions.
 *
 * @module
 */
import type { Result } from "../util/result";

/** Size of a guest page in bytes. Both platforms use 4 KiB pages (Sv32). */
export const PAGE_SIZE = 4096;

/** Page protection bits (combine with `|`). */
export const Prot = {
  /** No access. */
  None: 0,
  /** Readable. */
  Read: 1,
  /** Writable. */
  Write: 2,
  /** Executable. */
  Exec: 4,
} as const;
/** A combination of {@link Prot} bits. */
export type Protection = number;

/** The kind of access that faulted. */
export type AccessKind = "read" | "write" | "execute";

/** A guest-memory access that could not be performed. */
export interface MemoryFault {
  /** Discriminant. */
  readonly _tag: "MemoryFault";
  /** The first guest address that could not be accessed. */
  readonly address: number;
  /** What the access tried to do. */
  readonly access: AccessKind;
  /** `unmapped`: no page there (or outside the space); `protection`: the page forbids the access. */
  readonly reason: "unmapped" | "protection";
}

/** Builds a {@link MemoryFault}. */
export function memoryFault(address: number, access: AccessKind, reason: MemoryFault["reason"]): MemoryFault {
  return { _tag: "MemoryFault", address: address >>> 0, access, reason };
}

/** Errors of the page-management operations. A closed set. */
export const PageError = {
  /** Address not page-aligned, zero length, or protection bits unknown. */
  InvalidArgument: "InvalidArgument",
  /**
   * The range is not inside the space's `addressSpaceRange` (Isolated platforms). SharedMemory
   * platforms re-base every guest address into the space's region first, exactly as their CPU does
   * (`regionBase | (address & (regionSize - 1))`), so for them only a range longer than the region
   * is out of range.
   */
  OutOfRange: "OutOfRange",
  /** No memory (frames, page tables) to satisfy the request; nothing was changed. */
  NoMemory: "NoMemory",
  /** `protectPages` over a range containing an unmapped page (Linux: ENOMEM). */
  NotMapped: "NotMapped",
  /** The address space does not exist. */
  InvalidId: "InvalidId",
} as const;
/** {@inheritDoc (PageError:variable)} */
export type PageError = (typeof PageError)[keyof typeof PageError];

/**
 * A shared memory object (the backing of MAP_SHARED mappings, NT sections): pages that every mapping
 * of it, in any address space, reads and writes in common — across fork too. Created by
 * {@link PageManagementProvider.createSharedMemory}; alive while mapped anywhere or referenced.
 */
export interface SharedMemoryObject {
  /** Platform-unique number of the object (stable while it lives; used for futex keys). */
  readonly id: number;
  /** Size in bytes (a whole number of pages). */
  readonly length: number;
}

/** What {@link PageManagementProvider.queryPage} reports for one page. */
export interface PageInfo {
  /** The page's protection. */
  readonly prot: Protection;
  /** True when the page is backed by a shared memory object (MAP_SHARED). */
  readonly shared: boolean;
  /** For shared pages: the object and the byte offset of this page in it. */
  readonly sharedObject?: { readonly object: SharedMemoryObject; readonly offset: number };
}

/** A maximal run of pages with equal protection and backing, as {@link PageManagementProvider.mappings} lists them. */
export interface Mapping {
  /** First address (page-aligned). */
  readonly start: number;
  /** One past the last address (page-aligned). */
  readonly end: number;
  /** Protection of every page in the run. */
  readonly prot: Protection;
  /** For shared runs: the object and the offset of `start` in it. */
  readonly sharedObject?: { readonly object: SharedMemoryObject; readonly offset: number };
}

/**
 * Page management for one platform. Mapping is all-or-nothing: on failure nothing changed.
 * New pages read as zero. Lengths are rounded up to whole pages; addresses must be page-aligned.
 */
export interface PageManagementProvider<Id> {
  /** Maps fresh zero-filled private pages at `[address, address+length)`, replacing any mapping there. */
  mapPages(space: Id, address: number, length: number, prot: Protection): Result<void, PageError>;
  /** Unmaps the pages in the range; unmapped pages inside it are ignored (as munmap does). */
  unmapPages(space: Id, address: number, length: number): Result<void, PageError>;
  /** Changes the protection of every page in the range; `NotMapped` if any page is unmapped. */
  protectPages(space: Id, address: number, length: number, prot: Protection): Result<void, PageError>;
  /** The state of the page containing `address`, or `undefined` if it is not mapped. */
  queryPage(space: Id, address: number): Result<PageInfo | undefined, PageError>;
  /** Every mapped run of `space`, in address order. */
  mappings(space: Id): Result<readonly Mapping[], PageError>;
  /** Creates a zero-filled shared memory object of `length` bytes (rounded up to pages). */
  createSharedMemory(length: number): Result<SharedMemoryObject, PageError>;
  /**
   * Maps `length` bytes of `object` starting at byte `offset` (page-aligned) at `address`, replacing any
   * mapping there. Writes through any mapping are seen by all mappings of the object.
   */
  mapSharedPages(
    space: Id,
    address: number,
    length: number,
    prot: Protection,
    object: SharedMemoryObject,
    offset: number,
  ): Result<void, PageError>;
  /**
   * Drops the caller's reference to `object` (taken by `createSharedMemory`); its memory is freed when
   * no mapping of it remains either.
   */
  releaseSharedMemory(object: SharedMemoryObject): void;
}

/**
 * Guest-memory access on behalf of the kernel side (shims, loaders): permission checks as a user-mode
 * access would see them (reads need Read, writes need Write), faults returned as values.
 * `readBytes` and `writeBytes` may be given `{ force: true }` to access a mapped page regardless of
 * its protection (loaders filling read-only text, fork copies, debuggers); unmapped pages still fault.
 */
export interface GuestMemoryProvider<Id> {
  /**
   * Copies `dest.length` bytes from guest memory at `address` into `dest`. `{ force: true }` reads a
   * mapped page whatever its protection (fork copies, core dumps).
   */
  readBytes(space: Id, address: number, dest: Uint8Array, options?: { readonly force?: boolean }): MemoryFault | undefined;
  /** Copies `src` into guest memory at `address`. */
  writeBytes(space: Id, address: number, src: Uint8Array, options?: { readonly force?: boolean }): MemoryFault | undefined;
  /** Reads a little-endian 32-bit word (unsigned) at a 4-byte-aligned address. */
  readU32(space: Id, address: number): Result<number, MemoryFault>;
  /** Writes a little-endian 32-bit word at a 4-byte-aligned address. */
  writeU32(space: Id, address: number, value: number): MemoryFault | undefined;
  /**
   * Reads a NUL-terminated byte string of at most `maxLength` bytes (not counting the NUL).
   * `undefined` value means no NUL was found within `maxLength` bytes (Linux: ENAMETOOLONG / E2BIG).
   */
  readCString(space: Id, address: number, maxLength: number): Result<Uint8Array | undefined, MemoryFault>;
}
