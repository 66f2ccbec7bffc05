/** Runs the built `litebox-conformance` as a user would: a child process, from the repository root. */
import { execFile } from "node:child_process";
import { CLI, REPO } from "./paths";

/** What a run printed and its exit status. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command with `args` in `cwd` (default: the repository root). */
export function runCli(args: readonly string[], cwd: string = REPO): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}
