import { AddressSpaceKind, SharedMemoryTestPlatform, TestPlatform } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { ContractViolationCode, platformContractCases, runContractCase, runPlatformContract, type PlatformUnderTest } from "../src/index";
import {
  GlobalActivation,
  IgnoresWriteProtection,
  NoRecovery,
  NoRestoreOnThrow,
  StaleRange,
  SwallowsStringFaults,
  aliasing,
  isolatedSubject,
  pageTableCounting,
  sharedSubject,
  subjectOf,
} from "./test-platforms";

const COW = "fork: an Isolated clone shares frames until they are written (copy-on-write, seen in resourceStats)";

function caseNamed(prefix: string): (typeof platformContractCases)[number] {
  const found = platformContractCases.filter((c) => c.name.startsWith(prefix));
  expect(found, prefix).toHaveLength(1);
  return found[0]!;
}

describe("the contract on the core's test doubles", () => {
  it("TestPlatform passes every applicable case except copy-on-write (its clone copies eagerly)", async () => {
    const report = await runPlatformContract(isolatedSubject);
    const failed = report.results.filter((r) => r.status === "failed");
    expect(failed.map((r) => r.name)).toEqual([COW]);
    expect(failed[0]!.status === "failed" && failed[0]!.violation.code).toBe(ContractViolationCode.NotCopyOnWrite);
    expect(report.passed).toBeGreaterThanOrEqual(25);
    // The cases that need an RV32 CPU, and the SharedMemory-only ones, are skipped.
    const skipped = report.results.filter((r) => r.status === "skipped").map((r) => r.name);
    expect(skipped).toContain("isolation: SharedMemory ranges are pairwise disjoint, also after spaces are destroyed and re-created");
    expect(skipped).toContain("isolation: guest loads and stores at edge addresses never reach another space");
    expect(report.passed + report.failed + report.skipped).toBe(platformContractCases.length);
  }, 60_000);

  it("SharedMemoryTestPlatform passes every applicable case", async () => {
    const report = await runPlatformContract(sharedSubject);
    expect(report.results.filter((r) => r.status === "failed")).toEqual([]);
    expect(report.results.find((r) => r.name === COW)?.status).toBe("skipped");
    expect(report.passed).toBeGreaterThanOrEqual(25);
  }, 60_000);
});

interface Broken {
  readonly what: string;
  readonly subject: PlatformUnderTest<number>;
  /** The correct platform the broken one is derived from. */
  readonly base: PlatformUnderTest<number>;
  /** Name prefixes of cases that must fail, and with which code. */
  readonly fails: ReadonlyArray<readonly [string, ContractViolationCode]>;
}

const iso = AddressSpaceKind.Isolated;
const shm = AddressSpaceKind.SharedMemory;
const broken: readonly Broken[] = [
  {
    what: "withAddressSpace that does not restore on throw",
    subject: subjectOf("NoRestoreOnThrow", iso, (o) => new NoRestoreOnThrow(o)),
    base: isolatedSubject,
    fails: [
      ["activation: withAddressSpace restores the previous space when the callback throws", ContractViolationCode.NotRestored],
      ["activation: nested withAddressSpace", ContractViolationCode.NotRestored],
      ["activation: each CPU context and the host", ContractViolationCode.NotRestored],
    ],
  },
  {
    what: "SharedMemory regions that overlap (every second space aliases the one before)",
    subject: subjectOf("OverlappingRegions", shm, (o) => aliasing(new SharedMemoryTestPlatform(o), "aliasOnCreate")),
    base: sharedSubject,
    fails: [
      ["isolation: SharedMemory ranges are pairwise disjoint", ContractViolationCode.IsolationBreach],
      ["isolation: kernel-side reads and writes at edge addresses", ContractViolationCode.IsolationBreach],
    ],
  },
  {
    what: "destroy that leaks a page table",
    subject: subjectOf("LeakyDestroy", shm, (o) => new (pageTableCounting(true))(o)),
    base: subjectOf("CountingDestroy", shm, (o) => new (pageTableCounting(false))(o)),
    fails: [
      ["leaks: resource counters return to their initial values", ContractViolationCode.Leak],
      ["leaks: a shared memory object lives while mapped", ContractViolationCode.Leak],
    ],
  },
  {
    what: "activation shared by every thread",
    subject: subjectOf("GlobalActivation", iso, (o) => new GlobalActivation(o)),
    base: isolatedSubject,
    fails: [
      ["activation: each CPU context and the host", ContractViolationCode.NotPerThread],
      ["activation: a CPU fetches from the space active on its thread", ContractViolationCode.NotPerThread],
    ],
  },
  {
    what: "NoSpace that never recovers",
    subject: subjectOf("NoRecovery", iso, (o) => new NoRecovery(o)),
    base: isolatedSubject,
    fails: [["address-spaces: NoSpace at capacity, room again after a destroy", ContractViolationCode.UnexpectedError]],
  },
  {
    what: "addressSpaceRange answering for destroyed spaces",
    subject: subjectOf("StaleRange", iso, (o) => new StaleRange(o)),
    base: isolatedSubject,
    fails: [["address-spaces: every method answers InvalidId", ContractViolationCode.MissingError]],
  },
  {
    what: "kernel-side writes that ignore protection",
    subject: subjectOf("IgnoresWriteProtection", iso, (o) => new IgnoresWriteProtection(o)),
    base: isolatedSubject,
    fails: [
      ["protection: kernel-side reads and writes fault as values", ContractViolationCode.MissingFault],
      ["protection: protectPages changes what kernel-side accesses may do", ContractViolationCode.MissingFault],
    ],
  },
  {
    what: "readCString that swallows faults",
    subject: subjectOf("SwallowsStringFaults", iso, (o) => new SwallowsStringFaults(o)),
    base: isolatedSubject,
    fails: [["guest-memory: readCString stops at the NUL", ContractViolationCode.MissingFault]],
  },
  {
    what: "a clone that aliases its parent (no separation on fork)",
    subject: subjectOf("AliasingClone", iso, (o) => aliasing(new TestPlatform(o), "aliasOnClone")),
    base: isolatedSubject,
    fails: [["fork: private memory is private after forkAddressSpace", ContractViolationCode.NotPrivate]],
  },
];

describe("deliberately broken platforms fail the cases that name their fault", () => {
  for (const b of broken) {
    it(b.what, async () => {
      for (const [prefix, code] of b.fails) {
        const contractCase = caseNamed(prefix);
        const bad = await runContractCase(contractCase, b.subject);
        expect(bad.status, `${prefix} on the broken platform`).toBe("failed");
        expect(bad.status === "failed" && bad.violation.code, `${prefix}: ${bad.status === "failed" ? bad.violation.message : ""}`).toBe(code);
        const good = await runContractCase(contractCase, b.base);
        expect(good.status, `${prefix} on the correct platform`).toBe("passed");
      }
    }, 60_000);
  }
});
