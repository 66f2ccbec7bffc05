/**
 * `pnpm bench`: the POSIX shim's costs on both platforms, each beside the same program run natively
 * on this machine in the same run, with the ratio (how many times slower the guest is).
 *
 * One guest program, guest/bench/posix-bench.c, has a mode per measurement and times itself with
 * CLOCK_MONOTONIC: the committed rv32 build (guest/bin/bench/posix-bench.elf) runs in-process on
 * platform-userland and platform-kernel-sim with the real clock (so the guest's CLOCK_MONOTONIC is
 * the host's), and the same source is built with the host's gcc at bench time and run as a host
 * process. Measured: null syscall (ns), pipe round-trip latency (µs), pipe bandwidth with 64 KiB
 * writes (MB/s), fork + exit + wait with 1 MiB and 16 MiB touched (µs), fork + exec + wait (µs),
 * a futex ping-pong between two processes on MAP_SHARED memory (µs per round trip).
 *
 * Median of LITEBOX_BENCH_REPEAT runs (default 3). LITEBOX_BENCH_ONLY=null,futex restricts what
 * runs; LITEBOX_BENCH_SCALE multiplies the guest iteration counts (default 1). Nothing is asserted.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LiteBox, RealClock, type Provider } from "@litebox-ts/core";
import { KernelSimPlatform } from "@litebox-ts/platform-kernel-sim";
import { UserlandPlatform } from "@litebox-ts/platform-userland";
import { loadElf } from "@litebox-ts/riscv";
import { test } from "vitest";
import { MapProgramSource, PosixShim, decodeWaitStatus, type AnyLiteBox } from "../src/index";

const GUEST = join(import.meta.dirname, "../../../guest");
const SOURCE = join(GUEST, "bench/posix-bench.c");
const ELF = join(GUEST, "bin/bench/posix-bench.elf");
const GUEST_PATH = "/bench/posix-bench.elf";
const REPEAT = Number(process.env.LITEBOX_BENCH_REPEAT ?? 3);
const SCALE = Number(process.env.LITEBOX_BENCH_SCALE ?? 1);
const ONLY = process.env.LITEBOX_BENCH_ONLY?.split(",");

/** One measurement: its mode's arguments for the guest and for the (much faster) native run. */
interface Bench {
  readonly key: string;
  readonly title: string;
  readonly unit: "ns" | "µs" | "MB/s";
  /** Larger is better (bandwidth): the ratio is native / guest instead of guest / native. */
  readonly higherIsBetter?: boolean;
  readonly guest: readonly string[];
  readonly native: readonly string[];
}

const scaled = (n: number): string => String(Math.max(1, Math.round(n * SCALE)));

const BENCHES: readonly Bench[] = [
  { key: "null", title: "null syscall (getppid)", unit: "ns", guest: ["null", scaled(500_000)], native: ["null", "2000000"] },
  { key: "pipe-rtt", title: "pipe round trip, 1 byte", unit: "µs", guest: ["pipe-rtt", scaled(20_000)], native: ["pipe-rtt", "50000"] },
  { key: "pipe-bw", title: "pipe bandwidth, 64 KiB writes", unit: "MB/s", higherIsBetter: true, guest: ["pipe-bw", scaled(64)], native: ["pipe-bw", "1024"] },
  { key: "fork1", title: "fork+exit+wait, 1 MiB touched", unit: "µs", guest: ["fork", "1", scaled(50)], native: ["fork", "1", "500"] },
  { key: "fork16", title: "fork+exit+wait, 16 MiB touched", unit: "µs", guest: ["fork", "16", scaled(10)], native: ["fork", "16", "200"] },
  { key: "exec", title: "fork+exec+wait", unit: "µs", guest: ["exec", scaled(50)], native: ["exec", "500"] },
  { key: "futex", title: "futex ping-pong, 2 processes", unit: "µs", guest: ["futex", scaled(20_000)], native: ["futex", "50000"] },
];

const PLATFORMS = {
  userland: (): Provider<unknown> =>
    new UserlandPlatform({ clock: new RealClock(), regionSize: 32 * 1024 * 1024, regionCount: 64 }) as Provider<unknown>,
  "kernel-sim": (): Provider<unknown> => new KernelSimPlatform({ clock: new RealClock() }) as Provider<unknown>,
} as const;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs the guest once on a fresh platform; answers the number it printed. */
async function runGuest(make: () => Provider<unknown>, elf: Uint8Array, args: readonly string[]): Promise<number> {
  const litebox = new LiteBox(make()) as AnyLiteBox;
  let out = "";
  let err = "";
  const shim = new PosixShim(litebox, {
    loader: loadElf,
    programs: new MapProgramSource([[GUEST_PATH, elf]]),
    stdio: {
      stdout: { write: (b) => void (out += new TextDecoder().decode(b)) },
      stderr: { write: (b) => void (err += new TextDecoder().decode(b)) },
    },
  });
  const spawned = shim.spawn({ program: GUEST_PATH, argv: [GUEST_PATH, ...args] });
  if (!spawned.ok) throw new Error(`spawn: ${spawned.error._tag}`);
  const report = await shim.run();
  const status = decodeWaitStatus(await spawned.value.exited);
  if (report.kind !== "completed" || status.code !== 1 || status.status !== 0) {
    throw new Error(`${args.join(" ")}: ${report.kind}, status ${JSON.stringify(status)}, stderr ${err}`);
  }
  return Number(out.trim());
}

/** Builds the native program; undefined (with a note) when there is no gcc. */
function buildNative(dir: string): string | undefined {
  const exe = join(dir, "posix-bench");
  const r = spawnSync("gcc", ["-O2", "-std=gnu11", "-o", exe, SOURCE], { encoding: "utf8" });
  if (r.status !== 0) {
    console.warn(`[shim-posix bench] no native build (gcc: ${r.error?.message ?? r.stderr.trim()}): native column left empty`);
    return undefined;
  }
  return exe;
}

function runNative(exe: string, args: readonly string[]): number {
  const r = spawnSync(exe, [...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`native ${args.join(" ")}: status ${r.status}, ${r.stderr}`);
  return Number(r.stdout.trim());
}

const fmt = (x: number | undefined): string => (x === undefined ? "—" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

test("POSIX shim benchmarks: both platforms against native Linux", async () => {
  const elf = new Uint8Array(readFileSync(ELF));
  const dir = mkdtempSync(join(tmpdir(), "litebox-posix-bench-"));
  try {
    const native = buildNative(dir);
    const rows: string[][] = [["measurement", "unit", "native", "userland", "×", "kernel-sim", "×"]];
    for (const bench of BENCHES) {
      if (ONLY !== undefined && !ONLY.includes(bench.key)) continue;
      const nativeValue = native === undefined ? undefined : median(Array.from({ length: REPEAT }, () => runNative(native, bench.native)));
      const row = [bench.title, bench.unit, fmt(nativeValue)];
      for (const make of Object.values(PLATFORMS)) {
        const values: number[] = [];
        for (let i = 0; i < REPEAT; i++) values.push(await runGuest(make, elf, bench.guest));
        const value = median(values);
        const ratio = nativeValue === undefined ? undefined : bench.higherIsBetter ? nativeValue / value : value / nativeValue;
        row.push(fmt(value), ratio === undefined ? "—" : `${fmt(ratio)}×`);
      }
      rows.push(row);
      console.log(`[shim-posix bench] ${row.join("  ")}`);
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    const table = rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")).join("\n");
    console.log(`\nPOSIX shim (median of ${REPEAT}; × = times slower than native on this machine)\n${table}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
