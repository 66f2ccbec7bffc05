#!/usr/bin/env node
// Bootstraps the workspace on a machine with only Node 20 and npm, then runs a workspace script.
//   node scripts/bootstrap.mjs <start|test|bench> [args...]
// 1. installs the pinned pnpm (from package.json "packageManager") into .tools/ with npm, once;
// 2. runs `pnpm install --frozen-lockfile` when node_modules is missing or older than the lockfile;
// 3. runs `pnpm run ws:<command>` with the remaining arguments.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [command = "test", ...rest] = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = String(pkg.packageManager).replace(/^pnpm@/, "");
const toolDir = join(root, ".tools", `pnpm-${pnpmVersion}`);
const pnpmBin = join(toolDir, "node_modules", "pnpm", "bin", "pnpm.cjs");

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (!existsSync(pnpmBin)) {
  console.log(`[bootstrap] installing pnpm ${pnpmVersion} into ${toolDir}`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const status = run(npm, ["install", "--prefix", toolDir, "--no-save", "--no-audit", "--no-fund",
    "--loglevel=error", `pnpm@${pnpmVersion}`]);
  if (status !== 0) process.exit(status);
}

// turbo and nested scripts look pnpm up on PATH: put a small launcher in .tools/bin.
const binDir = join(root, ".tools", "bin");
const launcher = join(binDir, "pnpm");
if (!existsSync(launcher)) {
  mkdirSync(binDir, { recursive: true });
  writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${pnpmBin}" "$@"\n`, { mode: 0o755 });
  writeFileSync(`${launcher}.cmd`, `@"${process.execPath}" "${pnpmBin}" %*\r\n`);
}
const env = {
  ...process.env,
  PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}`,
  COREPACK_ENABLE_STRICT: "0",
  COREPACK_INTEGRITY_KEYS: "0",
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
};
const pnpm = (args) => run(process.execPath, [pnpmBin, ...args], { env });

const marker = join(root, "node_modules", ".pnpm", "lock.yaml");
const lock = join(root, "pnpm-lock.yaml");
const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  console.log("[bootstrap] pnpm install");
  const status = pnpm(["install", ...(existsSync(lock) ? ["--frozen-lockfile"] : [])]);
  if (status !== 0) process.exit(status);
}

// The test suite's oracles (qemu-riscv32, the cross compiler, gcc) come from Debian when missing.
if (command === "test") run(process.execPath, [join(root, "scripts", "ensure-debian-packages.mjs")], { env });

if (command === "test") forEachReport((report) => rmSync(report, { force: true }));
const status = pnpm(["run", `ws:${command}`, ...rest]);
if (command === "test") summariseTests(status);
process.exit(status);

/** Calls `f` with the path of every package's vitest JSON report that exists. */
function forEachReport(f) {
  for (const group of ["packages", "apps", "tools"]) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const report = join(dir, name, ".vitest-report.json");
      if (existsSync(report)) f(report);
    }
  }
}

/**
 * Adds up every package's vitest JSON report into one closing line: "tests: N passed, N failed,
 * N skipped". When the run failed outside the test runners (lint, typecheck, build, publint), says so
 * instead of printing counts that would look green.
 */
function summariseTests(status) {
  const totals = { passed: 0, failed: 0, skipped: 0, packages: 0 };
  forEachReport((report) => {
    try {
      const r = JSON.parse(readFileSync(report, "utf8"));
      totals.passed += r.numPassedTests ?? 0;
      totals.failed += r.numFailedTests ?? 0;
      totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
      totals.packages++;
    } catch {
      totals.failed++;
    }
  });
  console.log(`\n[test] vitest reports of ${totals.packages} packages`);
  if (status !== 0 && totals.failed === 0) {
    console.log("[test] the run failed outside the test runners (lint, typecheck, build or publint): see above");
    return;
  }
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
}
