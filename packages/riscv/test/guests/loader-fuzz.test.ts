/**
 * The loader's fuzz property on a real guest ELF (hello, as the SDK builds it): random byte flips,
 * truncations and header or program-header overwrites never make the loader throw; each outcome is
 * a typed error with nothing left mapped, or a valid load.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLoad, mutate, mutations } from "../../src/elf/test-fuzz";
import { readElf } from "./guests";

describe("loader fuzzing on a real guest ELF", () => {
  it("hello.elf: every mutation gives a typed error or a valid load", () => {
    const hello = readElf("hello");
    const view = new DataView(hello.buffer, hello.byteOffset);
    const phoff = view.getUint32(28, true);
    const phnum = view.getUint16(44, true);
    expect(checkLoad(hello)).toBe("ok");
    const outcomes = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutations(hello.length, phnum), (ms) => {
        outcomes[checkLoad(mutate(hello, ms, phoff))]++;
      }),
      { numRuns: 1000, seed: 0xe1f },
    );
    expect(outcomes.ok).toBeGreaterThan(50);
    expect(outcomes.error).toBeGreaterThan(100);
  });
});
