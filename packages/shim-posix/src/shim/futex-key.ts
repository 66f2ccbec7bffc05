/**
 * How a futex word of a process maps to the core's futex key (RFC §3.3: a discriminator and an
 * address). The default keys every word by its address space (`futexDiscriminator`, `futexAddress`),
 * which is right for private memory; the memory layer installs a resolver that keys words in
 * MAP_SHARED memory by their shared memory object, so waiters in different processes meet.
 *
 * @module
 */
import type { Provider } from "@litebox-ts/core";
import type { PosixProcess } from "../process/posix-process";

/** A futex key: the RFC's discriminator and the canonical address. */
export interface FutexKeyOf {
  /** Injective per address space (or per shared object). */
  readonly discriminator: number;
  /** Canonical address of the word. */
  readonly address: number;
}

/** Derives the key of the word at guest address `address` of `process`. */
export type FutexKeyResolver = (process: PosixProcess, address: number, shared: boolean) => FutexKeyOf;

/** The default resolver: keys by address space. */
export function addressSpaceFutexKeys(platform: Provider<unknown>): FutexKeyResolver {
  return (process, address) => ({
    discriminator: process.space.futexDiscriminator,
    address: platform.futexAddress(process.space.id, address >>> 0),
  });
}
