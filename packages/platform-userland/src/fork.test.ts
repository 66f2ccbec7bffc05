import { PAGE_SIZE, Prot, forkAddressSpace } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { MiB, bytes, firstDifference, value } from "../test/helpers";
import { EBREAK, X, code, li, lw, sw } from "../test/rv32";
import { UserlandPlatform } from "./platform";

const RW = Prot.Read | Prot.Write;
const RX = Prot.Read | Prot.Exec;
const TEXT = 0x10000;
const DATA = 0x20000;

function read(platform: UserlandPlatform, space: number, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fault = platform.readBytes(space, address, out);
  if (fault) throw new Error(`fault ${JSON.stringify(fault)}`);
  return out;
}

function relative(platform: UserlandPlatform, space: number): unknown[] {
  const { start } = value(platform.addressSpaceRange(space));
  return value(platform.mappings(space)).map((m) => ({ ...m, start: m.start - start, end: m.end - start }));
}

describe("forkAddressSpace (the core's eager copy) on the userland platform", () => {
  it("copies private pages at the same offsets with the same protection; they are separate afterwards", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 4 });
    const parent = value(platform.createAddressSpace());
    value(platform.mapPages(parent, DATA, 20 * PAGE_SIZE, RW));
    value(platform.mapPages(parent, 0x50000, PAGE_SIZE, Prot.Read));
    value(platform.mapPages(parent, 0x60000, PAGE_SIZE, Prot.None));
    const data = new Uint8Array(20 * PAGE_SIZE).map((_, i) => (i * 31) & 0xff);
    platform.writeBytes(parent, DATA, data);
    platform.writeBytes(parent, 0x50000, bytes(42), { force: true });
    const child = value(forkAddressSpace(platform, parent));
    expect(value(platform.addressSpaceRange(child)).start).not.toBe(value(platform.addressSpaceRange(parent)).start);
    expect(relative(platform, child)).toEqual(relative(platform, parent));
    expect(firstDifference(read(platform, child, DATA, data.length), data)).toBe(-1);
    expect(read(platform, child, 0x50000, 1)).toEqual(bytes(42));
    platform.writeBytes(child, DATA, bytes(1, 2, 3));
    platform.writeBytes(parent, DATA + 10, bytes(4));
    expect(read(platform, parent, DATA, 3)).toEqual(data.subarray(0, 3));
    expect(read(platform, child, DATA + 10, 1)).toEqual(data.subarray(10, 11));
  });

  it("keeps shared mappings shared, also for an object its creator already released", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 4 });
    const parent = value(platform.createAddressSpace());
    const obj = value(platform.createSharedMemory(2 * PAGE_SIZE));
    value(platform.mapSharedPages(parent, 0x40000, 2 * PAGE_SIZE, RW, obj, 0));
    platform.releaseSharedMemory(obj);
    const child = value(forkAddressSpace(platform, parent));
    expect(value(platform.queryPage(child, 0x41000))).toEqual({ prot: RW, shared: true, sharedObject: { object: obj, offset: PAGE_SIZE } });
    platform.writeBytes(child, 0x41004, bytes(9));
    expect(read(platform, parent, 0x41004, 1)).toEqual(bytes(9));
    value(platform.destroyAddressSpace(parent));
    expect(read(platform, child, 0x41004, 1)).toEqual(bytes(9));
    value(platform.destroyAddressSpace(child));
    expect(platform.resourceStats().counters).toMatchObject({ sharedObjects: 0, mappedPages: 0, dirtyPages: 0 });
  });

  it("the child runs with the parent's pointers, even pointers in the parent's host form", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 3 });
    value(platform.createAddressSpace());
    const parent = value(platform.createAddressSpace());
    const parentStart = value(platform.addressSpaceRange(parent)).start;
    expect(parentStart).toBe(MiB);
    value(platform.mapPages(parent, DATA, PAGE_SIZE, RW));
    value(platform.mapPages(parent, TEXT, PAGE_SIZE, RX));
    // *DATA = pointer to DATA+64 as the parent's host address; the program stores through it.
    platform.writeU32(parent, DATA, parentStart + DATA + 64);
    platform.writeBytes(parent, TEXT, code(li(X.t0, DATA), lw(X.t1, X.t0, 0), li(X.t2, 0x77), sw(X.t2, X.t1, 0), EBREAK), { force: true });
    const child = value(forkAddressSpace(platform, parent));
    const hart = value(platform.createCpu(child));
    hart.pc = TEXT;
    expect(hart.run(100)).toMatchObject({ kind: "ebreak" });
    expect(value(platform.readU32(child, DATA + 64))).toBe(0x77);
    expect(value(platform.readU32(parent, DATA + 64))).toBe(0);
  });

  it("fails with NoSpace when no region is free, leaving nothing behind; counters return to zero", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 1 });
    const initial = platform.resourceStats();
    const parent = value(platform.createAddressSpace());
    value(platform.mapPages(parent, DATA, PAGE_SIZE, RW));
    expect(forkAddressSpace(platform, parent)).toEqual({ ok: false, error: { _tag: "AddressSpace", error: "NoSpace" } });
    value(platform.destroyAddressSpace(parent));
    expect(platform.resourceStats()).toEqual(initial);
  });
});
