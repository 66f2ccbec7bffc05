/**
 * The POSIX guest tests about signals (guest/tests/posix) through `litebox run` on both platforms,
 * against their native-Linux transcripts byte for byte. Owned by the shim's signal layer; the runner
 * is the lead's `support/capture`.
 *
 * A few of these programs also need syscalls of other parts of the shim (nanosleep, futex, mmap,
 * getuid). Each such test names what it waits for and is skipped, visibly, until the shim registers
 * those syscalls; `sig-stop-cont` also waits for the process core's waitid to report stops and
 * continues through `childJobReport` (see {@link WAITID_REPORTS_JOB_CONTROL}).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LiteBox, TestPlatform, err } from "@litebox-ts/core";
import { PosixShim, Sys } from "@litebox-ts/shim-posix";
import { exitCode, runCaptured } from "./support/capture";

const GUEST = join(import.meta.dirname, "../../../guest");
const PLATFORMS = ["userland", "kernel-sim"] as const;

/**
 * Whether the process core's waitid reports WSTOPPED/WCONTINUED (by calling `childJobReport`). The
 * signal layer stops and continues processes and keeps the report; waitid is the process core's.
 */
const WAITID_REPORTS_JOB_CONTROL = true;

const NANOSLEEP = Sys.clock_nanosleep_time64;
const FUTEX = Sys.futex_time64;

/** Each test and the syscalls of other parts it needs. */
const SIGNAL_TESTS: ReadonlyArray<readonly [string, readonly number[]]> = [
  ["sigpipe-ignored", []],
  ["sigpipe-default", []],
  ["sigchld-handler", []],
  ["sigchld-ignore", [NANOSLEEP]],
  ["sigchld-nocldwait", []],
  ["siginfo-kill", [Sys.getuid]],
  ["sigprocmask-pending", []],
  ["sigsuspend", [NANOSLEEP]],
  ["eintr", [NANOSLEEP, FUTEX]],
  ["sa-restart", [NANOSLEEP, FUTEX, Sys.mmap2]],
  ["sigaction-flags", []],
  ["sig-stop-cont", [NANOSLEEP]],
  ["sig-default-actions", []],
  ["sig-rt-queue", []],
  ["signal-context", [NANOSLEEP]],
  ["sigsegv-null", []],
  ["sigsegv-munmap", [Sys.mmap2, Sys.munmap, Sys.mprotect]],
  ["sigkill-status", []],
  ["kill-zombie", []],
  ["kill-pgroup", []],
  ["kill-errors", []],
];

const installed = new PosixShim(new LiteBox(new TestPlatform()), { loader: () => err({ _tag: "ElfFormatError" }) }).syscalls;

function waitsFor(name: string, needs: readonly number[]): string[] {
  const missing = needs.filter((n) => installed.lookup(n) === undefined).map((n) => `syscall ${n}`);
  if (name === "sig-stop-cont" && !WAITID_REPORTS_JOB_CONTROL) missing.push("waitid job-control reports");
  return missing;
}

describe("signal guest tests: litebox's transcript equals the native Linux one", () => {
  for (const platform of PLATFORMS) {
    for (const [name, needs] of SIGNAL_TESTS) {
      const missing = waitsFor(name, needs);
      const title = missing.length === 0 ? `${name} on ${platform}` : `${name} on ${platform} (waits for ${missing.join(", ")})`;
      it.skipIf(missing.length > 0)(title, async () => {
        const expected = readFileSync(join(GUEST, "tests/posix/expected", `${name}.out`), "latin1");
        const run = await runCaptured(["run", "--platform", platform, "--root", GUEST, `/bin/posix/${name}.elf`]);
        expect(run.stdout).toBe(expected);
        expect(run.stderr).toBe("");
        expect(exitCode(run)).toBe(0);
      });
    }
  }
});
