/**
 * The south interface as one bundle: what a platform gives the core. Each core subsystem depends only
 * on the narrowest part it needs (the futex manager on a word reader, pipes on nothing but time and
 * the mutex), in litebox's style.
 *
 * @module
 */
import type { AddressSpaceProvider } from "./address-space";
import type { AddressSpaceCloneProvider, ExecutionProvider, ResourceStatsProvider } from "./execution";
import type { GuestMemoryProvider, PageManagementProvider } from "./memory";
import type { RawMutexFactory } from "./mutex";
import type { TimeProvider } from "./time";

/** Supplies the platform's raw mutexes (the RFC's `RawMutex` associated type). */
export interface RawMutexProvider {
  /** Creates a mutex for the named structure. */
  readonly createMutex: RawMutexFactory;
}

/** Supplies the platform's clock. */
export interface TimeSourceProvider {
  /** The platform's clock. */
  readonly time: TimeProvider;
}

/**
 * Everything a platform provides (the RFC's `Provider` supertrait, with `AddressSpaceProvider` in it).
 * `Id` is the platform's address-space id type. `cloneAddressSpace` is required of Isolated platforms
 * (they do copy-on-write) and absent on SharedMemory ones (the shim separates memory, see
 * the core's `forkAddressSpace` helper).
 */
export interface Provider<Id = unknown>
  extends RawMutexProvider,
    TimeSourceProvider,
    AddressSpaceProvider<Id>,
    PageManagementProvider<Id>,
    GuestMemoryProvider<Id>,
    ExecutionProvider<Id>,
    ResourceStatsProvider,
    Partial<AddressSpaceCloneProvider<Id>> {
  /**
   * Maps an address-space id to the futex discriminator (RFC §3.3): an injective number. Isolated
   * platforms return a per-space number; SharedMemory platforms, whose host addresses are unique,
   * may return 0 provided {@link Provider.futexAddress} canonicalises addresses.
   */
  futexDiscriminator(id: Id): number;
  /** The canonical address of a futex word for keying (SharedMemory: the re-based host address). */
  futexAddress(id: Id, address: number): number;
}
