/**
 * A platform wrapper for fault injection on the real platforms: it forwards everything to the wrapped
 * platform, except that the N-th `createAddressSpace` or `mapPages` call from the moment it is armed
 * fails the way the platform reports exhaustion (`NoSpace` / `NoMemory`) without touching the platform.
 */
import { AddressSpaceError, PageError, err, type Provider } from "@litebox-ts/core";

/** The operations that can be made to fail. */
export type FaultOperation = "createAddressSpace" | "mapPages";

/** A platform whose next N-th call of one operation fails. */
export interface FaultyPlatform extends Provider<number> {
  /** Makes the `n`-th call of `operation` from now fail (n ≥ 1). */
  arm(operation: FaultOperation, n: number): void;
  /** Clears the armed fault; returns true if it fired. */
  disarm(): boolean;
  /** Calls of `operation` since the wrapper was made. */
  calls(operation: FaultOperation): number;
}

/** Wraps `platform` (every member forwarded, methods bound to it). */
export function faulty(platform: Provider<number>): FaultyPlatform {
  const counts: Record<FaultOperation, number> = { createAddressSpace: 0, mapPages: 0 };
  let armed: { operation: FaultOperation; at: number } | undefined;
  let fired = false;
  const trip = (operation: FaultOperation): boolean => {
    counts[operation]++;
    if (armed?.operation !== operation || counts[operation] !== armed.at) return false;
    armed = undefined;
    fired = true;
    return true;
  };
  const overrides = {
    createAddressSpace: () => (trip("createAddressSpace") ? err(AddressSpaceError.NoSpace) : platform.createAddressSpace()),
    mapPages: (space: number, address: number, length: number, prot: number) =>
      trip("mapPages") ? err(PageError.NoMemory) : platform.mapPages(space, address, length, prot),
    arm: (operation: FaultOperation, n: number) => {
      armed = { operation, at: counts[operation] + n };
      fired = false;
    },
    disarm: () => {
      armed = undefined;
      return fired;
    },
    calls: (operation: FaultOperation) => counts[operation],
  };
  return new Proxy(platform, {
    get(target, property, receiver) {
      if (property in overrides) return overrides[property as keyof typeof overrides];
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as FaultyPlatform;
}
