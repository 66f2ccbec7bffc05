/**
 * Acceptance 3: the JUnit report parsed by a real JUnit XML parser (junit2json, over xml2js) and
 * checked for structure; the JSON report validated against the published JSON Schema (ajv), which
 * also rejects reports that break it. Both from one run with a deliberately broken shim, so there
 * are passes, failures, skips and an expected failure to see.
 */
import { Ajv } from "ajv";
import { parse, type TestSuite, type TestSuites } from "junit2json";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ConformanceReport } from "../src/index";
import { runCli } from "./support/cli";
import { FIXTURES, PACKAGE } from "./support/paths";

const dir = mkdtempSync(join(tmpdir(), "conformance-reports-"));
const xfail = join(dir, "xfail.json");
writeFileSync(xfail, JSON.stringify({ expectedFailures: [{ case: "core/many-programs", pairs: ["broken:*"], reason: "upper-cases MANY (fixture)" }] }));
const args = ["--shim", join(FIXTURES, "broken-shim.mjs"), "--pairs", "broken:*", "--pairs", "posix:userland", "--filter", "core/", "--filter", "posix/pipe-fork", "--expected-failures", xfail];

let report: ConformanceReport;
let junit: TestSuites;

beforeAll(async () => {
  const json = await runCli([...args, "--reporter", "json"]);
  expect(json.code).toBe(1);
  report = JSON.parse(json.stdout) as ConformanceReport;
  const xml = await runCli([...args, "--reporter", "junit", "--output", join(dir, "junit.xml")]);
  expect(xml.code).toBe(1);
  junit = (await parse(readFileSync(join(dir, "junit.xml"), "utf8"))) as TestSuites;
});

function schemaValidator(name: string) {
  const ajv = new Ajv({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(readFileSync(join(PACKAGE, "schema", name), "utf8")) as object);
}

describe("JSON report", () => {
  it("validates against schema/report.schema.json", () => {
    const validate = schemaValidator("report.schema.json");
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.results.map((r) => r.status)).toContain("fail");
    expect(report.results.map((r) => r.status)).toContain("xfail");
    expect(report.results.map((r) => r.status)).toContain("skip");
  });

  it("the schema refuses a report that breaks it", () => {
    const validate = schemaValidator("report.schema.json");
    const broken = (mutate: (r: Record<string, unknown>) => void): boolean => {
      const copy = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
      mutate(copy);
      return validate(copy);
    };
    expect(broken((r) => ((r.results as { status: string }[])[0]!.status = "maybe"))).toBe(false);
    expect(broken((r) => delete (r.results as { failure?: unknown; status: string }[]).find((x) => x.status === "fail")!.failure)).toBe(false);
    expect(broken((r) => delete (r.results as { reason?: unknown; status: string }[]).find((x) => x.status === "skip")!.reason)).toBe(false);
    expect(broken((r) => ((r.pairs as { counts: Record<string, number> }[])[0]!.counts.pass = -1))).toBe(false);
    expect(broken((r) => (r.extra = true))).toBe(false);
    expect(broken((r) => delete r.totals)).toBe(false);
  });

  it("the checked-in expected-failures file validates against its schema", () => {
    const validate = schemaValidator("expected-failures.schema.json");
    expect(validate(JSON.parse(readFileSync(join(PACKAGE, "expected-failures.json"), "utf8"))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ expectedFailures: [{ case: "core/x", reason: "" }] })).toBe(false);
    expect(validate({ expectedFailures: [{ case: "core/x" }] })).toBe(false);
  });
});

describe("JUnit report", () => {
  it("has one testsuite per pair with the report's counts", () => {
    const suites = junit.testsuite ?? [];
    expect(suites.map((s) => s.name)).toEqual(report.pairs.map((p) => p.id));
    expect(junit.tests).toBe(report.results.length);
    expect(junit.failures).toBe(report.totals.fail + report.totals.xpass);
    for (const [i, pair] of report.pairs.entries()) {
      const suite = suites[i] as TestSuite;
      expect(suite.tests).toBe(report.results.filter((r) => r.pairId === pair.id).length);
      expect(suite.failures).toBe(pair.counts.fail + pair.counts.xpass);
      expect(suite.skipped).toBe(pair.counts.skip + pair.counts.xfail);
      expect(suite.properties).toContainEqual({ name: "shim", value: pair.shim });
    }
  });

  it("marks failures with the diff, skips with the reason, expected failures as skipped 'expected failure:'", () => {
    const cases = (junit.testsuite ?? []).find((s) => s.name === "broken:userland")?.testcase ?? [];
    const byName = new Map(cases.map((c) => [c.name, c]));
    const say = byName.get("core/say");
    expect(say?.failure?.[0]?.type).toBe("transcript");
    expect(say?.failure?.[0]?.inner).toContain("-hello, litebox");
    expect(say?.failure?.[0]?.inner).toContain("+HELLO, LITEBOX");
    expect(say?.["system-out"]?.[0]).toBe("HELLO, LITEBOX\n");
    expect(byName.get("core/many-programs")?.skipped?.[0]?.message).toBe("expected failure: upper-cases MANY (fixture)");
    expect(byName.get("posix/pipe-fork")?.skipped?.[0]?.message).toBe("applies to posix shims only");
    expect(byName.get("core/init-present")?.failure).toBeUndefined();
    expect(byName.get("core/init-present")?.skipped).toBeUndefined();
    expect(byName.get("core/say")?.classname).toBe("broken:userland.core");
  });
});
