import {
  AddressSpaceKind,
  InvariantViolation,
  PAGE_SIZE,
  Prot,
  VirtualClock,
  defaultMutexFactory,
  type CpuContext,
  type Provider,
} from "@litebox-ts/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MiB, bytes, value } from "../test/helpers";
import { UserlandPlatform } from "./platform";

const RW = Prot.Read | Prot.Write;

function small(regionCount = 4): UserlandPlatform {
  return new UserlandPlatform({ regionSize: MiB, regionCount });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("construction", () => {
  it("defaults to 16 regions of 64 MiB in one SharedArrayBuffer, a virtual clock and the core's mutex", () => {
    const platform = new UserlandPlatform();
    expect(platform.regionSize).toBe(64 * MiB);
    expect(platform.regionCount).toBe(16);
    expect(platform.sharedBuffer).toBe(true);
    expect(platform.hostMemory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(platform.hostMemory.length).toBe(1024 * MiB);
    expect(platform.time).toBeInstanceOf(VirtualClock);
    expect(platform.createMutex).toBe(defaultMutexFactory);
  });

  it("shrinks the default count so that big regions still fit in 4 GiB", () => {
    expect(new UserlandPlatform({ regionSize: 1024 * MiB }).regionCount).toBe(4);
    expect(new UserlandPlatform({ regionSize: 2 ** 31 }).regionCount).toBe(2);
  });

  it("takes the region count from totalSize", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, totalSize: 8 * MiB });
    expect(platform.regionCount).toBe(8);
    expect(platform.hostMemory.length).toBe(8 * MiB);
  });

  it("uses the given clock and mutex factory", () => {
    const clock = new VirtualClock();
    const createMutex = vi.fn(defaultMutexFactory);
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 1, clock, createMutex });
    expect(platform.time).toBe(clock);
    platform.createMutex("x");
    expect(createMutex).toHaveBeenCalledWith("x");
  });

  it("uses a plain ArrayBuffer when asked, or when the host has no SharedArrayBuffer", () => {
    expect(new UserlandPlatform({ regionSize: MiB, regionCount: 1, sharedBuffer: false }).hostMemory.buffer)
      .toBeInstanceOf(ArrayBuffer);
    vi.stubGlobal("SharedArrayBuffer", undefined);
    const platform = small(1);
    expect(platform.sharedBuffer).toBe(false);
    expect(platform.hostMemory.buffer).toBeInstanceOf(ArrayBuffer);
    const s = value(platform.createAddressSpace());
    value(platform.mapPages(s, 0x10000, PAGE_SIZE, RW));
    expect(platform.writeBytes(s, 0x10000, bytes(1, 2))).toBeUndefined();
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapSharedPages(s, 0x20000, PAGE_SIZE, RW, obj, 0));
    expect(platform.writeBytes(s, 0x20000, bytes(3))).toBeUndefined();
    expect(() => new UserlandPlatform({ regionSize: MiB, regionCount: 1, sharedBuffer: true })).toThrow(InvariantViolation);
  });

  it("rejects bad options with InvariantViolation(InvalidArgument)", () => {
    const bad = [
      { regionSize: 3 * MiB },
      { regionSize: 32 * 1024 },
      { regionSize: 2 ** 33 },
      { regionSize: 2 ** 32 },
      { regionSize: 1.5 },
      { regionSize: MiB, regionCount: 0 },
      { regionSize: MiB, regionCount: 1.5 },
      { regionSize: MiB, regionCount: 2, totalSize: 2 * MiB },
      { regionSize: MiB, totalSize: 3 * MiB + 1 },
      { regionSize: MiB, totalSize: 0 },
      { regionSize: 64 * MiB, regionCount: 65 },
      { regionSize: 64 * MiB, totalSize: 2 ** 32 + 64 * MiB },
      { regionSize: MiB, regionCount: 1, sharedMemoryLimit: -1 },
      { regionSize: MiB, regionCount: 1, sharedMemoryLimit: Number.NaN },
      { regionSize: MiB, regionCount: 1, tierUpThreshold: 0 },
    ];
    for (const options of bad) {
      let thrown: unknown;
      try {
        new UserlandPlatform(options);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(InvariantViolation);
      expect((thrown as InvariantViolation).code).toBe("InvalidArgument");
    }
  });

  it("accepts the 4 GiB maximum: 64 regions of 64 MiB", () => {
    const platform = new UserlandPlatform({ regionSize: 64 * MiB, regionCount: 64 });
    expect(platform.hostMemory.length).toBe(2 ** 32);
  });
});

describe("the address-space kind", () => {
  it("is SharedMemory on the class and on the instance, and there is no cloneAddressSpace", () => {
    expect(UserlandPlatform.ADDRESS_SPACE_KIND).toBe(AddressSpaceKind.SharedMemory);
    const platform: Provider<number> = small();
    expect(platform.addressSpaceKind).toBe(AddressSpaceKind.SharedMemory);
    expect("cloneAddressSpace" in platform).toBe(false);
    expect(platform.cloneAddressSpace).toBeUndefined();
  });
});

describe("address spaces", () => {
  it("are regions: ranges [k·size, (k+1)·size), lowest free first, never overlapping", () => {
    const platform = small();
    const ids = [0, 1, 2, 3].map(() => value(platform.createAddressSpace()));
    expect(new Set(ids).size).toBe(4);
    const ranges = ids.map((id) => value(platform.addressSpaceRange(id)));
    expect(ranges).toEqual([0, 1, 2, 3].map((k) => ({ start: k * MiB, end: (k + 1) * MiB })));
    value(platform.destroyAddressSpace(ids[1]!));
    const again = value(platform.createAddressSpace());
    expect(value(platform.addressSpaceRange(again))).toEqual({ start: MiB, end: 2 * MiB });
  });

  it("answer NoSpace when every region is taken, and have room again after a destroy", () => {
    const platform = small(2);
    const a = value(platform.createAddressSpace());
    value(platform.createAddressSpace());
    expect(platform.createAddressSpace()).toEqual({ ok: false, error: "NoSpace" });
    value(platform.destroyAddressSpace(a));
    expect(platform.createAddressSpace().ok).toBe(true);
    expect(platform.createAddressSpace()).toEqual({ ok: false, error: "NoSpace" });
  });

  it("get a new id when a region is reused; the old id is InvalidId everywhere", () => {
    const platform = small(1);
    const old = value(platform.createAddressSpace());
    value(platform.destroyAddressSpace(old));
    const fresh = value(platform.createAddressSpace());
    expect(fresh).not.toBe(old);
    expect(value(platform.addressSpaceRange(fresh))).toEqual({ start: 0, end: MiB });
    const invalid = { ok: false, error: "InvalidId" };
    expect(platform.destroyAddressSpace(old)).toEqual(invalid);
    expect(platform.activateAddressSpace(old)).toEqual(invalid);
    expect(platform.withAddressSpace(old, () => 1)).toEqual(invalid);
    expect(platform.addressSpaceRange(old)).toEqual(invalid);
    expect(platform.createCpu(old)).toEqual(invalid);
    expect(platform.mapPages(old, 0x10000, PAGE_SIZE, RW)).toEqual(invalid);
    expect(platform.unmapPages(old, 0x10000, PAGE_SIZE)).toEqual(invalid);
    expect(platform.protectPages(old, 0x10000, PAGE_SIZE, RW)).toEqual(invalid);
    expect(platform.queryPage(old, 0x10000)).toEqual(invalid);
    expect(platform.mappings(old)).toEqual(invalid);
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    expect(platform.mapSharedPages(old, 0x10000, PAGE_SIZE, RW, obj, 0)).toEqual(invalid);
    expect(platform.memoryPort(old)).toBeUndefined();
    // The fresh space is untouched by all of that.
    expect(value(platform.mappings(fresh))).toEqual([]);
  });

  it("never reuse an id over many create/destroy cycles, and stale ids stay invalid", () => {
    const platform = small(3);
    const seen: number[] = [];
    const live: number[] = [];
    for (let i = 0; i < 200; i++) {
      if (live.length === 3 || (i % 5 === 4 && live.length > 0)) value(platform.destroyAddressSpace(live.shift()!));
      const id = value(platform.createAddressSpace());
      expect(seen).not.toContain(id);
      seen.push(id);
      live.push(id);
    }
    for (const id of seen) {
      expect(platform.addressSpaceRange(id).ok).toBe(live.includes(id));
    }
  });

  it("answer InvalidId for values that were never ids", () => {
    const platform = small();
    value(platform.createAddressSpace());
    for (const id of [-1, 0, 1, 2, 1.5, Number.NaN, Infinity, 2 ** 60, "4" as unknown as number]) {
      expect(platform.addressSpaceRange(id)).toEqual({ ok: false, error: "InvalidId" });
      expect(platform.destroyAddressSpace(id)).toEqual({ ok: false, error: "InvalidId" });
    }
  });

  it("destroying the active space leaves no active space", () => {
    const platform = small();
    const s = value(platform.createAddressSpace());
    value(platform.activateAddressSpace(s));
    expect(platform.activeAddressSpace()).toBe(s);
    value(platform.destroyAddressSpace(s));
    expect(platform.activeAddressSpace()).toBeUndefined();
  });
});

describe("activation (per thread)", () => {
  it("starts with no active space on the host; activate switches it", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    expect(platform.activeAddressSpace()).toBeUndefined();
    value(platform.activateAddressSpace(a));
    expect(platform.activeAddressSpace()).toBe(a);
    value(platform.activateAddressSpace(b));
    expect(platform.activeAddressSpace()).toBe(b);
  });

  it("withAddressSpace returns f's value and restores the previous space, also none", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    expect(platform.withAddressSpace(a, () => platform.activeAddressSpace())).toEqual({ ok: true, value: a });
    expect(platform.activeAddressSpace()).toBeUndefined();
    value(platform.activateAddressSpace(b));
    expect(platform.withAddressSpace(a, () => "x")).toEqual({ ok: true, value: "x" });
    expect(platform.activeAddressSpace()).toBe(b);
  });

  it("withAddressSpace restores when f throws, and the exception propagates", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    value(platform.activateAddressSpace(b));
    const boom = new Error("boom");
    expect(() => platform.withAddressSpace(a, () => {
      expect(platform.activeAddressSpace()).toBe(a);
      throw boom;
    })).toThrow(boom);
    expect(platform.activeAddressSpace()).toBe(b);
  });

  it("withAddressSpace with a stale id does not call f and changes nothing", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const gone = value(platform.createAddressSpace());
    value(platform.destroyAddressSpace(gone));
    value(platform.activateAddressSpace(a));
    const f = vi.fn();
    expect(platform.withAddressSpace(gone, f)).toEqual({ ok: false, error: "InvalidId" });
    expect(f).not.toHaveBeenCalled();
    expect(platform.activeAddressSpace()).toBe(a);
  });

  it("is independent per CPU and for the host; a hart executes in its active space", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const c = value(platform.createAddressSpace());
    const hartA = value(platform.createCpu(a));
    const hartB = value(platform.createCpu(b));
    value(platform.activateAddressSpace(c));
    expect(platform.setCurrentCpu(hartA)).toBeUndefined();
    expect(platform.activeAddressSpace()).toBe(a);
    value(platform.activateAddressSpace(b));
    expect(platform.cpuAddressSpace(hartA)).toBe(b);
    expect(hartA.memory).toBe(platform.memoryPort(b));
    expect(platform.setCurrentCpu(hartB)).toBe(hartA);
    expect(platform.activeAddressSpace()).toBe(b);
    value(platform.activateAddressSpace(c));
    expect(platform.cpuAddressSpace(hartA)).toBe(b);
    expect(platform.cpuAddressSpace(hartB)).toBe(c);
    expect(hartB.memory).toBe(platform.memoryPort(c));
    expect(platform.setCurrentCpu(undefined)).toBe(hartB);
    expect(platform.activeAddressSpace()).toBe(c);
  });

  it("withAddressSpace on a hart switches its execution and restores it, also on throw", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const hart = value(platform.createCpu(a));
    platform.setCurrentCpu(hart);
    const seen = value(platform.withAddressSpace(b, () => [platform.cpuAddressSpace(hart), hart.memory]));
    expect(seen).toEqual([b, platform.memoryPort(b)]);
    expect(platform.cpuAddressSpace(hart)).toBe(a);
    expect(hart.memory).toBe(platform.memoryPort(a));
    expect(() => platform.withAddressSpace(b, () => {
      throw new Error("x");
    })).toThrow("x");
    expect(hart.memory).toBe(platform.memoryPort(a));
  });

  it("withAddressSpace restores the thread that was current when it began, even if f switches threads", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const hart = value(platform.createCpu(a));
    value(platform.activateAddressSpace(a));
    value(platform.withAddressSpace(b, () => {
      platform.setCurrentCpu(hart);
    }));
    expect(platform.cpuAddressSpace(hart)).toBe(a);
    platform.setCurrentCpu(undefined);
    expect(platform.activeAddressSpace()).toBe(a);
  });

  it("records activation for CPU contexts the platform did not make", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const foreign = { pc: 0 } as unknown as CpuContext;
    platform.setCurrentCpu(foreign);
    expect(platform.activeAddressSpace()).toBeUndefined();
    expect(platform.cpuAddressSpace(foreign)).toBeUndefined();
    value(platform.withAddressSpace(a, () => expect(platform.activeAddressSpace()).toBe(a)));
    expect(platform.activeAddressSpace()).toBeUndefined();
    value(platform.activateAddressSpace(b));
    expect(platform.cpuAddressSpace(foreign)).toBe(b);
    value(platform.withAddressSpace(a, () => undefined));
    expect(platform.activeAddressSpace()).toBe(b);
  });

  it("a CPU's space reads as undefined once destroyed; createCpu needs a live space", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const hart = value(platform.createCpu(a));
    expect(platform.cpuAddressSpace(hart)).toBe(a);
    value(platform.destroyAddressSpace(a));
    expect(platform.cpuAddressSpace(hart)).toBeUndefined();
    expect(platform.createCpu(a)).toEqual({ ok: false, error: "InvalidId" });
  });
});

describe("futex keys", () => {
  it("use discriminator 0 and the re-based host address, so every alias of a word meets", () => {
    const platform = small();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const { start } = value(platform.addressSpaceRange(b));
    expect(platform.futexDiscriminator(a)).toBe(0);
    expect(platform.futexDiscriminator(b)).toBe(0);
    for (const alias of [0x1008, start + 0x1008, 3 * MiB + 0x1008, 0xfff0_1008, 0x1008 - 2 ** 32]) {
      expect(platform.futexAddress(b, alias)).toBe(start + 0x1008);
    }
    expect(platform.futexAddress(a, 0x1008)).toBe(0x1008);
    expect(platform.futexAddress(a, 0x1008)).not.toBe(platform.futexAddress(b, 0x1008));
    expect(platform.futexAddress(99, -4)).toBe(0xffff_fffc);
  });
});

describe("resource stats", () => {
  it("count spaces, regions, mapped pages, shared objects and pages, dirty pages — back to zero after destroy", () => {
    const platform = small();
    const initial = platform.resourceStats();
    expect(initial).toEqual({
      addressSpaces: 0,
      counters: { regionsInUse: 0, mappedPages: 0, sharedObjects: 0, sharedPages: 0, dirtyPages: 0 },
    });
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    value(platform.mapPages(a, 0x10000, 3 * PAGE_SIZE, RW));
    value(platform.mapPages(b, 0x10000, PAGE_SIZE, Prot.Read));
    const obj = value(platform.createSharedMemory(2 * PAGE_SIZE));
    value(platform.mapSharedPages(a, 0x20000, 2 * PAGE_SIZE, RW, obj, 0));
    value(platform.mapSharedPages(b, 0x20000, PAGE_SIZE, RW, obj, PAGE_SIZE));
    platform.releaseSharedMemory(obj);
    expect(platform.resourceStats()).toEqual({
      addressSpaces: 2,
      counters: { regionsInUse: 2, mappedPages: 7, sharedObjects: 1, sharedPages: 2, dirtyPages: 3 },
    });
    value(platform.destroyAddressSpace(a));
    expect(platform.resourceStats().counters).toMatchObject({ mappedPages: 2, sharedObjects: 1, dirtyPages: 0 });
    value(platform.destroyAddressSpace(b));
    expect(platform.resourceStats()).toEqual(initial);
  });
});
