/**
 * The committed NT guests are what `make -C guest` builds (guest/nt.mk): each ELF matches its sha256
 * and size in guest/bin/nt/manifest.json, every test program of the index is there, and — when the
 * cross compiler of the manifest's version is installed — a fresh build of the NT guests into a
 * temporary folder reproduces the manifest bit for bit (otherwise a visible skip).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GUEST_DIR, NT_BIN } from "./support/run-guest";

interface Manifest {
  readonly compiler: string;
  readonly elves: Record<string, { sha256: string; size: number }>;
}

const manifest = JSON.parse(readFileSync(join(NT_BIN, "manifest.json"), "utf8")) as Manifest;
const index = JSON.parse(readFileSync(join(GUEST_DIR, "tests/nt/tests.json"), "utf8")) as { tests: { name: string }[] };
const elves = readdirSync(NT_BIN).filter((n) => n.endsWith(".elf")).sort();
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

describe("committed NT guests", () => {
  it("are the manifest's list: every test of the index and the child helper", () => {
    expect(elves).toEqual(Object.keys(manifest.elves).sort());
    expect(elves).toEqual([...index.tests.map((t) => `${t.name}.elf`), "nt-child.elf"].sort());
    const sources = readdirSync(join(GUEST_DIR, "tests/nt")).filter((n) => n.endsWith(".c")).map((n) => n.replace(/\.c$/, ".elf")).sort();
    expect(sources).toEqual(elves);
  });

  it.each(elves)("%s matches its manifest sha256 and size", (name) => {
    const bytes = readFileSync(join(NT_BIN, name));
    expect([sha256(bytes), bytes.length]).toEqual([manifest.elves[name]?.sha256, manifest.elves[name]?.size]);
  });
});

const version = spawnSync("riscv64-unknown-elf-gcc", ["--version"], { encoding: "utf8" });
const compiler = version.status === 0 ? version.stdout.split("\n")[0] : undefined;
if (compiler !== manifest.compiler) {
  console.warn(`[shim-nt guests] SKIPPED rebuild comparison: the cross compiler is ${compiler ?? "absent"}, the manifest was built with "${manifest.compiler}"`);
}

describe.skipIf(compiler !== manifest.compiler)("NT guest build", () => {
  it("make -C guest OUT=<tmp> <tmp>/nt/manifest.json rebuilds every NT ELF bit for bit", () => {
    const out = mkdtempSync(join(tmpdir(), "nt-guests-"));
    try {
      const r = spawnSync("make", ["-s", "-j2", "-C", GUEST_DIR, `OUT=${out}`, `${out}/nt/manifest.json`], { encoding: "utf8", timeout: 300_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(out, "nt/manifest.json"), "utf8"))).toEqual(manifest);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
