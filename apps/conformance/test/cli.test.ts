/**
 * The command line: usage errors and load errors exit 2 with a message, --help and --version,
 * worker threads (--jobs) give the same results as one thread, live progress stays off when
 * standard error is not a terminal, and the matrix goes to standard error when a report takes
 * standard output.
 */
import { describe, expect, it } from "vitest";
import type { ConformanceReport } from "../src/index";
import { runCli } from "./support/cli";

describe("litebox-conformance command line", () => {
  it("--help and --version", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("usage: litebox-conformance");
    const version = await runCli(["--version"]);
    expect(version.stdout).toMatch(/^litebox-conformance \d+\.\d+\.\d+\n$/);
  });

  it.each([
    [["--jobs", "0"], "--jobs must be an integer in [1, 64], not '0'"],
    [["--seed", "x"], "--seed must be an integer"],
    [["--reporter", "xml"], "--reporter must be json, junit or html, not 'xml'"],
    [["--output", "x"], "--output needs --reporter"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["--shim", "./no/such/shim"], "./no/such/shim: no such file or folder"],
    [["--shim", "no-such-package-anywhere"], "not a built-in (posix, nt), a path or an installed package"],
    [["--shim", "apps/conformance/package.json"], "import failed"],
    [["--shim", "apps/conformance/test/fixtures/racy-suite.mjs"], "is not a ShimPlugin"],
    [["--platform", "apps/conformance/test/fixtures/broken-shim.mjs"], "is not a PlatformPlugin"],
    [["--suite", "apps/conformance/test/fixtures/broken-shim.mjs"], "is not a Suite"],
    [["--expected-failures", "no-such-file.json"], "no-such-file.json: cannot read (ENOENT)"],
    [["--expected-failures", "apps/conformance/package.json"], 'expected an object with an "expectedFailures" array'],
    [["--pairs", "nothing:*"], "no shim × platform pair matches nothing:*"],
  ])("%j exits 2 saying %s", async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  it("--jobs 2 (worker threads) gives the same results as one thread", async () => {
    const args = ["--filter", "core/", "--filter", "nt/exit-code", "--filter", "posix/pipe-fork", "--reporter", "json"];
    const one = JSON.parse((await runCli(args)).stdout) as ConformanceReport;
    const two = JSON.parse((await runCli([...args, "--jobs", "2"])).stdout) as ConformanceReport;
    const strip = (r: ConformanceReport) => r.results.map((x) => [x.caseId, x.pairId, x.status, x.transcript?.stdout ?? null]);
    expect(two.options.jobs).toBe(2);
    expect(strip(two)).toEqual(strip(one));
    expect(strip(one).length).toBe(4 * 9);
  });

  it("prints no progress when standard error is not a terminal, and the matrix on standard output", async () => {
    const run = await runCli(["--filter", "core/init-present"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("core\n  init-present");
    expect(run.stdout).not.toContain("\x1b[");
  });
});
