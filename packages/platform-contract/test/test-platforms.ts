/**
 * Subjects built on the core's test doubles, for the suite's own tests: the two correct ones and a
 * catalogue of deliberately broken platforms, each breaking one promise.
 */
import {
  AddressSpaceError,
  AddressSpaceKind,
  SharedMemoryTestPlatform,
  TestPlatform,
  err,
  ok,
  type AddressRange,
  type AddressSpaceKind as Kind,
  type CpuContext,
  type MemoryFault,
  type PlatformResourceStats,
  type Result,
  type TestPlatformOptions,
} from "@litebox-ts/core";
import type { PlatformUnderTest } from "../src/index";

const SMALL = 3;

/** A subject over a TestPlatform class (the CPU only fetches: no RV32 cases). */
export function subjectOf(name: string, kind: Kind, make: (options: TestPlatformOptions) => TestPlatform): PlatformUnderTest<number> {
  return {
    name,
    kind,
    createPlatform: () => make({}),
    createSmallPlatform: () => ({ platform: make({ capacity: SMALL }), capacity: SMALL }),
    capabilities: { rv32Cpu: false },
  };
}

/** The correct Isolated test double. */
export const isolatedSubject = subjectOf("TestPlatform", AddressSpaceKind.Isolated, (o) => new TestPlatform(o));
/** The correct SharedMemory test double. */
export const sharedSubject = subjectOf("SharedMemoryTestPlatform", AddressSpaceKind.SharedMemory, (o) => new SharedMemoryTestPlatform(o));

/** withAddressSpace restores the previous space only when the callback returns normally. */
export class NoRestoreOnThrow extends TestPlatform {
  override withAddressSpace<R>(id: number, f: () => R): Result<R, AddressSpaceError> {
    const previous = this.activeAddressSpace();
    const r = this.activateAddressSpace(id);
    if (!r.ok) return r;
    const value = f(); // a throw skips the restore below
    if (previous !== undefined) this.activateAddressSpace(previous);
    return ok(value);
  }
}

/** Activation is one global, whichever CPU is current. */
export class GlobalActivation extends TestPlatform {
  override setCurrentCpu(_cpu: CpuContext | undefined): CpuContext | undefined {
    return undefined;
  }
}

/** Once NoSpace was answered, it is answered forever (no recovery after a destroy). */
export class NoRecovery extends TestPlatform {
  #exhausted = false;
  override createAddressSpace(): Result<number, AddressSpaceError> {
    if (this.#exhausted) return err(AddressSpaceError.NoSpace);
    const r = super.createAddressSpace();
    if (!r.ok) this.#exhausted = true;
    return r;
  }
}

/** addressSpaceRange answers from a cache, also for destroyed spaces. */
export class StaleRange extends TestPlatform {
  readonly #ranges = new Map<number, AddressRange>();
  override addressSpaceRange(id: number): Result<AddressRange, AddressSpaceError> {
    const cached = this.#ranges.get(id);
    if (cached) return ok(cached);
    const r = super.addressSpaceRange(id);
    if (r.ok) this.#ranges.set(id, r.value);
    return r;
  }
}

/** Kernel-side writes ignore page protection (every write is forced). */
export class IgnoresWriteProtection extends TestPlatform {
  override writeBytes(space: number, address: number, src: Uint8Array): MemoryFault | undefined {
    return super.writeBytes(space, address, src, { force: true });
  }
}

/** readCString swallows faults, answering "no NUL found" instead. */
export class SwallowsStringFaults extends TestPlatform {
  override readCString(space: number, address: number, maxLength: number): Result<Uint8Array | undefined, MemoryFault> {
    const r = super.readCString(space, address, maxLength);
    return r.ok ? r : ok(undefined);
  }
}

/**
 * Keeps a page-table count like a real platform (one table per live space, reported as a counter);
 * with `leaky`, destroy forgets to free it.
 */
export function pageTableCounting(leaky: boolean): typeof SharedMemoryTestPlatform {
  return class PageTableCounting extends SharedMemoryTestPlatform {
    #tables = 0;
    override createAddressSpace(): Result<number, AddressSpaceError> {
      const r = super.createAddressSpace();
      if (r.ok) this.#tables++;
      return r;
    }
    override destroyAddressSpace(id: number): Result<void, AddressSpaceError> {
      const r = super.destroyAddressSpace(id);
      if (r.ok && !leaky) this.#tables--;
      return r;
    }
    override resourceStats(): PlatformResourceStats {
      const s = super.resourceStats();
      return { addressSpaces: s.addressSpaces, counters: { ...s.counters, pageTables: this.#tables } };
    }
  };
}

/** Methods whose first argument is an address-space id. */
const ID_FIRST = new Set([
  "destroyAddressSpace", "activateAddressSpace", "withAddressSpace", "addressSpaceRange", "createCpu", "mapPages",
  "unmapPages", "protectPages", "queryPage", "mappings", "mapSharedPages", "readBytes", "writeBytes", "readU32",
  "writeU32", "readCString", "fetchInstruction", "futexDiscriminator", "futexAddress",
]);

/**
 * A platform in which some ids are aliases of others: every method resolves an alias to the space it
 * names, so two ids share one memory. `aliasOnCreate`: every second created space is an alias of the
 * one before (overlapping regions); `aliasOnClone`: a clone is an alias of its parent (no separation).
 */
export function aliasing(inner: TestPlatform, mode: "aliasOnCreate" | "aliasOnClone"): TestPlatform {
  const aliases = new Map<number, number>();
  let nextAlias = 1_000_000;
  let created = 0;
  const real = (id: unknown): unknown => (typeof id === "number" ? (aliases.get(id) ?? id) : id);
  const makeAlias = (of: number): number => {
    const alias = nextAlias++;
    aliases.set(alias, of);
    return alias;
  };
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === "createAddressSpace" && mode === "aliasOnCreate") {
        return (): Result<number, AddressSpaceError> => {
          created++;
          const r = target.createAddressSpace();
          if (!r.ok || created % 2 === 1) return r;
          target.destroyAddressSpace(r.value);
          // Ids are 1, 2, 3…: the space created just before this one.
          return ok(makeAlias(r.value - 1));
        };
      }
      if (prop === "cloneAddressSpace" && mode === "aliasOnClone") {
        return (parent: number): Result<number, AddressSpaceError> =>
          target.addressSpaceRange(parent).ok ? ok(makeAlias(parent)) : err(AddressSpaceError.InvalidId);
      }
      if (prop === "activeAddressSpace") return () => target.activeAddressSpace();
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === "constructor") return value;
      if (typeof value !== "function" || typeof prop !== "string" || !ID_FIRST.has(prop)) {
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return (...args: unknown[]) => {
        args[0] = real(args[0]);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
