// `pnpm bench`: compute-guest MIPS on the flat path (the riscv package's FlatMemory, what the userland
// platform builds on) vs kernel-sim, and the cost of a copy-on-write clone by touched size. Each
// measurement runs in its own node process (bench/run-guest.mjs over the built packages) so the JIT's
// profile of the hart is not shared between memory models. Printed, never asserted.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bench, describe } from "vitest";

const RUNNER = fileURLToPath(new URL("./run-guest.mjs", import.meta.url));
const GUESTS: readonly (readonly [string, string])[] = [
  ["crc32.elf", "4096"],
  ["sha256.elf", "2048"],
  ["qsort.elf", "200000"],
  ["matmul.elf", "160"],
  ["bytecode-vm.elf", "4"],
];

function measure<T>(...args: string[]): T {
  return JSON.parse(execFileSync(process.execPath, [RUNNER, ...args], { encoding: "utf8" })) as T;
}

interface GuestRun {
  readonly instructions: number;
  readonly ms: number;
  readonly output: string;
}

function report(): string[] {
  const lines = ["", "guest                   instructions   flat MIPS   kernel-sim MIPS   ratio"];
  for (const [name, arg] of GUESTS) {
    const flat = measure<GuestRun>("flat", name, arg);
    const sim = measure<GuestRun>("kernel-sim", name, arg);
    if (flat.output !== sim.output || flat.instructions !== sim.instructions) throw new Error(`${name}: runs differ`);
    const f = flat.instructions / flat.ms / 1e3;
    const k = sim.instructions / sim.ms / 1e3;
    lines.push(`${`${name} ${arg}`.padEnd(22)} ${(sim.instructions / 1e6).toFixed(1).padStart(10)} M ${f.toFixed(0).padStart(11)} ${k.toFixed(0).padStart(17)} ${(k / f * 100).toFixed(0).padStart(6)}%`);
  }
  lines.push("", "clone (CoW)    clone ms   child breaks every page ms   destroy child ms");
  for (const mib of [1, 16, 64]) {
    const r = measure<{ cloneMs: number; breakMs: number; destroyMs: number }>("clone", String(mib));
    lines.push(`${`${mib} MiB touched`.padEnd(14)} ${r.cloneMs.toFixed(3).padStart(8)} ${r.breakMs.toFixed(1).padStart(28)} ${r.destroyMs.toFixed(3).padStart(18)}`);
  }
  return lines;
}

let printed = false;

describe("kernel-sim", () => {
  // The table is the result; tinybench may call the function more than once, it is printed once.
  bench("MIPS and clone cost (see the printed table)", () => {
    if (printed) return;
    printed = true;
    console.log(report().join("\n"));
  }, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
});
