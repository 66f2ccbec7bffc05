import { describe, expect, it } from "vitest";
import { parseCliArgs, type CliCommand } from "./args";

function run(argv: string[]): CliCommand {
  const parsed = parseCliArgs(argv);
  if ("_tag" in parsed || parsed.kind !== "run") throw new Error(JSON.stringify(parsed));
  return parsed;
}

function refused(argv: string[]): string {
  const parsed = parseCliArgs(argv);
  if (!("_tag" in parsed)) throw new Error("accepted");
  return parsed.message;
}

describe("parseCliArgs", () => {
  it("defaults: every built-in pair, no filters, one round-robin run, one thread", () => {
    expect(run([])).toEqual({
      kind: "run",
      options: { shims: [], platforms: [], suites: [], pairs: [], filters: [] },
      reporter: undefined,
      output: undefined,
      color: undefined,
    });
  });

  it("every option, repeatable ones repeated", () => {
    const c = run(["--shim", "a", "--shim", "b", "--platform", "p", "--suite", "s", "--pairs", "a:*", "--filter", "core/", "--filter", "nt/",
      "--seed", "4294967295", "--schedules", "20", "--jobs", "2", "--timeout", "500", "--guest", "g", "--expected-failures", "x.json",
      "--reporter", "junit", "--output", "o.xml", "--no-color"]);
    expect(c).toEqual({
      kind: "run",
      options: {
        shims: ["a", "b"], platforms: ["p"], suites: ["s"], pairs: ["a:*"], filters: ["core/", "nt/"],
        seed: 4294967295, schedules: 20, jobs: 2, timeoutMs: 500, guestDir: "g", expectedFailures: "x.json",
      },
      reporter: "junit",
      output: "o.xml",
      color: false,
    });
    expect(run(["--color"]).color).toBe(true);
    expect(run(["--reporter", "html"]).reporter).toBe("html");
    expect(run(["--reporter", "json"]).reporter).toBe("json");
    expect(run(["--seed", "0"]).options.seed).toBe(0);
  });

  it("--help, -h and --version", () => {
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["-h"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["--version"])).toEqual({ kind: "version" });
  });

  it("refuses bad values with a message naming the option", () => {
    expect(refused(["--seed=-1"])).toBe("--seed must be an integer in [0, 4294967295], not '-1'");
    expect(refused(["--seed", "4294967296"])).toBe("--seed must be an integer in [0, 4294967295], not '4294967296'");
    expect(refused(["--schedules", "0"])).toBe("--schedules must be an integer in [1, 10000], not '0'");
    expect(refused(["--jobs", "1.5"])).toBe("--jobs must be an integer in [1, 64], not '1.5'");
    expect(refused(["--timeout", "x"])).toBe("--timeout must be an integer in [1, 86400000], not 'x'");
    expect(refused(["--reporter", "tap"])).toBe("--reporter must be json, junit or html, not 'tap'");
    expect(refused(["--output", "f"])).toBe("--output needs --reporter");
    expect(refused(["--color", "--no-color"])).toBe("--color and --no-color exclude each other");
    expect(refused(["--nope"])).toContain("Unknown option '--nope'");
    expect(refused(["extra"])).toContain("extra");
    expect(refused(["--seed"])).toContain("--seed");
  });
});
