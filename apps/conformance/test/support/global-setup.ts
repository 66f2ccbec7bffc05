/**
 * Before the tests: build the example third-party shim with its own scripts (it is not part of the
 * workspace: its own install, its own `build`), and make sure Debian's Chromium is there for the
 * HTML report test — installed with apt-get when it is missing and that is possible; otherwise the
 * browser test is skipped and says so.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { CHROMIUM, HELLO } from "./paths";

function pnpm(args: readonly string[], cwd: string): void {
  const execPath = process.env.npm_execpath;
  const [command, prefix] = execPath !== undefined && /pnpm\.c?js$/.test(execPath) ? [process.execPath, [execPath]] : ["pnpm", []];
  const run = spawnSync(command, [...prefix, ...args], { cwd, encoding: "utf8", timeout: 300_000 });
  if (run.status !== 0) throw new Error(`pnpm ${args.join(" ")} in ${cwd} failed:\n${run.stdout}\n${run.stderr}\n${run.error?.message ?? ""}`);
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const root = process.getuid?.() === 0;
  const apt = spawnSync("apt-get", ["--version"]).status === 0;
  if (!root || !apt) {
    console.warn(`[conformance tests] ${CHROMIUM} is missing and apt-get cannot install it here: the HTML report browser test will be skipped`);
    return;
  }
  console.warn("[conformance tests] installing Debian's chromium with apt-get for the HTML report test");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { env, stdio: "ignore", timeout: 600_000 });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { env, stdio: "ignore", timeout: 900_000 });
  if (install.status !== 0 || !existsSync(CHROMIUM)) console.warn("[conformance tests] apt-get could not install chromium: the HTML report browser test will be skipped");
}

/** Vitest global setup. */
export default function setup(): void {
  pnpm(["install", "--ignore-workspace", "--prefer-offline", "--silent"], HELLO);
  pnpm(["run", "build"], HELLO);
  ensureChromium();
}
