// The oracle of the portable suite. Runs each program's native build (gcc + glibc + lbx-posix.c)
// on this machine's Linux and writes what it printed as the expected transcript — transcripts are
// generated, never written by hand — then writes the conformance app's case list from them. Usage
// (paths relative to guest/):
//   node tests/portable/gen-expected.mjs expected <native-dir>  # run natives (3 times each), write expected/ and the case list
//   node tests/portable/gen-expected.mjs check <native-dir>     # run natives, compare with expected/ and the case list
// `make -C guest portable-expected` and `make -C guest portable-check` call it.
//
// Every program must exit with its `exit` from tests.json, write nothing on stderr and print no
// UNEXPECTED line; three runs must agree byte for byte. Each run gets argv[0] = the native
// program's absolute path (the programs start themselves again), stdin from /dev/null and a fixed
// environment.
//
// Policy entries (tests.json `policy`) are the documented exception: the native run prints POSIX's
// answer on the policy line, which must appear exactly once; each other personality's transcript
// is that transcript with only the answer on that line replaced by the personality's. Such a test
// gets one file per personality, expected/<name>.<personality>.out, each naming its policy.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const GUEST = resolve(HERE, "../..");
const REPO = resolve(GUEST, "..");
const CASES_MODULE = join(REPO, "apps/conformance/src/suites/portable/programs.generated.ts");
const index = JSON.parse(readFileSync(join(HERE, "tests.json"), "utf8"));
const [mode, dirArg] = process.argv.slice(2);
const ENV = { PATH: "/usr/bin:/bin", LC_ALL: "C" };
/** The personality whose answers the native Linux run gives. */
const NATIVE = "posix";

if (!["expected", "check"].includes(mode) || dirArg === undefined) {
  console.error("usage: gen-expected.mjs expected|check <native-dir>");
  process.exit(2);
}
const dir = resolve(GUEST, dirArg);

// tests.json must name every program of this folder exactly once.
const sources = readdirSync(HERE).filter((n) => n.endsWith(".c")).map((n) => n.slice(0, -2)).sort();
const listed = index.tests.map((t) => t.name).sort();
if (JSON.stringify(sources) !== JSON.stringify(listed)) {
  console.error(`tests.json lists ${JSON.stringify(listed)}\nbut the folder holds ${JSON.stringify(sources)}`);
  process.exit(1);
}

function run(test) {
  const program = join(dir, test.name);
  if (!existsSync(program)) return { error: `missing ${program}` };
  const r = spawnSync(program, test.argv, { argv0: program, cwd: dir, env: ENV, stdio: ["ignore", "pipe", "pipe"], timeout: 30_000, maxBuffer: 1 << 24 });
  return {
    stdout: r.stdout?.toString("latin1") ?? "",
    stderr: r.stderr?.toString("latin1") ?? "",
    status: r.status,
    signal: r.signal,
    error: r.error?.message,
  };
}

/** Why a run is refused, or undefined. */
function refusal(test, r) {
  if (r.error) return r.error;
  if (r.signal) return `killed by ${r.signal}`;
  if (r.status !== test.exit) return `exit ${r.status}, tests.json says ${test.exit}`;
  if (r.stderr !== "") return `stderr ${JSON.stringify(r.stderr.slice(0, 200))}`;
  if (!r.stdout.endsWith("\n") || r.stdout.includes("UNEXPECTED")) return "output must end with a newline and show no UNEXPECTED line";
  return undefined;
}

/** The transcript of every personality a policy names, derived from the native one; or an error. */
function byPersonality(test, native) {
  const { line, answers } = test.policy;
  const lines = native.split("\n");
  const at = lines.flatMap((l, i) => (l.startsWith(line) ? [i] : []));
  if (at.length !== 1) return { error: `the policy line "${line}" appears ${at.length} times` };
  const answer = lines[at[0]].slice(line.length);
  if (answer !== answers[NATIVE]) return { error: `native Linux answers "${answer}", tests.json names "${answers[NATIVE]}" for ${NATIVE}` };
  const out = {};
  for (const [personality, value] of Object.entries(answers)) {
    const copy = [...lines];
    copy[at[0]] = line + value;
    out[personality] = copy.join("\n");
  }
  return { transcripts: out };
}

function expectedFiles(test) {
  if (!test.policy) return { [`${test.name}.out`]: undefined };
  return Object.fromEntries(Object.keys(test.policy.answers).map((p) => [`${test.name}.${p}.out`, p]));
}

/** The conformance app's case list (a TypeScript module) for the transcripts of `results`. */
function casesModule(results) {
  const lit = (s) => JSON.stringify(s);
  const entries = index.tests.map((test) => {
    const r = results.get(test.name);
    const fields = [
      `    name: ${lit(test.name)},`,
      `    about: ${lit(test.about)},`,
      `    args: ${lit(test.argv)},`,
      `    exitStatus: ${test.exit},`,
      `    minimal: ${test.minimal === true},`,
    ];
    if (test.policy) {
      fields.push(`    stdout: ${lit(r.transcripts[NATIVE])},`);
      fields.push("    policy: {");
      fields.push(`      what: ${lit(test.policy.what)},`);
      fields.push(`      line: ${lit(test.policy.line)},`);
      fields.push(`      notes: ${lit(test.policy.notes)},`);
      fields.push("      byPersonality: {");
      for (const [p, answer] of Object.entries(test.policy.answers)) {
        fields.push(`        ${lit(p)}: { answer: ${lit(answer)}, stdout: ${lit(r.transcripts[p])} },`);
      }
      fields.push("      },");
      fields.push("    },");
    } else {
      fields.push(`    stdout: ${lit(r.stdout)},`);
    }
    return `  {\n${fields.join("\n")}\n  },`;
  });
  return `/**
 * The portable programs and their expected transcripts. GENERATED by guest/tests/portable/gen-expected.mjs
 * from guest/tests/portable (tests.json and the native Linux runs written to expected/): do not edit;
 * run \`make -C guest portable-expected\`.
 *
 * @module
 */
import type { PortableProgram } from "./program";

/** Every portable program, in run order. */
export const PORTABLE_PROGRAMS: readonly PortableProgram[] = [
${entries.join("\n")}
];
`;
}

let failures = 0;
const results = new Map();
for (const test of index.tests) {
  const runs = mode === "expected" ? [run(test), run(test), run(test)] : [run(test)];
  const bad = runs.map((r) => refusal(test, r)).find((why) => why !== undefined);
  if (bad) {
    console.error(`${test.name}: ${bad}\n${runs[0].stdout ?? ""}`);
    failures++;
    continue;
  }
  if (runs.some((r) => r.stdout !== runs[0].stdout)) {
    console.error(`${test.name}: nondeterministic across native runs`);
    failures++;
    continue;
  }
  const native = runs[0].stdout;
  let transcripts = { [NATIVE]: native };
  if (test.policy) {
    const derived = byPersonality(test, native);
    if (derived.error) {
      console.error(`${test.name}: ${derived.error}`);
      failures++;
      continue;
    }
    transcripts = derived.transcripts;
  }
  results.set(test.name, { stdout: native, transcripts });
  for (const [file, personality] of Object.entries(expectedFiles(test))) {
    const text = personality === undefined ? native : transcripts[personality];
    const path = join(HERE, "expected", file);
    if (mode === "expected") {
      writeFileSync(path, text, "latin1");
    } else if (!existsSync(path) || readFileSync(path, "latin1") !== text) {
      console.error(`${test.name}: expected/${file} differs from this run`);
      failures++;
    }
  }
  console.log(`${test.name}: ${native.split("\n").length - 1} lines${test.policy ? ` (${test.policy.what}: ${Object.entries(test.policy.answers).map(([p, a]) => `${p} ${a}`).join(", ")})` : ""}`);
}

if (failures === 0) {
  const module = casesModule(results);
  if (mode === "expected") {
    writeFileSync(CASES_MODULE, module);
    // Transcripts of programs that no longer exist would mislead a runner.
    const wanted = new Set(index.tests.flatMap((t) => Object.keys(expectedFiles(t))));
    for (const f of readdirSync(join(HERE, "expected"))) if (!wanted.has(f)) rmSync(join(HERE, "expected", f));
  } else if (!existsSync(CASES_MODULE) || readFileSync(CASES_MODULE, "utf8") !== module) {
    console.error(`${CASES_MODULE} is not what tests.json and these runs give: run make portable-expected`);
    failures++;
  }
}
console.log(`${index.tests.length - failures} of ${index.tests.length} ${mode === "expected" ? "written" : "match"}`);
process.exit(failures > 0 ? 1 : 0);
