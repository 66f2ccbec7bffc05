/**
 * The RFC §2 south interface: address-space management. Every platform implements it; the core and
 * the shims are written against it and never learn more about the platform than
 * {@link AddressSpaceKind} and {@link AddressSpaceProvider.addressSpaceRange}.
 *
 * @module
 */
import type { Result } from "../util/result";

/** Platform-wide property: are address spaces isolated or do they share one host memory? */
export const AddressSpaceKind = {
  /** Each address space has independent memory (page tables). The platform does copy-on-write. */
  Isolated: "Isolated",
  /** Address spaces are partitions of one host memory. The shim separates memory on fork. */
  SharedMemory: "SharedMemory",
} as const;
/** {@inheritDoc (AddressSpaceKind:variable)} */
export type AddressSpaceKind = (typeof AddressSpaceKind)[keyof typeof AddressSpaceKind];

/** Errors of the address-space operations (RFC §2.3). A closed set. */
export const AddressSpaceError = {
  /** No room for another address space (regions, ASIDs or frames exhausted). */
  NoSpace: "NoSpace",
  /** The id does not name a live address space (never created, or destroyed). */
  InvalidId: "InvalidId",
  /** The platform does not support the operation. */
  NotSupported: "NotSupported",
} as const;
/** {@inheritDoc (AddressSpaceError:variable)} */
export type AddressSpaceError = (typeof AddressSpaceError)[keyof typeof AddressSpaceError];

/** A half-open range of guest virtual addresses `[start, end)`. */
export interface AddressRange {
  /** First address in the range. */
  readonly start: number;
  /** One past the last address in the range. */
  readonly end: number;
}

/**
 * Address-space management (RFC §2.2). `Id` is the platform's address-space identifier type; it must
 * be usable as a `Map` key (a number, or an object compared by identity).
 *
 * Implementations also expose the kind as a static property on their class,
 * `static readonly ADDRESS_SPACE_KIND`, as the RFC's associated constant; the instance property
 * {@link AddressSpaceProvider.addressSpaceKind} mirrors it for code that only holds an instance.
 */
export interface AddressSpaceProvider<Id> {
  /** Platform-wide: are address spaces isolated or shared? Equal to the class's `ADDRESS_SPACE_KIND`. */
  readonly addressSpaceKind: AddressSpaceKind;

  /** Creates a new, empty address space. */
  createAddressSpace(): Result<Id, AddressSpaceError>;

  /** Destroys an address space, releasing all its resources. `InvalidId` if it does not exist. */
  destroyAddressSpace(id: Id): Result<void, AddressSpaceError>;

  /**
   * Makes `id` the active address space of the current thread: the guest thread the platform is
   * running, or the host's own context when no guest thread runs. Activation is per thread; there is
   * no deactivate: activating another space is deactivation.
   */
  activateAddressSpace(id: Id): Result<void, AddressSpaceError>;

  /**
   * Runs `f` with `id` active on the current thread, then restores the previously active space —
   * also when `f` throws (the exception propagates after the restore).
   */
  withAddressSpace<R>(id: Id, f: () => R): Result<R, AddressSpaceError>;

  /** The guest virtual-address range available to `id`; shims scope mmap, brk and stacks to it. */
  addressSpaceRange(id: Id): Result<AddressRange, AddressSpaceError>;

  /** The address space active on the current thread, or `undefined` if none was activated. */
  activeAddressSpace(): Id | undefined;
}

/** A class implementing {@link AddressSpaceProvider}, carrying the RFC's associated constant. */
export interface AddressSpaceProviderClass {
  /** The RFC's `ADDRESS_SPACE_KIND` associated constant. */
  readonly ADDRESS_SPACE_KIND: AddressSpaceKind;
}
