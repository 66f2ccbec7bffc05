/**
 * Acceptance 2: hello-world and every compute program print byte-identical output and exit with
 * the same status under qemu-riscv32 and under the hart driven by a minimal harness (write and exit
 * only). The native gcc/glibc build of the same sources is a second oracle for the checksums, and the
 * libc self-test compares the SDK's libc with glibc through the hart.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QEMU, QEMU_CPU } from "../fuzz/qemu";
import { COMPUTE_PROGRAMS, GUEST_DIR, LIBC_SELFTEST, BIN_DIR, readElf, toolAvailable, type GuestProgram } from "./guests";
import { GuestCrash, runGuest, type GuestRun } from "./harness";

const hasQemu = toolAvailable(QEMU);
const hasGcc = toolAvailable("gcc");
if (!hasQemu) console.warn(`[riscv guests] SKIPPED qemu comparison: ${QEMU} not found; install the Debian package qemu-user`);
if (!hasGcc) console.warn("[riscv guests] SKIPPED native cross-check: gcc not found; install the Debian package gcc");

const decoder = new TextDecoder();
const hartRuns = new Map<string, GuestRun>();

/** The hart's run of `p` (cached: several comparisons use it). */
function onHart(p: GuestProgram): GuestRun {
  let run = hartRuns.get(p.name);
  if (run === undefined) {
    run = runGuest(readElf(p.name), [p.name, ...p.args], { syscalls: p.allocates === true ? "malloc" : "minimal" });
    hartRuns.set(p.name, run);
  }
  return run;
}

interface HostRun {
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly exitCode: number | null;
}

function host(command: string, args: readonly string[]): HostRun {
  const r = spawnSync(command, args, { maxBuffer: 1 << 26, timeout: 120_000 });
  if (r.error) throw r.error;
  return { stdout: new Uint8Array(r.stdout), stderr: new Uint8Array(r.stderr), exitCode: r.status };
}

describe("guest programs on the hart (write and exit only)", () => {
  it.each(COMPUTE_PROGRAMS)("$name runs to exit, printing one line and asking for nothing but write, exit and ioctl", (p) => {
    const run = onHart(p);
    const text = decoder.decode(run.stdout);
    expect(text).toMatch(p.name === "hello" ? /^Hello, world!\n$/ : new RegExp(`^${p.name}: [^\\n]+\\n$`));
    expect(text).not.toMatch(/FAILED|NOT SORTED/);
    expect(run.stderr.length).toBe(0);
    // isatty(1) is the only other call the SDK makes; it is answered -ENOSYS once.
    expect([...run.unsupported]).toEqual([[29, 1]]);
    expect(run.instructions).toBeGreaterThan(100);
  });

  it("stops with GuestCrash on a trap the harness does not serve", () => {
    const elf = readElf("hello");
    // Overwrite the first instruction of _start (the entry) with an all-zero word: illegal.
    const view = new DataView(elf.buffer, elf.byteOffset);
    const entryOffset = view.getUint32(24, true) - 0x10000;
    view.setUint32(entryOffset, 0, true);
    expect(() => runGuest(elf, ["hello"])).toThrow(GuestCrash);
  });
});

describe.skipIf(!hasQemu)("guest programs: hart vs qemu-riscv32, byte for byte", () => {
  it.each([...COMPUTE_PROGRAMS, LIBC_SELFTEST])("$name", (p) => {
    const q = host(QEMU, ["-cpu", QEMU_CPU, join(BIN_DIR, `${p.name}.elf`), ...p.args]);
    const run = onHart(p);
    expect(decoder.decode(run.stdout)).toBe(decoder.decode(q.stdout));
    expect(run.stdout).toEqual(q.stdout);
    expect(run.stderr).toEqual(q.stderr);
    expect(run.exitCode).toBe(q.exitCode);
  });
});

describe.skipIf(!hasGcc)("guest sources built natively with gcc/glibc print the same", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "litebox-native-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([...COMPUTE_PROGRAMS, LIBC_SELFTEST])("$name", (p) => {
    const exe = join(dir, p.name);
    const cc = host("gcc", ["-O2", "-std=gnu11", "-w", "-o", exe, join(GUEST_DIR, p.source)]);
    expect(decoder.decode(cc.stderr)).toBe("");
    const native = host(exe, p.args);
    const run = onHart(p);
    expect(decoder.decode(run.stdout)).toBe(decoder.decode(native.stdout));
    expect(run.stderr).toEqual(native.stderr);
    expect(run.exitCode).toBe(native.exitCode);
  });
});

describe.skipIf(!hasQemu || !hasGcc)("posix-smoke (fork, pipes, signals, mmap) under qemu-riscv32 equals its glibc build", () => {
  it("prints the same transcript", () => {
    const dir = mkdtempSync(join(tmpdir(), "litebox-native-"));
    try {
      const exe = join(dir, "posix-smoke");
      expect(host("gcc", ["-O2", "-std=gnu11", "-w", "-o", exe, join(GUEST_DIR, "tests/posix-smoke.c")]).exitCode).toBe(0);
      const native = host(exe, []);
      const q = host(QEMU, ["-cpu", QEMU_CPU, join(BIN_DIR, "posix-smoke.elf")]);
      expect(decoder.decode(q.stdout)).toBe(decoder.decode(native.stdout));
      expect(decoder.decode(q.stdout)).toMatch(/done\n$/);
      expect(q.exitCode).toBe(native.exitCode);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

afterAll(() => {
  const rows = [...hartRuns.values()].length;
  if (rows > 0) {
    const lines = [...hartRuns].map(([name, r]) =>
      `${name.padEnd(14)} ${String(r.instructions).padStart(11)} instr ${r.ms.toFixed(0).padStart(6)} ms`);
    console.log(`[riscv guests] hart runs (quick sizes):\n${lines.join("\n")}`);
  }
});
