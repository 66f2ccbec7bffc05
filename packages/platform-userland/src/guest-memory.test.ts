import { PAGE_SIZE, Prot, memoryFault } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { MiB, allZero, bytes, firstDifference, value } from "../test/helpers";
import { UserlandPlatform } from "./platform";

const RW = Prot.Read | Prot.Write;
const BASE = 0x10000;
const text = new TextEncoder();

function setup(): { platform: UserlandPlatform; other: number; s: number; start: number } {
  const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 4 });
  const other = value(platform.createAddressSpace());
  const s = value(platform.createAddressSpace());
  value(platform.mapPages(s, BASE, 2 * PAGE_SIZE, RW));
  return { platform, other, s, start: value(platform.addressSpaceRange(s)).start };
}

function read(platform: UserlandPlatform, space: number, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fault = platform.readBytes(space, address, out);
  if (fault) throw new Error(`fault ${JSON.stringify(fault)}`);
  return out;
}

describe("readBytes / writeBytes", () => {
  it("read back what was written, across a page boundary", () => {
    const { platform, s } = setup();
    const data = bytes(1, 2, 3, 4, 5, 6);
    expect(platform.writeBytes(s, BASE + PAGE_SIZE - 3, data)).toBeUndefined();
    expect(read(platform, s, BASE + PAGE_SIZE - 3, 6)).toEqual(data);
  });

  it("fault at the first unmapped byte and change nothing", () => {
    const { platform, s } = setup();
    const end = BASE + 2 * PAGE_SIZE;
    expect(platform.writeBytes(s, end - 2, bytes(1, 2, 3, 4))).toEqual(memoryFault(end, "write", "unmapped"));
    expect(read(platform, s, end - 2, 2)).toEqual(bytes(0, 0));
    const out = bytes(9, 9, 9, 9);
    expect(platform.readBytes(s, end - 2, out)).toEqual(memoryFault(end, "read", "unmapped"));
    expect(out).toEqual(bytes(9, 9, 9, 9));
  });

  it("fault on protection unless forced; force still faults on unmapped pages", () => {
    const { platform, s } = setup();
    value(platform.protectPages(s, BASE, PAGE_SIZE, Prot.None));
    expect(platform.writeBytes(s, BASE, bytes(1))).toEqual(memoryFault(BASE, "write", "protection"));
    expect(platform.readBytes(s, BASE, new Uint8Array(1))).toEqual(memoryFault(BASE, "read", "protection"));
    expect(platform.writeBytes(s, BASE, bytes(7), { force: true })).toBeUndefined();
    const out = new Uint8Array(1);
    expect(platform.readBytes(s, BASE, out, { force: true })).toBeUndefined();
    expect(out).toEqual(bytes(7));
    expect(platform.writeBytes(s, BASE + 2 * PAGE_SIZE, bytes(1), { force: true }))
      .toEqual(memoryFault(BASE + 2 * PAGE_SIZE, "write", "unmapped"));
    expect(platform.readBytes(s, BASE + 2 * PAGE_SIZE, out, { force: true }))
      .toEqual(memoryFault(BASE + 2 * PAGE_SIZE, "read", "unmapped"));
  });

  it("need Read to read and Write to write", () => {
    const { platform, s } = setup();
    value(platform.protectPages(s, BASE, PAGE_SIZE, Prot.Write));
    value(platform.protectPages(s, BASE + PAGE_SIZE, PAGE_SIZE, Prot.Read | Prot.Exec));
    expect(platform.writeBytes(s, BASE, bytes(1))).toBeUndefined();
    expect(platform.readBytes(s, BASE, new Uint8Array(1))).toEqual(memoryFault(BASE, "read", "protection"));
    expect(platform.readBytes(s, BASE + PAGE_SIZE, new Uint8Array(1))).toBeUndefined();
    expect(platform.writeBytes(s, BASE + PAGE_SIZE, bytes(1))).toEqual(memoryFault(BASE + PAGE_SIZE, "write", "protection"));
  });

  it("a write faulting on a later page changes nothing on the earlier ones", () => {
    const { platform, s } = setup();
    value(platform.protectPages(s, BASE + PAGE_SIZE, PAGE_SIZE, Prot.Read));
    expect(platform.writeBytes(s, BASE + PAGE_SIZE - 2, bytes(1, 2, 3, 4)))
      .toEqual(memoryFault(BASE + PAGE_SIZE, "write", "protection"));
    expect(read(platform, s, BASE + PAGE_SIZE - 2, 4)).toEqual(bytes(0, 0, 0, 0));
  });

  it("a zero-length access never faults", () => {
    const { platform, s } = setup();
    expect(platform.readBytes(s, 0x80000, new Uint8Array(0))).toBeUndefined();
    expect(platform.writeBytes(s, 0x80000, new Uint8Array(0))).toBeUndefined();
  });

  it("land in the space's own region whatever the address shape; other regions are untouched", () => {
    const { platform, other, s, start } = setup();
    value(platform.mapPages(other, BASE, PAGE_SIZE, RW));
    const shapes = [BASE, start + BASE, 0 + BASE, 3 * MiB + BASE, 0xfff0_0000 + BASE, (0xfff0_0000 + BASE) | 0];
    for (const [k, shape] of shapes.entries()) {
      expect(platform.writeBytes(s, shape + k, bytes(0x40 + k)), String(shape)).toBeUndefined();
    }
    expect(read(platform, s, BASE, shapes.length)).toEqual(bytes(0x40, 0x41, 0x42, 0x43, 0x44, 0x45));
    expect(platform.hostMemory.subarray(start + BASE, start + BASE + shapes.length)).toEqual(bytes(0x40, 0x41, 0x42, 0x43, 0x44, 0x45));
    expect(read(platform, other, BASE, shapes.length)).toEqual(new Uint8Array(shapes.length));
    for (let r = 0; r < 4; r++) {
      if (r === 1) continue;
      expect(allZero(platform.hostMemory.subarray(r * MiB, (r + 1) * MiB)), `region ${r}`).toBe(true);
    }
  });

  it("wrap from the region's last page to its first, as the hart's address arithmetic does", () => {
    const { platform, s, start } = setup();
    value(platform.mapPages(s, 0, PAGE_SIZE, RW));
    value(platform.mapPages(s, MiB - PAGE_SIZE, PAGE_SIZE, RW));
    expect(platform.writeBytes(s, 0xffff_fffe, bytes(1, 2, 3, 4))).toBeUndefined();
    expect(platform.hostMemory[start + MiB - 2]).toBe(1);
    expect(platform.hostMemory[start + MiB - 1]).toBe(2);
    expect(platform.hostMemory[start]).toBe(3);
    expect(platform.hostMemory[start + 1]).toBe(4);
    expect(read(platform, s, MiB - 2, 4)).toEqual(bytes(1, 2, 3, 4));
    expect(value(platform.readU32(s, -2))).toBe(0x0403_0201);
  });

  it("copy big buffers over private runs and shared pages exactly", () => {
    const { platform, s } = setup();
    const length = 64 * PAGE_SIZE;
    value(platform.mapPages(s, 0x40000, length, RW));
    const obj = value(platform.createSharedMemory(2 * PAGE_SIZE));
    value(platform.mapSharedPages(s, 0x40000 + 10 * PAGE_SIZE, 2 * PAGE_SIZE, RW, obj, 0));
    const data = new Uint8Array(length - 100).map((_, i) => (i * 7 + 3) & 0xff);
    expect(platform.writeBytes(s, 0x40000 + 50, data)).toBeUndefined();
    expect(firstDifference(read(platform, s, 0x40000 + 50, data.length), data)).toBe(-1);
    expect(read(platform, s, 0x40000, 50)).toEqual(new Uint8Array(50));
  });

  it("fault as unmapped for a destroyed space or a value that is not an address", () => {
    const { platform, s } = setup();
    for (const address of [2 ** 32, 1.5, Number.NaN]) {
      expect(platform.readBytes(s, address, new Uint8Array(1))?._tag).toBe("MemoryFault");
      expect(platform.writeBytes(s, address, bytes(1))?.reason).toBe("unmapped");
    }
    value(platform.destroyAddressSpace(s));
    expect(platform.readBytes(s, BASE, new Uint8Array(1))).toEqual(memoryFault(BASE, "read", "unmapped"));
    expect(platform.writeBytes(s, BASE, bytes(1))).toEqual(memoryFault(BASE, "write", "unmapped"));
  });
});

describe("readU32 / writeU32", () => {
  it("read and write little-endian words, aligned or not, across pages and on shared pages", () => {
    const { platform, s } = setup();
    expect(platform.writeU32(s, BASE + 8, 0xdead_beef)).toBeUndefined();
    expect(read(platform, s, BASE + 8, 4)).toEqual(bytes(0xef, 0xbe, 0xad, 0xde));
    expect(value(platform.readU32(s, BASE + 8))).toBe(0xdead_beef);
    expect(platform.writeU32(s, BASE + PAGE_SIZE - 1, 0x0102_0304)).toBeUndefined();
    expect(value(platform.readU32(s, BASE + PAGE_SIZE - 1))).toBe(0x0102_0304);
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapSharedPages(s, 0x40000, PAGE_SIZE, RW, obj, 0));
    expect(platform.writeU32(s, 0x40004, -1)).toBeUndefined();
    expect(value(platform.readU32(s, 0x40004))).toBe(0xffff_ffff);
  });

  it("fault like readBytes / writeBytes", () => {
    const { platform, s } = setup();
    value(platform.protectPages(s, BASE, PAGE_SIZE, Prot.Read));
    expect(platform.writeU32(s, BASE, 1)).toEqual(memoryFault(BASE, "write", "protection"));
    value(platform.protectPages(s, BASE, PAGE_SIZE, Prot.Write));
    expect(platform.readU32(s, BASE)).toEqual({ ok: false, error: memoryFault(BASE, "read", "protection") });
    expect(platform.readU32(s, 0x80000)).toEqual({ ok: false, error: memoryFault(0x80000, "read", "unmapped") });
    expect(platform.readU32(s, BASE + 2 * PAGE_SIZE - 2)).toEqual({ ok: false, error: memoryFault(BASE + 2 * PAGE_SIZE, "read", "unmapped") });
    value(platform.destroyAddressSpace(s));
    expect(platform.readU32(s, BASE)).toEqual({ ok: false, error: memoryFault(BASE, "read", "unmapped") });
    expect(platform.writeU32(s, BASE, 1)).toEqual(memoryFault(BASE, "write", "unmapped"));
  });
});

describe("readCString", () => {
  it("reads up to the NUL, across pages, and at most maxLength bytes", () => {
    const { platform, s } = setup();
    platform.writeBytes(s, BASE + PAGE_SIZE - 3, text.encode("hello\0"));
    expect(value(platform.readCString(s, BASE + PAGE_SIZE - 3, 100))).toEqual(text.encode("hello"));
    expect(value(platform.readCString(s, BASE + PAGE_SIZE - 3, 5))).toEqual(text.encode("hello"));
    expect(value(platform.readCString(s, BASE + PAGE_SIZE - 3, 4))).toBeUndefined();
    expect(value(platform.readCString(s, BASE + PAGE_SIZE + 2, 0))).toEqual(new Uint8Array(0));
    expect(value(platform.readCString(s, BASE + PAGE_SIZE - 3, -1))).toBeUndefined();
  });

  it("reads no byte past the NUL, and faults where the string runs into an unreadable page", () => {
    const { platform, s } = setup();
    platform.writeBytes(s, BASE + 2 * PAGE_SIZE - 3, text.encode("ab\0"));
    expect(value(platform.readCString(s, BASE + 2 * PAGE_SIZE - 3, 1000))).toEqual(text.encode("ab"));
    platform.writeBytes(s, BASE + 2 * PAGE_SIZE - 3, text.encode("abc"));
    expect(platform.readCString(s, BASE + 2 * PAGE_SIZE - 3, 1000))
      .toEqual({ ok: false, error: memoryFault(BASE + 2 * PAGE_SIZE, "read", "unmapped") });
    value(platform.protectPages(s, BASE, PAGE_SIZE, Prot.Write));
    expect(platform.readCString(s, BASE, 10)).toEqual({ ok: false, error: memoryFault(BASE, "read", "protection") });
  });

  it("reads strings from shared pages and answers undefined for a region with no NUL at all", () => {
    const platform = new UserlandPlatform({ regionSize: 64 * 1024, regionCount: 1 });
    const s = value(platform.createAddressSpace());
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapSharedPages(s, 0, PAGE_SIZE, RW, obj, 0));
    platform.writeBytes(s, 10, text.encode("shared\0"));
    expect(value(platform.readCString(s, 10, 64))).toEqual(text.encode("shared"));
    value(platform.mapPages(s, PAGE_SIZE, 64 * 1024 - PAGE_SIZE, RW));
    platform.writeBytes(s, 0, new Uint8Array(64 * 1024).fill(0x41));
    expect(value(platform.readCString(s, 100, Number.POSITIVE_INFINITY))).toBeUndefined();
  });

  it("faults as unmapped for a destroyed space or a value that is not an address", () => {
    const { platform, s } = setup();
    expect(platform.readCString(s, 2 ** 32, 4)).toEqual({ ok: false, error: memoryFault(0, "read", "unmapped") });
    value(platform.destroyAddressSpace(s));
    expect(platform.readCString(s, BASE, 4)).toEqual({ ok: false, error: memoryFault(BASE, "read", "unmapped") });
  });
});
