/**
 * A contract case: a name, an optional applicability test, and a `run` that throws a
 * {@link ContractViolation} when the platform breaks the contract. Framework-agnostic: vitest, the
 * conformance app or a third party's harness drive the same cases.
 *
 * @module
 */
import type { AddressSpaceKind } from "@litebox-ts/core";
import type { PlatformCapabilities, PlatformUnderTest } from "./subject";

/** The part of the contract a case checks (for grouping in reports). A closed set. */
export const ContractArea = {
  /** create / destroy / activate / withAddressSpace / addressSpaceRange. */
  AddressSpaces: "address-spaces",
  /** Per-thread activation through `setCurrentCpu`. */
  Activation: "activation",
  /** No address reaches another space. */
  Isolation: "isolation",
  /** Permission faults, kernel-side and from guest instructions. */
  Protection: "protection",
  /** Memory separation on fork. */
  Fork: "fork",
  /** Guest-memory access with faults as values. */
  GuestMemory: "guest-memory",
  /** Resource counters back to their initial values. */
  Leaks: "leaks",
} as const;
/** {@inheritDoc (ContractArea:variable)} */
export type ContractArea = (typeof ContractArea)[keyof typeof ContractArea];

/** One case of the platform contract. */
export interface ContractCase {
  /** Unique, stable name (`area: what is checked`); reports and filters use it. */
  readonly name: string;
  /** The part of the contract it checks. */
  readonly area: ContractArea;
  /**
   * Whether the case applies to a platform of `kind` with `capabilities` (absent: always). A case that
   * does not apply is reported as skipped.
   */
  appliesTo?(kind: AddressSpaceKind, capabilities: Required<PlatformCapabilities>): boolean;
  /** Runs the case; throws a {@link ContractViolation} when the platform breaks the contract. */
  run(subject: PlatformUnderTest): void | Promise<void>;
}
