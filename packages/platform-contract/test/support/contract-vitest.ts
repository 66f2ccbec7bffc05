/**
 * Drives the contract suite from vitest: one `it` per applicable case, the violation thrown as the
 * test's failure; the cases that do not apply are listed in one test of their own.
 */
import { describe, expect, it } from "vitest";
import { caseApplies, platformContractCases, runContractCase, type PlatformUnderTest } from "../../src/index";

/** Registers the contract suite for `subject`; `notApplicable` names the cases expected to be skipped. */
export function describeContract(subject: PlatformUnderTest<number>, notApplicable: readonly string[]): void {
  describe(`platform contract: ${subject.name} (${subject.kind})`, () => {
    for (const contractCase of platformContractCases.filter((c) => caseApplies(c, subject as PlatformUnderTest))) {
      it(contractCase.name, async () => {
        const result = await runContractCase(contractCase, subject);
        if (result.status === "failed") throw result.violation;
        expect(result.status).toBe("passed");
      }, 60_000);
    }
    it(`does not apply ${notApplicable.length} cases to a ${subject.kind} platform`, () => {
      const skipped = platformContractCases.filter((c) => !caseApplies(c, subject as PlatformUnderTest)).map((c) => c.name);
      expect(skipped).toEqual(notApplicable);
    });
  });
}
