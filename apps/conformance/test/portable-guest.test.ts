/**
 * The portable suite's guest side: the case list the app ships is exactly what guest/tests/portable
 * holds (tests.json and the transcripts the native Linux runs wrote); every program is built for
 * both shims and the committed ELFs match their manifests; with the tools present, the native
 * oracle still prints those transcripts, a rebuild reproduces the ELFs, and the programs declared
 * minimal make no system call but write and exit_group.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PORTABLE_PROGRAMS } from "../src/suites/portable/programs.generated";
import { REPO } from "./support/paths";

const GUEST = join(REPO, "guest");
const HERE = join(GUEST, "tests/portable");

interface IndexEntry {
  readonly name: string;
  readonly argv: readonly string[];
  readonly exit: number;
  readonly minimal?: boolean;
  readonly about: string;
  readonly policy?: { readonly what: string; readonly line: string; readonly notes: string; readonly answers: Record<string, string> };
}
interface Manifest {
  readonly compiler: string;
  readonly elves: Record<string, { readonly sha256: string; readonly size: number }>;
}

const index = JSON.parse(readFileSync(join(HERE, "tests.json"), "utf8")) as { tests: IndexEntry[] };
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
const works = (command: string, args: readonly string[]): boolean => spawnSync(command, args, { stdio: "ignore" }).status === 0;
const temporaries: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "portable-"));
  temporaries.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporaries) rmSync(dir, { recursive: true, force: true });
});

describe("the case list and guest/tests/portable", () => {
  it("lists every program of the folder once, with tests.json's arguments, exit status, description and minimal flag", () => {
    const sources = readdirSync(HERE).filter((n) => n.endsWith(".c")).map((n) => n.slice(0, -2)).sort();
    expect(PORTABLE_PROGRAMS.map((p) => p.name).sort()).toEqual(sources);
    expect(PORTABLE_PROGRAMS.map((p) => ({ name: p.name, args: p.args, exit: p.exitStatus, about: p.about, minimal: p.minimal }))).toEqual(
      index.tests.map((t) => ({ name: t.name, args: t.argv, exit: t.exit, about: t.about, minimal: t.minimal === true })),
    );
  });

  it("carries the generated transcripts: expected/<name>.out, or one file per personality naming its policy", () => {
    for (const test of index.tests) {
      const program = PORTABLE_PROGRAMS.find((p) => p.name === test.name)!;
      if (test.policy === undefined) {
        expect(readFileSync(join(HERE, "expected", `${test.name}.out`), "latin1")).toBe(program.stdout);
        expect(program.policy).toBeUndefined();
        continue;
      }
      for (const [personality, answer] of Object.entries(test.policy.answers)) {
        const text = readFileSync(join(HERE, "expected", `${test.name}.${personality}.out`), "latin1");
        expect(program.policy?.byPersonality[personality]).toEqual({ answer, stdout: text });
        expect(text.split("\n")).toContain(`${test.policy.line}${answer}`);
      }
      expect(program.policy).toMatchObject({ what: test.policy.what, line: test.policy.line, notes: test.policy.notes });
    }
    const files = readdirSync(join(HERE, "expected")).sort();
    const wanted = index.tests.flatMap((t) => (t.policy ? Object.keys(t.policy.answers).map((p) => `${t.name}.${p}.out`) : [`${t.name}.out`])).sort();
    expect(files).toEqual(wanted);
  });
});

describe("the builds", () => {
  it.each(["posix", "nt"])("every program has a %s build matching its manifest", (personality) => {
    const dir = join(GUEST, "bin/portable", personality);
    const manifest = manifestOf(dir);
    expect(Object.keys(manifest.elves).sort()).toEqual(PORTABLE_PROGRAMS.map((p) => `${p.name}.elf`).sort());
    for (const [name, entry] of Object.entries(manifest.elves)) {
      const bytes = readFileSync(join(dir, name));
      expect({ name, sha256: sha256(bytes), size: bytes.length }).toEqual({ name, ...entry });
    }
  });

  it("the two builds of a program differ (each links its own lbx implementation and runtime)", () => {
    for (const p of PORTABLE_PROGRAMS) {
      expect(manifestOf(join(GUEST, "bin/portable/posix")).elves[`${p.name}.elf`]?.sha256).not.toBe(manifestOf(join(GUEST, "bin/portable/nt")).elves[`${p.name}.elf`]?.sha256);
    }
  });

  const compiler = spawnSync("riscv64-unknown-elf-gcc", ["--version"], { encoding: "utf8" }).stdout?.split("\n")[0];
  const sameCompiler = compiler !== undefined && compiler === manifestOf(join(GUEST, "bin/portable/posix")).compiler && works("make", ["--version"]);
  it.skipIf(!sameCompiler)("a fresh build reproduces both folders byte for byte", () => {
    const out = scratch();
    const targets = [`${out}/portable/posix/manifest.json`, `${out}/portable/nt/manifest.json`];
    const make = spawnSync("make", ["-C", GUEST, "-j2", `OUT=${out}`, ...targets], { encoding: "utf8", timeout: 300_000 });
    expect(make.status, make.stderr).toBe(0);
    for (const personality of ["posix", "nt"]) {
      expect(manifestOf(join(out, "portable", personality))).toEqual(manifestOf(join(GUEST, "bin/portable", personality)));
    }
  }, 300_000);
});

describe("the oracles", () => {
  it.skipIf(!works("gcc", ["--version"]) || !works("make", ["--version"]))("the native Linux builds still print the committed transcripts (make portable-check)", () => {
    const native = scratch();
    const check = spawnSync("make", ["-C", GUEST, "portable-check", `NATIVE_OUT=${native}`], { encoding: "utf8", timeout: 300_000 });
    expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);
    expect(check.stdout).toContain(`${PORTABLE_PROGRAMS.length} of ${PORTABLE_PROGRAMS.length} match`);
    expect(check.stdout).toContain("orphan: 5 lines (orphan policy: posix reparented, nt detached)");
  }, 300_000);

  const qemu = existsSync("/usr/bin/qemu-riscv32");
  /** The system calls a POSIX build makes under qemu-riscv32, by name. */
  const syscalls = (name: string): string[] => {
    const run = spawnSync("qemu-riscv32", ["-cpu", "rv32,c=false", "-strace", join(GUEST, "bin/portable/posix", `${name}.elf`)], { encoding: "latin1", timeout: 60_000 });
    return [...new Set([...`${run.stdout}${run.stderr}`.matchAll(/^\d+ ([a-z_0-9]+)\(/gm)].map((m) => m[1]!))].sort();
  };
  it.skipIf(!qemu)("the minimal programs' POSIX builds make only write and exit_group (and others make more)", () => {
    for (const p of PORTABLE_PROGRAMS.filter((x) => x.minimal)) expect({ name: p.name, calls: syscalls(p.name) }).toEqual({ name: p.name, calls: ["exit_group", "write"] });
    expect(syscalls("pipe-basics")).toEqual(expect.arrayContaining(["pipe2", "rt_sigaction", "close"]));
  });
});
