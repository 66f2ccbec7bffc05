#!/usr/bin/env node
// Installs the Debian packages the test suite uses as oracles, when they are missing and can be had:
//   qemu-user (qemu-riscv32: the reference hart), gcc-riscv64-unknown-elf (rebuilds the guests),
//   gcc (native builds of the POSIX tests: real Linux as oracle).
// Nothing here is required: without them the tests that need them skip with a visible message, and the
// committed guest binaries and the conformance suite never need them. Set LITEBOX_NO_APT=1 to skip.
import { spawnSync } from "node:child_process";

const wanted = [
  { command: "qemu-riscv32", pkg: "qemu-user" },
  { command: "riscv64-unknown-elf-gcc", pkg: "gcc-riscv64-unknown-elf" },
  { command: "gcc", pkg: "gcc" },
];

const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
const missing = wanted.filter((w) => !has(w.command)).map((w) => w.pkg);

if (missing.length === 0) process.exit(0);
const why = process.env.LITEBOX_NO_APT === "1" ? "LITEBOX_NO_APT=1"
  : process.platform !== "linux" ? "not Linux"
  : typeof process.getuid === "function" && process.getuid() !== 0 ? "not root"
  : !has("apt-get") ? "no apt-get" : undefined;
if (why !== undefined) {
  console.log(`[oracles] missing ${missing.join(", ")} (${why}): tests that need them will skip visibly.`);
  process.exit(0);
}
console.log(`[oracles] installing ${missing.join(", ")} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
const run = (args) => spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env, timeout: 600_000 }).status;
if (run(["update", "-qq"]) !== 0 || run(["install", "-y", "-qq", "--no-install-recommends", ...missing]) !== 0) {
  console.log(`[oracles] could not install ${missing.join(", ")}: tests that need them will skip visibly.`);
}
