/**
 * A deterministic in-memory platform for unit tests of the core and of shims — a test double shipped
 * next to the interface it implements, in Effect's style. It is not one of the two real platforms: it
 * has no SFI, no page tables in simulated memory and no RISC-V hart (its CPU knows `nop`, `ecall` and
 * `ebreak`, see {@link TestCpu}). What it does have is every method of {@link Provider} with the
 * documented semantics, a {@link VirtualClock}, fault injection and leak counters.
 *
 * - Address-space ids are numbers 1, 2, 3… never reused, so a stale id is always `InvalidId`.
 * - {@link TestPlatform} is `Isolated`: every space has the same range `[PAGE_SIZE, rangeSize)`,
 *   addresses are taken as they are (outside the range: `OutOfRange`, or an unmapped fault), and the
 *   futex discriminator is the space id.
 * - {@link SharedMemoryTestPlatform} is `SharedMemory`: space slot k (1 ≤ k ≤ capacity, lowest free
 *   first) has the disjoint range `[k·rangeSize, (k+1)·rangeSize)`, and every address is re-based into
 *   it the way the userland platform's SFI does (`start | (address & (rangeSize − 1))`), so a child
 *   forked with the parent's pointers works. The futex discriminator is 0 and `futexAddress` is the
 *   re-based address. `mappings` and `queryPage` speak re-based addresses; faults report the address
 *   the caller used.
 * - Memory access checks every page before touching any: a faulting access changes nothing.
 * - Activation is per thread, as {@link ExecutionProvider} defines it: each CPU context made by
 *   {@link TestPlatform.createCpu} has its own active space (initially its creation space), and the
 *   host context (no current CPU) one more.
 *
 * @module
 */
import { AddressSpaceError, AddressSpaceKind, type AddressRange, type AddressSpaceProviderClass } from "../platform/address-space";
import {
  PAGE_SIZE,
  PageError,
  Prot,
  memoryFault,
  type AccessKind,
  type Mapping,
  type MemoryFault,
  type PageInfo,
  type Protection,
  type SharedMemoryObject,
} from "../platform/memory";
import { defaultMutexFactory, type RawMutexFactory } from "../platform/mutex";
import type { PlatformResourceStats } from "../platform/execution";
import type { Provider } from "../platform/provider";
import { VirtualClock } from "../platform/time";
import type { CpuContext } from "../sched/cpu";
import { InvariantViolation } from "../util/invariant";
import { err, ok, type Result } from "../util/result";
import { TestCpu } from "./test-cpu";
import { TestPages, type Page } from "./test-pages";

/** Operations whose N-th call can be made to fail (see {@link TestPlatform.failOnCall}). */
export type FaultableOperation =
  | "createAddressSpace"
  | "cloneAddressSpace"
  | "mapPages"
  | "mapSharedPages"
  | "createSharedMemory";

/** Options of a {@link TestPlatform}. */
export interface TestPlatformOptions {
  /** Most address spaces alive at once; one more is `NoSpace` (default 16). */
  readonly capacity?: number;
  /** Bytes of each space's range, a power of two ≥ 64 KiB (default 64 MiB). */
  readonly rangeSize?: number;
  /** The clock (default: a fresh {@link VirtualClock}). */
  readonly clock?: VirtualClock;
  /** The mutex factory (default: the core's re-entrance-detecting mutex). */
  readonly createMutex?: RawMutexFactory;
  /** Builds the CPU of a guest thread in `space` (default: a {@link TestCpu} over that space). */
  readonly createCpu?: (space: number, platform: TestPlatform) => CpuContext;
}

interface Space {
  readonly range: AddressRange;
  readonly slot: number;
  readonly pages: Map<number, Page>;
}

const DEFAULT_CAPACITY = 16;
const DEFAULT_RANGE_SIZE = 64 * 1024 * 1024;
const ALL_PROT = Prot.Read | Prot.Write | Prot.Exec;
const U32_END = 0x1_0000_0000;

/** The `Isolated` test platform; see the module documentation. */
export class TestPlatform implements Provider<number> {
  /** The RFC's associated constant: this class's address spaces are isolated. */
  static readonly ADDRESS_SPACE_KIND: AddressSpaceKind = AddressSpaceKind.Isolated;

  /** {@inheritDoc AddressSpaceProvider.addressSpaceKind} */
  readonly addressSpaceKind: AddressSpaceKind;
  /** {@inheritDoc TimeSourceProvider.time} — a {@link VirtualClock}, advanced by the test. */
  readonly time: VirtualClock;
  /** {@inheritDoc RawMutexProvider.createMutex} */
  readonly createMutex: RawMutexFactory;
  /**
   * Copy-on-write clone (here an eager copy; shared pages stay shared). Present on the `Isolated`
   * platform only, as {@link Provider} prescribes.
   */
  readonly cloneAddressSpace?: (parent: number) => Result<number, AddressSpaceError>;

  readonly #capacity: number;
  readonly #rangeSize: number;
  readonly #cpuFactory: ((space: number, platform: TestPlatform) => CpuContext) | undefined;
  readonly #spaces = new Map<number, Space>();
  readonly #slots = new Set<number>();
  readonly #memory = new TestPages();
  readonly #calls = new Map<FaultableOperation, number>();
  readonly #failing = new Map<FaultableOperation, Set<number>>();
  readonly #cpuSpaces = new WeakMap<CpuContext, number>();
  #nextId = 1;
  #hostSpace: number | undefined;
  #current: CpuContext | undefined;

  /** @param options - capacity, range size, clock, mutex and CPU factories. */
  constructor(options: TestPlatformOptions = {}) {
    this.addressSpaceKind = (new.target as AddressSpaceProviderClass).ADDRESS_SPACE_KIND;
    const capacity = options.capacity ?? DEFAULT_CAPACITY;
    const rangeSize = options.rangeSize ?? DEFAULT_RANGE_SIZE;
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new InvariantViolation("InvalidArgument", `capacity ${capacity} is not a non-negative integer`);
    }
    if (!Number.isInteger(rangeSize) || rangeSize < 16 * PAGE_SIZE || rangeSize >= U32_END || (rangeSize & (rangeSize - 1)) !== 0) {
      throw new InvariantViolation("InvalidArgument", `rangeSize ${rangeSize} is not a power of two in [64 KiB, 2 GiB]`);
    }
    if (this.addressSpaceKind === AddressSpaceKind.SharedMemory && (capacity + 1) * rangeSize > U32_END) {
      throw new InvariantViolation("InvalidArgument", `${capacity} disjoint ranges of ${rangeSize} bytes do not fit in 4 GiB`);
    }
    this.#capacity = capacity;
    this.#rangeSize = rangeSize;
    this.#cpuFactory = options.createCpu;
    this.time = options.clock ?? new VirtualClock();
    this.createMutex = options.createMutex ?? defaultMutexFactory;
    if (this.addressSpaceKind === AddressSpaceKind.Isolated) this.cloneAddressSpace = (parent) => this.#clone(parent);
  }

  // ---- fault injection and leak counters -------------------------------------------------------

  /**
   * Makes the `nth` call of `operation` from now (1: the next one) fail with the operation's
   * out-of-resources error (`NoSpace` for address spaces, `NoMemory` for pages and shared memory),
   * changing nothing. Several failures may be pending.
   */
  failOnCall(operation: FaultableOperation, nth = 1): void {
    if (!Number.isInteger(nth) || nth < 1) throw new InvariantViolation("InvalidArgument", `nth ${nth} is not a positive integer`);
    const at = this.callCount(operation) + nth;
    let set = this.#failing.get(operation);
    if (set === undefined) this.#failing.set(operation, (set = new Set()));
    set.add(at);
  }

  /** How many times `operation` was called (failed calls included). */
  callCount(operation: FaultableOperation): number {
    return this.#calls.get(operation) ?? 0;
  }

  /** Address spaces alive now. */
  get liveAddressSpaces(): number {
    return this.#spaces.size;
  }

  /** Pages mapped now, across every address space. */
  get mappedPages(): number {
    return this.#memory.mappedPages;
  }

  /** Shared memory objects alive now (referenced or mapped). */
  get liveSharedObjects(): number {
    return this.#memory.objects.size;
  }

  /** {@inheritDoc ResourceStatsProvider.resourceStats} */
  resourceStats(): PlatformResourceStats {
    return {
      addressSpaces: this.#spaces.size,
      counters: { mappedPages: this.#memory.mappedPages, sharedObjects: this.#memory.objects.size },
    };
  }

  // ---- address spaces (RFC §2) -----------------------------------------------------------------

  /** {@inheritDoc AddressSpaceProvider.createAddressSpace} `NoSpace` past the capacity. */
  createAddressSpace(): Result<number, AddressSpaceError> {
    if (this.#injected("createAddressSpace")) return err(AddressSpaceError.NoSpace);
    return this.#newSpace();
  }

  /** {@inheritDoc AddressSpaceProvider.destroyAddressSpace} Unmaps every page; deactivates it if active. */
  destroyAddressSpace(id: number): Result<void, AddressSpaceError> {
    const space = this.#spaces.get(id);
    if (space === undefined) return err(AddressSpaceError.InvalidId);
    for (const pn of [...space.pages.keys()]) this.#memory.remove(space.pages, pn);
    this.#spaces.delete(id);
    this.#slots.delete(space.slot);
    return ok(undefined);
  }

  /** {@inheritDoc AddressSpaceProvider.activateAddressSpace} */
  activateAddressSpace(id: number): Result<void, AddressSpaceError> {
    if (!this.#spaces.has(id)) return err(AddressSpaceError.InvalidId);
    this.#setActive(id);
    return ok(undefined);
  }

  /** {@inheritDoc AddressSpaceProvider.withAddressSpace} */
  withAddressSpace<R>(id: number, f: () => R): Result<R, AddressSpaceError> {
    if (!this.#spaces.has(id)) return err(AddressSpaceError.InvalidId);
    const previous = this.#current === undefined ? this.#hostSpace : this.#cpuSpaces.get(this.#current);
    const context = this.#current;
    this.#setActive(id);
    try {
      return ok(f());
    } finally {
      // Restore on the context that was current when the scope began.
      if (context === undefined) this.#hostSpace = previous;
      else if (previous === undefined) this.#cpuSpaces.delete(context);
      else this.#cpuSpaces.set(context, previous);
    }
  }

  /** {@inheritDoc AddressSpaceProvider.addressSpaceRange} */
  addressSpaceRange(id: number): Result<AddressRange, AddressSpaceError> {
    const space = this.#spaces.get(id);
    return space === undefined ? err(AddressSpaceError.InvalidId) : ok(space.range);
  }

  /** {@inheritDoc AddressSpaceProvider.activeAddressSpace} */
  activeAddressSpace(): number | undefined {
    const id = this.#current === undefined ? this.#hostSpace : this.#cpuSpaces.get(this.#current);
    return id !== undefined && this.#spaces.has(id) ? id : undefined;
  }

  /** {@inheritDoc Provider.futexDiscriminator} Isolated: the id; SharedMemory: 0. */
  futexDiscriminator(id: number): number {
    return this.addressSpaceKind === AddressSpaceKind.Isolated ? id : 0;
  }

  /** {@inheritDoc Provider.futexAddress} Isolated: the address; SharedMemory: the re-based address. */
  futexAddress(id: number, address: number): number {
    const s = this.#spaces.get(id);
    return s === undefined ? address >>> 0 : this.#canonical(s, address >>> 0);
  }

  /** {@inheritDoc ExecutionProvider.createCpu} */
  createCpu(space: number): Result<CpuContext, AddressSpaceError> {
    if (!this.#spaces.has(space)) return err(AddressSpaceError.InvalidId);
    let cpu: CpuContext;
    if (this.#cpuFactory) {
      cpu = this.#cpuFactory(space, this);
    } else {
      const test: TestCpu = new TestCpu({
        // Fetch from wherever the thread executes now (an activation may have moved it: execve).
        fetchInstruction: (address) => this.fetchInstruction(this.cpuAddressSpace(test) ?? 0, address),
      });
      cpu = test;
    }
    this.#cpuSpaces.set(cpu, space);
    return ok(cpu);
  }

  /** {@inheritDoc ExecutionProvider.setCurrentCpu} */
  setCurrentCpu(cpu: CpuContext | undefined): CpuContext | undefined {
    const previous = this.#current;
    this.#current = cpu;
    return previous;
  }

  /** {@inheritDoc ExecutionProvider.cpuAddressSpace} */
  cpuAddressSpace(cpu: CpuContext): number | undefined {
    const id = this.#cpuSpaces.get(cpu);
    return id !== undefined && this.#spaces.has(id) ? id : undefined;
  }

  // ---- page management ---------------------------------------------------------------------------

  /** {@inheritDoc PageManagementProvider.mapPages} */
  mapPages(space: number, address: number, length: number, prot: Protection): Result<void, PageError> {
    if (this.#injected("mapPages")) return err(PageError.NoMemory);
    const checked = this.#checkRange(space, address, length, prot);
    if (!checked.ok) return checked;
    const { table, first, count } = checked.value;
    for (let pn = first; pn < first + count; pn++) this.#memory.set(table, pn, { prot, bytes: undefined, shared: undefined });
    return ok(undefined);
  }

  /** {@inheritDoc PageManagementProvider.unmapPages} */
  unmapPages(space: number, address: number, length: number): Result<void, PageError> {
    const checked = this.#checkRange(space, address, length, Prot.None);
    if (!checked.ok) return checked;
    const { table, first, count } = checked.value;
    for (let pn = first; pn < first + count; pn++) this.#memory.remove(table, pn);
    return ok(undefined);
  }

  /** {@inheritDoc PageManagementProvider.protectPages} */
  protectPages(space: number, address: number, length: number, prot: Protection): Result<void, PageError> {
    const checked = this.#checkRange(space, address, length, prot);
    if (!checked.ok) return checked;
    const { table, first, count } = checked.value;
    for (let pn = first; pn < first + count; pn++) if (!table.has(pn)) return err(PageError.NotMapped);
    for (let pn = first; pn < first + count; pn++) table.get(pn)!.prot = prot;
    return ok(undefined);
  }

  /** {@inheritDoc PageManagementProvider.queryPage} `OutOfRange` outside the space's range (Isolated). */
  queryPage(space: number, address: number): Result<PageInfo | undefined, PageError> {
    const s = this.#spaces.get(space);
    if (s === undefined) return err(PageError.InvalidId);
    if (!(Number.isInteger(address) && address >= 0 && address < U32_END)) return err(PageError.OutOfRange);
    const at = this.#canonical(s, address);
    if (at < s.range.start || at >= s.range.end) return err(PageError.OutOfRange);
    const page = s.pages.get(Math.floor(at / PAGE_SIZE));
    if (page === undefined) return ok(undefined);
    if (page.shared === undefined) return ok({ prot: page.prot, shared: false });
    const { object, index } = page.shared;
    return ok({ prot: page.prot, shared: true, sharedObject: { object: object.handle, offset: index * PAGE_SIZE } });
  }

  /** {@inheritDoc PageManagementProvider.mappings} */
  mappings(space: number): Result<readonly Mapping[], PageError> {
    const s = this.#spaces.get(space);
    if (s === undefined) return err(PageError.InvalidId);
    const runs: Mapping[] = [];
    let run: { start: number; end: number; prot: Protection; object: Page["shared"] } | undefined;
    const flush = (): void => {
      if (run === undefined) return;
      const { start, end, prot, object } = run;
      runs.push(object === undefined
        ? { start, end, prot }
        : { start, end, prot, sharedObject: { object: object.object.handle, offset: object.index * PAGE_SIZE } });
    };
    for (const pn of [...s.pages.keys()].sort((a, b) => a - b)) {
      const page = s.pages.get(pn)!;
      const start = pn * PAGE_SIZE;
      const continues = run !== undefined && run.end === start && run.prot === page.prot &&
        (run.object === undefined
          ? page.shared === undefined
          : page.shared?.object === run.object.object &&
            page.shared.index === run.object.index + (start - run.start) / PAGE_SIZE);
      if (continues) {
        run!.end = start + PAGE_SIZE;
      } else {
        flush();
        run = { start, end: start + PAGE_SIZE, prot: page.prot, object: page.shared };
      }
    }
    flush();
    return ok(runs);
  }

  /** {@inheritDoc PageManagementProvider.createSharedMemory} `InvalidArgument` for a length ≤ 0. */
  createSharedMemory(length: number): Result<SharedMemoryObject, PageError> {
    if (this.#injected("createSharedMemory")) return err(PageError.NoMemory);
    if (!Number.isInteger(length) || length <= 0 || length > U32_END) return err(PageError.InvalidArgument);
    return ok(this.#memory.createObject(Math.ceil(length / PAGE_SIZE)).handle);
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
    if (this.#injected("mapSharedPages")) return err(PageError.NoMemory);
    const checked = this.#checkRange(space, address, length, prot);
    if (!checked.ok) return checked;
    const { table, first, count } = checked.value;
    const record = this.#memory.objectOf(object);
    if (record === undefined || record.released || !Number.isInteger(offset) || offset < 0 || offset % PAGE_SIZE !== 0 ||
      offset / PAGE_SIZE + count > record.pages.length) {
      return err(PageError.InvalidArgument);
    }
    const base = offset / PAGE_SIZE;
    for (let i = 0; i < count; i++) {
      this.#memory.set(table, first + i, { prot, bytes: undefined, shared: { object: record, index: base + i } });
    }
    return ok(undefined);
  }

  /**
   * {@inheritDoc PageManagementProvider.releaseSharedMemory} Releasing an object twice, or one this
   * platform did not create, is a caller bug: it throws `InvariantViolation("InvalidArgument")`.
   */
  releaseSharedMemory(object: SharedMemoryObject): void {
    const record = this.#memory.objectOf(object);
    if (record === undefined || record.released) {
      throw new InvariantViolation("InvalidArgument", `shared memory object ${object.id} is not held (released twice?)`);
    }
    this.#memory.release(record);
  }

  // ---- guest memory ------------------------------------------------------------------------------

  /** {@inheritDoc GuestMemoryProvider.readBytes} */
  readBytes(space: number, address: number, dest: Uint8Array, options?: { readonly force?: boolean }): MemoryFault | undefined {
    const fault = this.#check(space, address, dest.length, "read", options?.force === true);
    if (fault) return fault;
    this.#copy(space, address, dest.length, (page, pageOffset, at, n) =>
      dest.set(this.#memory.readable(page).subarray(pageOffset, pageOffset + n), at));
    return undefined;
  }

  /** {@inheritDoc GuestMemoryProvider.writeBytes} */
  writeBytes(space: number, address: number, src: Uint8Array, options?: { readonly force?: boolean }): MemoryFault | undefined {
    const fault = this.#check(space, address, src.length, "write", options?.force === true);
    if (fault) return fault;
    this.#copy(space, address, src.length, (page, pageOffset, at, n) =>
      this.#memory.writable(page).set(src.subarray(at, at + n), pageOffset));
    return undefined;
  }

  /** {@inheritDoc GuestMemoryProvider.readU32} (This double also accepts unaligned addresses.) */
  readU32(space: number, address: number): Result<number, MemoryFault> {
    const bytes = new Uint8Array(4);
    const fault = this.readBytes(space, address, bytes);
    return fault ? err(fault) : ok(new DataView(bytes.buffer).getUint32(0, true));
  }

  /** {@inheritDoc GuestMemoryProvider.writeU32} (This double also accepts unaligned addresses.) */
  writeU32(space: number, address: number, value: number): MemoryFault | undefined {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
    return this.writeBytes(space, address, bytes);
  }

  /** {@inheritDoc GuestMemoryProvider.readCString} Reads no byte past the NUL. */
  readCString(space: number, address: number, maxLength: number): Result<Uint8Array | undefined, MemoryFault> {
    const out: number[] = [];
    const one = new Uint8Array(1);
    for (let i = 0; i <= maxLength; i++) {
      const fault = this.readBytes(space, address + i, one);
      if (fault) return err(fault);
      if (one[0] === 0) return ok(Uint8Array.from(out));
      out.push(one[0]!);
    }
    return ok(undefined);
  }

  /**
   * The instruction word at `address` of `space` as a fetch sees it: the page must be mapped and
   * executable. Used by {@link TestCpu}.
   */
  fetchInstruction(space: number, address: number): Result<number, MemoryFault> {
    const fault = this.#check(space, address, 4, "execute", false);
    if (fault) return err(fault);
    const bytes = new Uint8Array(4);
    this.#copy(space, address, 4, (page, pageOffset, at, n) =>
      bytes.set(this.#memory.readable(page).subarray(pageOffset, pageOffset + n), at));
    return ok(new DataView(bytes.buffer).getUint32(0, true));
  }

  // ---- internals ---------------------------------------------------------------------------------

  #setActive(id: number): void {
    if (this.#current === undefined) this.#hostSpace = id;
    else this.#cpuSpaces.set(this.#current, id);
  }

  #injected(operation: FaultableOperation): boolean {
    const call = this.callCount(operation) + 1;
    this.#calls.set(operation, call);
    const set = this.#failing.get(operation);
    return set?.delete(call) === true;
  }

  #newSpace(): Result<number, AddressSpaceError> {
    if (this.#spaces.size >= this.#capacity) return err(AddressSpaceError.NoSpace);
    let slot = 1;
    if (this.addressSpaceKind === AddressSpaceKind.SharedMemory) while (this.#slots.has(slot)) slot++;
    const range: AddressRange = this.addressSpaceKind === AddressSpaceKind.Isolated
      ? Object.freeze({ start: PAGE_SIZE, end: this.#rangeSize })
      : Object.freeze({ start: slot * this.#rangeSize, end: (slot + 1) * this.#rangeSize });
    const id = this.#nextId++;
    this.#spaces.set(id, { range, slot, pages: new Map() });
    if (this.addressSpaceKind === AddressSpaceKind.SharedMemory) this.#slots.add(slot);
    return ok(id);
  }

  #clone(parent: number): Result<number, AddressSpaceError> {
    if (this.#injected("cloneAddressSpace")) return err(AddressSpaceError.NoSpace);
    const source = this.#spaces.get(parent);
    if (source === undefined) return err(AddressSpaceError.InvalidId);
    const created = this.#newSpace();
    if (!created.ok) return created;
    const table = this.#spaces.get(created.value)!.pages;
    for (const [pn, page] of source.pages) {
      this.#memory.set(table, pn, { prot: page.prot, bytes: page.bytes?.slice(), shared: page.shared });
    }
    return created;
  }

  #checkRange(
    space: number,
    address: number,
    length: number,
    prot: Protection,
  ): Result<{ table: Map<number, Page>; first: number; count: number }, PageError> {
    const s = this.#spaces.get(space);
    if (s === undefined) return err(PageError.InvalidId);
    if (!Number.isInteger(address) || address < 0 || address >= U32_END || address % PAGE_SIZE !== 0 ||
      !Number.isInteger(length) || length <= 0 || !Number.isInteger(prot) || (prot & ~ALL_PROT) !== 0) {
      return err(PageError.InvalidArgument);
    }
    const count = Math.ceil(length / PAGE_SIZE);
    const start = this.#canonical(s, address);
    if (start < s.range.start || start + count * PAGE_SIZE > s.range.end) return err(PageError.OutOfRange);
    return ok({ table: s.pages, first: start / PAGE_SIZE, count });
  }

  /** The fault of an access of `length` bytes at `address`, or `undefined` if every byte is accessible. */
  #check(space: number, address: number, length: number, access: AccessKind, force: boolean): MemoryFault | undefined {
    if (length === 0) return undefined;
    const s = this.#spaces.get(space);
    if (s === undefined || !Number.isInteger(address) || address < 0) return memoryFault(address, access, "unmapped");
    const need = access === "read" ? Prot.Read : access === "write" ? Prot.Write : Prot.Exec;
    const end = address + length;
    for (let at = address; at < end; at = (Math.floor(at / PAGE_SIZE) + 1) * PAGE_SIZE) {
      const page = this.#pageAt(s, at);
      if (page === undefined) return memoryFault(at, access, "unmapped");
      if (!force && (page.prot & need) === 0) return memoryFault(at, access, "protection");
    }
    return undefined;
  }

  /** Calls `chunk` for each page-sized piece of an access already checked by {@link #check}. */
  #copy(space: number, address: number, length: number, chunk: (page: Page, pageOffset: number, at: number, n: number) => void): void {
    let done = 0;
    while (done < length) {
      const a = address + done;
      const pageOffset = a % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - pageOffset, length - done);
      chunk(this.#pageAt(this.#spaces.get(space)!, a)!, pageOffset, done, n);
      done += n;
    }
  }

  /** The page holding guest address `at` of `s` (re-based on SharedMemory), if mapped. */
  #pageAt(s: Space, at: number): Page | undefined {
    return at < U32_END ? s.pages.get(Math.floor(this.#canonical(s, at) / PAGE_SIZE)) : undefined;
  }

  /** Where `address` (an integer in [0, 2^32)) lands: itself on Isolated, re-based into the region on SharedMemory. */
  #canonical(s: Space, address: number): number {
    if (this.addressSpaceKind === AddressSpaceKind.Isolated) return address;
    return s.range.start + (address & (this.#rangeSize - 1));
  }
}

/**
 * The `SharedMemory` test platform: like {@link TestPlatform}, but its address spaces are disjoint
 * ranges of one address line, its futex discriminator is 0, and it has no `cloneAddressSpace` (the
 * shim separates memory, e.g. with the core's `forkAddressSpace`).
 */
export class SharedMemoryTestPlatform extends TestPlatform {
  /** The RFC's associated constant: this class's address spaces share one host memory. */
  static override readonly ADDRESS_SPACE_KIND: AddressSpaceKind = AddressSpaceKind.SharedMemory;
}
