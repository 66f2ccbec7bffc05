/**
 * The built-in platform plugins: `userland` (SharedMemory regions) and `kernel-sim` (Isolated Sv32
 * page tables), each on a fresh virtual clock so runs are deterministic.
 *
 * @module
 */
import { AddressSpaceKind, type Provider } from "@litebox-ts/core";
import { KernelSimPlatform } from "@litebox-ts/platform-kernel-sim";
import { UserlandPlatform } from "@litebox-ts/platform-userland";
import type { PlatformPlugin } from "../plugin/types";

const MiB = 1024 * 1024;

/**
 * Userland: 64 regions of 16 MiB (1 GiB reserved, committed lazily by the host) — room for the
 * guest suites' largest process trees (reap-twenty: 22 processes) and their 1 MiB stacks.
 */
export const userlandPlatformPlugin: PlatformPlugin = {
  name: "userland",
  kind: AddressSpaceKind.SharedMemory,
  description: "@litebox-ts/platform-userland: SFI regions of one shared host memory",
  create: () => new UserlandPlatform({ regionSize: 16 * MiB, regionCount: 64 }) as Provider<unknown>,
  createSmall: () => ({ platform: new UserlandPlatform({ regionSize: 16 * MiB, regionCount: 3 }) as Provider<unknown>, capacity: 3 }),
};

/** Kernel-sim: 256 MiB of simulated physical memory (committed lazily), every ASID. */
export const kernelSimPlatformPlugin: PlatformPlugin = {
  name: "kernel-sim",
  kind: AddressSpaceKind.Isolated,
  description: "@litebox-ts/platform-kernel-sim: Sv32 page tables in simulated physical memory",
  create: () => new KernelSimPlatform({ memorySize: 256 * MiB }) as Provider<unknown>,
  createSmall: () => ({ platform: new KernelSimPlatform({ memorySize: 128 * MiB, asids: 3 }) as Provider<unknown>, capacity: 3 }),
};
