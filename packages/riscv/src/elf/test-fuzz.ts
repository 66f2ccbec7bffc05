/**
 * Test helper (not exported from the package): random mutations of an ELF file for the loader's
 * fuzz tests, and the property every load must satisfy.
 *
 * @module
 */
import { Prot, TestPlatform } from "@litebox-ts/core";
import fc from "fast-check";
import { expect } from "vitest";
import { ElfFeature, ElfFormatCode, InitialStackCode, type ElfLoadError } from "./errors";
import { loadElf } from "./load";
import { Ehdr, Phdr } from "./test-elf";

const FORMAT_CODES = new Set<string>(Object.values(ElfFormatCode));
const FEATURES = new Set<string>(Object.values(ElfFeature));
const STACK_CODES = new Set<string>(Object.values(InitialStackCode));

/** True if `e` is one of the union's members with a known code. */
function isTypedError(e: ElfLoadError): boolean {
  switch (e._tag) {
    case "ElfFormatError": return FORMAT_CODES.has(e.code);
    case "ElfNotSupported": return FEATURES.has(e.feature);
    case "InitialStackError": return STACK_CODES.has(e.code);
    case "ElfMapError": return typeof e.address === "number";
    default: return false;
  }
}

const EDGE = [0, 1, 2, 3, 4, 0x1000, 0xfff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff, 0x10000, 52, 32];
/** Edge values for header fields, or any 32-bit value. */
const edgeValue = fc.oneof(fc.constantFrom(...EDGE), fc.nat({ max: 0xffff_ffff }));

/** One change to a file. */
export type Mutation =
  | { readonly kind: "flip"; readonly at: number; readonly xor: number }
  | { readonly kind: "truncate"; readonly length: number }
  | { readonly kind: "header"; readonly field: number; readonly value: number }
  | { readonly kind: "phdr"; readonly index: number; readonly field: number; readonly value: number }
  | { readonly kind: "append"; readonly bytes: Uint8Array };

/** Arbitrary mutations of an ELF whose header fields, program-header table and size are known. */
export function mutations(fileSize: number, phnum: number): fc.Arbitrary<Mutation[]> {
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat({ max: fileSize - 1 }), xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant("truncate" as const), length: fc.nat({ max: fileSize }) }),
    fc.record({ kind: fc.constant("header" as const), field: fc.constantFrom(...Object.values(Ehdr)), value: edgeValue }),
    fc.record({
      kind: fc.constant("phdr" as const),
      index: fc.nat({ max: phnum }),
      field: fc.constantFrom(...Object.values(Phdr)),
      value: edgeValue,
    }),
    fc.record({ kind: fc.constant("append" as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 });
}

/** Applies `ms` to a copy of `original`. */
export function mutate(original: Uint8Array, ms: readonly Mutation[], phoff: number): Uint8Array {
  let bytes = original.slice();
  for (const m of ms) {
    const v = new DataView(bytes.buffer);
    switch (m.kind) {
      case "flip":
        if (m.at < bytes.length) bytes[m.at]! ^= m.xor;
        break;
      case "truncate":
        bytes = bytes.slice(0, m.length);
        break;
      case "header":
        if (m.field < 16) {
          if (m.field < bytes.length) bytes[m.field] = m.value & 0xff;
        } else if (m.field === Ehdr.Type || m.field === Ehdr.Machine || m.field >= Ehdr.Ehsize) {
          if (m.field + 2 <= bytes.length) v.setUint16(m.field, m.value & 0xffff, true);
        } else if (m.field + 4 <= bytes.length) {
          v.setUint32(m.field, m.value >>> 0, true);
        }
        break;
      case "phdr": {
        const at = phoff + 32 * m.index + m.field;
        if (at + 4 <= bytes.length) v.setUint32(at, m.value >>> 0, true);
        break;
      }
      case "append": {
        const grown = new Uint8Array(bytes.length + m.bytes.length);
        grown.set(bytes);
        grown.set(m.bytes, bytes.length);
        bytes = grown;
        break;
      }
    }
  }
  return bytes;
}

/**
 * Loads `bytes` into a fresh platform and checks the fuzz property: no host exception; a typed
 * error leaves nothing mapped; a success has its entry in executable memory and an aligned stack.
 */
export function checkLoad(bytes: Uint8Array): "ok" | "error" {
  const platform = new TestPlatform({ rangeSize: 16 * 1024 * 1024, capacity: 1 });
  const space = platform.createAddressSpace();
  const range = space.ok ? platform.addressSpaceRange(space.value) : undefined;
  if (!space.ok || !range?.ok) throw new Error("setup");
  const target = { pages: platform, memory: platform, space: space.value, range: range.value };
  const r = loadElf(bytes, target, { argv: ["fuzz"], envp: ["A=1"] });
  if (!r.ok) {
    expect(isTypedError(r.error), JSON.stringify(r.error)).toBe(true);
    expect(platform.mappedPages).toBe(0);
    return "error";
  }
  expect(r.value.sp % 16).toBe(0);
  const page = platform.queryPage(target.space, r.value.entry);
  expect(page.ok && page.value !== undefined && (page.value.prot & Prot.Exec) !== 0).toBe(true);
  expect(platform.readU32(target.space, r.value.sp)).toEqual({ ok: true, value: 1 });
  return "ok";
}
