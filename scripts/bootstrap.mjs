#!/usr/bin/env node
// Bootstraps the workspace on a machine with only Node 20 and npm, then runs a workspace script.
//   node scripts/bootstrap.mjs <start|test|bench> [args...]
// 1. installs the pinned pnpm (from package.json "packageManager") into .tools/ with npm, once;
// 2. runs `pnpm install --frozen-lockfile` when node_modules is missing or older than the lockfile;
// 3. runs `pnpm run ws:<command>` with the remaining arguments.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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

process.exit(pnpm(["run", `ws:${command}`, ...rest]));
