/**
 * Guest-memory access on behalf of the kernel side: bad guest pointers (unmapped, outside the space,
 * straddling into an unmapped page, C strings without a NUL) come back as values — a fault with the
 * first inaccessible address, or `undefined` for a string too long — never as host exceptions.
 *
 * @module
 */
import { AddressSpaceKind, PAGE_SIZE, Prot } from "@litebox-ts/core";
import { ContractArea, type ContractCase } from "../case";
import { expectBytes, expectEqual, expectFault, expectNoFault, expectOk, expectTrue, faultOf, fail, hex, show } from "../check";
import { mapOk, newSpace, pattern, rangeOf, readOk, u32, workPage, writeOk } from "../fixture";
import { ContractViolationCode } from "../violation";

const RW = Prot.Read | Prot.Write;
const U32_END = 2 ** 32;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

const badPointers: ContractCase = {
  name: "guest-memory: unmapped, out-of-range and straddling pointers fault at the first inaccessible byte",
  area: ContractArea.GuestMemory,
  run(subject) {
    const platform = subject.createPlatform();
    const s = newSpace(platform);
    const w = workPage(platform, s, 0);
    mapOk(platform, s, w, 2 * PAGE_SIZE, RW);
    const hole = w + 2 * PAGE_SIZE;
    const read = (address: number, length: number): ReturnType<typeof platform.readBytes> => platform.readBytes(s, address, new Uint8Array(length));
    const write = (address: number, length: number): ReturnType<typeof platform.writeBytes> => platform.writeBytes(s, address, new Uint8Array(length));
    expectFault(read(hole - 2, 4), { address: hole, access: "read", reason: "unmapped" }, "readBytes straddling into an unmapped page");
    expectFault(write(hole - 2, 4), { address: hole, access: "write", reason: "unmapped" }, "writeBytes straddling into an unmapped page");
    expectFault(read(w - 8, 16), { address: w - 8, access: "read", reason: "unmapped" }, "readBytes starting in an unmapped page");
    expectFault(read(w, 3 * PAGE_SIZE), { address: hole, access: "read", reason: "unmapped" }, "a 3-page readBytes over 2 mapped pages");
    expectFault(faultOf(platform.readU32(s, hole)), { address: hole, access: "read", reason: "unmapped" }, "readU32 from an unmapped page");
    expectFault(platform.writeU32(s, hole + 4, 1), { address: hole + 4, access: "write", reason: "unmapped" }, "writeU32 to an unmapped page");
    expectFault(read(0, 4), { address: 0, access: "read", reason: "unmapped" }, "readBytes at guest address 0 (NULL)");
    expectNoFault(read(hole, 0), "a zero-length readBytes at an unmapped address");
    expectNoFault(write(hole, 0), "a zero-length writeBytes at an unmapped address");
    if (subject.kind === AddressSpaceKind.Isolated) {
      const range = rangeOf(platform, s);
      for (const address of [range.end, range.start - 4, 0xffff_fff0]) {
        if (address < 0 || address >= U32_END || (address >= range.start && address < range.end)) continue;
        expectFault(read(address, 4), { address, access: "read", reason: "unmapped" }, `readBytes outside the space's range at ${hex(address)}`);
        expectFault(write(address, 4), { address, access: "write", reason: "unmapped" }, `writeBytes outside the space's range at ${hex(address)}`);
      }
    }
    // Nothing thrown, and the good part of memory is intact.
    writeOk(platform, s, w, pattern(2 * PAGE_SIZE, 7), false);
    expectBytes(readOk(platform, s, w, 2 * PAGE_SIZE, false), pattern(2 * PAGE_SIZE, 7), "the mapped pages after faulting accesses");
  },
};

const cStrings: ContractCase = {
  name: "guest-memory: readCString stops at the NUL, answers undefined without a NUL within maxLength, faults at the first unmapped byte",
  area: ContractArea.GuestMemory,
  run(subject) {
    const platform = subject.createPlatform();
    const s = newSpace(platform);
    const w = workPage(platform, s, 0);
    mapOk(platform, s, w, 2 * PAGE_SIZE, RW);
    const end = w + 2 * PAGE_SIZE; // unmapped from here
    const cstr = (address: number, max: number, what: string): Uint8Array | undefined => {
      const r = platform.readCString(s, address, max);
      if (!r.ok) fail(ContractViolationCode.UnexpectedFault, `readCString(${what}) faulted: ${show(r.error)}`);
      return r.value;
    };
    const expectString = (got: Uint8Array | undefined, want: string, what: string): void => {
      if (got === undefined) fail(ContractViolationCode.WrongValue, `readCString(${what}) found no NUL; expected ${JSON.stringify(want)}`);
      expectBytes(got, text(want), `readCString(${what})`);
    };
    writeOk(platform, s, w, text("hello\0world\0"), false);
    expectString(cstr(w, 64, "\"hello\""), "hello", "\"hello\"");
    expectString(cstr(w + 5, 64, "an empty string"), "", "an empty string");
    expectString(cstr(w, 5, "exactly maxLength bytes"), "hello", "exactly maxLength bytes");
    expectEqual(cstr(w, 4, "one byte over maxLength"), undefined, "readCString(\"hello\", maxLength 4)");
    expectEqual(cstr(w, 0, "maxLength 0, non-empty"), undefined, "readCString(\"hello\", maxLength 0)");
    expectString(cstr(w + 5, 0, "maxLength 0, empty"), "", "maxLength 0, empty");
    // A string whose NUL is the last mapped byte: nothing past the NUL is read.
    const tail = "edge-of-the-mapping";
    writeOk(platform, s, end - tail.length - 1, text(`${tail}\0`), false);
    expectString(cstr(end - tail.length - 1, 4096, "a string ending at the last mapped byte"), tail, "a string ending at the last mapped byte");
    // A string running into the unmapped page faults there; a short maxLength stops first.
    writeOk(platform, s, end - 8, text("xxxxxxxx"), false);
    expectFault(faultOf(platform.readCString(s, end - 8, 100)), { address: end, access: "read", reason: "unmapped" }, "readCString running into an unmapped page");
    expectEqual(cstr(end - 8, 5, "no NUL before maxLength, next to an unmapped page"), undefined, "readCString with maxLength 5 before an unmapped page");
    expectFault(faultOf(platform.readCString(s, end + 16, 10)), { address: end + 16, access: "read", reason: "unmapped" }, "readCString at an unmapped address");
    // The result is a copy: later guest writes do not change it.
    const copy = cstr(w, 64, "\"hello\" again");
    writeOk(platform, s, w, text("HELLO"), false);
    expectString(copy, "hello", "a result kept across a later guest write");
  },
};

const words: ContractCase = {
  name: "guest-memory: readU32/writeU32 are little-endian, unsigned, and agree with readBytes/writeBytes through views",
  area: ContractArea.GuestMemory,
  run(subject) {
    const platform = subject.createPlatform();
    const s = newSpace(platform);
    const w = workPage(platform, s, 0);
    mapOk(platform, s, w, PAGE_SIZE, RW);
    expectNoFault(platform.writeU32(s, w + 8, 0x1122_3344), "writeU32");
    expectBytes(readOk(platform, s, w + 8, 4), Uint8Array.of(0x44, 0x33, 0x22, 0x11), "the bytes of writeU32(0x11223344)");
    expectNoFault(platform.writeU32(s, w + 12, -1), "writeU32(-1)");
    expectEqual(expectOk(platform.readU32(s, w + 12), "readU32"), 0xffff_ffff, "readU32 of 0xffffffff");
    writeOk(platform, s, w + 16, u32(0x8000_0001), false);
    expectEqual(expectOk(platform.readU32(s, w + 16), "readU32"), 0x8000_0001, "readU32 of bytes written with writeBytes");
    // Views with a byte offset into a larger buffer are honoured on both sides.
    const host = new Uint8Array(32).fill(0xee);
    const source = pattern(32, 3);
    expectNoFault(platform.writeBytes(s, w + 100, source.subarray(5, 17)), "writeBytes from a subarray");
    expectNoFault(platform.readBytes(s, w + 100, host.subarray(3, 15)), "readBytes into a subarray");
    expectBytes(host.subarray(3, 15), source.subarray(5, 17), "a subarray round trip");
    expectTrue(host[2] === 0xee && host[15] === 0xee, ContractViolationCode.WrongValue, "readBytes into a subarray wrote outside it");
  },
};

/** The guest-memory cases. */
export const guestMemoryCases: readonly ContractCase[] = [badPointers, cStrings, words];
