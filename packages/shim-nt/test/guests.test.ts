/**
 * The NT guest suite (guest/tests/nt, built into guest/bin/nt) on both platforms: each program's
 * standard output must equal its expected transcript byte for byte, with nothing on standard error,
 * exit code 0, every thread finished, and nothing left behind — only PID 1 in the registry, no live
 * descriptor entry, pipe, address space, futex waiter or thread.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GUEST_DIR, PLATFORMS, runNtGuest } from "./support/run-guest";

interface NtTestEntry {
  readonly name: string;
  readonly argv: readonly string[];
  readonly expected: string;
  readonly exit: number;
}

const index = JSON.parse(readFileSync(join(GUEST_DIR, "tests/nt/tests.json"), "utf8")) as { tests: NtTestEntry[] };

describe.each(PLATFORMS)("NT guest tests on %s", (platform) => {
  it.each(index.tests.map((t) => [t.name, t] as const))("%s", async (_name, test) => {
    const run = await runNtGuest(test.name, test.argv.slice(1), platform);
    expect(run.report.kind).toBe("completed");
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(readFileSync(join(GUEST_DIR, test.expected), "utf8"));
    expect(run.exitCode).toBe(test.exit);
    expect(run.leftovers).toEqual({ processes: [1], liveEntries: 0, livePipes: 0, addressSpaces: 0, futexWaiters: 0, threads: 0 });
  }, 60_000);

  it("the index names every test program exactly once", () => {
    const names = index.tests.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(30);
  });
});
