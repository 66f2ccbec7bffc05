/**
 * `pnpm bench`: the two platforms side by side, on the real clock.
 *
 * 1. MIPS of the compute guests of guest/bin on platform-userland (SharedMemory, flat SFI memory
 *    path) and platform-kernel-sim (Isolated, Sv32 + soft TLB), each run by the core's Scheduler and the
 *    test shim, and the ratio kernel-sim / userland (goal ≥ 60%). Best of LITEBOX_BENCH_REPEAT runs
 *    (default 3); qemu-riscv32's rate on the same file is shown for reference when it is installed.
 * 2. The cost of `forkAddressSpace` for a parent with 1, 16 and 64 MiB touched: a copy-on-write clone
 *    on kernel-sim, an eager copy on userland; and the cost of then writing every touched page in the
 *    child (where kernel-sim pays its copies). Median of LITEBOX_FORK_REPEAT runs (default 5).
 *
 * Nothing is asserted. LITEBOX_BENCH_ONLY=crc32,fork restricts what runs; LITEBOX_BENCH_QUANTUM sets the
 * scheduler quantum (default 1 000 000 instructions).
 */
import { spawnSync } from "node:child_process";
import { PAGE_SIZE, Prot, RealClock, forkAddressSpace, type Provider } from "@litebox-ts/core";
import { test } from "vitest";
import { GUEST_BIN, qemuAvailable, runGuestOn, runQemu } from "../test/support/guests";
import { kernelSim, userland } from "../test/support/platforms";

const MiB = 1024 * 1024;
const REPEAT = Number(process.env.LITEBOX_BENCH_REPEAT ?? 3);
const FORK_REPEAT = Number(process.env.LITEBOX_FORK_REPEAT ?? 5);
const ONLY = process.env.LITEBOX_BENCH_ONLY?.split(",");
/** Instructions per scheduler quantum (a shim would use the Scheduler's default, 10 000). */
const QUANTUM = Number(process.env.LITEBOX_BENCH_QUANTUM ?? 1_000_000);
const wanted = (name: string): boolean => ONLY === undefined || ONLY.includes(name);

/** The compute guests at their default sizes (hundreds of millions of instructions each). */
const COMPUTE = [
  { name: "crc32", args: [] },
  { name: "sha256", args: [] },
  { name: "qsort", args: [] },
  { name: "matmul", args: [] },
  { name: "bytecode-vm", args: [] },
] as const;

const pad = (s: string | number, n: number): string => String(s).padStart(n);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function bestMips(make: () => Provider<unknown>, name: string, args: readonly string[]): Promise<{ mips: number; instructions: number; stdout: string }> {
  let best = 0;
  let instructions = 0;
  let stdout = "";
  for (let i = 0; i < REPEAT; i++) {
    const platform = make(); // a fresh platform each time: no warm code cache from the last run
    const run = await runGuestOn(platform, name, args, QUANTUM);
    if (run.report.kind !== "completed") throw new Error(`${name}: ${run.report.kind}`);
    best = Math.max(best, run.instructions / run.ms / 1000);
    instructions = run.instructions;
    stdout = new TextDecoder().decode(run.stdout);
  }
  return { mips: best, instructions, stdout };
}

function qemuMips(name: string, args: readonly string[], instructions: number): number | undefined {
  if (!qemuAvailable()) return undefined;
  let best = Infinity;
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    runQemu(name, args);
    best = Math.min(best, performance.now() - t0);
  }
  // Subtract qemu's start-up (hello does ~600 instructions).
  const t0 = performance.now();
  spawnSync("qemu-riscv32", [new URL("hello.elf", GUEST_BIN).pathname]);
  const startup = performance.now() - t0;
  return instructions / Math.max(best - startup, 1e-3) / 1000;
}

test("MIPS of the compute guests on both platforms", async () => {
  const clock = new RealClock();
  const makeU = (): Provider<unknown> => userland({ clock }) as never;
  const makeK = (): Provider<unknown> => kernelSim({ clock }) as never;
  const rows: string[] = [];
  const ratios: number[] = [];
  for (const g of COMPUTE) {
    if (!wanted(g.name)) continue;
    const u = await bestMips(makeU, g.name, g.args);
    const k = await bestMips(makeK, g.name, g.args);
    if (u.stdout !== k.stdout) throw new Error(`${g.name}: the platforms disagree: ${u.stdout} / ${k.stdout}`);
    const q = qemuMips(g.name, g.args, u.instructions);
    const ratio = k.mips / u.mips;
    ratios.push(ratio);
    rows.push(`${g.name.padEnd(12)}${pad(g.args.join(" ") || "default", 8)}${pad((u.instructions / 1e6).toFixed(1), 10)}${pad(u.mips.toFixed(1), 11)}${pad(k.mips.toFixed(1), 12)}${pad(`${(ratio * 100).toFixed(0)}%`, 8)}${pad(q === undefined ? "-" : q.toFixed(0), 9)}`);
  }
  const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / Math.max(ratios.length, 1));
  console.log([
    "",
    `MIPS, best of ${REPEAT} (real clock; Scheduler with a ${QUANTUM}-instruction quantum + test shim; fresh platform per run)`,
    `${"program".padEnd(12)}${pad("arg", 8)}${pad("Minstr", 10)}${pad("userland", 11)}${pad("kernel-sim", 12)}${pad("k/u", 8)}${pad("qemu", 9)}`,
    ...rows,
    `geometric mean kernel-sim / userland: ${(geo * 100).toFixed(0)}% (goal ≥ 60%)`,
  ].join("\n"));
});

/** Times `f` in milliseconds. */
function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function forkCost(make: () => Provider<unknown>, bytes: number): { fork: number; childWrite: number; parentWrite: number } {
  const forks: number[] = [];
  const childWrites: number[] = [];
  const parentWrites: number[] = [];
  const page = new Uint8Array(PAGE_SIZE).fill(0x5a);
  for (let i = 0; i < FORK_REPEAT; i++) {
    const platform = make();
    const parent = platform.createAddressSpace();
    if (!parent.ok) throw new Error(parent.error);
    const base = 0x10000;
    if (!platform.mapPages(parent.value, base, bytes, Prot.Read | Prot.Write).ok) throw new Error("mapPages");
    for (let at = base; at < base + bytes; at += PAGE_SIZE) platform.writeBytes(parent.value, at, page);
    let child: unknown;
    forks.push(time(() => {
      const forked = forkAddressSpace(platform, parent.value);
      if (!forked.ok) throw new Error(JSON.stringify(forked.error));
      child = forked.value;
    }));
    // One word per page: the cost of separating the pages (copy-on-write breaks on kernel-sim).
    const word = new Uint8Array(4).fill(1);
    childWrites.push(time(() => {
      for (let at = base; at < base + bytes; at += PAGE_SIZE) platform.writeBytes(child, at, word);
    }));
    parentWrites.push(time(() => {
      for (let at = base; at < base + bytes; at += PAGE_SIZE) platform.writeBytes(parent.value, at, word);
    }));
    platform.destroyAddressSpace(child);
    platform.destroyAddressSpace(parent.value);
  }
  return { fork: median(forks), childWrite: median(childWrites), parentWrite: median(parentWrites) };
}

test("cost of cloning an address space with 1, 16 and 64 MiB touched", () => {
  if (!wanted("fork")) return;
  const clock = new RealClock();
  const makeU = (): Provider<unknown> => userland({ clock, regionSize: 128 * MiB, regionCount: 4 }) as never;
  const makeK = (): Provider<unknown> => kernelSim({ clock, memorySize: 512 * MiB }) as never;
  const rows: string[] = [];
  let previous: { u: number; k: number } | undefined;
  for (const mib of [1, 16, 64]) {
    const u = forkCost(makeU, mib * MiB);
    const k = forkCost(makeK, mib * MiB);
    const growth = previous ? `×${(u.fork / previous.u).toFixed(1)} / ×${(k.fork / previous.k).toFixed(1)}` : "";
    previous = { u: u.fork, k: k.fork };
    rows.push(`${pad(`${mib} MiB`, 7)}${pad(u.fork.toFixed(2), 12)}${pad(k.fork.toFixed(2), 12)}${pad(growth, 16)}${pad(u.childWrite.toFixed(2), 13)}${pad(k.childWrite.toFixed(2), 13)}${pad(k.parentWrite.toFixed(2), 13)}`);
  }
  console.log([
    "",
    `forkAddressSpace, ms (median of ${FORK_REPEAT}); userland: eager copy, kernel-sim: copy-on-write clone`,
    `${pad("touched", 7)}${pad("u fork", 12)}${pad("k fork", 12)}${pad("growth u / k", 16)}${pad("u child wr", 13)}${pad("k child wr", 13)}${pad("k parent wr", 13)}`,
    ...rows,
    "child wr / parent wr: one 4-byte write per touched page after the fork (kernel-sim copies each page on its child write; the parent's pages are then its own)",
  ].join("\n"));
});
