import { AddressSpaceKind, LiteBox, ProcessId, TestPlatform, type Provider } from "@litebox-ts/core";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConformanceCase, PairContext } from "../model/case";
import type { AnyLiteBox, PlatformPlugin } from "../plugin/types";
import { fakeShim, testPlatformPlugin } from "../run/fakes.test-helper";
import { coreCases } from "./core";
import { guestSuite } from "./guest-suite";
import { platformContractSuite } from "./platform-contract";
import { BUILTIN_SUITES } from "./registry";

describe("the suite registry", () => {
  it("core, platform, portable, posix, nt — unique names", () => {
    expect(BUILTIN_SUITES.map((s) => s.name)).toEqual(["core", "platform", "portable", "posix", "nt"]);
  });
});

describe("guest suites from tests.json", () => {
  const root = mkdtempSync(join(tmpdir(), "conformance-guest-"));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text, "latin1");
  };
  const suite = guestSuite("demo", "Demo");

  it("needs a guest folder, a readable index, and every expected transcript", () => {
    const reason = (guestDir: string | undefined) => {
      const r = suite.cases({ guestDir });
      return r.ok ? "ok" : r.error.reason;
    };
    expect(reason(undefined)).toBe("no guest folder found (pass --guest DIR)");
    expect(reason(root)).toMatch(/^cannot read .*tests\/demo\/tests\.json: ENOENT$/);
    write("tests/demo/tests.json", "{");
    expect(reason(root)).toMatch(/^cannot read .*tests\.json: SyntaxError/);
    write("tests/demo/tests.json", JSON.stringify({ tests: [{ name: "x" }] }));
    expect(reason(root)).toMatch(/is not a test index$/);
    write("tests/demo/tests.json", JSON.stringify({ tests: [{ name: "a", elf: "bin/demo/a.elf", argv: ["/bin/demo/a.elf", "1"], expected: "tests/demo/expected/a.out", exit: 3 }] }));
    expect(reason(root)).toBe("cannot read the expected transcript tests/demo/expected/a.out");
  });

  it("turns each entry into a transcript case for its personality", () => {
    write("tests/demo/expected/a.out", "out\xff\n");
    const r = suite.cases({ guestDir: root });
    if (!r.ok) throw new Error(r.error.reason);
    const [c] = r.value;
    if (c?.kind !== "transcript" || c.program.kind !== "program") throw new Error("not a transcript case");
    expect(c.name).toBe("a");
    expect(c.appliesTo).toEqual({ personalities: ["demo"] });
    expect(c.expected).toEqual({ stdout: "out\xff\n", stderr: "", exitStatus: 3 });
    expect(c.program.program.path).toBe("/bin/demo/a.elf");
    expect(c.program.program.argv).toEqual(["/bin/demo/a.elf", "1"]);
  });
});

describe("core cases", () => {
  const byName = (name: string) => coreCases.find((c) => c.name === name) as Extract<ConformanceCase, { kind: "pair-predicate" }>;
  const context = (litebox: AnyLiteBox): PairContext => ({
    litebox,
    session: fakeShim(() => ({})).createSession(litebox, { stdout: () => undefined, stderr: () => undefined, trace: () => undefined, seed: 0, schedule: undefined, loadImage: (() => undefined) as never }),
    shim: fakeShim(() => ({})),
    platform: testPlatformPlugin,
    stdout: () => "",
    program: () => undefined,
  });

  it("init-present fails when the registry holds more than PID 1", async () => {
    const litebox = new LiteBox(new TestPlatform()) as unknown as AnyLiteBox;
    expect(await byName("init-present").check(context(litebox))).toEqual({ kind: "pass" });
    litebox.processRegistry().createProcess(ProcessId.INIT);
    expect(await byName("init-present").check(context(litebox))).toMatchObject({ kind: "fail", message: "the registry does not hold exactly PID 1", actual: "[1,2]" });
  });

  it("the accounting cases pass on the core and leave it as they found it", async () => {
    const litebox = new LiteBox(new TestPlatform()) as unknown as AnyLiteBox;
    for (const name of ["descriptor-accounting", "pipe-accounting"]) expect(await byName(name).check(context(litebox))).toEqual({ kind: "pass" });
    expect([litebox.descriptors().liveEntryCount, litebox.pipes().livePipeCount]).toEqual([0, 0]);
  });

  it("spawn-exit-reap and many-programs skip when the shim has no core/say", async () => {
    const litebox = new LiteBox(new TestPlatform()) as unknown as AnyLiteBox;
    for (const name of ["spawn-exit-reap", "many-programs"]) {
      expect(await byName(name).check(context(litebox))).toEqual({ kind: "skip", reason: "shim 'fake' does not provide this core program" });
    }
  });
});

describe("platform contract cases", () => {
  it("report a violation as a failure and a case for another kind as a skip", async () => {
    // A platform that claims to be SharedMemory but is the Isolated TestPlatform.
    const liar: PlatformPlugin = { ...testPlatformPlugin, name: "liar", kind: AddressSpaceKind.SharedMemory, create: () => new TestPlatform() as Provider<unknown> };
    const r = platformContractSuite.cases({ guestDir: undefined });
    if (!r.ok) throw new Error("unavailable");
    const kindCase = r.value.find((c) => c.name.startsWith("address-spaces: the instance kind")) as Extract<ConformanceCase, { kind: "platform-predicate" }>;
    expect(await kindCase.check(testPlatformPlugin)).toEqual({ kind: "pass" });
    expect(await kindCase.check(liar)).toMatchObject({ kind: "fail", message: expect.stringMatching(/^WrongValue: /) });
    const isolatedOnly = r.value.find((c) => c.name.startsWith("isolation: Isolated spaces")) as Extract<ConformanceCase, { kind: "platform-predicate" }>;
    expect(await isolatedOnly.check(liar)).toEqual({ kind: "skip", reason: "does not apply to SharedMemory platforms" });
  });
});
