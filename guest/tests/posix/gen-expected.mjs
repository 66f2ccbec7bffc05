// The oracle for the POSIX guest tests. Runs each test's native build (gcc + glibc) on this
// machine's Linux and writes its stdout to expected/<name>.out — transcripts are generated, never
// written by hand — or compares runs with those transcripts. Usage (paths relative to guest/):
//   node tests/posix/gen-expected.mjs expected <native-dir>  # run natives (3 times each), write expected/
//   node tests/posix/gen-expected.mjs check <native-dir>     # run natives, compare with expected/
//   node tests/posix/gen-expected.mjs qemu <elf-dir>         # run rv32 ELFs under qemu-riscv32, compare
// `make -C guest posix-expected` and `make -C guest posix-qemu` call it with the usual folders.
//
// Every test must exit 0 with nothing on stderr; a test whose three native runs differ is refused
// as nondeterministic. Each run gets argv from tests.json with argv[0] replaced by the path of the
// program actually run (the exec test finds exec-child beside it), stdin from /dev/null, a fixed
// environment and RLIMIT_CORE 0 (children killed by SIGSEGV must not leave core files).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const GUEST = resolve(HERE, "../..");
const index = JSON.parse(readFileSync(join(HERE, "tests.json"), "utf8"));
const [mode, dirArg, ...rest] = process.argv.slice(2);
const only = rest.length > 0 ? new Set(rest) : undefined;
const ENV = { PATH: "/usr/bin:/bin", LC_ALL: "C" };

function usage() {
  console.error("usage: gen-expected.mjs expected|check <native-dir> [names…] | qemu <elf-dir> [names…]");
  process.exit(2);
}
if (!["expected", "check", "qemu"].includes(mode) || dirArg === undefined) usage();
const dir = resolve(GUEST, dirArg);

// tests.json must name every program in this folder exactly once, as a test or a helper.
const sources = readdirSync(HERE).filter((n) => n.endsWith(".c")).map((n) => n.slice(0, -2)).sort();
const listed = [...index.tests.map((t) => t.name), ...index.helpers.map((h) => h.name)].sort();
if (JSON.stringify(sources) !== JSON.stringify(listed)) {
  console.error(`tests.json lists ${JSON.stringify(listed)}\nbut the folder holds ${JSON.stringify(sources)}`);
  process.exit(1);
}

function run(test) {
  const qemu = mode === "qemu";
  const program = join(dir, qemu ? `${test.name}.elf` : test.name);
  if (!existsSync(program)) return { missing: program };
  const command = qemu ? ["qemu-riscv32", "-cpu", "rv32,c=false", program] : [program];
  const r = spawnSync("/bin/sh", ["-c", 'ulimit -c 0; exec "$@"', "sh", ...command, ...test.argv.slice(1)], {
    cwd: dir,
    env: ENV,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: qemu ? 60_000 : 20_000,
    maxBuffer: 1 << 24,
  });
  return {
    stdout: r.stdout?.toString("latin1") ?? "",
    stderr: r.stderr?.toString("latin1") ?? "",
    status: r.status,
    signal: r.signal,
    error: r.error?.message,
  };
}

function describe(r) {
  if (r.missing) return `missing ${r.missing}`;
  if (r.error) return `error ${r.error}`;
  return r.signal ? `signal ${r.signal}` : `exit ${r.status}`;
}

function firstDifference(want, got) {
  const a = want.split("\n");
  const b = got.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: expected ${JSON.stringify(a[i] ?? "<end>")}, got ${JSON.stringify(b[i] ?? "<end>")}`;
  }
  return "identical";
}

let failures = 0;
const tests = index.tests.filter((t) => only === undefined || only.has(t.name));
for (const test of tests) {
  const expectedPath = join(GUEST, test.expected);
  if (mode === "expected") {
    const runs = [run(test), run(test), run(test)];
    const bad = runs.find((r) => r.missing || r.error || r.status !== 0 || r.stderr !== "");
    if (bad) {
      console.error(`${test.name}: ${describe(bad)}; stderr: ${JSON.stringify(bad.stderr ?? "")}\n${bad.stdout ?? ""}`);
      failures++;
      continue;
    }
    if (runs.some((r) => r.stdout !== runs[0].stdout)) {
      console.error(`${test.name}: nondeterministic: ${firstDifference(runs[0].stdout, runs.find((r) => r.stdout !== runs[0].stdout).stdout)}`);
      failures++;
      continue;
    }
    if (!runs[0].stdout.endsWith("\n") || runs[0].stdout.includes("UNEXPECTED")) {
      console.error(`${test.name}: output must end with a newline and show no UNEXPECTED line:\n${runs[0].stdout}`);
      failures++;
      continue;
    }
    writeFileSync(expectedPath, runs[0].stdout, "latin1");
    console.log(`${test.name}: ${runs[0].stdout.split("\n").length - 1} lines`);
  } else {
    const want = readFileSync(expectedPath, "latin1");
    const r = run(test);
    const same = !r.missing && !r.error && r.status === 0 && r.stdout === want && r.stderr === "";
    if (!same) failures++;
    const why = same ? "" : ` — ${describe(r)}; ${firstDifference(want, r.stdout ?? "")}${r.stderr ? `; stderr ${JSON.stringify(r.stderr.slice(0, 200))}` : ""}`;
    console.log(`${test.name}: ${same ? "match" : "DIFFERS"}${why}`);
  }
}

if (mode === "expected" && only === undefined) {
  // Transcripts of tests that no longer exist would mislead a runner.
  const wanted = new Set(index.tests.map((t) => `${t.name}.out`));
  for (const f of readdirSync(join(HERE, "expected"))) if (!wanted.has(f)) rmSync(join(HERE, "expected", f));
}
console.log(`${tests.length - failures} of ${tests.length} ${mode === "expected" ? "written" : "match"}`);
process.exit(mode === "qemu" ? 0 : failures > 0 ? 1 : 0);
