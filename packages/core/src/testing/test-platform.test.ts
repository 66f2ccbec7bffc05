import { describe, expect, it, vi } from "vitest";
import { forkAddressSpace } from "../memory/fork";
import { AddressSpaceKind } from "../platform/address-space";
import { PAGE_SIZE, Prot, memoryFault } from "../platform/memory";
import { ReentrancyDetectingMutex } from "../platform/mutex";
import { VirtualClock } from "../platform/time";
import { InvariantViolation } from "../util/invariant";
import { TestCpu } from "./test-cpu";
import { SharedMemoryTestPlatform, TestPlatform } from "./test-platform";

const RW = Prot.Read | Prot.Write;
const BASE = 0x10000;
const MiB = 1024 * 1024;

function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`unexpected error ${String(result.error)}`);
  return result.value;
}

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function read(platform: TestPlatform, space: number, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  expect(platform.readBytes(space, address, out, { force: true })).toBeUndefined();
  return out;
}

describe("TestPlatform construction", () => {
  it("is Isolated by class and instance, with a clone; the SharedMemory variant has none", () => {
    const iso = new TestPlatform();
    expect(TestPlatform.ADDRESS_SPACE_KIND).toBe(AddressSpaceKind.Isolated);
    expect(iso.addressSpaceKind).toBe("Isolated");
    expect(iso.cloneAddressSpace).toBeTypeOf("function");
    const shared = new SharedMemoryTestPlatform();
    expect(SharedMemoryTestPlatform.ADDRESS_SPACE_KIND).toBe(AddressSpaceKind.SharedMemory);
    expect(shared.addressSpaceKind).toBe("SharedMemory");
    expect(shared.cloneAddressSpace).toBeUndefined();
    expect(shared).toBeInstanceOf(TestPlatform);
  });

  it("uses a fresh VirtualClock and the re-entrance-detecting mutex by default", () => {
    const platform = new TestPlatform();
    expect(platform.time).toBeInstanceOf(VirtualClock);
    expect(platform.time.now()).toBe(0);
    expect(platform.createMutex("x")).toBeInstanceOf(ReentrancyDetectingMutex);
  });

  it("uses the clock and mutex factory it is given", () => {
    const clock = new VirtualClock();
    const createMutex = vi.fn((name: string) => new ReentrancyDetectingMutex(name));
    const platform = new TestPlatform({ clock, createMutex });
    expect(platform.time).toBe(clock);
    platform.createMutex("registry");
    expect(createMutex).toHaveBeenCalledWith("registry");
  });

  it("rejects invalid options", () => {
    for (const options of [{ capacity: -1 }, { capacity: 1.5 }, { rangeSize: 3 * MiB }, { rangeSize: PAGE_SIZE }, { rangeSize: 2 ** 32 }]) {
      expect(() => new TestPlatform(options)).toThrow(InvariantViolation);
    }
    expect(() => new SharedMemoryTestPlatform({ capacity: 16, rangeSize: 256 * MiB })).toThrow(InvariantViolation);
    expect(() => new SharedMemoryTestPlatform({ capacity: 15, rangeSize: 256 * MiB })).not.toThrow();
  });
});

describe("address spaces", () => {
  it("numbers spaces 1, 2, 3… and never reuses an id", () => {
    const platform = new TestPlatform();
    expect([platform.createAddressSpace(), platform.createAddressSpace()]).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 2 },
    ]);
    platform.destroyAddressSpace(1);
    expect(platform.createAddressSpace()).toEqual({ ok: true, value: 3 });
    expect(platform.addressSpaceRange(1)).toEqual({ ok: false, error: "InvalidId" });
  });

  it("answers NoSpace past the capacity, and has room again after a destroy", () => {
    const platform = new TestPlatform({ capacity: 2 });
    const a = value(platform.createAddressSpace());
    value(platform.createAddressSpace());
    expect(platform.createAddressSpace()).toEqual({ ok: false, error: "NoSpace" });
    expect(platform.liveAddressSpaces).toBe(2);
    value(platform.destroyAddressSpace(a));
    expect(platform.createAddressSpace().ok).toBe(true);
  });

  it("destroy answers InvalidId for unknown and already destroyed ids", () => {
    const platform = new TestPlatform();
    const a = value(platform.createAddressSpace());
    expect(platform.destroyAddressSpace(a)).toEqual({ ok: true, value: undefined });
    expect(platform.destroyAddressSpace(a)).toEqual({ ok: false, error: "InvalidId" });
    expect(platform.destroyAddressSpace(99)).toEqual({ ok: false, error: "InvalidId" });
  });

  it("Isolated: every space has the same range [PAGE_SIZE, rangeSize)", () => {
    const platform = new TestPlatform({ rangeSize: 16 * MiB });
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    expect(value(platform.addressSpaceRange(a))).toEqual({ start: PAGE_SIZE, end: 16 * MiB });
    expect(value(platform.addressSpaceRange(b))).toEqual({ start: PAGE_SIZE, end: 16 * MiB });
  });

  it("SharedMemory: disjoint ranges by slot, the lowest free slot first", () => {
    const platform = new SharedMemoryTestPlatform({ rangeSize: 16 * MiB });
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    expect(value(platform.addressSpaceRange(a))).toEqual({ start: 16 * MiB, end: 32 * MiB });
    expect(value(platform.addressSpaceRange(b))).toEqual({ start: 32 * MiB, end: 48 * MiB });
    platform.destroyAddressSpace(a);
    const c = value(platform.createAddressSpace());
    expect(value(platform.addressSpaceRange(c))).toEqual({ start: 16 * MiB, end: 32 * MiB });
  });

  it("futex discriminator: the id on Isolated, 0 on SharedMemory; addresses as u32", () => {
    const iso = new TestPlatform();
    const shared = new SharedMemoryTestPlatform();
    const a = value(iso.createAddressSpace());
    const b = value(iso.createAddressSpace());
    expect([iso.futexDiscriminator(a), iso.futexDiscriminator(b)]).toEqual([1, 2]);
    expect(shared.futexDiscriminator(value(shared.createAddressSpace()))).toBe(0);
    expect(iso.futexAddress(a, 0x1000)).toBe(0x1000);
    expect(iso.futexAddress(a, -4)).toBe(0xffff_fffc);
    expect(shared.futexAddress(1, -4)).toBe(2 * 64 * MiB - 4); // re-based into slot 1
  });

  it("activate sets the active space; InvalidId for an unknown one; a destroyed one reads as none", () => {
    const platform = new TestPlatform();
    expect(platform.activeAddressSpace()).toBeUndefined();
    const a = value(platform.createAddressSpace());
    expect(platform.activateAddressSpace(a)).toEqual({ ok: true, value: undefined });
    expect(platform.activeAddressSpace()).toBe(a);
    expect(platform.activateAddressSpace(42)).toEqual({ ok: false, error: "InvalidId" });
    expect(platform.activeAddressSpace()).toBe(a);
    platform.destroyAddressSpace(a);
    expect(platform.activeAddressSpace()).toBeUndefined();
  });

  it("withAddressSpace activates for the callback, returns its value and restores the previous space", () => {
    const platform = new TestPlatform();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    platform.activateAddressSpace(a);
    const inner = platform.withAddressSpace(b, () => {
      const nested = platform.withAddressSpace(a, () => platform.activeAddressSpace());
      return [platform.activeAddressSpace(), nested];
    });
    expect(inner).toEqual({ ok: true, value: [b, { ok: true, value: a }] });
    expect(platform.activeAddressSpace()).toBe(a);
  });

  it("withAddressSpace restores the previous space when the callback throws, and rethrows", () => {
    const platform = new TestPlatform();
    const a = value(platform.createAddressSpace());
    const boom = new Error("boom");
    expect(() =>
      platform.withAddressSpace(a, () => {
        throw boom;
      }),
    ).toThrow(boom);
    expect(platform.activeAddressSpace()).toBeUndefined();
  });

  it("withAddressSpace answers InvalidId without calling the callback", () => {
    const platform = new TestPlatform();
    const f = vi.fn();
    expect(platform.withAddressSpace(7, f)).toEqual({ ok: false, error: "InvalidId" });
    expect(f).not.toHaveBeenCalled();
  });
});

describe("per-thread activation", () => {
  it("gives each CPU its own active space, separate from the host's", () => {
    const platform = new TestPlatform();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const cpu = value(platform.createCpu(a));
    expect(platform.cpuAddressSpace(cpu)).toBe(a);
    platform.activateAddressSpace(b); // the host
    expect(platform.setCurrentCpu(cpu)).toBeUndefined();
    expect(platform.activeAddressSpace()).toBe(a);
    platform.activateAddressSpace(b); // the thread (execve)
    expect(platform.cpuAddressSpace(cpu)).toBe(b);
    expect(platform.withAddressSpace(a, () => platform.cpuAddressSpace(cpu))).toEqual({ ok: true, value: a });
    expect(platform.cpuAddressSpace(cpu)).toBe(b);
    expect(platform.setCurrentCpu(undefined)).toBe(cpu);
    expect(platform.activeAddressSpace()).toBe(b);
  });

  it("reports a destroyed space as none, and createCpu refuses an unknown space", () => {
    const platform = new TestPlatform();
    const a = value(platform.createAddressSpace());
    const cpu = value(platform.createCpu(a));
    platform.destroyAddressSpace(a);
    expect(platform.cpuAddressSpace(cpu)).toBeUndefined();
    expect(platform.createCpu(a)).toEqual({ ok: false, error: "InvalidId" });
  });

  it("restores a foreign CPU (not created here) to no space after withAddressSpace", () => {
    const platform = new TestPlatform();
    const a = value(platform.createAddressSpace());
    const foreign = new TestCpu({ fetchInstruction: () => ({ ok: true, value: 0 }) });
    platform.setCurrentCpu(foreign);
    platform.withAddressSpace(a, () => undefined);
    expect(platform.activeAddressSpace()).toBeUndefined();
    expect(platform.cpuAddressSpace(foreign)).toBeUndefined();
  });

  it("uses the CPU factory it is given", () => {
    const made = new TestCpu({ fetchInstruction: () => ({ ok: true, value: 0 }) });
    const createCpu = vi.fn(() => made);
    const platform = new TestPlatform({ createCpu });
    const a = value(platform.createAddressSpace());
    expect(platform.createCpu(a)).toEqual({ ok: true, value: made });
    expect(createCpu).toHaveBeenCalledWith(a, platform);
    expect(platform.cpuAddressSpace(made)).toBe(a);
  });
});

describe("page management", () => {
  it("maps zero-filled pages, rounding the length up, and replaces an existing mapping", () => {
    const platform = new TestPlatform();
    const s = value(platform.createAddressSpace());
    expect(platform.mapPages(s, BASE, PAGE_SIZE + 1, RW)).toEqual({ ok: true, value: undefined });
    expect(platform.mappedPages).toBe(2);
    expect(read(platform, s, BASE, 2 * PAGE_SIZE).every((b) => b === 0)).toBe(true);
    platform.writeBytes(s, BASE + 5, bytes(9));
    value(platform.mapPages(s, BASE, PAGE_SIZE, Prot.Read));
    expect(read(platform, s, BASE + 5, 1)).toEqual(bytes(0));
    expect(value(platform.queryPage(s, BASE))).toEqual({ prot: Prot.Read, shared: false });
    expect(platform.mappedPages).toBe(2);
  });

  it("rejects bad arguments, ranges and ids without changing anything", () => {
    const platform = new TestPlatform({ rangeSize: 16 * MiB });
    const s = value(platform.createAddressSpace());
    const cases: Array<[number, number, number, string]> = [
      [BASE + 1, PAGE_SIZE, RW, "InvalidArgument"],
      [BASE, 0, RW, "InvalidArgument"],
      [BASE, -PAGE_SIZE, RW, "InvalidArgument"],
      [BASE, 1.5, RW, "InvalidArgument"],
      [-PAGE_SIZE, PAGE_SIZE, RW, "InvalidArgument"],
      [BASE, PAGE_SIZE, 8, "InvalidArgument"],
      [BASE, PAGE_SIZE, 0.5, "InvalidArgument"],
      [0, PAGE_SIZE, RW, "OutOfRange"],
      [16 * MiB - PAGE_SIZE, 2 * PAGE_SIZE, RW, "OutOfRange"],
      [16 * MiB, PAGE_SIZE, RW, "OutOfRange"],
    ];
    for (const [address, length, prot, error] of cases) {
      expect(platform.mapPages(s, address, length, prot)).toEqual({ ok: false, error });
      expect(platform.protectPages(s, address, length, prot)).toEqual({ ok: false, error });
    }
    expect(platform.unmapPages(s, BASE + 1, PAGE_SIZE)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(platform.unmapPages(s, 0, PAGE_SIZE)).toEqual({ ok: false, error: "OutOfRange" });
    expect(platform.mapPages(99, BASE, PAGE_SIZE, RW)).toEqual({ ok: false, error: "InvalidId" });
    expect(platform.unmapPages(99, BASE, PAGE_SIZE)).toEqual({ ok: false, error: "InvalidId" });
    expect(platform.protectPages(99, BASE, PAGE_SIZE, RW)).toEqual({ ok: false, error: "InvalidId" });
    expect(platform.mappedPages).toBe(0);
    expect(value(platform.mapPages(s, 16 * MiB - PAGE_SIZE, PAGE_SIZE, Prot.None))).toBeUndefined();
  });

  it("unmaps a range, ignoring pages that were not mapped", () => {
    const platform = new TestPlatform();
    const s = value(platform.createAddressSpace());
    value(platform.mapPages(s, BASE, PAGE_SIZE, RW));
    value(platform.mapPages(s, BASE + 2 * PAGE_SIZE, PAGE_SIZE, RW));
    expect(platform.unmapPages(s, BASE, 4 * PAGE_SIZE)).toEqual({ ok: true, value: undefined });
    expect(value(platform.queryPage(s, BASE))).toBeUndefined();
    expect(platform.mappedPages).toBe(0);
  });

  it("protects every page of a mapped range, or answers NotMapped and changes nothing", () => {
    const platform = new TestPlatform();
    const s = value(platform.createAddressSpace());
    value(platform.mapPages(s, BASE, PAGE_SIZE, RW));
    value(platform.mapPages(s, BASE + 2 * PAGE_SIZE, PAGE_SIZE, RW));
    expect(platform.protectPages(s, BASE, 3 * PAGE_SIZE, Prot.Read)).toEqual({ ok: false, error: "NotMapped" });
    expect(value(platform.queryPage(s, BASE))?.prot).toBe(RW);
    value(platform.mapPages(s, BASE + PAGE_SIZE, PAGE_SIZE, RW));
    expect(platform.protectPages(s, BASE, 3 * PAGE_SIZE, Prot.Read | Prot.Exec)).toEqual({ ok: true, value: undefined });
    expect(value(platform.queryPage(s, BASE + 2 * PAGE_SIZE + 7))?.prot).toBe(Prot.Read | Prot.Exec);
  });

  it("queryPage: undefined when unmapped, OutOfRange outside the range, InvalidId for unknown spaces", () => {
    const platform = new TestPlatform({ rangeSize: 16 * MiB });
    const s = value(platform.createAddressSpace());
    expect(platform.queryPage(s, BASE)).toEqual({ ok: true, value: undefined });
    expect(platform.queryPage(s, 0)).toEqual({ ok: false, error: "OutOfRange" });
    expect(platform.queryPage(s, 16 * MiB)).toEqual({ ok: false, error: "OutOfRange" });
    expect(platform.queryPage(s, 1.5 + BASE)).toEqual({ ok: false, error: "OutOfRange" });
    expect(platform.queryPage(5, BASE)).toEqual({ ok: false, error: "InvalidId" });
  });

  it("lists mappings as maximal runs of equal protection and backing", () => {
    const platform = new TestPlatform();
    const s = value(platform.createAddressSpace());
    const obj = value(platform.createSharedMemory(4 * PAGE_SIZE));
    value(platform.mapPages(s, BASE, 2 * PAGE_SIZE, RW));
    value(platform.mapPages(s, BASE + 2 * PAGE_SIZE, PAGE_SIZE, Prot.Read));
    value(platform.mapSharedPages(s, BASE + 3 * PAGE_SIZE, 2 * PAGE_SIZE, RW, obj, 0));
    value(platform.mapSharedPages(s, BASE + 5 * PAGE_SIZE, PAGE_SIZE, RW, obj, 3 * PAGE_SIZE)); // offset jumps
    value(platform.mapPages(s, BASE + 8 * PAGE_SIZE, PAGE_SIZE, RW));
    expect(value(platform.mappings(s))).toEqual([
      { start: BASE, end: BASE + 2 * PAGE_SIZE, prot: RW },
      { start: BASE + 2 * PAGE_SIZE, end: BASE + 3 * PAGE_SIZE, prot: Prot.Read },
      { start: BASE + 3 * PAGE_SIZE, end: BASE + 5 * PAGE_SIZE, prot: RW, sharedObject: { object: obj, offset: 0 } },
      { start: BASE + 5 * PAGE_SIZE, end: BASE + 6 * PAGE_SIZE, prot: RW, sharedObject: { object: obj, offset: 3 * PAGE_SIZE } },
      { start: BASE + 8 * PAGE_SIZE, end: BASE + 9 * PAGE_SIZE, prot: RW },
    ]);
    expect(platform.mappings(77)).toEqual({ ok: false, error: "InvalidId" });
  });
});

describe("shared memory objects", () => {
  it("are seen in common by every mapping, in any space, at any offset", () => {
    const platform = new TestPlatform();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const obj = value(platform.createSharedMemory(PAGE_SIZE + 1));
    expect(obj.length).toBe(2 * PAGE_SIZE);
    value(platform.mapSharedPages(a, BASE, 2 * PAGE_SIZE, RW, obj, 0));
    value(platform.mapSharedPages(b, 2 * BASE, PAGE_SIZE, Prot.Read, obj, PAGE_SIZE));
    expect(platform.writeBytes(a, BASE + PAGE_SIZE + 3, bytes(7, 8))).toBeUndefined();
    expect(read(platform, b, 2 * BASE + 3, 2)).toEqual(bytes(7, 8));
    expect(value(platform.queryPage(b, 2 * BASE))).toEqual({ prot: Prot.Read, shared: true, sharedObject: { object: obj, offset: PAGE_SIZE } });
  });

  it("live while referenced or mapped, freed when neither", () => {
    const platform = new TestPlatform();
    const s = value(platform.createAddressSpace());
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapSharedPages(s, BASE, PAGE_SIZE, RW, obj, 0));
    platform.writeBytes(s, BASE, bytes(5));
    platform.releaseSharedMemory(obj);
    expect(platform.liveSharedObjects).toBe(1);
    expect(read(platform, s, BASE, 1)).toEqual(bytes(5));
    expect(platform.mapSharedPages(s, BASE + PAGE_SIZE, PAGE_SIZE, RW, obj, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    value(platform.unmapPages(s, BASE, PAGE_SIZE));
    expect(platform.liveSharedObjects).toBe(0);
    expect(platform.resourceStats()).toEqual({ addressSpaces: 1, counters: { mappedPages: 0, sharedObjects: 0 } });
  });

  it("are freed by destroying the last space that maps them", () => {
    const platform = new TestPlatform();
    const s = value(platform.createAddressSpace());
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapSharedPages(s, BASE, PAGE_SIZE, RW, obj, 0));
    platform.releaseSharedMemory(obj);
    value(platform.destroyAddressSpace(s));
    expect(platform.resourceStats()).toEqual({ addressSpaces: 0, counters: { mappedPages: 0, sharedObjects: 0 } });
  });

  it("rejects bad lengths, foreign objects, bad offsets and ranges past the object's end", () => {
    const platform = new TestPlatform();
    const other = new TestPlatform();
    const s = value(platform.createAddressSpace());
    for (const length of [0, -1, 1.5, 2 ** 33]) expect(platform.createSharedMemory(length)).toEqual({ ok: false, error: "InvalidArgument" });
    const obj = value(platform.createSharedMemory(2 * PAGE_SIZE));
    const foreign = value(other.createSharedMemory(PAGE_SIZE));
    const bad: Array<[number, typeof obj, number]> = [
      [PAGE_SIZE, foreign, 0],
      [PAGE_SIZE, { id: obj.id, length: obj.length }, 0],
      [PAGE_SIZE, obj, 1],
      [PAGE_SIZE, obj, -PAGE_SIZE],
      [PAGE_SIZE, obj, 2 * PAGE_SIZE],
      [3 * PAGE_SIZE, obj, 0],
    ];
    for (const [length, object, offset] of bad) {
      expect(platform.mapSharedPages(s, BASE, length, RW, object, offset)).toEqual({ ok: false, error: "InvalidArgument" });
    }
    expect(platform.mapSharedPages(s, BASE + 1, PAGE_SIZE, RW, obj, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(platform.mapSharedPages(9, BASE, PAGE_SIZE, RW, obj, 0)).toEqual({ ok: false, error: "InvalidId" });
    expect(platform.mappedPages).toBe(0);
  });

  it("throws on a double release or the release of a foreign object", () => {
    const platform = new TestPlatform();
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    platform.releaseSharedMemory(obj);
    expect(() => platform.releaseSharedMemory(obj)).toThrow(InvariantViolation);
    const foreign = value(new TestPlatform().createSharedMemory(PAGE_SIZE));
    expect(() => platform.releaseSharedMemory(foreign)).toThrow(InvariantViolation);
  });
});

describe("guest memory", () => {
  function setup(): { platform: TestPlatform; s: number } {
    const platform = new TestPlatform();
    const s = value(platform.createAddressSpace());
    value(platform.mapPages(s, BASE, 2 * PAGE_SIZE, RW));
    return { platform, s };
  }

  it("reads back what was written, across a page boundary", () => {
    const { platform, s } = setup();
    const data = bytes(1, 2, 3, 4, 5, 6);
    expect(platform.writeBytes(s, BASE + PAGE_SIZE - 3, data)).toBeUndefined();
    const out = new Uint8Array(6);
    expect(platform.readBytes(s, BASE + PAGE_SIZE - 3, out)).toBeUndefined();
    expect(out).toEqual(data);
  });

  it("faults at the first unmapped byte and changes nothing", () => {
    const { platform, s } = setup();
    const end = BASE + 2 * PAGE_SIZE;
    expect(platform.writeBytes(s, end - 2, bytes(1, 2, 3, 4))).toEqual(memoryFault(end, "write", "unmapped"));
    expect(read(platform, s, end - 2, 2)).toEqual(bytes(0, 0));
    const out = bytes(9, 9, 9, 9);
    expect(platform.readBytes(s, end - 2, out)).toEqual(memoryFault(end, "read", "unmapped"));
    expect(out).toEqual(bytes(9, 9, 9, 9));
  });

  it("faults on protection unless forced; force still faults on unmapped pages", () => {
    const { platform, s } = setup();
    value(platform.protectPages(s, BASE, PAGE_SIZE, Prot.None));
    expect(platform.writeBytes(s, BASE, bytes(1))).toEqual(memoryFault(BASE, "write", "protection"));
    expect(platform.readBytes(s, BASE, new Uint8Array(1))).toEqual(memoryFault(BASE, "read", "protection"));
    expect(platform.writeBytes(s, BASE, bytes(1), { force: true })).toBeUndefined();
    expect(read(platform, s, BASE, 1)).toEqual(bytes(1));
    expect(platform.writeBytes(s, 0x9000_0000, bytes(1), { force: true })).toEqual(memoryFault(0x9000_0000, "write", "unmapped"));
    value(platform.protectPages(s, BASE + PAGE_SIZE, PAGE_SIZE, Prot.Read));
    expect(platform.writeBytes(s, BASE + PAGE_SIZE, bytes(1))).toEqual(memoryFault(BASE + PAGE_SIZE, "write", "protection"));
    expect(platform.readBytes(s, BASE + PAGE_SIZE, new Uint8Array(1))).toBeUndefined();
  });

  it("faults for an unknown space, negative addresses and accesses past 4 GiB; zero-length accesses never fault", () => {
    const { platform, s } = setup();
    expect(platform.readBytes(77, BASE, new Uint8Array(1))).toEqual(memoryFault(BASE, "read", "unmapped"));
    expect(platform.readBytes(s, -1, new Uint8Array(1))).toEqual(memoryFault(-1, "read", "unmapped"));
    expect(platform.readBytes(s, 0xffff_ffff, new Uint8Array(2))?.reason).toBe("unmapped");
    expect(platform.readBytes(77, BASE, new Uint8Array(0))).toBeUndefined();
    expect(platform.writeBytes(s, 0, new Uint8Array(0))).toBeUndefined();
  });

  it("reads and writes little-endian u32 words, also unaligned", () => {
    const { platform, s } = setup();
    expect(platform.writeU32(s, BASE, 0xdeadbeef)).toBeUndefined();
    expect(read(platform, s, BASE, 4)).toEqual(bytes(0xef, 0xbe, 0xad, 0xde));
    expect(platform.readU32(s, BASE)).toEqual({ ok: true, value: 0xdeadbeef });
    platform.writeU32(s, BASE + PAGE_SIZE - 2, -1);
    expect(platform.readU32(s, BASE + PAGE_SIZE - 2)).toEqual({ ok: true, value: 0xffff_ffff });
    expect(platform.readU32(s, 0x100)).toEqual({ ok: false, error: memoryFault(0x100, "read", "unmapped") });
    expect(platform.writeU32(s, 0x100, 1)).toEqual(memoryFault(0x100, "write", "unmapped"));
  });

  it("reads C strings: found, empty, exactly maxLength, too long", () => {
    const { platform, s } = setup();
    platform.writeBytes(s, BASE, bytes(104, 105, 0));
    expect(platform.readCString(s, BASE, 10)).toEqual({ ok: true, value: bytes(104, 105) });
    expect(platform.readCString(s, BASE, 2)).toEqual({ ok: true, value: bytes(104, 105) });
    expect(platform.readCString(s, BASE, 1)).toEqual({ ok: true, value: undefined });
    expect(platform.readCString(s, BASE + 2, 0)).toEqual({ ok: true, value: bytes() });
  });

  it("reads no byte past the NUL, and faults on an unreadable byte before it", () => {
    const { platform, s } = setup();
    const end = BASE + 2 * PAGE_SIZE;
    platform.writeBytes(s, end - 2, bytes(65, 0));
    expect(platform.readCString(s, end - 2, 100)).toEqual({ ok: true, value: bytes(65) });
    platform.writeBytes(s, end - 2, bytes(65, 66));
    expect(platform.readCString(s, end - 2, 100)).toEqual({ ok: false, error: memoryFault(end, "read", "unmapped") });
  });

  it("fetches instructions only from executable pages", () => {
    const { platform, s } = setup();
    platform.writeU32(s, BASE, 0x13);
    expect(platform.fetchInstruction(s, BASE)).toEqual({ ok: false, error: memoryFault(BASE, "execute", "protection") });
    value(platform.protectPages(s, BASE, PAGE_SIZE, Prot.Read | Prot.Exec));
    expect(platform.fetchInstruction(s, BASE)).toEqual({ ok: true, value: 0x13 });
    expect(platform.fetchInstruction(s, 0x100)).toEqual({ ok: false, error: memoryFault(0x100, "execute", "unmapped") });
  });
});

describe("cloneAddressSpace (Isolated) and forkAddressSpace (SharedMemory)", () => {
  it("clone copies private pages, keeps shared pages shared and protections equal", () => {
    const platform = new TestPlatform();
    const parent = value(platform.createAddressSpace());
    value(platform.mapPages(parent, BASE, PAGE_SIZE, RW));
    value(platform.mapPages(parent, BASE + PAGE_SIZE, PAGE_SIZE, Prot.Read));
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapSharedPages(parent, BASE + 2 * PAGE_SIZE, PAGE_SIZE, RW, obj, 0));
    platform.writeBytes(parent, BASE, bytes(1));
    const child = value(platform.cloneAddressSpace!(parent));
    expect(value(platform.mappings(child))).toEqual(value(platform.mappings(parent)));
    expect(read(platform, child, BASE, 1)).toEqual(bytes(1));
    platform.writeBytes(child, BASE, bytes(2));
    expect(read(platform, parent, BASE, 1)).toEqual(bytes(1));
    platform.writeBytes(child, BASE + 2 * PAGE_SIZE, bytes(3));
    expect(read(platform, parent, BASE + 2 * PAGE_SIZE, 1)).toEqual(bytes(3));
    expect(platform.mappedPages).toBe(6);
  });

  it("clone answers InvalidId, NoSpace at capacity, and an injected NoSpace", () => {
    const platform = new TestPlatform({ capacity: 2 });
    const parent = value(platform.createAddressSpace());
    expect(platform.cloneAddressSpace!(9)).toEqual({ ok: false, error: "InvalidId" });
    platform.failOnCall("cloneAddressSpace");
    expect(platform.cloneAddressSpace!(parent)).toEqual({ ok: false, error: "NoSpace" });
    value(platform.cloneAddressSpace!(parent));
    expect(platform.cloneAddressSpace!(parent)).toEqual({ ok: false, error: "NoSpace" });
    expect(platform.liveAddressSpaces).toBe(2);
  });

  it("the core's forkAddressSpace copies memory on the SharedMemory double, at the same guest addresses", () => {
    const platform = new SharedMemoryTestPlatform();
    const parent = value(platform.createAddressSpace());
    value(platform.mapPages(parent, BASE, PAGE_SIZE, Prot.Read));
    platform.writeBytes(parent, BASE + 4, bytes(42), { force: true });
    const child = value(forkAddressSpace(platform, parent));
    expect(read(platform, child, BASE + 4, 1)).toEqual(bytes(42));
    platform.writeBytes(child, BASE + 4, bytes(7), { force: true });
    expect(read(platform, parent, BASE + 4, 1)).toEqual(bytes(42));
    expect(value(platform.queryPage(child, BASE))).toEqual({ prot: Prot.Read, shared: false });
  });
});

describe("SharedMemory re-basing", () => {
  it("re-bases every address into the space's region, so aliases meet", () => {
    const platform = new SharedMemoryTestPlatform({ rangeSize: 16 * MiB });
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const { start } = value(platform.addressSpaceRange(b));
    value(platform.mapPages(b, BASE, PAGE_SIZE, RW));
    expect(platform.writeBytes(b, start + BASE + 8, bytes(5))).toBeUndefined();
    expect(read(platform, b, BASE + 8, 1)).toEqual(bytes(5));
    expect(read(platform, b, 0x7000_0000 + BASE + 8, 1)).toEqual(bytes(5));
    expect(platform.readBytes(a, BASE, new Uint8Array(1))).toEqual(memoryFault(BASE, "read", "unmapped"));
    expect(value(platform.mappings(b))).toEqual([{ start: start + BASE, end: start + BASE + PAGE_SIZE, prot: RW }]);
    expect(platform.futexAddress(b, BASE + 8)).toBe(start + BASE + 8);
    expect(platform.futexAddress(b, start + BASE + 8)).toBe(start + BASE + 8);
    expect(platform.futexAddress(99, BASE)).toBe(BASE);
    expect(platform.queryPage(b, 0)).toEqual({ ok: true, value: undefined });
    expect(platform.queryPage(b, 2 ** 32)).toEqual({ ok: false, error: "OutOfRange" });
  });

  it("answers OutOfRange for a mapping that crosses the end of the region", () => {
    const platform = new SharedMemoryTestPlatform({ rangeSize: 16 * MiB });
    const a = value(platform.createAddressSpace());
    expect(platform.mapPages(a, 16 * MiB - PAGE_SIZE, 2 * PAGE_SIZE, RW)).toEqual({ ok: false, error: "OutOfRange" });
    expect(platform.mapPages(a, 2 ** 32, PAGE_SIZE, RW)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(platform.mapPages(a, 16 * MiB - PAGE_SIZE, PAGE_SIZE, RW).ok).toBe(true);
  });
});

describe("fault injection", () => {
  it("fails the nth call from now, once, and counts every call", () => {
    const platform = new TestPlatform();
    platform.failOnCall("createAddressSpace", 2);
    expect(platform.createAddressSpace().ok).toBe(true);
    expect(platform.createAddressSpace()).toEqual({ ok: false, error: "NoSpace" });
    expect(platform.createAddressSpace().ok).toBe(true);
    expect(platform.callCount("createAddressSpace")).toBe(3);
    expect(platform.liveAddressSpaces).toBe(2);
  });

  it("fails mapPages, mapSharedPages and createSharedMemory with NoMemory, changing nothing", () => {
    const platform = new TestPlatform();
    const s = value(platform.createAddressSpace());
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    platform.failOnCall("mapPages");
    platform.failOnCall("mapPages", 3);
    platform.failOnCall("mapSharedPages");
    platform.failOnCall("createSharedMemory");
    expect(platform.mapPages(s, BASE, PAGE_SIZE, RW)).toEqual({ ok: false, error: "NoMemory" });
    expect(platform.mapPages(s, BASE, PAGE_SIZE, RW).ok).toBe(true);
    expect(platform.mapPages(s, BASE + PAGE_SIZE, PAGE_SIZE, RW)).toEqual({ ok: false, error: "NoMemory" });
    expect(platform.mapSharedPages(s, BASE + PAGE_SIZE, PAGE_SIZE, RW, obj, 0)).toEqual({ ok: false, error: "NoMemory" });
    expect(platform.createSharedMemory(PAGE_SIZE)).toEqual({ ok: false, error: "NoMemory" });
    expect(platform.mappedPages).toBe(1);
    expect(platform.liveSharedObjects).toBe(1);
    expect(platform.callCount("mapPages")).toBe(3);
  });

  it("rejects a non-positive nth", () => {
    const platform = new TestPlatform();
    expect(() => platform.failOnCall("mapPages", 0)).toThrow(InvariantViolation);
    expect(() => platform.failOnCall("mapPages", 1.5)).toThrow(InvariantViolation);
  });
});

describe("leak counters", () => {
  it("return to zero once every space is destroyed", () => {
    const platform = new TestPlatform();
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    value(platform.mapPages(a, BASE, 3 * PAGE_SIZE, RW));
    value(platform.mapPages(b, BASE, PAGE_SIZE, RW));
    expect(platform.resourceStats()).toEqual({ addressSpaces: 2, counters: { mappedPages: 4, sharedObjects: 0 } });
    platform.destroyAddressSpace(a);
    platform.destroyAddressSpace(b);
    expect(platform.resourceStats()).toEqual({ addressSpaces: 0, counters: { mappedPages: 0, sharedObjects: 0 } });
    expect([platform.liveAddressSpaces, platform.mappedPages, platform.liveSharedObjects]).toEqual([0, 0, 0]);
  });
});
