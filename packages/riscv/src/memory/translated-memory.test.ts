import { describe, expect, test } from "vitest";
import { TranslatedMemory } from "./translated-memory";
import { ALIGNED_PAGE_MASK, SoftTlb } from "./soft-tlb";
import { PageFlag, TRANSLATION_FAULT, translation } from "./access";
import { TranslatedMemoryPort } from "./translated-port";

describe("TranslatedMemory", () => {
  test("virtual pages land in frames elsewhere in host memory; hits do not call translate", () => {
    const m = new TranslatedMemory({ frames: 16, tlbEntries: 4 });
    m.map(0x10000, 0x2000, 3);
    expect(m.frameOf(0x10000)).not.toBe(0x10000);
    expect(m.store32(0x10ffc, 0x01020304, undefined)).toBe(0);
    const calls = m.translations;
    expect(m.load32(0x10ffc)).toBe(0x01020304);
    expect(m.loadU8(0x10ffe)).toBe(2);
    expect(m.translations).toBe(calls);
    expect(m.bytes[m.frameOf(0x10000)! + 0xffc]).toBe(4);
  });

  test("direct-mapped conflicts evict: pages 4 slots apart share an entry", () => {
    const m = new TranslatedMemory({ frames: 16, tlbEntries: 4 });
    m.map(0x10000, 0x5000, 3);
    m.load32(0x10000);
    m.load32(0x14000);
    const calls = m.translations;
    m.load32(0x10000);
    expect(m.translations).toBe(calls + 1);
  });

  test("protect shoots the entry down: a store to a page made read-only faults at once", () => {
    const m = new TranslatedMemory({ frames: 16 });
    m.map(0x10000, 0x1000, 3);
    expect(m.store32(0x10000, 1, undefined)).toBe(0);
    m.protect(0x10000, 0x1000, 1);
    expect(m.store32(0x10000, 2, undefined)).toBe(-1);
    expect([m.faultCause, m.faultAddress]).toEqual([15, 0x10000]);
    expect(m.load32(0x10000)).toBe(1);
  });

  test("a translation may withhold write permission until a store asks (dirty-bit tracking)", () => {
    const frames = new Uint8Array(4096 * 2);
    const asked: string[] = [];
    let dirty = false;
    const port = new TranslatedMemoryPort({
      bytes: frames,
      translate: (address, access) => {
        asked.push(access);
        if (address >>> 12 !== 5) return TRANSLATION_FAULT;
        if (access === "write") dirty = true;
        return translation(4096, PageFlag.Read | (dirty ? PageFlag.Write : 0));
      },
    });
    expect(port.load32(0x5000)).toBe(0);
    expect(port.store32(0x5004, 9, undefined)).toBe(0);
    expect(port.store32(0x5008, 9, undefined)).toBe(0);
    expect(asked).toEqual(["read", "write"]);
    expect(frames[4096 + 4]).toBe(9);
  });
});

describe("SoftTlb", () => {
  test("per-access tags follow the permissions; blocked writes keep stores slow", () => {
    const tlb = new SoftTlb(8);
    tlb.fill(0x12345, 0x3000, PageFlag.Read | PageFlag.Write, false);
    const i = 0x12345 & 7;
    const page = 0x12345000;
    expect([tlb.readTag[i], tlb.writeTag[i], tlb.execTag[i]]).toEqual([page, page, -1]);
    // The probe: a tag equals the address masked to page + misalignment bits, only when aligned.
    expect(tlb.readTag[i] === ((page + 0x124) & ALIGNED_PAGE_MASK[4])).toBe(true);
    expect(tlb.readTag[i] === ((page + 0x126) & ALIGNED_PAGE_MASK[4])).toBe(false);
    expect(tlb.readTag[i] === ((page + 0x126) & ALIGNED_PAGE_MASK[2])).toBe(true);
    expect(((tlb.addend[i]! + page + 0x124) | 0) >>> 0).toBe(0x3124);
    expect(tlb.frame(0x12345)).toBe(0x3000);
    tlb.blockWrites(0x12345);
    expect(tlb.writeTag[i]).toBe(-1);
    tlb.allowWrites(0x12345);
    expect(tlb.writeTag[i]).toBe(page);
    expect(tlb.flushPage(0x12345 + 8)).toBe(false);
    expect(tlb.flushPage(0x12345)).toBe(true);
    expect(tlb.readTag[i]).toBe(-1);
    expect(() => new SoftTlb(3)).toThrow(RangeError);
  });
});
