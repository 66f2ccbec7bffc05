#!/usr/bin/env node
/**
 * The `litebox` command. See `USAGE` in `args.ts`.
 *
 * @module
 */
import { readFileSync, writeSync } from "node:fs";
import { parseCommand, USAGE } from "./args";
import { runCommand, type HostIo } from "./run";

const VERSION = "0.0.0";

function writeAll(fd: number, bytes: Uint8Array): void {
  // Synchronous writes keep stdout and stderr in the guest's order; retry on a full pipe.
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      if ((e as { code?: string }).code !== "EAGAIN") throw e;
    }
  }
}

const io: HostIo = {
  readFile: (path) => new Uint8Array(readFileSync(path)),
  stdout: (bytes) => writeAll(1, bytes),
  stderr: (bytes) => writeAll(2, bytes),
  stdoutIsTerminal: process.stdout.isTTY === true,
  stderrIsTerminal: process.stderr.isTTY === true,
  connectStdin(input) {
    process.stdin.on("data", (chunk: Buffer) => input.push(new Uint8Array(chunk)));
    process.stdin.on("end", () => input.end());
    process.stdin.on("error", () => input.end());
  },
  readAllStdin() {
    if (process.stdin.isTTY) return new Uint8Array(0);
    try {
      return new Uint8Array(readFileSync(0));
    } catch {
      return new Uint8Array(0);
    }
  },
  diagnostic: (line) => writeAll(2, new TextEncoder().encode(`${line}\n`)),
};

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2));
  if ("_tag" in command) {
    io.diagnostic(`litebox: ${command.message}\n${USAGE}`);
    return 2;
  }
  if (command.kind === "help") {
    writeAll(1, new TextEncoder().encode(`${USAGE}\n`));
    return 0;
  }
  if (command.kind === "version") {
    writeAll(1, new TextEncoder().encode(`litebox ${VERSION}\n`));
    return 0;
  }
  const outcome = await runCommand(command, io);
  if (outcome.kind === "failed") io.diagnostic(`litebox: ${outcome.reason}`);
  return outcome.exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    io.diagnostic(`litebox: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(70);
  },
);
