/**
 * What the loader loads into: an address space of some platform, reached through the core's page
 * management and guest-memory interfaces, and the address range the image and stack must stay in.
 *
 * @module
 */
import type { AddressRange, GuestMemoryProvider, PageManagementProvider } from "@litebox-ts/core";

/**
 * An address space to load into. `range` is normally the platform's `addressSpaceRange(space)`.
 * On a SharedMemory platform that re-bases every address into the space's region by masking (as the
 * userland platform does), an executable linked at 0x10000 is not inside the region's numeric range;
 * pass `{ start: 0, end: regionSize }` there: the image and stack get low addresses and reach the
 * region through the re-basing.
 */
export interface LoadTarget<Id> {
  /** Maps, protects and unmaps pages (the narrowest part of the platform the loader needs). */
  readonly pages: Pick<PageManagementProvider<Id>, "mapPages" | "protectPages" | "unmapPages">;
  /** Writes the segments' bytes and the initial stack. */
  readonly memory: Pick<GuestMemoryProvider<Id>, "writeBytes">;
  /** The address space. */
  readonly space: Id;
  /** Where the image and the stack must lie. */
  readonly range: AddressRange;
}
