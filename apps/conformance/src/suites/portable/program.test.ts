import { describe, expect, it } from "vitest";
import { expectationFor, type TranscriptCase } from "../../model/case";
import { portableProgramPath } from "../../plugins/named-programs";
import { PORTABLE_CASES, PORTABLE_MINIMAL_SUBSET } from "./cases";
import { portableSuite } from "./index";
import { portableCase, portableProgramName, type PortableProgram } from "./program";
import { PORTABLE_PROGRAMS } from "./programs.generated";

const plain: PortableProgram = { name: "p", about: "checks p", args: ["a", "b"], exitStatus: 3, minimal: false, stdout: "x\n" };
const withPolicy: PortableProgram = {
  ...plain,
  name: "q",
  stdout: "first\nit is: one\n",
  policy: {
    what: "a policy",
    line: "it is: ",
    notes: "why",
    byPersonality: { posix: { answer: "one", stdout: "first\nit is: one\n" }, nt: { answer: "two", stdout: "first\nit is: two\n" } },
  },
};

describe("portableCase", () => {
  it("is a transcript case for every pair whose program is the named program portable/<name> with the program's arguments", () => {
    const c = portableCase(plain);
    expect(c).toEqual({
      kind: "transcript",
      name: "p",
      about: "checks p",
      program: { kind: "named", name: "portable/p", args: ["a", "b"] },
      expected: { stdout: "x\n", stderr: "", exitStatus: 3 },
    });
    expect(c.appliesTo).toBeUndefined();
    expect(portableProgramName("p")).toBe("portable/p");
    // The name a built-in shim plugin maps to its own build of the program.
    expect(portableProgramPath(portableProgramName("p"), "nt")).toBe("/bin/portable/nt/p.elf");
  });

  it("gives each personality a policy names its own transcript, and the native (POSIX) one to any other", () => {
    const c = portableCase(withPolicy);
    expect(expectationFor(c, "posix").stdout).toBe("first\nit is: one\n");
    expect(expectationFor(c, "nt").stdout).toBe("first\nit is: two\n");
    expect(expectationFor(c, "hello").stdout).toBe("first\nit is: one\n");
    expect(expectationFor(c, "nt").exitStatus).toBe(3);
    expect(c.about).toBe("checks p (a policy: posix one, nt two)");
  });
});

describe("the portable suite", () => {
  it("has one case per program, in order, and is what the suite registers", () => {
    expect(PORTABLE_CASES.map((c) => c.name)).toEqual(PORTABLE_PROGRAMS.map((p) => p.name));
    const listed = portableSuite.cases({ guestDir: undefined });
    expect(listed.ok && listed.value).toBe(PORTABLE_CASES);
    expect(new Set(PORTABLE_CASES.map((c) => c.name)).size).toBe(PORTABLE_CASES.length);
  });

  it("covers the behaviours the issue names", () => {
    expect(PORTABLE_PROGRAMS.map((p) => p.name)).toEqual(
      expect.arrayContaining(["spawn-exit", "pipe-child", "eof-writers", "many-children", "orphan", "futex", "inherit-passed", "wait-late"]),
    );
  });

  it("has exactly one policy case, the orphan, whose transcripts differ only in the answer on the policy line", () => {
    const policies = PORTABLE_PROGRAMS.filter((p) => p.policy !== undefined);
    expect(policies.map((p) => p.name)).toEqual(["orphan"]);
    const policy = policies[0]!.policy!;
    expect(Object.fromEntries(Object.entries(policy.byPersonality).map(([k, v]) => [k, v.answer]))).toEqual({ posix: "reparented", nt: "detached" });
    const posix = policy.byPersonality.posix!.stdout.split("\n");
    const nt = policy.byPersonality.nt!.stdout.split("\n");
    expect(posix.length).toBe(nt.length);
    const differing = posix.flatMap((line, i) => (line === nt[i] ? [] : [i]));
    expect(differing.length).toBe(1);
    expect(posix[differing[0]!]).toBe(`${policy.line}reparented`);
    expect(nt[differing[0]!]).toBe(`${policy.line}detached`);
    expect(policies[0]!.stdout).toBe(policy.byPersonality.posix!.stdout);
  });

  it("declares hello and exit-code as what a write-and-exit shim can run, and every other program is not minimal", () => {
    expect(PORTABLE_MINIMAL_SUBSET).toEqual(["hello", "exit-code"]);
    const exitCode = PORTABLE_CASES.find((c) => c.name === "exit-code") as TranscriptCase;
    expect(exitCode.expected).toEqual({ stdout: "leaving with exit code 7\n", stderr: "", exitStatus: 7 });
  });
});
