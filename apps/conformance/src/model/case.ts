/**
 * The case model. A suite is a named list of cases; a case says which shims and platforms it applies
 * to and what it expects: a transcript (standard output, standard error, exit status) for a guest
 * program, or a predicate over a LiteBox (the core cases) or a platform (the platform contract).
 * A case that does not apply to a pair is reported as skipped with the reason.
 *
 * @module
 */
import type { AddressSpaceKind, Result } from "@litebox-ts/core";
import type { AnyLiteBox, GuestProgram, PlatformPlugin, ShimPlugin, ShimSession } from "../plugin/types";

/** Which pairs a case applies to; an absent field means "all". */
export interface Applicability {
  /** Shim personalities (`posix`, `nt`, …). */
  readonly personalities?: readonly string[];
  /** Platform kinds. */
  readonly platformKinds?: readonly AddressSpaceKind[];
}

/** What a guest program must produce. */
export interface TranscriptExpectation {
  /** Standard output, byte for byte (latin1-decoded). */
  readonly stdout: string;
  /** Standard error (default: empty). */
  readonly stderr?: string;
  /** Exit status as the personality reports it (see `SpawnedGuest.exitStatus`). */
  readonly exitStatus: number;
}

/**
 * Where a transcript case's program comes from: a named shim-neutral program that each shim builds
 * for itself (`ShimPlugin.program`), or a concrete program (the personality suites, fixtures).
 */
export type ProgramRequest =
  | { readonly kind: "named"; readonly name: string; readonly args: readonly string[] }
  | { readonly kind: "program"; readonly program: GuestProgram };

/** A case that runs one guest program and compares its transcript. */
export interface TranscriptCase {
  readonly kind: "transcript";
  /** Unique in its suite; the case's id is `<suite>/<name>`. */
  readonly name: string;
  /** One line on what it checks. */
  readonly about?: string;
  /** Which pairs it applies to. */
  readonly appliesTo?: Applicability;
  /** The program. */
  readonly program: ProgramRequest;
  /** The expectation; `byPersonality` overrides it for shims whose policy differs (orphans…). */
  readonly expected: TranscriptExpectation;
  readonly byPersonality?: Readonly<Record<string, TranscriptExpectation>>;
}

/** A case's verdict on a predicate: it held, it did not (why), or the case cannot run here. */
export type Verdict =
  | { readonly kind: "pass" }
  | { readonly kind: "fail"; readonly message: string; readonly expected?: string; readonly actual?: string }
  | { readonly kind: "skip"; readonly reason: string };

/** What a pair predicate gets: a fresh LiteBox with the shim created on it. */
export interface PairContext {
  readonly litebox: AnyLiteBox;
  readonly session: ShimSession;
  readonly shim: ShimPlugin;
  readonly platform: PlatformPlugin;
  /** What the guests wrote to standard output so far (latin1). */
  stdout(): string;
  /** Resolves a named program for this shim (`undefined`: not provided). */
  program(name: string, args: readonly string[]): GuestProgram | undefined;
}

/** A case that checks a predicate on a fresh LiteBox with the pair's shim (leak-checked after). */
export interface PairPredicateCase {
  readonly kind: "pair-predicate";
  readonly name: string;
  readonly about?: string;
  readonly appliesTo?: Applicability;
  /** What holds when it passes, in words (reports show it as the expectation). */
  readonly expectation: string;
  /** Named programs it needs; a shim that does not provide one of them is skipped, with that reason. */
  readonly programs?: readonly string[];
  check(context: PairContext): Verdict | Promise<Verdict>;
}

/** A case about the platform alone (the platform contract): runs once per pair, no LiteBox. */
export interface PlatformPredicateCase {
  readonly kind: "platform-predicate";
  readonly name: string;
  readonly about?: string;
  readonly appliesTo?: Applicability;
  readonly expectation: string;
  check(platform: PlatformPlugin): Verdict | Promise<Verdict>;
}

/** One conformance case. */
export type ConformanceCase = TranscriptCase | PairPredicateCase | PlatformPredicateCase;

/** Where suites find the repository's guest programs. */
export interface SuiteEnvironment {
  /** The `guest/` folder (with `bin/` and `tests/`), or `undefined` when none was found. */
  readonly guestDir: string | undefined;
}

/** Why a suite could not produce its cases (shown as one skipped row). */
export interface SuiteUnavailable {
  readonly _tag: "SuiteUnavailable";
  readonly reason: string;
}

/** A named list of cases. */
export interface Suite {
  /** Unique; the first part of every case id (`core`, `platform`, `posix`, `nt`, `portable`). */
  readonly name: string;
  /** One line about it. */
  readonly title: string;
  /** Its cases (loaded per run: the guest suites read their index from the guest folder). */
  cases(environment: SuiteEnvironment): Result<readonly ConformanceCase[], SuiteUnavailable>;
}

/** The id of a case: `<suite>/<name>`. */
export function caseId(suite: string, name: string): string {
  return `${suite}/${name}`;
}

/** Whether `applicability` admits a shim of `personality` on a platform of `kind`; else the reason. */
export function applicabilityReason(applicability: Applicability | undefined, shim: ShimPlugin, platform: Pick<PlatformPlugin, "kind">): string | undefined {
  const personalities = applicability?.personalities;
  if (personalities !== undefined && !personalities.includes(shim.personality)) {
    return `applies to ${personalities.join("/")} shims only`;
  }
  const kinds = applicability?.platformKinds;
  if (kinds !== undefined && !kinds.includes(platform.kind)) return `applies to ${kinds.join("/")} platforms only`;
  return undefined;
}

/** The expectation of `testCase` for a shim of `personality`. */
export function expectationFor(testCase: TranscriptCase, personality: string): TranscriptExpectation {
  return testCase.byPersonality?.[personality] ?? testCase.expected;
}

