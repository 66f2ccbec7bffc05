/**
 * The portable suite's cases: one transcript case per program of `guest/tests/portable`, on every
 * pair. Each case's program is the named program `portable/<name>` (each shim plugin resolves it to
 * its own build of the same source); its expectation is the native Linux run's transcript, the same
 * for every shim except the one line a {@link PortablePolicy} names.
 *
 * @module
 */
import type { TranscriptCase, TranscriptExpectation } from "../../model/case";

/**
 * A line whose answer differs by shim policy (the documented exception to "one transcript"): the
 * native run gives POSIX's answer; each personality's transcript replaces only that answer.
 */
export interface PortablePolicy {
  /** What the line observes (`orphan policy`). */
  readonly what: string;
  /** The line's fixed start; the answer follows it. */
  readonly line: string;
  /** Why the answers differ, with the evidence. */
  readonly notes: string;
  /** Per personality: its answer and its whole transcript. */
  readonly byPersonality: Readonly<Record<string, { readonly answer: string; readonly stdout: string }>>;
}

/** One portable program and its expected run (generated from the guest folder). */
export interface PortableProgram {
  /** The program's name: `guest/tests/portable/<name>.c`, built as `bin/portable/<personality>/<name>.elf`. */
  readonly name: string;
  /** What it checks, in one line. */
  readonly about: string;
  /** Its arguments after argv[0]. */
  readonly args: readonly string[];
  /** The exit status it must end with. */
  readonly exitStatus: number;
  /** Whether its POSIX build needs only the `write` and `exit_group` system calls. */
  readonly minimal: boolean;
  /** Standard output of the native Linux run (for a policy program: with POSIX's answer). */
  readonly stdout: string;
  /** Present when one line's answer differs by personality. */
  readonly policy?: PortablePolicy;
}

/** The named program a shim plugin provides for portable program `name`. */
export function portableProgramName(name: string): string {
  return `portable/${name}`;
}

/** The transcript case of `program`. */
export function portableCase(program: PortableProgram): TranscriptCase {
  const expectation = (stdout: string): TranscriptExpectation => ({ stdout, stderr: "", exitStatus: program.exitStatus });
  const policy = program.policy;
  const about = policy === undefined
    ? program.about
    : `${program.about} (${policy.what}: ${Object.entries(policy.byPersonality).map(([p, v]) => `${p} ${v.answer}`).join(", ")})`;
  return {
    kind: "transcript",
    name: program.name,
    about,
    program: { kind: "named", name: portableProgramName(program.name), args: program.args },
    expected: expectation(program.stdout),
    ...(policy === undefined
      ? {}
      : { byPersonality: Object.fromEntries(Object.entries(policy.byPersonality).map(([p, v]) => [p, expectation(v.stdout)])) }),
  };
}
