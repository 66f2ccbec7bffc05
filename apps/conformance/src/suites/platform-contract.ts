/**
 * The platform contract suite (`@litebox-ts/platform-contract`) as conformance cases: each contract
 * case runs against the pair's platform plugin (fresh platforms, no LiteBox, no shim), so it is the
 * same on both shims of a platform — and a third-party platform loaded with `--platform` gets it too.
 *
 * @module
 */
import { ok } from "@litebox-ts/core";
import { caseApplies, platformContractCases, runContractCase, type PlatformUnderTest } from "@litebox-ts/platform-contract";
import type { ConformanceCase, Suite } from "../model/case";
import type { PlatformPlugin } from "../plugin/types";

/** The contract's view of a platform plugin. */
export function contractSubject(platform: PlatformPlugin): PlatformUnderTest {
  return {
    name: platform.name,
    kind: platform.kind,
    createPlatform: () => platform.create(),
    createSmallPlatform: () => platform.createSmall(),
    ...(platform.capabilities === undefined ? {} : { capabilities: platform.capabilities }),
  };
}

const cases: readonly ConformanceCase[] = platformContractCases.map((contractCase) => ({
  kind: "platform-predicate",
  name: contractCase.name,
  about: `platform contract, area ${contractCase.area}`,
  expectation: "no ContractViolation",
  async check(platform: PlatformPlugin) {
    const subject = contractSubject(platform);
    if (!caseApplies(contractCase, subject)) return { kind: "skip", reason: `does not apply to ${platform.kind} platforms` };
    const result = await runContractCase(contractCase, subject);
    if (result.status === "passed") return { kind: "pass" };
    if (result.status === "skipped") return { kind: "skip", reason: "skipped by the contract" };
    const v = result.violation;
    return {
      kind: "fail",
      message: `${v.code}: ${v.message}`,
      ...(v.expected === undefined ? {} : { expected: String(v.expected) }),
      ...(v.actual === undefined ? {} : { actual: String(v.actual) }),
    };
  },
}));

/** The platform contract suite. */
export const platformContractSuite: Suite = {
  name: "platform",
  title: "The platform contract (@litebox-ts/platform-contract) on each pair's platform",
  cases: () => ok(cases),
};
