/**
 * The runner: every case of the platform contract, in a fixed order, run against a
 * {@link PlatformUnderTest}, each reported as passed, failed (with its {@link ContractViolation}) or
 * skipped (not applicable to the platform's kind or capabilities). A case that throws anything else —
 * a crash in the platform — is reported as failed with code `UnexpectedException`.
 *
 * @module
 */
import type { ContractCase } from "./case";
import { activationCases } from "./cases/activation";
import { addressSpaceCases } from "./cases/address-spaces";
import { forkCases } from "./cases/fork";
import { guestMemoryCases } from "./cases/guest-memory";
import { isolationCases } from "./cases/isolation";
import { leakCases } from "./cases/leaks";
import { protectionCases } from "./cases/protection";
import { capabilitiesOf, type PlatformUnderTest } from "./subject";
import { ContractViolation, ContractViolationCode, isContractViolation } from "./violation";

/** Every case of the platform contract, in the order they run. */
export const platformContractCases: readonly ContractCase[] = Object.freeze([
  ...addressSpaceCases,
  ...activationCases,
  ...isolationCases,
  ...protectionCases,
  ...forkCases,
  ...guestMemoryCases,
  ...leakCases,
]);

/** The outcome of one case. */
export type ContractCaseResult =
  /** The platform kept the contract. */
  | { readonly name: string; readonly status: "passed" }
  /** The platform broke it; `violation` says how. */
  | { readonly name: string; readonly status: "failed"; readonly violation: ContractViolation }
  /** The case does not apply to this platform's kind or capabilities. */
  | { readonly name: string; readonly status: "skipped" };

/** What {@link runPlatformContract} reports. */
export interface ContractReport {
  /** The subject's name. */
  readonly platform: string;
  /** One result per case, in order. */
  readonly results: readonly ContractCaseResult[];
  /** How many passed. */
  readonly passed: number;
  /** How many failed. */
  readonly failed: number;
  /** How many were skipped. */
  readonly skipped: number;
}

/** Options of {@link runPlatformContract}. */
export interface RunContractOptions {
  /** The cases to run (default: {@link platformContractCases}). */
  readonly cases?: readonly ContractCase[];
}

/** Whether `contractCase` applies to `subject` (its kind and capabilities). */
export function caseApplies(contractCase: ContractCase, subject: PlatformUnderTest): boolean {
  return contractCase.appliesTo?.(subject.kind, capabilitiesOf(subject)) ?? true;
}

/**
 * Runs one case against `subject`: `passed`, `failed` with the violation (an exception other than a
 * {@link ContractViolation} becomes one with code `UnexpectedException`), or `skipped`.
 */
export async function runContractCase<Id>(contractCase: ContractCase, subject: PlatformUnderTest<Id>): Promise<ContractCaseResult> {
  const name = contractCase.name;
  const any = subject as unknown as PlatformUnderTest;
  if (!caseApplies(contractCase, any)) return { name, status: "skipped" };
  try {
    await contractCase.run(any);
    return { name, status: "passed" };
  } catch (e) {
    const violation = isContractViolation(e)
      ? e
      : new ContractViolation(ContractViolationCode.UnexpectedException, `the case threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
    return { name, status: "failed", violation };
  }
}

/** Runs every case (or `options.cases`) against `subject`, one after another. */
export async function runPlatformContract<Id>(subject: PlatformUnderTest<Id>, options: RunContractOptions = {}): Promise<ContractReport> {
  const results: ContractCaseResult[] = [];
  for (const c of options.cases ?? platformContractCases) results.push(await runContractCase(c, subject));
  const count = (status: ContractCaseResult["status"]): number => results.filter((r) => r.status === status).length;
  return { platform: subject.name, results, passed: count("passed"), failed: count("failed"), skipped: count("skipped") };
}
