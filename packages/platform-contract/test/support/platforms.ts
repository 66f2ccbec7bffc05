/**
 * The two real platforms described for the contract suite and the guest tests.
 */
import { AddressSpaceKind, type TimeProvider } from "@litebox-ts/core";
// The suite's own source imports only core and riscv; its tests and bench run it on the two real
// platforms, which are devDependencies of this package (the only direction turbo's acyclic graph allows).
import { KernelSimPlatform } from "@litebox-ts/platform-kernel-sim";
import { UserlandPlatform } from "@litebox-ts/platform-userland";
import type { PlatformUnderTest } from "../../src/index";

const MiB = 1024 * 1024;

/** A userland platform: 16 MiB regions (guests need ~9 MiB for qsort's static array plus a stack). */
export function userland(options: { clock?: TimeProvider; regionCount?: number; regionSize?: number } = {}): UserlandPlatform {
  return new UserlandPlatform({ regionSize: options.regionSize ?? 16 * MiB, regionCount: options.regionCount ?? 12, ...(options.clock ? { clock: options.clock } : {}) });
}

/** A kernel-sim platform with 128 MiB of simulated physical memory. */
export function kernelSim(options: { clock?: TimeProvider; memorySize?: number; asids?: number } = {}): KernelSimPlatform {
  return new KernelSimPlatform({ memorySize: options.memorySize ?? 128 * MiB, ...(options.asids ? { asids: options.asids } : {}), ...(options.clock ? { clock: options.clock } : {}) });
}

/** The userland platform for the contract suite. */
export const userlandSubject: PlatformUnderTest<number> = {
  name: "platform-userland",
  kind: AddressSpaceKind.SharedMemory,
  createPlatform: () => userland() as never,
  createSmallPlatform: () => ({ platform: userland({ regionCount: 3 }) as never, capacity: 3 }),
};

/** The kernel-sim platform for the contract suite. */
export const kernelSimSubject: PlatformUnderTest<number> = {
  name: "platform-kernel-sim",
  kind: AddressSpaceKind.Isolated,
  createPlatform: () => kernelSim() as never,
  createSmallPlatform: () => ({ platform: kernelSim({ asids: 3 }) as never, capacity: 3 }),
};
