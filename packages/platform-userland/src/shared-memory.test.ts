import { InvariantViolation, PAGE_SIZE, Prot, memoryFault, type SharedMemoryObject } from "@litebox-ts/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MiB, allZero, bytes, value } from "../test/helpers";
import { UserlandPlatform } from "./platform";

const RW = Prot.Read | Prot.Write;
const BASE = 0x10000;

function read(platform: UserlandPlatform, space: number, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fault = platform.readBytes(space, address, out);
  if (fault) throw new Error(`fault ${JSON.stringify(fault)}`);
  return out;
}

function platform(options: { sharedMemoryLimit?: number } = {}): UserlandPlatform {
  return new UserlandPlatform({ regionSize: MiB, regionCount: 4, ...options });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("shared memory objects", () => {
  it("are page-rounded, numbered uniquely, and live outside the regions", () => {
    const p = platform();
    const a = value(p.createSharedMemory(PAGE_SIZE + 1));
    const b = value(p.createSharedMemory(1));
    expect(a.length).toBe(2 * PAGE_SIZE);
    expect(b.length).toBe(PAGE_SIZE);
    expect(a.id).not.toBe(b.id);
    const s = value(p.createAddressSpace());
    value(p.mapSharedPages(s, BASE, PAGE_SIZE, RW, a, 0));
    p.writeBytes(s, BASE, new Uint8Array(PAGE_SIZE).fill(0x5a));
    expect(allZero(p.hostMemory)).toBe(true);
    expect(p.resourceStats().counters.dirtyPages).toBe(0);
  });

  it("are seen in common by every mapping, in any space, at any offset", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    const obj = value(p.createSharedMemory(2 * PAGE_SIZE));
    value(p.mapSharedPages(a, BASE, 2 * PAGE_SIZE, RW, obj, 0));
    value(p.mapSharedPages(b, 2 * BASE, PAGE_SIZE, Prot.Read, obj, PAGE_SIZE));
    expect(p.writeBytes(a, BASE + PAGE_SIZE + 3, bytes(7, 8))).toBeUndefined();
    expect(read(p, b, 2 * BASE + 3, 2)).toEqual(bytes(7, 8));
    expect(p.writeBytes(b, 2 * BASE, bytes(1))).toEqual(memoryFault(2 * BASE, "write", "protection"));
    expect(value(p.queryPage(b, 2 * BASE))).toEqual({ prot: Prot.Read, shared: true, sharedObject: { object: obj, offset: PAGE_SIZE } });
    expect(value(p.queryPage(a, BASE))).toEqual({ prot: RW, shared: true, sharedObject: { object: obj, offset: 0 } });
  });

  it("live while referenced or mapped; a released object still mapped can be mapped again", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    const t = value(p.createAddressSpace());
    const obj = value(p.createSharedMemory(PAGE_SIZE));
    value(p.mapSharedPages(s, BASE, PAGE_SIZE, RW, obj, 0));
    p.writeBytes(s, BASE, bytes(5));
    p.releaseSharedMemory(obj);
    expect(p.resourceStats().counters.sharedObjects).toBe(1);
    value(p.mapSharedPages(t, BASE, PAGE_SIZE, RW, obj, 0));
    expect(read(p, t, BASE, 1)).toEqual(bytes(5));
    value(p.unmapPages(s, BASE, PAGE_SIZE));
    expect(p.resourceStats().counters.sharedObjects).toBe(1);
    value(p.unmapPages(t, BASE, PAGE_SIZE));
    expect(p.resourceStats().counters).toMatchObject({ sharedObjects: 0, sharedPages: 0 });
    expect(p.mapSharedPages(s, BASE, PAGE_SIZE, RW, obj, 0)).toEqual({ ok: false, error: "InvalidArgument" });
  });

  it("survive remapping their last mapping over itself, and are freed when a private mapping replaces it", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    const obj = value(p.createSharedMemory(PAGE_SIZE));
    value(p.mapSharedPages(s, BASE, PAGE_SIZE, RW, obj, 0));
    p.writeBytes(s, BASE, bytes(9));
    p.releaseSharedMemory(obj);
    value(p.mapSharedPages(s, BASE, PAGE_SIZE, Prot.Read, obj, 0));
    expect(read(p, s, BASE, 1)).toEqual(bytes(9));
    value(p.mapPages(s, BASE, PAGE_SIZE, RW));
    expect(p.resourceStats().counters.sharedObjects).toBe(0);
    expect(read(p, s, BASE, 1)).toEqual(bytes(0));
    expect(value(p.queryPage(s, BASE))).toEqual({ prot: RW, shared: false });
  });

  it("are freed by destroying the last space that maps them", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    const obj = value(p.createSharedMemory(PAGE_SIZE));
    value(p.mapSharedPages(s, BASE, PAGE_SIZE, RW, obj, 0));
    p.releaseSharedMemory(obj);
    value(p.destroyAddressSpace(s));
    expect(p.resourceStats()).toEqual({
      addressSpaces: 0,
      counters: { regionsInUse: 0, mappedPages: 0, sharedObjects: 0, sharedPages: 0, dirtyPages: 0 },
    });
  });

  it("reject bad lengths, foreign and look-alike objects, bad offsets and ranges past the object's end", () => {
    const p = platform();
    const other = platform();
    const s = value(p.createAddressSpace());
    for (const length of [0, -1, 1.5, Number.NaN, 2 ** 32 + 1]) {
      expect(p.createSharedMemory(length)).toEqual({ ok: false, error: "InvalidArgument" });
    }
    const obj = value(p.createSharedMemory(2 * PAGE_SIZE));
    const foreign = value(other.createSharedMemory(PAGE_SIZE));
    const bad: Array<[number, SharedMemoryObject, number]> = [
      [PAGE_SIZE, foreign, 0],
      [PAGE_SIZE, { id: obj.id, length: obj.length }, 0],
      [PAGE_SIZE, obj, 1],
      [PAGE_SIZE, obj, -PAGE_SIZE],
      [PAGE_SIZE, obj, 1.5],
      [PAGE_SIZE, obj, 2 * PAGE_SIZE],
      [3 * PAGE_SIZE, obj, 0],
    ];
    for (const [length, object, offset] of bad) {
      expect(p.mapSharedPages(s, BASE, length, RW, object, offset)).toEqual({ ok: false, error: "InvalidArgument" });
    }
    expect(p.mapSharedPages(s, BASE + 1, PAGE_SIZE, RW, obj, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.mapSharedPages(s, BASE, PAGE_SIZE, 9, obj, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(p.mapSharedPages(s, MiB - PAGE_SIZE, 2 * PAGE_SIZE, RW, obj, 0)).toEqual({ ok: false, error: "OutOfRange" });
    expect(p.resourceStats().counters.mappedPages).toBe(0);
  });

  it("throw on a double release or the release of a foreign object", () => {
    const p = platform();
    const obj = value(p.createSharedMemory(PAGE_SIZE));
    p.releaseSharedMemory(obj);
    expect(() => p.releaseSharedMemory(obj)).toThrow(InvariantViolation);
    const foreign = value(platform().createSharedMemory(PAGE_SIZE));
    expect(() => p.releaseSharedMemory(foreign)).toThrow(InvariantViolation);
  });

  it("answer NoMemory past the shared-memory limit, and again have room once freed", () => {
    const p = platform({ sharedMemoryLimit: 3 * PAGE_SIZE });
    const a = value(p.createSharedMemory(2 * PAGE_SIZE));
    expect(p.createSharedMemory(2 * PAGE_SIZE)).toEqual({ ok: false, error: "NoMemory" });
    value(p.createSharedMemory(PAGE_SIZE));
    p.releaseSharedMemory(a);
    expect(p.createSharedMemory(2 * PAGE_SIZE).ok).toBe(true);
  });

  it("answer NoMemory when the host cannot allocate the buffer", () => {
    const p = platform();
    vi.stubGlobal("SharedArrayBuffer", function refuse() {
      throw new RangeError("Array buffer allocation failed");
    });
    expect(p.createSharedMemory(PAGE_SIZE)).toEqual({ ok: false, error: "NoMemory" });
    expect(p.resourceStats().counters.sharedObjects).toBe(0);
  });

  it("use plain ArrayBuffers when the platform does", () => {
    const p = new UserlandPlatform({ regionSize: MiB, regionCount: 2, sharedBuffer: false });
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    const obj = value(p.createSharedMemory(PAGE_SIZE));
    value(p.mapSharedPages(a, BASE, PAGE_SIZE, RW, obj, 0));
    value(p.mapSharedPages(b, BASE, PAGE_SIZE, RW, obj, 0));
    p.writeBytes(a, BASE + 1, bytes(3));
    expect(read(p, b, BASE + 1, 1)).toEqual(bytes(3));
  });
});
