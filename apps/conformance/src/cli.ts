#!/usr/bin/env node
/**
 * The `litebox-conformance` command. See `USAGE` in `args.ts`.
 *
 * @module
 */
import { writeFileSync } from "node:fs";
import { parseCliArgs, USAGE } from "./args";
import { renderHtml } from "./report/html";
import { renderJson } from "./report/json";
import { renderJunit } from "./report/junit";
import { ProgressView, renderMatrix } from "./report/terminal";
import { VERSION, runConformance } from "./run/conformance";

async function main(): Promise<number> {
  const command = parseCliArgs(process.argv.slice(2));
  if ("_tag" in command) {
    process.stderr.write(`litebox-conformance: ${command.message}\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.kind === "version") {
    process.stdout.write(`litebox-conformance ${VERSION}\n`);
    return 0;
  }
  // The matrix goes to standard output unless a report takes it.
  const reportToStdout = command.reporter !== undefined && command.output === undefined;
  const matrixStream = reportToStdout ? process.stderr : process.stdout;
  const color = command.color ?? (matrixStream.isTTY === true && process.env.NO_COLOR === undefined);
  const progress = process.stderr.isTTY ? new ProgressView((text) => process.stderr.write(text), color) : undefined;
  const result = await runConformance(command.options, (event) => progress?.update(event));
  progress?.clear();
  if (!result.ok) {
    process.stderr.write(`litebox-conformance: ${result.error.message}\n`);
    return 2;
  }
  const report = result.value;
  matrixStream.write(renderMatrix(report, color));
  if (command.reporter !== undefined) {
    const text = command.reporter === "json" ? renderJson(report) : command.reporter === "junit" ? renderJunit(report) : renderHtml(report);
    if (command.output === undefined) process.stdout.write(text);
    else writeFileSync(command.output, text);
  }
  return report.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`litebox-conformance: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
