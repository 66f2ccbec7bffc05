// Shared helpers of the kernel-sim platform's tests (not part of the package).
import { expect } from "vitest";
import { PAGE_SIZE, Prot } from "@litebox-ts/core";
import type { Hart } from "@litebox-ts/riscv";
import { Assembler } from "./test-asm.test-helper";
import { KernelSimPlatform } from "./kernel-sim-platform";
import type { KernelSimPlatformOptions } from "./options";

export { Assembler };
export {
  ECALL,
  EBREAK,
  Reg,
  aluI,
  aluR,
  amo,
  branch,
  csrrs,
  jal,
  lui,
  load,
  store,
} from "./test-asm.test-helper";

/** Read + write. */
export const RW = Prot.Read | Prot.Write;
/** Read + execute. */
export const RX = Prot.Read | Prot.Exec;
/** Where test code goes. */
export const CODE = 0x10000;
/** Where test data goes. */
export const DATA = 0x40000;
/** 1 MiB. */
export const MiB = 1024 * 1024;

/** The value of an ok Result; throws (failing the test) on an error. */
export function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`unexpected error ${JSON.stringify(result.error)}`);
  return result.value;
}

/** A small platform (4 MiB of memory unless told otherwise). */
export function platform(options: KernelSimPlatformOptions = {}): KernelSimPlatform {
  return new KernelSimPlatform({ memorySize: 4 * MiB, ...options });
}

/** Maps `code` read+execute at `address` of `space` and writes it there (forced). */
export function loadCode(p: KernelSimPlatform, space: number, address: number, code: Assembler | Uint8Array): void {
  const bytes = code instanceof Uint8Array ? code : code.bytes();
  value(p.mapPages(space, address, Math.max(bytes.length, 1), RX));
  expect(p.writeBytes(space, address, bytes, { force: true })).toBeUndefined();
}

/** A hart of `space` starting at `pc`. */
export function hartAt(p: KernelSimPlatform, space: number, pc: number): Hart {
  const hart = value(p.createCpu(space));
  hart.pc = pc;
  return hart;
}

/** Reads `length` bytes (forced) from `space`. */
export function peek(p: KernelSimPlatform, space: number, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  expect(p.readBytes(space, address, out, { force: true })).toBeUndefined();
  return out;
}

/** The raw 32-bit words of the level-0 entry for `va`, read from physical memory through `satp`. */
export function rawLeaf(p: KernelSimPlatform, space: number, va: number): { l1: number; leaf: number } {
  const words = new DataView(p.physicalMemory.buffer);
  const root = (p.satp(space)! & 0x3fffff) * PAGE_SIZE;
  const l1 = words.getUint32(root + (va >>> 22) * 4, true);
  if ((l1 & 1) === 0) return { l1, leaf: 0 };
  const table = (l1 >>> 10) * PAGE_SIZE;
  return { l1, leaf: words.getUint32(table + ((va >>> 12) & 1023) * 4, true) };
}
