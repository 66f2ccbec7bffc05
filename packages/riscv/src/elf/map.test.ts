import { PAGE_SIZE, PageError, Prot, TestPlatform } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { imagePageRuns, mapImage } from "./map";
import { parseElf, type ElfImage } from "./parse";
import type { LoadTarget } from "./target";
import { Phdr, VALID, setPhdr, validElf } from "./test-elf";

function setup(): { platform: TestPlatform; target: LoadTarget<number> } {
  const platform = new TestPlatform();
  const space = platform.createAddressSpace();
  if (!space.ok) throw new Error("no space");
  const range = platform.addressSpaceRange(space.value);
  if (!range.ok) throw new Error("no range");
  return { platform, target: { pages: platform, memory: platform, space: space.value, range: range.value } };
}

function image(bytes: Uint8Array): ElfImage {
  const r = parseElf(bytes);
  if (!r.ok) throw new Error(`invalid: ${JSON.stringify(r.error)}`);
  return r.value;
}

describe("mapImage", () => {
  it("maps text R-X and data RW- with the file bytes, zero bss, and nothing else", () => {
    const { platform, target } = setup();
    const bytes = validElf();
    expect(mapImage(target, image(bytes), bytes).ok).toBe(true);
    expect(platform.mappings(target.space)).toEqual({
      ok: true,
      value: [
        { start: 0x10000, end: 0x11000, prot: Prot.Read | Prot.Exec },
        { start: 0x11000, end: 0x14000, prot: Prot.Read | Prot.Write },
      ],
    });
    const text = new Uint8Array(0x200);
    expect(platform.readBytes(target.space, 0x10000, text)).toBeUndefined();
    expect(text).toEqual(bytes.subarray(0, 0x200));
    const data = new Uint8Array(VALID.dataMemsz);
    expect(platform.readBytes(target.space, VALID.dataVaddr, data)).toBeUndefined();
    expect(data.subarray(0, VALID.dataFilesz)).toEqual(bytes.subarray(VALID.dataOffset, VALID.dataOffset + VALID.dataFilesz));
    expect(data.subarray(VALID.dataFilesz).every((b) => b === 0)).toBe(true);
    // The bytes of the data page below the segment are zero too (nothing from the file leaks there).
    const below = new Uint8Array(0x200);
    platform.readBytes(target.space, 0x11000, below);
    expect(below.every((b) => b === 0)).toBe(true);
  });

  it("leaves code write-protected: a user-mode write into text faults", () => {
    const { platform, target } = setup();
    const bytes = validElf();
    mapImage(target, image(bytes), bytes);
    expect(platform.writeBytes(target.space, VALID.entry, new Uint8Array([0]))).toEqual({
      _tag: "MemoryFault", address: VALID.entry, access: "write", reason: "protection",
    });
  });

  it("gives a page shared by two segments the union of their permissions", () => {
    const bytes = setPhdr(validElf(), 1, Phdr.Vaddr, 0x10200);
    const img = image(bytes);
    expect(imagePageRuns(img)).toEqual([
      { start: 0x10000, length: PAGE_SIZE, prot: Prot.Read | Prot.Write | Prot.Exec },
      { start: 0x11000, length: 2 * PAGE_SIZE, prot: Prot.Read | Prot.Write },
    ]);
    const { platform, target } = setup();
    expect(mapImage(target, img, bytes).ok).toBe(true);
    const both = new Uint8Array(0x240);
    platform.readBytes(target.space, 0x10000, both);
    expect(both).toEqual(bytes);
  });

  it("reports a mapping failure with the platform's error and unmaps what it mapped", () => {
    const { platform, target } = setup();
    const bytes = validElf();
    platform.failOnCall("mapPages", 2);
    expect(mapImage(target, image(bytes), bytes)).toEqual({
      ok: false,
      error: { _tag: "ElfMapError", address: 0x11000, cause: PageError.NoMemory },
    });
    expect(platform.mappedPages).toBe(0);
  });

  it("reports a range the platform refuses and a write fault, leaving nothing mapped", () => {
    const { platform, target } = setup();
    const bytes = validElf();
    const outside = { ...target, range: { start: 0, end: 0x1_0000_0000 } };
    const far = setPhdr(setPhdr(validElf(), 1, Phdr.Vaddr, 0x8000_0200), 1, Phdr.Memsz, 0x40);
    expect(mapImage(outside, image(far), far)).toEqual({
      ok: false,
      error: { _tag: "ElfMapError", address: 0x8000_0000, cause: PageError.OutOfRange },
    });
    expect(platform.mappedPages).toBe(0);

    // A platform whose writes fault: the loader passes the fault on and cleans up.
    const faulty: LoadTarget<number> = {
      ...target,
      memory: { writeBytes: (_s, address) => ({ _tag: "MemoryFault", address, access: "write", reason: "unmapped" }) },
    };
    expect(mapImage(faulty, image(bytes), bytes)).toEqual({
      ok: false,
      error: { _tag: "ElfMapError", address: 0x10000, cause: { _tag: "MemoryFault", address: 0x10000, access: "write", reason: "unmapped" } },
    });
    expect(platform.mappedPages).toBe(0);
  });

  it("reports a protect failure and unmaps", () => {
    const { platform, target } = setup();
    const bytes = validElf();
    const refusing: LoadTarget<number> = {
      ...target,
      pages: {
        mapPages: (...a) => platform.mapPages(...a),
        unmapPages: (...a) => platform.unmapPages(...a),
        protectPages: () => ({ ok: false, error: PageError.InvalidArgument }),
      },
    };
    expect(mapImage(refusing, image(bytes), bytes)).toEqual({
      ok: false,
      error: { _tag: "ElfMapError", address: 0x10000, cause: PageError.InvalidArgument },
    });
    expect(platform.mappedPages).toBe(0);
  });
});
