/**
 * litebox-conformance: one conformance suite on every LiteBox-TS shim × platform pair. The public
 * entry holds what a third party needs: the plugin interfaces a shim or platform implements, the case
 * model for extra suites, the runner and its report types, the built-in plugins, and tiny-guest
 * helpers.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/conformance";

// plugins: what a third-party shim or platform implements
export { definePlatformPlugin, defineShimPlugin } from "./plugin/types";
export type {
  AnyLiteBox,
  GuestProgram,
  PlatformPlugin,
  ProgramFiles,
  SessionOptions,
  ShimPlugin,
  ShimSession,
  SpawnFailure,
  SpawnedGuest,
} from "./plugin/types";
export { BUILTIN_PLATFORMS, BUILTIN_SHIMS, isPlatformPlugin, isShimPlugin, isSuite } from "./plugin/load";
export type { PluginLoadError } from "./plugin/load";

// the case model: what an extra suite (--suite) exports
export { applicabilityReason, caseId, expectationFor } from "./model/case";
export type {
  Applicability,
  ConformanceCase,
  PairContext,
  PairPredicateCase,
  PlatformPredicateCase,
  ProgramRequest,
  Suite,
  SuiteEnvironment,
  SuiteUnavailable,
  TranscriptCase,
  TranscriptExpectation,
  Verdict,
} from "./model/case";

// results and the report
export { FailureKind, STATUSES, Status, isUnexpected } from "./model/result";
export type {
  CaseInfo,
  CaseResult,
  ConformanceReport,
  Failure,
  Leak,
  PairInfo,
  StatusCounts,
  Transcript,
} from "./model/result";

// running
export { VERSION, runConformance } from "./run/conformance";
export type { ConformanceError, ConformanceOptions, ProgressListener } from "./run/conformance";
export type { ProgressEvent } from "./run/pair-runner";
export { parseExpectedFailures } from "./run/expected-failures";
export type { ExpectedFailureEntry, ExpectedFailures, ExpectedFailuresError } from "./run/expected-failures";
export { scheduleSeeds } from "./run/seeds";

// reports
export { renderHtml } from "./report/html";
export { renderJson } from "./report/json";
export { renderJunit } from "./report/junit";
export { renderMatrix } from "./report/terminal";

// the built-in plugins and suites
export { posixShimPlugin, shellExitStatus } from "./plugins/posix";
export type { BuiltinShimOptions } from "./plugins/posix";
export { ntShimPlugin, quoteNtArgument } from "./plugins/nt";
export { kernelSimPlatformPlugin, userlandPlatformPlugin } from "./plugins/platforms";
export { CORE_PROGRAMS, portableProgramPath } from "./plugins/named-programs";
export { BUILTIN_SUITES } from "./suites/registry";

// the portable suite (guest/sdk/lbx.h): its cases, and the programs a write-and-exit shim can run
export { PORTABLE_CASES, PORTABLE_MINIMAL_SUBSET } from "./suites/portable/cases";
export { portableCase, portableProgramName } from "./suites/portable/program";
export type { PortablePolicy, PortableProgram } from "./suites/portable/program";

// tiny guests (for plugin authors without a cross compiler)
export { FolderProgramFiles, MapProgramFiles } from "./guest/files";
export { LINUX_WRITE_EXIT, TINY_ELF_BASE, TINY_ELF_ENTRY, tinyDataAddress, tinyElf, writeExitElf } from "./guest/tiny-elf";
export type { WriteExitSyscalls } from "./guest/tiny-elf";
