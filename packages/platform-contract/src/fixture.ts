/**
 * Small helpers shared by the contract cases: creating spaces, picking work addresses inside a space's
 * range, mapping, filling and reading pages — each failing with a {@link ContractViolation} that names
 * the operation. Internal to the suite.
 *
 * @module
 */
import { PAGE_SIZE, type AddressRange, type Protection, type Provider } from "@litebox-ts/core";
import { expectNoFault, expectOk, expectTrue } from "./check";
import { ContractViolationCode } from "./violation";

/** Pages of a space's range the cases need (work pages start 4 pages in, away from a null page). */
export const MIN_RANGE_PAGES = 64;

/** Creates an address space that must be created. */
export function newSpace<Id>(platform: Provider<Id>, what = "createAddressSpace()"): Id {
  return expectOk(platform.createAddressSpace(), what);
}

/** The range of a live space. */
export function rangeOf<Id>(platform: Provider<Id>, space: Id): AddressRange {
  return expectOk(platform.addressSpaceRange(space), "addressSpaceRange(live space)");
}

/** The address of work page `index` of `space`: 4 + index pages above its page-aligned range start. */
export function workPage<Id>(platform: Provider<Id>, space: Id, index: number): number {
  const range = rangeOf(platform, space);
  const start = Math.ceil(range.start / PAGE_SIZE) * PAGE_SIZE;
  expectTrue(range.end - start >= MIN_RANGE_PAGES * PAGE_SIZE, ContractViolationCode.WrongValue,
    `addressSpaceRange ${range.start}..${range.end} is shorter than the ${MIN_RANGE_PAGES} pages the suite needs`);
  return start + (4 + index) * PAGE_SIZE;
}

/** Maps pages that must map. */
export function mapOk<Id>(platform: Provider<Id>, space: Id, address: number, length: number, prot: Protection): void {
  expectOk(platform.mapPages(space, address, length, prot), `mapPages(${address.toString(16)}, ${length}, prot ${prot})`);
}

/** Reads bytes that must be readable (`force`: whatever the protection). */
export function readOk<Id>(platform: Provider<Id>, space: Id, address: number, length: number, force = true): Uint8Array {
  const out = new Uint8Array(length);
  expectNoFault(platform.readBytes(space, address, out, { force }), `readBytes(0x${address.toString(16)}, ${length})`);
  return out;
}

/** Writes bytes that must be writable (`force`: whatever the protection). */
export function writeOk<Id>(platform: Provider<Id>, space: Id, address: number, bytes: Uint8Array, force = true): void {
  expectNoFault(platform.writeBytes(space, address, bytes, { force }), `writeBytes(0x${address.toString(16)}, ${bytes.length})`);
}

/** `length` bytes of value `byte`. */
export function filled(length: number, byte: number): Uint8Array {
  return new Uint8Array(length).fill(byte);
}

/** A deterministic pattern of `length` bytes depending on `seed`. */
export function pattern(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed * 0x9e3779b1 + 1) >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Little-endian bytes of a 32-bit word. */
export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return out;
}
