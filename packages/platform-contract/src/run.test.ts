import { AddressSpaceKind, TestPlatform } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { ContractArea, type ContractCase } from "./case";
import { caseApplies, platformContractCases, runContractCase, runPlatformContract } from "./run";
import type { PlatformUnderTest } from "./subject";
import { ContractViolation, ContractViolationCode, isContractViolation } from "./violation";

const subject: PlatformUnderTest<number> = {
  name: "t",
  kind: AddressSpaceKind.Isolated,
  createPlatform: () => new TestPlatform(),
  createSmallPlatform: () => ({ platform: new TestPlatform({ capacity: 1 }), capacity: 1 }),
};

const make = (run: ContractCase["run"], appliesTo?: ContractCase["appliesTo"]): ContractCase =>
  appliesTo ? { name: "c", area: ContractArea.Leaks, run, appliesTo } : { name: "c", area: ContractArea.Leaks, run };

describe("runContractCase", () => {
  it("reports a case that returns (or resolves) as passed", async () => {
    expect(await runContractCase(make(() => {}), subject)).toEqual({ name: "c", status: "passed" });
    expect(await runContractCase(make(async () => {}), subject)).toEqual({ name: "c", status: "passed" });
  });

  it("reports a thrown ContractViolation as failed, unchanged", async () => {
    const v = new ContractViolation(ContractViolationCode.Leak, "frames 3 → 4", { expected: 3, actual: 4 });
    const r = await runContractCase(make(() => { throw v; }), subject);
    expect(r).toEqual({ name: "c", status: "failed", violation: v });
    expect(v.message).toBe("Leak: frames 3 → 4");
    expect([v.expected, v.actual, v._tag, v.name]).toEqual([3, 4, "ContractViolation", "ContractViolation"]);
  });

  it("turns any other exception (a platform crash) into an UnexpectedException violation keeping the cause", async () => {
    const crash = new RangeError("offset out of bounds");
    const r = await runContractCase(make(async () => { throw crash; }), subject);
    expect(r.status).toBe("failed");
    if (r.status !== "failed") return;
    expect(r.violation.code).toBe(ContractViolationCode.UnexpectedException);
    expect(r.violation.message).toContain("RangeError: offset out of bounds");
    expect(r.violation.cause).toBe(crash);
    const odd = await runContractCase(make(() => { throw 42; }), subject);
    expect(odd.status === "failed" && odd.violation.message).toContain("42");
  });

  it("skips a case that does not apply, without running it, and passes kind and default capabilities", async () => {
    const seen: unknown[] = [];
    let ran = false;
    const c = make(() => void (ran = true), (kind, capabilities) => (seen.push(kind, capabilities), false));
    expect(await runContractCase(c, subject)).toEqual({ name: "c", status: "skipped" });
    expect(ran).toBe(false);
    expect(seen).toEqual([AddressSpaceKind.Isolated, { rv32Cpu: true }]);
    expect(caseApplies(c, { ...subject, capabilities: { rv32Cpu: false } })).toBe(false);
    expect(caseApplies(make(() => {}), subject)).toBe(true);
  });
});

describe("runPlatformContract", () => {
  it("runs the given cases in order and counts the outcomes", async () => {
    const order: string[] = [];
    const cases: ContractCase[] = [
      { name: "a", area: ContractArea.Leaks, run: () => void order.push("a") },
      { name: "b", area: ContractArea.Leaks, run: () => { order.push("b"); throw new ContractViolation("Leak", "x"); } },
      { name: "c", area: ContractArea.Leaks, run: () => void order.push("c"), appliesTo: () => false },
      { name: "d", area: ContractArea.Leaks, run: async () => void order.push("d") },
    ];
    const report = await runPlatformContract(subject, { cases });
    expect(order).toEqual(["a", "b", "d"]);
    expect(report.results.map((r) => r.status)).toEqual(["passed", "failed", "skipped", "passed"]);
    expect([report.platform, report.passed, report.failed, report.skipped]).toEqual(["t", 2, 1, 1]);
  });

  it("has unique case names, each prefixed by its area", () => {
    const names = platformContractCases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of platformContractCases) expect(c.name.startsWith(`${c.area}: `), c.name).toBe(true);
    expect(Object.isFrozen(platformContractCases)).toBe(true);
  });
});

describe("isContractViolation", () => {
  it("recognises violations by tag only", () => {
    expect(isContractViolation(new ContractViolation("Leak", "x"))).toBe(true);
    expect(isContractViolation({ _tag: "ContractViolation" })).toBe(true);
    expect(isContractViolation(new Error("x"))).toBe(false);
    expect(isContractViolation(null)).toBe(false);
    expect(isContractViolation("ContractViolation")).toBe(false);
  });
});
