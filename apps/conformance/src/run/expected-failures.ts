/**
 * The expected-failures file: cases known to fail on some pairs, each with the reason. A listed case
 * that fails is reported `xfail` with that reason; one that passes is `xpass` — an unexpected pass
 * that fails the run, so a fixed case's entry is removed rather than left stale.
 *
 * ```json
 * { "expectedFailures": [
 *     { "case": "posix/brk", "pairs": ["posix:*"], "reason": "brk: the memory part of shim-posix is not in yet" } ] }
 * ```
 *
 * `case` is a case id or a `*` pattern; `pairs` (default: every pair) are `<shim>:<platform>` ids or
 * patterns. The schema is `schema/expected-failures.schema.json`.
 *
 * @module
 */
import { err, ok, type Result } from "@litebox-ts/core";
import { compilePattern, type NameMatcher } from "./patterns";

/** One entry as written. */
export interface ExpectedFailureEntry {
  readonly case: string;
  readonly pairs?: readonly string[];
  readonly reason: string;
}

/** Why the file was refused: a closed set; `message` says where. */
export interface ExpectedFailuresError {
  readonly _tag: "ExpectedFailuresError";
  readonly message: string;
}

/** A parsed file: looks up the entry for a case on a pair and remembers which entries were used. */
export class ExpectedFailures {
  readonly #entries: ReadonlyArray<{ entry: ExpectedFailureEntry; matchCase: NameMatcher; matchPair: NameMatcher; label: string }>;
  readonly #used = new Set<string>();

  /** @param entries - validated entries. */
  constructor(entries: readonly ExpectedFailureEntry[]) {
    this.#entries = entries.map((entry) => {
      const pairs = (entry.pairs ?? ["*"]).map((p) => compilePattern(p, "exact"));
      return {
        entry,
        matchCase: compilePattern(entry.case, "exact"),
        matchPair: (pair: string) => pairs.some((m) => m(pair)),
        label: `${entry.case} on ${(entry.pairs ?? ["*"]).join(", ")}`,
      };
    });
  }

  /** No entries. */
  static readonly none = new ExpectedFailures([]);

  /** The reason `caseId` is expected to fail on `pairId`, or `undefined`. */
  lookup(caseId: string, pairId: string): string | undefined {
    const found = this.#entries.find((e) => e.matchCase(caseId) && e.matchPair(pairId));
    if (found === undefined) return undefined;
    this.#used.add(found.label);
    return found.entry.reason;
  }

  /** Entries that matched no case × pair so far (`case on pairs`). */
  unused(): string[] {
    return this.#entries.filter((e) => !this.#used.has(e.label)).map((e) => e.label);
  }
}

function refuse(message: string): Result<never, ExpectedFailuresError> {
  return err({ _tag: "ExpectedFailuresError", message });
}

/** Parses the file's text (`source` names it in errors). */
export function parseExpectedFailures(text: string, source: string): Result<ExpectedFailures, ExpectedFailuresError> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return refuse(`${source}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const list = (data as { expectedFailures?: unknown } | null)?.expectedFailures;
  if (typeof data !== "object" || data === null || !Array.isArray(list)) return refuse(`${source}: expected an object with an "expectedFailures" array`);
  const entries: ExpectedFailureEntry[] = [];
  for (const [i, raw] of list.entries()) {
    const e = raw as Partial<Record<keyof ExpectedFailureEntry, unknown>> | null;
    const where = `${source}: expectedFailures[${i}]`;
    if (typeof e !== "object" || e === null) return refuse(`${where} is not an object`);
    if (typeof e.case !== "string" || e.case === "") return refuse(`${where}.case must be a non-empty string`);
    if (typeof e.reason !== "string" || e.reason.trim() === "") return refuse(`${where}.reason must say why`);
    if (e.pairs !== undefined && !(Array.isArray(e.pairs) && e.pairs.length > 0 && e.pairs.every((p) => typeof p === "string" && p !== ""))) {
      return refuse(`${where}.pairs must be a non-empty array of pair ids or patterns`);
    }
    entries.push({ case: e.case, reason: e.reason, ...(e.pairs === undefined ? {} : { pairs: e.pairs as string[] }) });
  }
  return ok(new ExpectedFailures(entries));
}
