/**
 * What a platform author hands the contract suite: how to make a fresh platform, one with a small
 * capacity for the `NoSpace` cases, the platform's kind, and what its CPUs can execute.
 *
 * @module
 */
import type { AddressSpaceKind, Provider } from "@litebox-ts/core";

/** A platform with a known, small number of address spaces. */
export interface SmallPlatform<Id> {
  /** A fresh platform. */
  readonly platform: Provider<Id>;
  /**
   * How many empty address spaces it holds at once: `capacity` creations succeed, the next one is
   * `NoSpace`. Keep it small (a handful) so the case is quick.
   */
  readonly capacity: number;
}

/** Optional abilities of a platform; cases that need one are skipped when it is absent. */
export interface PlatformCapabilities {
  /**
   * The CPUs from `createCpu` execute RV32IMA (loads, stores, LR/SC). Default `true`. A platform
   * whose CPU only fetches (like the core's `TestPlatform`, whose CPU knows nop/ecall/ebreak) sets
   * it to `false`; the cases that run hand-encoded loads and stores are then skipped.
   */
  readonly rv32Cpu?: boolean;
}

/** A platform described for {@link runPlatformContract}. */
export interface PlatformUnderTest<Id = unknown> {
  /** A name for reports. */
  readonly name: string;
  /** The kind the platform claims (its class's `ADDRESS_SPACE_KIND`); cases are chosen by it. */
  readonly kind: AddressSpaceKind;
  /**
   * Makes a fresh platform with room for at least 8 address spaces of at least 1 MiB each. Every
   * case calls it once or more; nothing is shared between cases.
   */
  createPlatform(): Provider<Id>;
  /** Makes a fresh platform with a small, exact capacity (the `NoSpace` cases). */
  createSmallPlatform(): SmallPlatform<Id>;
  /** Optional abilities (default: all present). */
  readonly capabilities?: PlatformCapabilities;
}

/** The capabilities of `subject` with defaults filled in. */
export function capabilitiesOf(subject: Pick<PlatformUnderTest, "capabilities">): Required<PlatformCapabilities> {
  return { rv32Cpu: subject.capabilities?.rv32Cpu ?? true };
}
