/**
 * Acceptance 4: the example third-party shim (examples/shim-hello — its own package, outside the
 * workspace, depending only on published entries, built by its own script) is loaded by path and
 * appears as the fifth and sixth columns; it passes the core cases and the portable cases it declares
 * (the write-and-exit subset), and the personality suites are not applied to it.
 */
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConformanceReport } from "../src/index";
import { runCli } from "./support/cli";
import { HELLO } from "./support/paths";

describe("examples/shim-hello as a plugin", () => {
  it("is a package of its own that imports only published entries", () => {
    const pkg = JSON.parse(readFileSync(join(HELLO, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@litebox-ts/conformance", "@litebox-ts/core"]);
    const workspace = readFileSync(join(HELLO, "../../pnpm-workspace.yaml"), "utf8");
    expect(workspace).not.toContain("examples");
    for (const file of ["index.ts", "hello-shim.ts"]) {
      const imports = [...readFileSync(join(HELLO, "src", file), "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      for (const source of imports) expect(source).toMatch(/^(@litebox-ts\/(core|conformance)|node:url|\.\/[a-z-]+\.js)$/);
    }
  });

  it("--shim ./examples/shim-hello adds hello × userland and hello × kernel-sim as columns 5 and 6", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "conformance-")), "report.json");
    const run = await runCli(["--shim", "./examples/shim-hello", "--filter", "core/", "--filter", "portable/", "--filter", "posix/fork-exit-codes", "--reporter", "json", "--output", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as ConformanceReport;
    expect(report.pairs.map((p) => p.id)).toEqual(["posix:userland", "posix:kernel-sim", "nt:userland", "nt:kernel-sim", "hello:userland", "hello:kernel-sim"]);
    const hello = report.results.filter((r) => r.pairId.startsWith("hello:"));
    const core = hello.filter((r) => r.caseId.startsWith("core/"));
    expect(core.length).toBe(14);
    expect(core.every((r) => r.status === "pass")).toBe(true);
    expect(hello.filter((r) => r.caseId === "posix/fork-exit-codes").map((r) => r.reason)).toEqual(["applies to posix shims only", "applies to posix shims only"]);
    // The portable cases it declares (the write-and-exit subset) pass; the others are skipped, saying why.
    const portable = hello.filter((r) => r.caseId.startsWith("portable/"));
    const declared = portable.filter((r) => r.status === "pass").map((r) => r.caseId);
    expect(declared.sort()).toEqual(["portable/exit-code", "portable/exit-code", "portable/hello", "portable/hello"]);
    expect(portable.filter((r) => r.status !== "pass").every((r) => r.status === "skip" && r.reason === "shim 'hello' does not provide this portable program")).toBe(true);
    expect(portable.length).toBe(2 * report.cases.filter((c) => c.suite === "portable").length);
    // The matrix's header names the new columns after the built-in ones.
    expect(run.stdout).toMatch(/posix +posix +nt +nt +hello +hello\n +userland +kernel-sim +userland +kernel-sim +userland +kernel-sim\n/);
    expect(run.stdout).toMatch(/hello × userland +9 pass, 0 fail, 12 skip/);
  });

  it("also runs on its own: --pairs 'hello:*' from outside the repository", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "conformance-cwd-"));
    const run = await runCli(["--shim", HELLO, "--pairs", "hello:*", "--filter", "core/"], elsewhere);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ok: 14 passed, 0 failed/);
  });
});
