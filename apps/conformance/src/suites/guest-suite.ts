/**
 * A personality's guest suite from the repository's guest folder: `guest/tests/<personality>/tests.json`
 * lists the programs (`bin/<personality>/*.elf`), their argv and their expected transcripts (real
 * Linux's for POSIX; derived from Windows' documented behaviour for NT). Each entry is a transcript
 * case for shims of that personality, on every platform.
 *
 * @module
 */
import { err, ok } from "@litebox-ts/core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FolderProgramFiles, normaliseGuestPath } from "../guest/files";
import type { ConformanceCase, Suite, SuiteUnavailable } from "../model/case";

/** One entry of a `tests.json`. */
interface IndexEntry {
  readonly name: string;
  readonly elf: string;
  readonly argv: readonly string[];
  readonly expected: string;
  readonly exit: number;
  readonly about?: string;
  readonly notes?: string;
}

function unavailable(reason: string): SuiteUnavailable {
  return { _tag: "SuiteUnavailable", reason };
}

function isEntry(value: unknown): value is IndexEntry {
  const e = value as Partial<IndexEntry> | null;
  return typeof e === "object" && e !== null && typeof e.name === "string" && typeof e.elf === "string"
    && Array.isArray(e.argv) && e.argv.every((a) => typeof a === "string") && typeof e.expected === "string" && typeof e.exit === "number";
}

/** The guest suite of `personality` (`posix`, `nt`). */
export function guestSuite(personality: string, title: string): Suite {
  return {
    name: personality,
    title,
    cases(environment) {
      const guestDir = environment.guestDir;
      if (guestDir === undefined) return err(unavailable("no guest folder found (pass --guest DIR)"));
      const indexPath = join(guestDir, "tests", personality, "tests.json");
      let index: { tests?: unknown };
      try {
        index = JSON.parse(readFileSync(indexPath, "utf8")) as { tests?: unknown };
      } catch (e) {
        return err(unavailable(`cannot read ${indexPath}: ${(e as { code?: string }).code ?? String(e)}`));
      }
      if (!Array.isArray(index.tests) || !index.tests.every(isEntry)) return err(unavailable(`${indexPath} is not a test index`));
      const files = new FolderProgramFiles(guestDir);
      const cases: ConformanceCase[] = [];
      for (const entry of index.tests) {
        let stdout: string;
        try {
          stdout = readFileSync(join(guestDir, entry.expected), "latin1");
        } catch {
          return err(unavailable(`cannot read the expected transcript ${entry.expected}`));
        }
        const path = normaliseGuestPath(entry.elf);
        const about = entry.about ?? entry.notes;
        cases.push({
          kind: "transcript",
          name: entry.name,
          ...(about === undefined || about === "" ? {} : { about }),
          appliesTo: { personalities: [personality] },
          program: { kind: "program", program: { path, argv: entry.argv.length > 0 ? entry.argv : [path], files } },
          expected: { stdout, stderr: "", exitStatus: entry.exit },
        });
      }
      return ok(cases);
    },
  };
}

/** The POSIX guest suite (posix shims only, both platforms). */
export const posixGuestSuite: Suite = guestSuite("posix", "POSIX guest tests against real Linux's transcripts (posix shims)");

/** The NT guest suite (nt shims only, both platforms). */
export const ntGuestSuite: Suite = guestSuite("nt", "NT guest tests against transcripts from Windows' documented behaviour (nt shims)");
