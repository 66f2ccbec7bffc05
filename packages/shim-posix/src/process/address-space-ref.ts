/**
 * The binding of a process to its address space (RFC §4.1 step 5 is the shim's). Several processes
 * can share one space for a while — a `CLONE_VM` child without `CLONE_THREAD` (vfork, posix_spawn)
 * runs in its parent's memory until it execs or exits — so the binding is a small reference-counted
 * handle: the space is destroyed when its last user lets go.
 *
 * @module
 */
import type { AddressRange, AddressSpaceKind } from "@litebox-ts/core";

/** A reference-counted handle on one platform address space. */
export class AddressSpaceRef {
  /** The platform's id of the space. */
  readonly id: unknown;
  /**
   * The guest-visible address range: where mappings, brk and stacks go and where user pointers must
   * lie. Isolated platforms: `addressSpaceRange(id)`. SharedMemory platforms re-base every guest
   * address into the space's region by masking, so guests use `[0, regionSize)`.
   */
  readonly guestRange: AddressRange;
  /** The futex discriminator of the space (RFC §3.3). */
  readonly futexDiscriminator: number;
  #users = 1;

  /** @internal Created by the shim when it creates or clones a space. */
  constructor(id: unknown, guestRange: AddressRange, futexDiscriminator: number) {
    this.id = id;
    this.guestRange = guestRange;
    this.futexDiscriminator = futexDiscriminator;
  }

  /** Processes using the space. */
  get users(): number {
    return this.#users;
  }

  /** One more process uses the space (CLONE_VM without CLONE_THREAD). */
  retain(): this {
    this.#users++;
    return this;
  }

  /** One process less; true when it was the last (the caller destroys the space). */
  release(): boolean {
    this.#users--;
    return this.#users === 0;
  }
}

/** The guest range of a space with platform range `range` on a platform of kind `kind`. */
export function guestRangeOf(kind: AddressSpaceKind, range: AddressRange): AddressRange {
  return kind === "SharedMemory" ? { start: 0, end: range.end - range.start } : range;
}
