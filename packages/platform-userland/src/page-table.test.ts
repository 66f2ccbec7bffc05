import { PAGE_SIZE, Prot, memoryFault } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { MiB, allZero, bytes, value } from "../test/helpers";
import { UserlandPlatform } from "./platform";

const RW = Prot.Read | Prot.Write;
const BASE = 0x10000;

/** A platform of four 1 MiB regions with two spaces; `s` is in region 1 (host range [1 MiB, 2 MiB)). */
function setup(): { platform: UserlandPlatform; other: number; s: number; start: number } {
  const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 4 });
  const other = value(platform.createAddressSpace());
  const s = value(platform.createAddressSpace());
  return { platform, other, s, start: value(platform.addressSpaceRange(s)).start };
}

function read(platform: UserlandPlatform, space: number, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fault = platform.readBytes(space, address, out);
  if (fault) throw new Error(`fault ${JSON.stringify(fault)}`);
  return out;
}

describe("mapPages", () => {
  it("maps zero-filled pages with the given protection, rounding the length up", () => {
    const { platform, s } = setup();
    value(platform.mapPages(s, BASE, PAGE_SIZE + 1, Prot.Read));
    expect(allZero(read(platform, s, BASE, 2 * PAGE_SIZE))).toBe(true);
    expect(value(platform.queryPage(s, BASE + PAGE_SIZE))).toEqual({ prot: Prot.Read, shared: false });
    expect(value(platform.queryPage(s, BASE + 2 * PAGE_SIZE))).toBeUndefined();
  });

  it("replacing a mapping gives zero-filled pages again", () => {
    const { platform, s } = setup();
    value(platform.mapPages(s, BASE, 2 * PAGE_SIZE, RW));
    platform.writeBytes(s, BASE + 5, bytes(1, 2, 3));
    platform.writeBytes(s, BASE + PAGE_SIZE, bytes(4));
    value(platform.mapPages(s, BASE, PAGE_SIZE, Prot.Read));
    expect(read(platform, s, BASE + 5, 3)).toEqual(bytes(0, 0, 0));
    expect(read(platform, s, BASE + PAGE_SIZE, 1)).toEqual(bytes(4));
    value(platform.unmapPages(s, BASE + PAGE_SIZE, PAGE_SIZE));
    value(platform.mapPages(s, BASE + PAGE_SIZE, PAGE_SIZE, RW));
    expect(read(platform, s, BASE + PAGE_SIZE, 1)).toEqual(bytes(0));
  });

  it("maps PROT_NONE pages: mapped, but every access faults with reason protection", () => {
    const { platform, s } = setup();
    value(platform.mapPages(s, BASE, PAGE_SIZE, Prot.None));
    expect(value(platform.queryPage(s, BASE))).toEqual({ prot: Prot.None, shared: false });
    expect(platform.readBytes(s, BASE, new Uint8Array(1))).toEqual(memoryFault(BASE, "read", "protection"));
    expect(platform.writeBytes(s, BASE, bytes(1))).toEqual(memoryFault(BASE, "write", "protection"));
  });

  it("rejects misaligned addresses, bad lengths and unknown protection bits with InvalidArgument", () => {
    const { platform, s } = setup();
    const bad: Array<[number, number, number]> = [
      [BASE + 1, PAGE_SIZE, RW],
      [BASE, 0, RW],
      [BASE, -PAGE_SIZE, RW],
      [BASE, 1.5, RW],
      [BASE, Number.NaN, RW],
      [BASE, PAGE_SIZE, 8],
      [BASE, PAGE_SIZE, 1.5],
      [BASE, PAGE_SIZE, -1],
      [2 ** 32, PAGE_SIZE, RW],
      [-(2 ** 31) - PAGE_SIZE, PAGE_SIZE, RW],
      [1.5, PAGE_SIZE, RW],
      [Number.NaN, PAGE_SIZE, RW],
    ];
    for (const [address, length, prot] of bad) {
      expect(platform.mapPages(s, address, length, prot), `${address} ${length} ${prot}`)
        .toEqual({ ok: false, error: "InvalidArgument" });
    }
    expect(value(platform.mappings(s))).toEqual([]);
  });

  it("answers OutOfRange for a range that runs past the region's end (never wrapping to its start)", () => {
    const { platform, s, start } = setup();
    expect(platform.mapPages(s, MiB - PAGE_SIZE, 2 * PAGE_SIZE, RW)).toEqual({ ok: false, error: "OutOfRange" });
    expect(platform.mapPages(s, start + MiB - PAGE_SIZE, 2 * PAGE_SIZE, RW)).toEqual({ ok: false, error: "OutOfRange" });
    expect(platform.mapPages(s, 0, MiB + PAGE_SIZE, RW)).toEqual({ ok: false, error: "OutOfRange" });
    expect(value(platform.mappings(s))).toEqual([]);
    value(platform.mapPages(s, 0, MiB, RW));
    expect(value(platform.mappings(s))).toEqual([{ start, end: start + MiB, prot: RW }]);
  });

  it("re-bases every address shape into the space's own region", () => {
    const { platform, other, s, start } = setup();
    const shapes = [
      BASE, // low (how programs are loaded)
      start + BASE, // the space's own host range
      0 + BASE, // region 0's range: another space's addresses
      3 * MiB + BASE, // a region with no space
      0xfff0_0000 + BASE, // high
      (0xfff0_0000 + BASE) | 0, // negative (a register read as signed)
    ];
    for (const [k, shape] of shapes.entries()) {
      value(platform.mapPages(s, shape + k * PAGE_SIZE, PAGE_SIZE, RW));
    }
    expect(value(platform.mappings(s))).toEqual([{ start: start + BASE, end: start + BASE + 6 * PAGE_SIZE, prot: RW }]);
    expect(value(platform.mappings(other))).toEqual([]);
    value(platform.mapPages(s, 0xffff_f000, PAGE_SIZE, Prot.Read));
    expect(value(platform.queryPage(s, start + MiB - PAGE_SIZE))).toEqual({ prot: Prot.Read, shared: false });
    value(platform.mapPages(s, -PAGE_SIZE, PAGE_SIZE, Prot.Exec));
    expect(value(platform.queryPage(s, MiB - 1))).toEqual({ prot: Prot.Exec, shared: false });
  });
});

describe("unmapPages", () => {
  it("unmaps the range, ignoring pages that were not mapped", () => {
    const { platform, s, start } = setup();
    value(platform.mapPages(s, BASE, PAGE_SIZE, RW));
    value(platform.mapPages(s, BASE + 2 * PAGE_SIZE, 2 * PAGE_SIZE, RW));
    value(platform.unmapPages(s, BASE, 3 * PAGE_SIZE));
    expect(value(platform.mappings(s))).toEqual([
      { start: start + BASE + 3 * PAGE_SIZE, end: start + BASE + 4 * PAGE_SIZE, prot: RW },
    ]);
    expect(platform.readBytes(s, BASE, new Uint8Array(1))).toEqual(memoryFault(BASE, "read", "unmapped"));
    value(platform.unmapPages(s, 0x80000, PAGE_SIZE));
  });

  it("checks its arguments like mapPages", () => {
    const { platform, s } = setup();
    value(platform.mapPages(s, BASE, PAGE_SIZE, RW));
    expect(platform.unmapPages(s, BASE + 8, PAGE_SIZE)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(platform.unmapPages(s, BASE, 0)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(platform.unmapPages(s, MiB - PAGE_SIZE, 2 * PAGE_SIZE)).toEqual({ ok: false, error: "OutOfRange" });
    expect(value(platform.queryPage(s, BASE))).toBeDefined();
  });
});

describe("protectPages", () => {
  it("changes the protection of mapped pages", () => {
    const { platform, s } = setup();
    value(platform.mapPages(s, BASE, 2 * PAGE_SIZE, RW));
    value(platform.protectPages(s, BASE + PAGE_SIZE, PAGE_SIZE, Prot.Read));
    expect(platform.writeBytes(s, BASE + PAGE_SIZE, bytes(1))).toEqual(memoryFault(BASE + PAGE_SIZE, "write", "protection"));
    expect(platform.writeBytes(s, BASE, bytes(1))).toBeUndefined();
    value(platform.protectPages(s, BASE, 2 * PAGE_SIZE, RW));
    expect(platform.writeBytes(s, BASE + PAGE_SIZE, bytes(2))).toBeUndefined();
    expect(read(platform, s, BASE, 1)).toEqual(bytes(1));
  });

  it("answers NotMapped, changing nothing, when a page of the range is unmapped", () => {
    const { platform, s } = setup();
    value(platform.mapPages(s, BASE, PAGE_SIZE, RW));
    expect(platform.protectPages(s, BASE, 2 * PAGE_SIZE, Prot.Read)).toEqual({ ok: false, error: "NotMapped" });
    expect(value(platform.queryPage(s, BASE))).toEqual({ prot: RW, shared: false });
  });

  it("checks its arguments", () => {
    const { platform, s } = setup();
    value(platform.mapPages(s, BASE, PAGE_SIZE, RW));
    expect(platform.protectPages(s, BASE, PAGE_SIZE, 16)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(platform.protectPages(s, BASE + 1, PAGE_SIZE, RW)).toEqual({ ok: false, error: "InvalidArgument" });
    expect(platform.protectPages(s, MiB - PAGE_SIZE, 2 * PAGE_SIZE, RW)).toEqual({ ok: false, error: "OutOfRange" });
  });
});

describe("queryPage", () => {
  it("answers for any 32-bit address of the page, re-based", () => {
    const { platform, s, start } = setup();
    value(platform.mapPages(s, BASE, PAGE_SIZE, Prot.Read | Prot.Exec));
    for (const address of [BASE, BASE + 4095, start + BASE, 2 * MiB + BASE + 7, 0xfff1_0000 | 0, 0xfff1_0000]) {
      expect(value(platform.queryPage(s, address)), String(address)).toEqual({ prot: Prot.Read | Prot.Exec, shared: false });
    }
    expect(value(platform.queryPage(s, BASE + PAGE_SIZE))).toBeUndefined();
  });

  it("rejects values that are not 32-bit addresses", () => {
    const { platform, s } = setup();
    for (const address of [2 ** 32, -(2 ** 31) - 1, 1.5, Number.NaN]) {
      expect(platform.queryPage(s, address)).toEqual({ ok: false, error: "InvalidArgument" });
    }
  });
});

describe("mappings", () => {
  it("lists maximal runs of equal protection and backing in host addresses, in order", () => {
    const { platform, s, start } = setup();
    const obj = value(platform.createSharedMemory(8 * PAGE_SIZE));
    const other = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapPages(s, BASE + 9 * PAGE_SIZE, PAGE_SIZE, Prot.None));
    value(platform.mapPages(s, BASE, 2 * PAGE_SIZE, RW));
    value(platform.mapPages(s, BASE + 2 * PAGE_SIZE, PAGE_SIZE, Prot.Read));
    value(platform.mapSharedPages(s, BASE + 3 * PAGE_SIZE, 2 * PAGE_SIZE, RW, obj, 0));
    value(platform.mapSharedPages(s, BASE + 5 * PAGE_SIZE, PAGE_SIZE, RW, obj, 3 * PAGE_SIZE));
    value(platform.mapSharedPages(s, BASE + 6 * PAGE_SIZE, PAGE_SIZE, RW, other, 0));
    value(platform.mapSharedPages(s, BASE + 7 * PAGE_SIZE, PAGE_SIZE, Prot.Read, obj, 4 * PAGE_SIZE));
    value(platform.mapPages(s, BASE + 8 * PAGE_SIZE, PAGE_SIZE, RW));
    const at = (page: number): number => start + BASE + page * PAGE_SIZE;
    expect(value(platform.mappings(s))).toEqual([
      { start: at(0), end: at(2), prot: RW },
      { start: at(2), end: at(3), prot: Prot.Read },
      { start: at(3), end: at(5), prot: RW, sharedObject: { object: obj, offset: 0 } },
      { start: at(5), end: at(6), prot: RW, sharedObject: { object: obj, offset: 3 * PAGE_SIZE } },
      { start: at(6), end: at(7), prot: RW, sharedObject: { object: other, offset: 0 } },
      { start: at(7), end: at(8), prot: Prot.Read, sharedObject: { object: obj, offset: 4 * PAGE_SIZE } },
      { start: at(8), end: at(9), prot: RW },
      { start: at(9), end: at(10), prot: Prot.None },
    ]);
  });

  it("is empty for a fresh space", () => {
    const { platform, s } = setup();
    expect(platform.mappings(s)).toEqual({ ok: true, value: [] });
  });
});
