/**
 * The userland platform — `AddressSpaceKind.SharedMemory` (DESIGN.md §4). One host buffer (a
 * `SharedArrayBuffer` where the host has one) is cut into equal power-of-two regions; an address space
 * is a region, and its `addressSpaceRange` is the region's host range, so ranges never overlap. Every
 * guest address — by the hart, by page management, by guest-memory access — is re-based into the
 * region as software-fault-isolation sandboxes do, `regionBase | (address & (regionSize − 1))`: a guest
 * cannot reach another region whatever address it forms, and a forked child whose pointers were copied
 * from its parent works unchanged.
 *
 * - Ids are numbers `generation × regionCount + regionIndex`: injective, and stale once destroyed even
 *   when the region is reused.
 * - Regions are handed out lowest first; past the last one `createAddressSpace` answers `NoSpace`.
 *   A destroyed space's region is wiped (its dirty pages zeroed, its flags cleared, its compiled code
 *   dropped) before the next space gets it.
 * - `MAP_SHARED` memory lives in shared memory objects outside the regions; every mapping of one is a
 *   `Slow` page of the hart's flat port, served from the object's buffer.
 * - Activation is per thread ({@link ExecutionProvider}): each hart made by {@link UserlandPlatform.createCpu}
 *   is a thread whose active space is the one it executes in; the host context is one more thread.
 * - No `cloneAddressSpace`: on SharedMemory platforms the shim separates memory on fork (the core's
 *   `forkAddressSpace` copies the private pages eagerly).
 *
 * @module
 */
import {
  AddressSpaceError,
  AddressSpaceKind,
  InvariantViolation,
  err,
  memoryFault,
  ok,
  type AddressRange,
  type AddressSpaceProviderClass,
  type CpuContext,
  type Mapping,
  type MemoryFault,
  PageError,
  type PageInfo,
  type PlatformResourceStats,
  type Protection,
  type Provider,
  type RawMutexFactory,
  type Result,
  type SharedMemoryObject,
  type TimeProvider,
} from "@litebox-ts/core";
import { Hart, type FlatMemoryPort, type HartOptions } from "@litebox-ts/riscv";
import { checkAccess, copyIn, copyOut, readCString, readU32, writeU32 } from "./guest-memory";
import { HostMemory } from "./host-memory";
import { resolveOptions, type UserlandPlatformOptions } from "./options";
import { mapPrivate, mapShared, mappings, protect, queryPage, teardown, unmap, type PageContext } from "./page-table";
import { SharedObjects } from "./shared-objects";
import { UserlandSpace } from "./space";
import { timeTicks } from "./timebase";

/** A thread's activation: the space it has active (for harts: the one it executes in). */
interface ThreadRecord {
  space: UserlandSpace | undefined;
  readonly hart: Hart | undefined;
}

/** The SharedMemory platform. See the module documentation. */
export class UserlandPlatform implements Provider<number> {
  /** The RFC's associated constant: address spaces share one host memory. */
  static readonly ADDRESS_SPACE_KIND: AddressSpaceKind = AddressSpaceKind.SharedMemory;

  /** {@inheritDoc AddressSpaceProvider.addressSpaceKind} */
  readonly addressSpaceKind: AddressSpaceKind;
  /** {@inheritDoc TimeSourceProvider.time} */
  readonly time: TimeProvider;
  /** {@inheritDoc RawMutexProvider.createMutex} */
  readonly createMutex: RawMutexFactory;
  /** Bytes of each region: the size of every address space. */
  readonly regionSize: number;
  /** Number of regions: the most address spaces alive at once. */
  readonly regionCount: number;
  /** Whether host memory (and every shared memory object) is a `SharedArrayBuffer`. */
  readonly sharedBuffer: boolean;

  readonly #memory: HostMemory;
  readonly #objects: SharedObjects;
  readonly #context: PageContext;
  readonly #hartOptions: HartOptions;
  /** The live space of each region, by region index. */
  readonly #spaces: (UserlandSpace | undefined)[] = [];
  readonly #threads = new WeakMap<CpuContext, ThreadRecord>();
  #liveSpaces = 0;
  #host: UserlandSpace | undefined;
  #current: CpuContext | undefined;

  /**
   * @param options - region size and count, buffer kind, shared-memory limit, clock, mutex factory,
   *   hart tier-up threshold. A bad option throws `InvariantViolation("InvalidArgument")`; a host that
   *   cannot reserve the memory throws its own `RangeError`.
   */
  constructor(options: UserlandPlatformOptions = {}) {
    const resolved = resolveOptions(options);
    this.addressSpaceKind = (new.target as AddressSpaceProviderClass).ADDRESS_SPACE_KIND;
    this.time = resolved.clock;
    this.createMutex = resolved.createMutex;
    this.regionSize = resolved.regionSize;
    this.regionCount = resolved.regionCount;
    this.sharedBuffer = resolved.sharedBuffer;
    this.#memory = new HostMemory(resolved.regionSize, resolved.regionCount, resolved.sharedBuffer);
    this.#objects = new SharedObjects(resolved.sharedMemoryLimit, resolved.sharedBuffer);
    this.#context = { memory: this.#memory, objects: this.#objects };
    const clock = this.time;
    const readTime = (): number => timeTicks(clock);
    this.#hartOptions = resolved.tierUpThreshold === undefined
      ? { readTime }
      : { readTime, tierUpThreshold: resolved.tierUpThreshold };
  }

  /**
   * The whole host memory (every region), for hosts that share it with workers or inspect it. Writing
   * it directly bypasses permissions, code invalidation and dirty tracking: use the platform's methods.
   */
  get hostMemory(): Uint8Array {
    return this.#memory.bytes;
  }

  /** The flat memory port of a live space (what its harts run on), for loaders and tools; else `undefined`. */
  memoryPort(id: number): FlatMemoryPort | undefined {
    return this.#live(id)?.port;
  }

  /**
   * {@inheritDoc ResourceStatsProvider.resourceStats} Counters: `regionsInUse`, `mappedPages` (private
   * and shared, over every space), `sharedObjects` (live objects), `sharedPages` (pages those objects
   * hold), `dirtyPages` (region pages that may hold data; 0 once every space is destroyed and wiped).
   */
  resourceStats(): PlatformResourceStats {
    let mappedPages = 0;
    for (const region of this.#memory.regions) mappedPages += this.#spaces[region.index]?.mappedPages ?? 0;
    return {
      addressSpaces: this.#liveSpaces,
      counters: {
        regionsInUse: this.#liveSpaces,
        mappedPages,
        sharedObjects: this.#objects.count,
        sharedPages: this.#objects.pages,
        dirtyPages: this.#memory.dirtyPages,
      },
    };
  }

  // ---- address spaces (RFC §2) -------------------------------------------------------------------

  /** {@inheritDoc AddressSpaceProvider.createAddressSpace} Takes the lowest free region; `NoSpace` when none is. */
  createAddressSpace(): Result<number, AddressSpaceError> {
    const region = this.#memory.regions.find((r) => this.#spaces[r.index] === undefined);
    if (region === undefined) return err(AddressSpaceError.NoSpace);
    region.generation++;
    const id = region.generation * this.regionCount + region.index;
    this.#spaces[region.index] = new UserlandSpace(id, this.#memory, region);
    this.#liveSpaces++;
    return ok(id);
  }

  /**
   * {@inheritDoc AddressSpaceProvider.destroyAddressSpace} Unmaps everything (shared objects mapped
   * nowhere else and released are freed), wipes the region and makes the id stale. Harts still bound
   * to the space fault on every access from then on.
   */
  destroyAddressSpace(id: number): Result<void, AddressSpaceError> {
    const space = this.#live(id);
    if (space === undefined) return err(AddressSpaceError.InvalidId);
    teardown(this.#context, space);
    this.#spaces[space.region.index] = undefined;
    this.#liveSpaces--;
    return ok(undefined);
  }

  /** {@inheritDoc AddressSpaceProvider.activateAddressSpace} For a hart, also the space it executes in. */
  activateAddressSpace(id: number): Result<void, AddressSpaceError> {
    const space = this.#live(id);
    if (space === undefined) return err(AddressSpaceError.InvalidId);
    this.#activate(this.#current, space);
    return ok(undefined);
  }

  /** {@inheritDoc AddressSpaceProvider.withAddressSpace} */
  withAddressSpace<R>(id: number, f: () => R): Result<R, AddressSpaceError> {
    const space = this.#live(id);
    if (space === undefined) return err(AddressSpaceError.InvalidId);
    // Restore on the thread that was current when the scope began, whatever f does to currency.
    const thread = this.#current;
    const previous = this.#activeOf(thread);
    this.#activate(thread, space);
    try {
      return ok(f());
    } finally {
      this.#activate(thread, previous);
    }
  }

  /** {@inheritDoc AddressSpaceProvider.addressSpaceRange} The region's host range `[base, base + regionSize)`. */
  addressSpaceRange(id: number): Result<AddressRange, AddressSpaceError> {
    const space = this.#live(id);
    return space === undefined ? err(AddressSpaceError.InvalidId) : ok(space.range);
  }

  /** {@inheritDoc AddressSpaceProvider.activeAddressSpace} */
  activeAddressSpace(): number | undefined {
    const space = this.#activeOf(this.#current);
    return space?.alive === true ? space.id : undefined;
  }

  /** {@inheritDoc Provider.futexDiscriminator} Always 0: host addresses are unique across spaces. */
  futexDiscriminator(_id: number): number {
    return 0;
  }

  /**
   * {@inheritDoc Provider.futexAddress} The re-based host address, so that every alias of a word meets;
   * for an id that is not live, the address as an unsigned 32-bit value.
   */
  futexAddress(id: number, address: number): number {
    const space = this.#live(id);
    return space === undefined ? address >>> 0 : space.hostAddress(address);
  }

  // ---- execution ---------------------------------------------------------------------------------

  /**
   * {@inheritDoc ExecutionProvider.createCpu} The CPU is a RISC-V {@link Hart} over the space's flat
   * memory port (shared with the space's other harts); its `time` CSR follows the platform clock at
   * 10 MHz ({@link TIMEBASE_HZ}).
   */
  createCpu(space: number): Result<Hart, AddressSpaceError> {
    const target = this.#live(space);
    if (target === undefined) return err(AddressSpaceError.InvalidId);
    const hart = new Hart(target.port, this.#hartOptions);
    this.#threads.set(hart, { space: target, hart });
    return ok(hart);
  }

  /** {@inheritDoc ExecutionProvider.setCurrentCpu} */
  setCurrentCpu(cpu: CpuContext | undefined): CpuContext | undefined {
    const previous = this.#current;
    this.#current = cpu;
    return previous;
  }

  /** {@inheritDoc ExecutionProvider.cpuAddressSpace} */
  cpuAddressSpace(cpu: CpuContext): number | undefined {
    const space = this.#threads.get(cpu)?.space;
    return space?.alive === true ? space.id : undefined;
  }

  // ---- page management ---------------------------------------------------------------------------

  /** {@inheritDoc PageManagementProvider.mapPages} */
  mapPages(space: number, address: number, length: number, prot: Protection): Result<void, PageError> {
    const s = this.#live(space);
    return s === undefined ? err(PageError.InvalidId) : mapPrivate(this.#context, s, address, length, prot);
  }

  /** {@inheritDoc PageManagementProvider.unmapPages} */
  unmapPages(space: number, address: number, length: number): Result<void, PageError> {
    const s = this.#live(space);
    return s === undefined ? err(PageError.InvalidId) : unmap(this.#context, s, address, length);
  }

  /** {@inheritDoc PageManagementProvider.protectPages} */
  protectPages(space: number, address: number, length: number, prot: Protection): Result<void, PageError> {
    const s = this.#live(space);
    return s === undefined ? err(PageError.InvalidId) : protect(this.#context, s, address, length, prot);
  }

  /** {@inheritDoc PageManagementProvider.queryPage} Any 32-bit address (re-based); `InvalidArgument` otherwise. */
  queryPage(space: number, address: number): Result<PageInfo | undefined, PageError> {
    const s = this.#live(space);
    return s === undefined ? err(PageError.InvalidId) : queryPage(s, address);
  }

  /** {@inheritDoc PageManagementProvider.mappings} In host (re-based) addresses. */
  mappings(space: number): Result<readonly Mapping[], PageError> {
    const s = this.#live(space);
    return s === undefined ? err(PageError.InvalidId) : ok(mappings(s));
  }

  /**
   * {@inheritDoc PageManagementProvider.createSharedMemory} `InvalidArgument` for a length that is not
   * a positive integer up to 4 GiB; `NoMemory` past `sharedMemoryLimit` or when the host refuses.
   */
  createSharedMemory(length: number): Result<SharedMemoryObject, PageError> {
    const created = this.#objects.create(length);
    return created.ok ? ok(created.value.handle) : created;
  }

  /**
   * {@inheritDoc PageManagementProvider.mapSharedPages} `InvalidArgument` for an object that is not a
   * live object of this platform, a misaligned offset, or a range past the object's end. An object
   * already released by its creator but still mapped somewhere is live and can be mapped again (that
   * is what a fork of its mapper does).
   */
  mapSharedPages(
    space: number,
    address: number,
    length: number,
    prot: Protection,
    object: SharedMemoryObject,
    offset: number,
  ): Result<void, PageError> {
    const s = this.#live(space);
    if (s === undefined) return err(PageError.InvalidId);
    return mapShared(this.#context, s, address, length, prot, this.#objects.lookup(object), offset);
  }

  /**
   * {@inheritDoc PageManagementProvider.releaseSharedMemory} Releasing an object twice, or one this
   * platform did not create, is a caller bug: it throws `InvariantViolation("InvalidArgument")`.
   */
  releaseSharedMemory(object: SharedMemoryObject): void {
    const record = this.#objects.lookup(object);
    if (record === undefined || record.released) {
      throw new InvariantViolation("InvalidArgument", `shared memory object ${object.id} is not held (released twice?)`);
    }
    this.#objects.release(record);
  }

  // ---- guest memory ------------------------------------------------------------------------------

  /** {@inheritDoc GuestMemoryProvider.readBytes} */
  readBytes(space: number, address: number, dest: Uint8Array, options?: { readonly force?: boolean }): MemoryFault | undefined {
    const s = this.#live(space);
    if (s === undefined) return memoryFault(address, "read", "unmapped");
    const fault = checkAccess(s, address, dest.length, "read", options?.force === true);
    if (fault === undefined) copyOut(this.#memory, s, address, dest);
    return fault;
  }

  /** {@inheritDoc GuestMemoryProvider.writeBytes} A faulting write changes nothing. */
  writeBytes(space: number, address: number, src: Uint8Array, options?: { readonly force?: boolean }): MemoryFault | undefined {
    const s = this.#live(space);
    if (s === undefined) return memoryFault(address, "write", "unmapped");
    const fault = checkAccess(s, address, src.length, "write", options?.force === true);
    if (fault === undefined) copyIn(this.#memory, s, address, src);
    return fault;
  }

  /** {@inheritDoc GuestMemoryProvider.readU32} (Unaligned addresses are accepted too.) */
  readU32(space: number, address: number): Result<number, MemoryFault> {
    const s = this.#live(space);
    return s === undefined ? err(memoryFault(address, "read", "unmapped")) : readU32(this.#memory, s, address);
  }

  /** {@inheritDoc GuestMemoryProvider.writeU32} (Unaligned addresses are accepted too.) */
  writeU32(space: number, address: number, value: number): MemoryFault | undefined {
    const s = this.#live(space);
    return s === undefined ? memoryFault(address, "write", "unmapped") : writeU32(this.#memory, s, address, value);
  }

  /** {@inheritDoc GuestMemoryProvider.readCString} */
  readCString(space: number, address: number, maxLength: number): Result<Uint8Array | undefined, MemoryFault> {
    const s = this.#live(space);
    return s === undefined ? err(memoryFault(address, "read", "unmapped")) : readCString(this.#memory, s, address, maxLength);
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** The live space named by `id`, if any (any value that is not a live id answers `undefined`). */
  #live(id: number): UserlandSpace | undefined {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0) return undefined;
    const space = this.#spaces[id % this.regionCount];
    return space !== undefined && space.id === id ? space : undefined;
  }

  #activeOf(thread: CpuContext | undefined): UserlandSpace | undefined {
    return thread === undefined ? this.#host : this.#threads.get(thread)?.space;
  }

  /** Makes `space` the active space of `thread` (`undefined`: the host); a hart also executes in it. */
  #activate(thread: CpuContext | undefined, space: UserlandSpace | undefined): void {
    if (thread === undefined) {
      this.#host = space;
      return;
    }
    const record = this.#threads.get(thread);
    if (record === undefined) {
      // A CPU this platform did not make: remember its activation only.
      this.#threads.set(thread, { space, hart: undefined });
      return;
    }
    record.space = space;
    // Restoring a space destroyed meanwhile binds the hart to its emptied port: it faults, never
    // reaching the region's next owner.
    if (record.hart !== undefined && space !== undefined) record.hart.memory = space.port;
  }
}
