/**
 * The committed guest ELFs are what `make -C guest` builds: each matches its sha256 in
 * guest/bin/manifest.json, and when the cross compiler is installed a fresh build into a temporary
 * folder reproduces every hash. Every ELF is also checked structurally: the loader accepts it, its
 * code has no compressed (16-bit) instructions, its text is not writable and its data not executable.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Prot } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { parseElf } from "../../src/elf/parse";
import { BIN_DIR, GUEST_DIR, COMPUTE_PROGRAMS, LIBC_SELFTEST, toolAvailable, toolVersion } from "./guests";

const CROSS = "riscv64-unknown-elf-gcc";

interface Manifest {
  readonly compiler: string;
  readonly cflags: string;
  readonly ldflags: string;
  readonly libgcc: string;
  readonly elves: Readonly<Record<string, { readonly sha256: string; readonly size: number }>>;
}

const manifest = JSON.parse(readFileSync(join(BIN_DIR, "manifest.json"), "utf8")) as Manifest;
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const elfNames = readdirSync(BIN_DIR).filter((n) => n.endsWith(".elf")).sort();

/** The bytes of the section called `name`, read through the section headers. */
function section(elf: Uint8Array, name: string): Uint8Array | undefined {
  const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = v.getUint32(32, true);
  const shnum = v.getUint16(48, true);
  const shstrndx = v.getUint16(50, true);
  const sh = (i: number, field: number): number => v.getUint32(shoff + 40 * i + field, true);
  const strtab = sh(shstrndx, 16);
  for (let i = 0; i < shnum; i++) {
    let end = strtab + sh(i, 0);
    while (elf[end] !== 0) end++;
    if (new TextDecoder().decode(elf.subarray(strtab + sh(i, 0), end)) === name) return elf.subarray(sh(i, 16), sh(i, 16) + sh(i, 20));
  }
  return undefined;
}

describe("committed guest ELFs", () => {
  it("are exactly the manifest's list, and include every program the tests run", () => {
    expect(elfNames).toEqual(Object.keys(manifest.elves).sort());
    for (const p of [...COMPUTE_PROGRAMS, LIBC_SELFTEST]) expect(elfNames).toContain(`${p.name}.elf`);
    expect(manifest.cflags).toContain("-march=rv32ima -mabi=ilp32");
    expect(manifest.libgcc).toBe("rv32im/ilp32");
  });

  it.each(elfNames)("%s matches its manifest sha256 and size", (name) => {
    const bytes = new Uint8Array(readFileSync(join(BIN_DIR, name)));
    expect(sha256(bytes)).toBe(manifest.elves[name]?.sha256);
    expect(bytes.length).toBe(manifest.elves[name]?.size);
  });

  it.each(elfNames)("%s loads: R-X text, RW- data, no compressed instructions", (name) => {
    const bytes = new Uint8Array(readFileSync(join(BIN_DIR, name)));
    const image = parseElf(bytes, { start: 0x1000, end: 0x400_0000 });
    expect(image.ok).toBe(true);
    if (!image.ok) return;
    expect(image.value.segments.map((s) => s.prot)).toEqual([Prot.Read | Prot.Exec, Prot.Read | Prot.Write]);
    expect(image.value.segments[0]?.vaddr).toBe(0x10000);
    expect(image.value.executableStack).toBe(false);
    // Text and data never share a page, so a store into code faults.
    const [text, data] = image.value.segments;
    expect(Math.ceil((text!.vaddr + text!.memsz) / 4096)).toBeLessThanOrEqual(Math.floor(data!.vaddr / 4096));
    const code = section(bytes, ".text");
    expect(code).toBeDefined();
    const v = new DataView(code!.buffer, code!.byteOffset, code!.byteLength);
    expect(code!.length % 4).toBe(0);
    for (let at = 0; at < code!.length; at += 4) {
      // A 32-bit RISC-V instruction has its two low bits set; anything else would be compressed.
      if ((v.getUint32(at, true) & 3) !== 3) expect.fail(`${name}: word ${v.getUint32(at, true).toString(16)} at .text+${at}`);
    }
  });
});

const compiler = toolVersion(CROSS);
if (compiler === undefined) {
  console.warn(`[riscv guests] SKIPPED rebuild: ${CROSS} not found; install the Debian package gcc-riscv64-unknown-elf (the committed ELFs were checked against the manifest)`);
} else if (compiler !== manifest.compiler) {
  console.warn(`[riscv guests] SKIPPED rebuild comparison: ${CROSS} is "${compiler}", the manifest was built with "${manifest.compiler}"`);
}

describe.skipIf(compiler === undefined || compiler !== manifest.compiler || !toolAvailable("make"))("guest build is reproducible", () => {
  it("make -C guest OUT=<tmp> rebuilds every ELF bit for bit", () => {
    const out = mkdtempSync(join(tmpdir(), "litebox-guest-build-"));
    try {
      const r = spawnSync("make", ["-s", "-j2", "-C", GUEST_DIR, `OUT=${out}`], { encoding: "utf8", timeout: 300_000 });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const rebuilt = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
      expect(rebuilt).toEqual(manifest);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
