/** An in-process {@link HostIo} that captures output, for running guests in tests. */
import { readFileSync } from "node:fs";
import type { HostInput } from "@litebox-ts/shim-posix";
import { parseCommand, runCommand, type HostIo, type RunCommand, type RunOutcome } from "../../src/index";

/** A run's captured output. */
export interface Captured {
  readonly outcome: RunOutcome;
  readonly stdout: string;
  readonly stderr: string;
  readonly diagnostics: string[];
}

/** Runs `litebox <argv>` in-process with `stdin` as input. */
export async function runCaptured(argv: readonly string[], stdin = ""): Promise<Captured> {
  const command = parseCommand(argv);
  if ("_tag" in command || command.kind !== "run") throw new Error(`not a run: ${argv.join(" ")}`);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const diagnostics: string[] = [];
  const input = new TextEncoder().encode(stdin);
  const io: HostIo = {
    readFile: (path) => new Uint8Array(readFileSync(path)),
    stdout: (b) => void out.push(b.slice()),
    stderr: (b) => void err.push(b.slice()),
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    connectStdin(hostInput: HostInput) {
      setTimeout(() => {
        hostInput.push(input);
        hostInput.end();
      }, 1);
    },
    readAllStdin: () => input,
    diagnostic: (line) => void diagnostics.push(line),
  };
  const outcome = await runCommand(command as RunCommand, io);
  const text = (chunks: Uint8Array[]): string => Buffer.concat(chunks).toString("latin1");
  return { outcome, stdout: text(out), stderr: text(err), diagnostics };
}

/** The shell exit code of a run (or -1 when it failed to start). */
export function exitCode(c: Captured): number {
  return c.outcome.exitCode;
}
