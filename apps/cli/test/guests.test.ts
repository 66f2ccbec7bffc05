/**
 * The committed guests through `litebox run` on both platforms: the compute programs byte for byte
 * against qemu-riscv32 (visible skip without it), the POSIX tests whose syscalls this shim already
 * covers against their native-Linux transcripts, and hand-made ELFs for faults, exit codes and stdin.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exitCode, runCaptured } from "./support/capture";
import { EBREAK, ECALL, Reg, addi, bge, j, li, sw, tinyElf } from "./support/tiny-elf";

const GUEST = join(import.meta.dirname, "../../../guest");
const BIN = join(GUEST, "bin");
const hasQemu = spawnSync("qemu-riscv32", ["--version"]).status === 0;
const PLATFORMS = ["userland", "kernel-sim"] as const;

const COMPUTE: ReadonlyArray<[string, string[]]> = [
  ["hello", []],
  ["crc32", ["64"]],
  ["sha256", ["64"]],
  ["qsort", ["20000"]],
  ["matmul", ["40"]],
  ["bytecode-vm", ["1"]],
];

function qemu(elf: string, args: string[]): { stdout: string; status: number } {
  const r = spawnSync("qemu-riscv32", ["-cpu", "rv32,c=false", elf, ...args], { encoding: "latin1" });
  return { stdout: r.stdout, status: r.status ?? -1 };
}

describe.skipIf(!hasQemu)("compute guests: litebox (posix shim) equals qemu-riscv32", () => {
  for (const platform of PLATFORMS) {
    it.each(COMPUTE)(`%s on ${platform}`, async (name, args) => {
      const elf = join(BIN, `${name}.elf`);
      const expected = qemu(elf, args);
      const run = await runCaptured(["run", "--platform", platform, elf, ...args]);
      expect(run.stdout).toBe(expected.stdout);
      expect(exitCode(run)).toBe(expected.status);
      expect(run.stderr).toBe("");
      expect(run.diagnostics).toEqual([]);
    });
  }
});

// POSIX tests (guest/tests/posix) whose every syscall the process core and descriptor part serve.
// The others need the signal, memory, time and file parts; the conformance app runs them all.
const POSIX = [
  "fork-exit-codes",
  "pipe-fork",
  "waitid-errors",
  "waitid-wnohang",
  "kill-zombie",
  "pipe-eof-writers",
  "sigpipe-default",
  "pipe2-flags",
  "fd-errors",
  "dup-cloexec",
  "setpgid-setsid",
  "orphan-reparent",
  "reap-twenty",
  "pipe-iovec",
];

describe("POSIX guest tests: litebox's transcript equals the native Linux one", () => {
  for (const platform of PLATFORMS) {
    it.each(POSIX)(`%s on ${platform}`, async (name) => {
      const expected = readFileSync(join(GUEST, "tests/posix/expected", `${name}.out`), "latin1");
      const run = await runCaptured(["run", "--platform", platform, "--root", GUEST, `/bin/posix/${name}.elf`]);
      expect(run.stdout).toBe(expected);
      expect(run.stderr).toBe("");
      expect(exitCode(run)).toBe(0);
    });
  }
});

describe.each(PLATFORMS)("hand-made guests on %s", (platform) => {
  const dir = mkdtempSync(join(tmpdir(), "litebox-cli-"));
  const write = (name: string, code: number[]): string => {
    const path = join(dir, name);
    writeFileSync(path, tinyElf(code), { mode: 0o755 });
    return path;
  };
  const exit42 = write("exit42.elf", [li(Reg.a0, 42), li(Reg.a7, 94), ECALL]);
  const segv = write("segv.elf", [sw(Reg.zero, Reg.zero, 0)]);
  const trap = write("trap.elf", [EBREAK]);
  // cat: read(0, sp-256, 256); if (n <= 0) exit(0); write(1, sp-256, n); repeat.
  const cat = write("cat.elf", [
    addi(Reg.a1, Reg.sp, -256),
    li(Reg.a0, 0),
    li(Reg.a2, 256),
    li(Reg.a7, 63),
    ECALL,
    bge(Reg.zero, Reg.a0, 28), // a0 <= 0 → exit
    addi(Reg.a2, Reg.a0, 0),
    li(Reg.a0, 1),
    addi(Reg.a1, Reg.sp, -256),
    li(Reg.a7, 64),
    ECALL,
    j(-40),
    li(Reg.a0, 0),
    li(Reg.a7, 94),
    ECALL,
  ]);

  it("exit code, SIGSEGV (128+11) and SIGTRAP (128+5) as a shell reports them", async () => {
    expect(exitCode(await runCaptured(["run", "--platform", platform, exit42]))).toBe(42);
    expect(exitCode(await runCaptured(["run", "--platform", platform, segv]))).toBe(139);
    expect(exitCode(await runCaptured(["run", "--platform", platform, trap]))).toBe(133);
  });

  it("stdin reaches the guest, including after the guest blocked on it", async () => {
    const text = "line one\nline two\n".repeat(40);
    const run = await runCaptured(["run", "--platform", platform, cat], text);
    expect(run.stdout).toBe(text);
    expect(exitCode(run)).toBe(0);
  });

  it("a missing or malformed program fails like a shell: 127, 126", async () => {
    expect(exitCode(await runCaptured(["run", "--platform", platform, join(dir, "none.elf")]))).toBe(127);
    const junk = join(dir, "junk.elf");
    writeFileSync(junk, "not an elf");
    expect(exitCode(await runCaptured(["run", "--platform", platform, junk]))).toBe(126);
  });
});

describe("other shims through the same command", () => {
  it("--shim nt runs an NT-style guest that creates a child and reads its exit code", async () => {
    const run = await runCaptured(["run", "--shim", "nt", "--root", GUEST, "/bin/nt/exit-code.elf"]);
    expect(run.stdout).toBe(readFileSync(join(GUEST, "tests/nt/expected/exit-code.out"), "latin1"));
    expect(exitCode(run)).toBe(0);
  });
});
