/**
 * Runs test ELFs under qemu-riscv32 (Debian package `qemu-user`), the hart's reference.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The qemu binary used as the oracle. */
export const QEMU = "qemu-riscv32";

/** qemu's CPU model: RV32 without the C extension, so both sides reject compressed encodings. */
export const QEMU_CPU = "rv32,c=false";

/** Whether qemu-riscv32 can be run here. */
export function qemuAvailable(): boolean {
  const r = spawnSync(QEMU, ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

/** What qemu produced. */
export interface QemuRun {
  /** Bytes written to stdout. */
  readonly stdout: Uint8Array;
  /** Exit status, or undefined when killed by a signal. */
  readonly exitCode: number | undefined;
  /** The signal that killed it, if any. */
  readonly signal: string | undefined;
  /** Wall time of the run, ms. */
  readonly ms: number;
}

/** Runs `elf` under qemu-riscv32 and captures its stdout and exit status. */
export function runQemu(elf: Uint8Array, args: readonly string[] = [], timeoutMs = 120_000): QemuRun {
  const dir = mkdtempSync(join(tmpdir(), "litebox-qemu-"));
  try {
    const file = join(dir, "guest.elf");
    writeFileSync(file, elf, { mode: 0o755 });
    const t0 = performance.now();
    const r = spawnSync(QEMU, ["-cpu", QEMU_CPU, file, ...args], { maxBuffer: 1 << 30, timeout: timeoutMs });
    const ms = performance.now() - t0;
    if (r.error) throw r.error;
    return {
      stdout: new Uint8Array(r.stdout),
      exitCode: r.status ?? undefined,
      signal: r.signal ?? undefined,
      ms,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A qemu run with its CPU time. */
export interface TimedQemuRun extends QemuRun {
  /** User + system CPU time of the qemu process, ms (from /usr/bin/time), or NaN if unavailable. */
  readonly cpuMs: number;
}

/** Runs an ELF file already on disk under qemu; CPU time is measured with /usr/bin/time when present. */
export function runQemuFile(file: string, args: readonly string[] = [], timeoutMs = 600_000): TimedQemuRun {
  const timed = existsSync("/usr/bin/time");
  const command = timed ? "/usr/bin/time" : QEMU;
  const argv = [...(timed ? ["-f", "litebox-cpu %U %S", QEMU] : []), "-cpu", QEMU_CPU, file, ...args];
  const t0 = performance.now();
  const r = spawnSync(command, argv, { maxBuffer: 1 << 30, timeout: timeoutMs });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  const m = /litebox-cpu ([\d.]+) ([\d.]+)/.exec(String(r.stderr));
  const cpuMs = m === null ? NaN : (Number(m[1]) + Number(m[2])) * 1000;
  return { stdout: new Uint8Array(r.stdout), exitCode: r.status ?? undefined, signal: r.signal ?? undefined, ms, cpuMs };
}

/** Like {@link runQemu} but asynchronous, so several qemu runs (and the hart) overlap. */
export async function runQemuAsync(elf: Uint8Array, timeoutMs = 120_000): Promise<QemuRun> {
  const { execFile } = await import("node:child_process");
  const dir = mkdtempSync(join(tmpdir(), "litebox-qemu-"));
  const file = join(dir, "guest.elf");
  writeFileSync(file, elf, { mode: 0o755 });
  const t0 = performance.now();
  try {
    return await new Promise<QemuRun>((resolve, reject) => {
      execFile(QEMU, ["-cpu", QEMU_CPU, file], { encoding: "buffer", maxBuffer: 1 << 30, timeout: timeoutMs },
        (error, stdout) => {
          const ms = performance.now() - t0;
          const e = error as (NodeJS.ErrnoException & { code?: unknown; signal?: NodeJS.Signals | null }) | null;
          if (e !== null && typeof e.code !== "number" && e.signal == null) {
            reject(e);
            return;
          }
          resolve({
            stdout: new Uint8Array(stdout),
            exitCode: e === null ? 0 : typeof e.code === "number" ? e.code : undefined,
            signal: e?.signal ?? undefined,
            ms,
          });
        });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
