/**
 * The `litebox-conformance` command line, parsed with Node's `util.parseArgs` (no dependency,
 * strict about unknown options, typed).
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { ConformanceOptions } from "./run/conformance";

/** The report formats besides the terminal matrix. */
export type ReporterName = "json" | "junit" | "html";

/** A parsed command line. */
export interface CliCommand {
  readonly kind: "run";
  readonly options: ConformanceOptions;
  readonly reporter: ReporterName | undefined;
  readonly output: string | undefined;
  readonly color: boolean | undefined;
}

/** What the command line asked for. */
export type ParsedCommand = CliCommand | { readonly kind: "help" } | { readonly kind: "version" };

/** Why the command line was refused; the message is for the user. */
export interface UsageError {
  readonly _tag: "UsageError";
  readonly message: string;
}

/** The usage text. */
export const USAGE = `usage: litebox-conformance [options]

Runs the conformance suites on every shim × platform pair and prints the matrix.
  --shim X               one more shim: a built-in (posix, nt), a path or a package (repeatable)
  --platform X           one more platform: a built-in (userland, kernel-sim), a path or a package (repeatable)
  --suite X              a module with more suites (repeatable)
  --pairs PATTERN        only pairs whose id (shim:platform) matches; * is a wildcard (repeatable)
  --filter PATTERN       only cases whose id (suite/name) contains PATTERN, or matches it with * (repeatable)
  --seed N               seed of the guests' randomness; with it, schedules are randomised from N
  --schedules N          run each case under N schedule seeds derived from --seed (default 0)
  --jobs N               run up to N pairs at once in worker threads (default 1)
  --timeout MS           per-run time limit in milliseconds (default 120000)
  --guest DIR            the guest folder (default: guest/ found from here or from the package)
  --expected-failures F  JSON file of cases expected to fail, with reasons
  --reporter R           also write a json, junit or html report ...
  --output FILE          ... to FILE (default: standard output, the matrix then goes to standard error)
  --color / --no-color   force or forbid ANSI colours (default: when standard output is a terminal)
  --help, --version
Exit status: 0 when nothing failed unexpectedly, 1 on a failure or an unexpected pass, 2 on a usage or load error.`;

function usage(message: string): UsageError {
  return { _tag: "UsageError", message };
}

function integer(name: string, text: string | undefined, min: number, max: number): number | UsageError | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) return usage(`--${name} must be an integer in [${min}, ${max}], not '${text}'`);
  return Number(text);
}

/** Parses the command line (without `node` and the script). */
export function parseCliArgs(argv: readonly string[]): ParsedCommand | UsageError {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        shim: { type: "string", multiple: true, default: [] },
        platform: { type: "string", multiple: true, default: [] },
        suite: { type: "string", multiple: true, default: [] },
        pairs: { type: "string", multiple: true, default: [] },
        filter: { type: "string", multiple: true, default: [] },
        seed: { type: "string" },
        schedules: { type: "string" },
        jobs: { type: "string" },
        timeout: { type: "string" },
        guest: { type: "string" },
        "expected-failures": { type: "string" },
        reporter: { type: "string" },
        output: { type: "string" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    }).values;
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const seed = integer("seed", values.seed, 0, 0xffff_ffff);
  const schedules = integer("schedules", values.schedules, 1, 10_000);
  const jobs = integer("jobs", values.jobs, 1, 64);
  const timeout = integer("timeout", values.timeout, 1, 86_400_000);
  for (const v of [seed, schedules, jobs, timeout]) if (typeof v === "object") return v;
  const reporter = values.reporter;
  if (reporter !== undefined && reporter !== "json" && reporter !== "junit" && reporter !== "html") return usage(`--reporter must be json, junit or html, not '${reporter}'`);
  if (values.output !== undefined && reporter === undefined) return usage("--output needs --reporter");
  if (values.color && values["no-color"]) return usage("--color and --no-color exclude each other");
  const num = (v: number | UsageError | undefined): number | undefined => (typeof v === "number" ? v : undefined);
  const options: ConformanceOptions = {
    shims: values.shim,
    platforms: values.platform,
    suites: values.suite,
    pairs: values.pairs,
    filters: values.filter,
    ...(num(seed) === undefined ? {} : { seed: num(seed)! }),
    ...(num(schedules) === undefined ? {} : { schedules: num(schedules)! }),
    ...(num(jobs) === undefined ? {} : { jobs: num(jobs)! }),
    ...(num(timeout) === undefined ? {} : { timeoutMs: num(timeout)! }),
    ...(values.guest === undefined ? {} : { guestDir: values.guest }),
    ...(values["expected-failures"] === undefined ? {} : { expectedFailures: values["expected-failures"] }),
  };
  return {
    kind: "run",
    options,
    reporter,
    output: values.output,
    color: values.color ? true : values["no-color"] ? false : undefined,
  };
}
