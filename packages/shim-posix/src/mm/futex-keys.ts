/**
 * Futex keys as Linux's `get_futex_key` derives them, mapped onto the core's (discriminator, address)
 * keys (RFC §3.3) in three namespaces that cannot collide:
 *
 * - **private** (FUTEX_PRIVATE_FLAG): the address space's discriminator and the canonical address —
 *   so a private futex never meets another process's, even on a MAP_SHARED page both can see;
 * - **shared, on a MAP_SHARED page**: the shared memory object and the word's offset in it — every
 *   process mapping the object meets there, wherever it mapped it ({@link SHARED_OBJECT_KEY_BASE} +
 *   object id);
 * - **shared, on a private page**: Linux keys it by the mm and address too, but marks it
 *   (`FUT_OFF_MMSHARED`), so it never matches a private key on the same word
 *   ({@link MM_SHARED_KEY_BASE} + discriminator).
 *
 * Platform discriminators are small (space ids, or 0); they must stay below 2^51.
 *
 * @module
 */
import { InvariantViolation, PAGE_SIZE, type Provider } from "@litebox-ts/core";
import type { FutexKeyResolver } from "../shim/futex-key";

/** Discriminators of shared futexes on private pages: this plus the space's discriminator. */
export const MM_SHARED_KEY_BASE = 2 ** 51;
/** Discriminators of shared futexes on MAP_SHARED pages: this plus the shared object's id. */
export const SHARED_OBJECT_KEY_BASE = 2 ** 52;

/** The MAP_SHARED-aware resolver (installed by the memory layer in place of the address-space default). */
export function sharedMemoryFutexKeys(platform: Provider<unknown>): FutexKeyResolver {
  return (process, address, shared) => {
    const space = process.space;
    const discriminator = space.futexDiscriminator;
    if (!(discriminator >= 0 && discriminator < MM_SHARED_KEY_BASE)) {
      throw new InvariantViolation("InvalidArgument", `futex discriminator ${discriminator} is not below 2^51`);
    }
    const word = address >>> 0;
    const canonical = platform.futexAddress(space.id, word);
    if (!shared) return { discriminator, address: canonical };
    const page = platform.queryPage(space.id, word - (word % PAGE_SIZE));
    const backing = page.ok ? page.value?.sharedObject : undefined;
    if (backing !== undefined) {
      return { discriminator: SHARED_OBJECT_KEY_BASE + backing.object.id, address: backing.offset + (word % PAGE_SIZE) };
    }
    return { discriminator: MM_SHARED_KEY_BASE + discriminator, address: canonical };
  };
}
