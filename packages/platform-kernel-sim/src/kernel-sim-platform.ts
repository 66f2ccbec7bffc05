/**
 * The kernel-sim platform: LiteBox-TS's `Isolated` platform. Address spaces are Sv32 page tables in
 * simulated physical memory, each with its own ASID and soft TLB; every space has the same user
 * range, so virtual addresses overlap across processes and only the page tables tell them apart.
 * Guest threads are RV32IMA harts from `@litebox-ts/riscv` running on their space's translated memory
 * port; the platform answers the port's TLB misses by walking the tables (see {@link Mmu}).
 *
 * - Ids are numbers 1, 2, 3… never reused, so a stale id is always `InvalidId`; ASIDs are reused.
 * - Pages are demand-zero: `mapPages` writes entries only (and allocates the level-0 tables it needs,
 *   `NoMemory` with nothing changed when it cannot); frames are allocated on first touch.
 * - `cloneAddressSpace` is a copy-on-write fork: frames are shared, writable private pages become
 *   copy-on-write in both spaces, shared-object pages stay shared. It allocates page tables only and
 *   checks up front that they are available (`NoSpace` otherwise), so it is all-or-nothing.
 * - Activation is per thread (the RFC's `satp` per hart): each hart has its active space — the one it
 *   executes in — and the host context one more.
 * - The futex discriminator is the space id; futex addresses are the virtual addresses themselves.
 *
 * @module
 */
import {
  AddressSpaceError,
  AddressSpaceKind,
  InvariantViolation,
  PAGE_SIZE,
  PageError,
  Prot,
  VirtualClock,
  defaultMutexFactory,
  err,
  ok,
  type AccessKind,
  type AddressRange,
  type AddressSpaceProviderClass,
  type CpuContext,
  type Mapping,
  type MemoryFault,
  type PageInfo,
  type PlatformResourceStats,
  type Protection,
  type Provider,
  type RawMutexFactory,
  type Result,
  type SharedMemoryObject,
  type TimeProvider,
} from "@litebox-ts/core";
import { Hart } from "@litebox-ts/riscv";
import { AsidAllocator } from "./asid-allocator";
import { GuestMemory } from "./guest-memory";
import { Mmu } from "./mmu";
import { resolveOptions, RANGE_START, type KernelSimPlatformOptions, type ResolvedOptions } from "./options";
import { PageOps } from "./page-ops";
import { PageTables } from "./page-tables";
import { PhysicalMemory } from "./physical-memory";
import { pteFrame, pteProtection } from "./pte";
import { SharedObjects } from "./shared-objects";
import { SimSpace } from "./sim-space";

const ALL_PROT = Prot.Read | Prot.Write | Prot.Exec;
const U32_END = 0x1_0000_0000;

/** Counter names of {@link KernelSimPlatform.resourceStats}. */
export interface KernelSimCounters {
  /** Frames in use: data, page tables and shared objects. */
  readonly framesInUse: number;
  /** Frames in use as page tables (roots and level-0 tables). */
  readonly pageTableFrames: number;
  /** Frames in use for data (private and shared pages). */
  readonly dataFrames: number;
  /** Frames free. */
  readonly freeFrames: number;
  /** ASIDs in use (one per live address space). */
  readonly asidsInUse: number;
  /** Shared memory objects alive (held or mapped). */
  readonly sharedObjects: number;
}

/** The `Isolated` platform; see the module documentation. */
export class KernelSimPlatform implements Provider<number> {
  /** The RFC's associated constant: address spaces are isolated (page tables). */
  static readonly ADDRESS_SPACE_KIND: AddressSpaceKind = AddressSpaceKind.Isolated;

  /** {@inheritDoc AddressSpaceProvider.addressSpaceKind} */
  readonly addressSpaceKind: AddressSpaceKind;
  /** {@inheritDoc TimeSourceProvider.time} */
  readonly time: TimeProvider;
  /** {@inheritDoc RawMutexProvider.createMutex} */
  readonly createMutex: RawMutexFactory;

  readonly #options: ResolvedOptions;
  readonly #range: AddressRange;
  readonly #memory: PhysicalMemory;
  readonly #tables: PageTables;
  readonly #objects: SharedObjects;
  readonly #mmu: Mmu;
  readonly #ops: PageOps;
  readonly #guest: GuestMemory;
  readonly #asids: AsidAllocator;
  readonly #spaces = new Map<number, SimSpace>();
  readonly #cpuSpaces = new WeakMap<CpuContext, SimSpace>();
  readonly #translate: (space: SimSpace, address: number, access: AccessKind) => number;
  readonly #readTime: (hart: Hart) => number;
  #nextId = 1;
  #hostSpace: SimSpace | undefined;
  #current: CpuContext | undefined;

  /**
   * @param options - memory size, ASIDs, range, clock, mutexes, TLB size, hart tier-up, timebase.
   *   Throws `InvariantViolation("InvalidArgument")` for an invalid option.
   */
  constructor(options: KernelSimPlatformOptions = {}) {
    this.addressSpaceKind = (new.target as AddressSpaceProviderClass).ADDRESS_SPACE_KIND;
    this.#options = resolveOptions(options);
    this.#range = Object.freeze({ start: RANGE_START, end: this.#options.rangeEnd });
    this.time = options.clock ?? new VirtualClock();
    this.createMutex = options.createMutex ?? defaultMutexFactory;
    this.#memory = new PhysicalMemory(this.#options.memorySize, this.#options.sharedMemory);
    this.#tables = new PageTables(this.#memory);
    this.#objects = new SharedObjects(this.#memory);
    this.#mmu = new Mmu(this.#memory, this.#tables, this.#objects);
    this.#ops = new PageOps(this.#memory, this.#tables, this.#mmu, this.#objects);
    this.#guest = new GuestMemory(this.#memory, this.#mmu);
    this.#asids = new AsidAllocator(this.#options.asids);
    const mmu = this.#mmu;
    this.#translate = (space, address, access) => mmu.translate(space, address, access);
    const clock = this.time;
    // Dividing by the tick length (100 ns at 10 MHz) stays exact where multiplying by 0.01 would not.
    const nsPerTick = 1e9 / this.#options.timebaseHz;
    this.#readTime = () => Math.floor(clock.now() / nsPerTick);
  }

  // ---- diagnostics -------------------------------------------------------------------------------

  /** Simulated physical memory (index = physical address). For inspection; writing to it bypasses everything. */
  get physicalMemory(): Uint8Array {
    return this.#memory.bytes;
  }

  /** The Sv32 `satp` of a live space (MODE = Sv32, its ASID, its root table's PPN), else `undefined`. */
  satp(id: number): number | undefined {
    return this.#spaces.get(id)?.satp;
  }

  /**
   * The physical address `address` of space `id` translates to, without side effects (no `A`/`D`,
   * no allocation); `undefined` when unmapped or not yet backed by a frame (demand-zero).
   */
  physicalAddress(id: number, address: number): number | undefined {
    const space = this.#spaces.get(id);
    if (space === undefined || !Number.isInteger(address) || address < 0 || address >= U32_END) return undefined;
    const pte = this.#mmu.leaf(space, address);
    if (pte === 0) return undefined;
    const frame = pteFrame(pte);
    return frame < 0 ? undefined : frame + (address % PAGE_SIZE);
  }

  /** References held on the frame containing `physicalAddress` (0: free). */
  frameReferences(physicalAddress: number): number {
    return this.#memory.refs[Math.floor(physicalAddress / PAGE_SIZE)] ?? 0;
  }

  /** {@inheritDoc ResourceStatsProvider.resourceStats} Counters: see {@link KernelSimCounters}. */
  resourceStats(): PlatformResourceStats & { readonly counters: KernelSimCounters } {
    const m = this.#memory;
    return {
      addressSpaces: this.#spaces.size,
      counters: {
        framesInUse: m.framesInUse,
        pageTableFrames: m.tableFrames,
        dataFrames: m.framesInUse - m.tableFrames,
        freeFrames: m.freeFrames,
        asidsInUse: this.#asids.inUse,
        sharedObjects: this.#objects.size,
      },
    };
  }

  // ---- address spaces (RFC §2) -------------------------------------------------------------------

  /** {@inheritDoc AddressSpaceProvider.createAddressSpace} `NoSpace` when ASIDs or frames run out. */
  createAddressSpace(): Result<number, AddressSpaceError> {
    const space = this.#newSpace();
    return space === undefined ? err(AddressSpaceError.NoSpace) : ok(space.id);
  }

  /** {@inheritDoc AddressSpaceProvider.destroyAddressSpace} Frees its frames, tables and ASID. */
  destroyAddressSpace(id: number): Result<void, AddressSpaceError> {
    const space = this.#spaces.get(id);
    if (space === undefined) return err(AddressSpaceError.InvalidId);
    space.alive = false;
    this.#ops.destroy(space);
    this.#asids.release(space.asid);
    this.#spaces.delete(id);
    return ok(undefined);
  }

  /** {@inheritDoc AddressSpaceProvider.activateAddressSpace} On a hart, also its `satp` (memory port). */
  activateAddressSpace(id: number): Result<void, AddressSpaceError> {
    const space = this.#spaces.get(id);
    if (space === undefined) return err(AddressSpaceError.InvalidId);
    this.#setActive(this.#current, space);
    return ok(undefined);
  }

  /** {@inheritDoc AddressSpaceProvider.withAddressSpace} */
  withAddressSpace<R>(id: number, f: () => R): Result<R, AddressSpaceError> {
    const space = this.#spaces.get(id);
    if (space === undefined) return err(AddressSpaceError.InvalidId);
    // Restore on the context that was current when the scope began, whatever f switched.
    const context = this.#current;
    const previous = context === undefined ? this.#hostSpace : this.#cpuSpaces.get(context);
    this.#setActive(context, space);
    try {
      return ok(f());
    } finally {
      this.#setActive(context, previous);
    }
  }

  /** {@inheritDoc AddressSpaceProvider.addressSpaceRange} The same `[0x1000, rangeEnd)` for every space. */
  addressSpaceRange(id: number): Result<AddressRange, AddressSpaceError> {
    return this.#spaces.has(id) ? ok(this.#range) : err(AddressSpaceError.InvalidId);
  }

  /** {@inheritDoc AddressSpaceProvider.activeAddressSpace} */
  activeAddressSpace(): number | undefined {
    const space = this.#current === undefined ? this.#hostSpace : this.#cpuSpaces.get(this.#current);
    return space?.alive === true ? space.id : undefined;
  }

  /**
   * {@inheritDoc AddressSpaceCloneProvider.cloneAddressSpace} `NoSpace` (nothing changed) when no
   * ASID is free or the child's page tables do not fit in free memory.
   */
  cloneAddressSpace(parent: number): Result<number, AddressSpaceError> {
    const source = this.#spaces.get(parent);
    if (source === undefined) return err(AddressSpaceError.InvalidId);
    if (this.#asids.inUse === this.#asids.capacity || this.#memory.freeFrames < this.#ops.cloneFramesNeeded(source)) {
      return err(AddressSpaceError.NoSpace);
    }
    const child = this.#newSpace()!;
    this.#ops.clone(source, child.root);
    return ok(child.id);
  }

  /** {@inheritDoc Provider.futexDiscriminator} The space id. */
  futexDiscriminator(id: number): number {
    return id;
  }

  /** {@inheritDoc Provider.futexAddress} The virtual address itself. */
  futexAddress(_id: number, address: number): number {
    return address >>> 0;
  }

  // ---- execution ---------------------------------------------------------------------------------

  /**
   * {@inheritDoc ExecutionProvider.createCpu} A {@link Hart} on the space's memory port, whose `time`
   * CSR reads the platform clock at the configured timebase.
   */
  createCpu(space: number): Result<Hart, AddressSpaceError> {
    const s = this.#spaces.get(space);
    if (s === undefined) return err(AddressSpaceError.InvalidId);
    const tier = this.#options.tierUpThreshold;
    const hart = new Hart(s.port, { readTime: this.#readTime, ...(tier === undefined ? {} : { tierUpThreshold: tier }) });
    this.#cpuSpaces.set(hart, s);
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
    const space = this.#cpuSpaces.get(cpu);
    return space?.alive === true ? space.id : undefined;
  }

  // ---- page management ---------------------------------------------------------------------------

  /** {@inheritDoc PageManagementProvider.mapPages} Demand-zero: frames come on first touch. */
  mapPages(space: number, address: number, length: number, prot: Protection): Result<void, PageError> {
    const checked = this.#checkRange(space, address, length, prot);
    if (!checked.ok) return checked;
    const { s, pages } = checked.value;
    if (this.#ops.tablesNeeded(s, address, pages) > this.#memory.freeFrames) return err(PageError.NoMemory);
    this.#ops.mapZero(s, address, pages, prot);
    return ok(undefined);
  }

  /** {@inheritDoc PageManagementProvider.unmapPages} Frees emptied page tables too. */
  unmapPages(space: number, address: number, length: number): Result<void, PageError> {
    const checked = this.#checkRange(space, address, length, Prot.None);
    if (!checked.ok) return checked;
    this.#ops.unmap(checked.value.s, address, checked.value.pages);
    return ok(undefined);
  }

  /** {@inheritDoc PageManagementProvider.protectPages} */
  protectPages(space: number, address: number, length: number, prot: Protection): Result<void, PageError> {
    const checked = this.#checkRange(space, address, length, prot);
    if (!checked.ok) return checked;
    const { s, pages } = checked.value;
    if (!this.#ops.allMapped(s, address, pages)) return err(PageError.NotMapped);
    this.#ops.protect(s, address, pages, prot);
    return ok(undefined);
  }

  /** {@inheritDoc PageManagementProvider.queryPage} `OutOfRange` outside the space's range. */
  queryPage(space: number, address: number): Result<PageInfo | undefined, PageError> {
    const s = this.#spaces.get(space);
    if (s === undefined) return err(PageError.InvalidId);
    if (!Number.isInteger(address) || address < this.#range.start || address >= this.#range.end) return err(PageError.OutOfRange);
    const pte = this.#mmu.leaf(s, address);
    if (pte === 0) return ok(undefined);
    const prot = pteProtection(pte);
    const shared = this.#ops.sharedBacking(pte);
    return ok(shared === undefined ? { prot, shared: false } : { prot, shared: true, sharedObject: shared });
  }

  /** {@inheritDoc PageManagementProvider.mappings} */
  mappings(space: number): Result<readonly Mapping[], PageError> {
    const s = this.#spaces.get(space);
    if (s === undefined) return err(PageError.InvalidId);
    return ok(this.#ops.mappings(s).map(({ start, end, prot, shared }) =>
      shared === undefined ? { start, end, prot } : { start, end, prot, sharedObject: shared }));
  }

  /**
   * {@inheritDoc PageManagementProvider.createSharedMemory} Its frames are allocated now (zeroed);
   * `NoMemory` when they do not fit, `InvalidArgument` for a length ≤ 0 or over 4 GiB.
   */
  createSharedMemory(length: number): Result<SharedMemoryObject, PageError> {
    if (!Number.isInteger(length) || length <= 0 || length > U32_END) return err(PageError.InvalidArgument);
    const record = this.#objects.create(Math.ceil(length / PAGE_SIZE));
    return record === undefined ? err(PageError.NoMemory) : ok(record.handle);
  }

  /**
   * {@inheritDoc PageManagementProvider.mapSharedPages} `InvalidArgument` for an object that is not a
   * live object of this platform (or already released), a misaligned offset, or a range past its end.
   */
  mapSharedPages(
    space: number,
    address: number,
    length: number,
    prot: Protection,
    object: SharedMemoryObject,
    offset: number,
  ): Result<void, PageError> {
    const checked = this.#checkRange(space, address, length, prot);
    if (!checked.ok) return checked;
    const { s, pages } = checked.value;
    const record = this.#objects.byHandle(object);
    if (record === undefined || record.released || !Number.isInteger(offset) || offset < 0 || offset % PAGE_SIZE !== 0 ||
      offset / PAGE_SIZE + pages > record.frames.length) {
      return err(PageError.InvalidArgument);
    }
    if (this.#ops.tablesNeeded(s, address, pages) > this.#memory.freeFrames) return err(PageError.NoMemory);
    this.#ops.mapShared(s, address, pages, prot, record, offset / PAGE_SIZE);
    return ok(undefined);
  }

  /**
   * {@inheritDoc PageManagementProvider.releaseSharedMemory} Releasing an object twice, or one this
   * platform did not create, is a caller bug: it throws `InvariantViolation("InvalidArgument")`.
   */
  releaseSharedMemory(object: SharedMemoryObject): void {
    const record = this.#objects.byHandle(object);
    if (record === undefined || record.released) {
      throw new InvariantViolation("InvalidArgument", `shared memory object ${object.id} is not held (released twice?)`);
    }
    this.#objects.release(record);
  }

  // ---- guest memory ------------------------------------------------------------------------------

  /** {@inheritDoc GuestMemoryProvider.readBytes} */
  readBytes(space: number, address: number, dest: Uint8Array, options?: { readonly force?: boolean }): MemoryFault | undefined {
    return this.#guest.read(this.#spaces.get(space), address, dest, options);
  }

  /** {@inheritDoc GuestMemoryProvider.writeBytes} */
  writeBytes(space: number, address: number, src: Uint8Array, options?: { readonly force?: boolean }): MemoryFault | undefined {
    return this.#guest.write(this.#spaces.get(space), address, src, options);
  }

  /** {@inheritDoc GuestMemoryProvider.readU32} (Unaligned addresses are accepted too.) */
  readU32(space: number, address: number): Result<number, MemoryFault> {
    return this.#guest.readU32(this.#spaces.get(space), address);
  }

  /** {@inheritDoc GuestMemoryProvider.writeU32} (Unaligned addresses are accepted too.) */
  writeU32(space: number, address: number, value: number): MemoryFault | undefined {
    return this.#guest.writeU32(this.#spaces.get(space), address, value);
  }

  /** {@inheritDoc GuestMemoryProvider.readCString} Reads no byte past the NUL. */
  readCString(space: number, address: number, maxLength: number): Result<Uint8Array | undefined, MemoryFault> {
    return this.#guest.readCString(this.#spaces.get(space), address, maxLength);
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** A new empty space, or `undefined` when no ASID or no frame for its root is free. */
  #newSpace(): SimSpace | undefined {
    if (this.#asids.inUse === this.#asids.capacity || this.#memory.freeFrames === 0) return undefined;
    const asid = this.#asids.allocate();
    const root = this.#tables.createRoot();
    const space = new SimSpace(this.#nextId++, asid, root, this.#range, this.#memory.bytes, this.#translate, this.#options.tlbEntries);
    this.#spaces.set(space.id, space);
    return space;
  }

  /** Makes `space` the active space of `context` (the host when `undefined`); a hart switches port too. */
  #setActive(context: CpuContext | undefined, space: SimSpace | undefined): void {
    if (context === undefined) {
      this.#hostSpace = space;
      return;
    }
    if (space === undefined) {
      this.#cpuSpaces.delete(context);
      return;
    }
    this.#cpuSpaces.set(context, space);
    if (context instanceof Hart) context.memory = space.port;
  }

  #checkRange(
    space: number,
    address: number,
    length: number,
    prot: Protection,
  ): Result<{ s: SimSpace; pages: number }, PageError> {
    const s = this.#spaces.get(space);
    if (s === undefined) return err(PageError.InvalidId);
    if (!Number.isInteger(address) || address < 0 || address >= U32_END || address % PAGE_SIZE !== 0 ||
      !Number.isInteger(length) || length <= 0 || !Number.isInteger(prot) || (prot & ~ALL_PROT) !== 0) {
      return err(PageError.InvalidArgument);
    }
    const pages = Math.ceil(length / PAGE_SIZE);
    if (address < this.#range.start || address + pages * PAGE_SIZE > this.#range.end) return err(PageError.OutOfRange);
    return ok({ s, pages });
  }
}
