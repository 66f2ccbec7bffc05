/**
 * The LiteBox-TS platform contract suite: the cases every platform (ours and third parties') must pass.
 * Describe your platform as a {@link PlatformUnderTest} and call {@link runPlatformContract}, or drive
 * {@link platformContractCases} one by one from your test framework with {@link runContractCase}.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/platform-contract";

export { ContractArea } from "./case";
export type { ContractCase } from "./case";
export { capabilitiesOf } from "./subject";
export type { PlatformCapabilities, PlatformUnderTest, SmallPlatform } from "./subject";
export { ContractViolation, ContractViolationCode, isContractViolation } from "./violation";
export type { ContractViolationDetails } from "./violation";
export { caseApplies, platformContractCases, runContractCase, runPlatformContract } from "./run";
export type { ContractCaseResult, ContractReport, RunContractOptions } from "./run";
export { ECALL, Reg, addi, bne, li, lrW, lui, lw, program, scW, sw } from "./rv32";
