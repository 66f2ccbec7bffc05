import { Prot, TestPlatform } from "@litebox-ts/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadElf } from "./load";
import type { LoadTarget } from "./target";
import { Phdr, VALID, setPhdr, validElf } from "./test-elf";
import { checkLoad, mutate, mutations } from "./test-fuzz";

function setup(rangeSize = 64 * 1024 * 1024): { platform: TestPlatform; target: LoadTarget<number> } {
  const platform = new TestPlatform({ rangeSize, capacity: 1 });
  const space = platform.createAddressSpace();
  const range = space.ok ? platform.addressSpaceRange(space.value) : undefined;
  if (!space.ok || !range?.ok) throw new Error("setup");
  return { platform, target: { pages: platform, memory: platform, space: space.value, range: range.value } };
}

describe("loadElf", () => {
  it("maps the image, builds the stack and returns entry, sp, brk and AT_PHDR", () => {
    const { platform, target } = setup();
    const r = loadElf(validElf(), target, { argv: ["prog", "arg"] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.entry).toBe(VALID.entry);
    expect(r.value.brk).toBe(0x14000);
    expect(r.value.phdr).toBe(0x10034);
    expect(r.value.sp).toBe(r.value.stack.sp);
    expect(r.value.sp % 16).toBe(0);
    expect(platform.readU32(target.space, r.value.sp)).toEqual({ ok: true, value: 2 });
    const m = platform.mappings(target.space);
    expect(m.ok && m.value.map((x) => x.prot)).toEqual([Prot.Read | Prot.Exec, Prot.Read | Prot.Write, Prot.Read | Prot.Write]);
  });

  it("touches nothing for a malformed file", () => {
    const { platform, target } = setup();
    expect(loadElf(setPhdr(validElf(), 1, Phdr.Filesz, 0x3000), target, { argv: [] })).toEqual({
      ok: false, error: { _tag: "ElfFormatError", code: "FileSizeExceedsMemorySize", segment: 1 },
    });
    expect(platform.mappedPages).toBe(0);
  });

  it("unmaps the image when the stack cannot be built", () => {
    const { platform, target } = setup();
    expect(loadElf(validElf(), target, { argv: ["p"], stackTop: 0x13000, stackSize: 0x1000 })).toEqual({
      ok: false, error: { _tag: "InitialStackError", code: "StackOverlapsImage" },
    });
    expect(platform.mappedPages).toBe(0);
  });

  it("passes a mapping error on, with nothing mapped", () => {
    const { platform, target } = setup();
    platform.failOnCall("mapPages", 1);
    const r = loadElf(validElf(), target, { argv: [] });
    expect(r.ok ? undefined : r.error._tag).toBe("ElfMapError");
    expect(platform.mappedPages).toBe(0);
  });
});

describe("loadElf fuzzing", () => {
  it("never throws on random mutations of a valid ELF: every outcome is a typed error or a valid load", () => {
    const outcomes = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutations(VALID.fileSize, VALID.phnum), (ms) => {
        outcomes[checkLoad(mutate(validElf(), ms, VALID.phoff))]++;
      }),
      { numRuns: 3000, seed: 0x5eed },
    );
    // Both kinds of outcome occur, so the property is not vacuous.
    expect(outcomes.ok).toBeGreaterThan(50);
    expect(outcomes.error).toBeGreaterThan(500);
  });

  it("never throws on arbitrary bytes behind a valid ELF magic", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (tail) => {
        const bytes = new Uint8Array(4 + tail.length);
        bytes.set([0x7f, 0x45, 0x4c, 0x46]);
        bytes.set(tail, 4);
        checkLoad(bytes);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});
