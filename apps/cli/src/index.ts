/**
 * `@litebox-ts/cli`: the `litebox` command, and its pieces for embedding and tests.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/cli";

export { USAGE, parseCommand } from "./args";
export type { ClockName, Command, PlatformName, RunCommand, ShimName, UsageError } from "./args";
export { HostFolderProgramSource } from "./host-programs";
export { runCommand, shellExitCode } from "./run";
export type { HostIo, RunOutcome } from "./run";
