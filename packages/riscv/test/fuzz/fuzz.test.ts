/**
 * Differential fuzzing against qemu-riscv32: LITEBOX_FUZZ_PROGRAMS programs (default 2000) in
 * batches of 100, each batch one ELF. Longer run (documented in the README):
 *   LITEBOX_FUZZ_PROGRAMS=100000 pnpm fuzz
 * LITEBOX_FUZZ_SEED picks another reproducible stream of programs.
 */
import { describe, expect, test } from "vitest";
import { checkBatch, type TierStats } from "./differential";
import { generateBatch } from "./generator";
import { QEMU, qemuAvailable, runQemuAsync, type QemuRun } from "./qemu";

const PROGRAMS = Number(process.env.LITEBOX_FUZZ_PROGRAMS ?? 2000);
const SEED = Number(process.env.LITEBOX_FUZZ_SEED ?? 20240601);
const PER_BATCH = 100;
const hasQemu = qemuAvailable();

if (!hasQemu) {
  console.warn(`[riscv fuzz] SKIPPED: ${QEMU} not found; install the Debian package qemu-user to run the differential fuzzer`);
}

describe.skipIf(!hasQemu)("differential fuzz vs qemu-riscv32", () => {
  test(`${PROGRAMS} random RV32IMA programs agree with qemu`, async () => {
    const batches = Math.ceil(PROGRAMS / PER_BATCH);
    const problems: string[] = [];
    let checked = 0;
    const stats: TierStats = new Map();
    // qemu runs one batch ahead of the hart so the two overlap on a 2-core machine.
    const make = (b: number): { seed: number; batch: ReturnType<typeof generateBatch>; qemu: Promise<QemuRun> } => {
      const seed = (SEED + b * 7919) | 0;
      const batch = generateBatch(seed, { programs: Math.min(PER_BATCH, PROGRAMS - b * PER_BATCH) });
      return { seed, batch, qemu: runQemuAsync(batch.elf) };
    };
    let next = make(0);
    for (let b = 0; b < batches && problems.length === 0; b++) {
      const current = next;
      if (b + 1 < batches) next = make(b + 1);
      const qemu = await current.qemu;
      for (const p of checkBatch(current.batch, qemu, current.seed, stats)) problems.push(`seed ${current.seed}: ${p}`);
      checked += current.batch.programs.length;
      if (PROGRAMS > 2000 && checked % 10_000 === 0) console.log(`[riscv fuzz] ${checked} programs checked`);
    }
    const tiers = [...stats].map(([name, s]) => `${name} ${((100 * s.compiled) / Math.max(1, s.total)).toFixed(0)}% compiled`);
    if (problems.length === 0) console.log(`[riscv fuzz] ${checked} programs agree with qemu (seed ${SEED}); ${tiers.join(", ")}`);
    expect(problems.slice(0, 3).join("\n\n")).toBe("");
    expect(checked).toBe(PROGRAMS);
  }, 3_600_000);
});
