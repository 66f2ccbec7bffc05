/**
 * The differential check of one fuzz batch: run it under qemu and under the hart in several
 * configurations (interpreter only, compiled on first sight with random budget slices, translated
 * path with a tiny TLB), compare every program's dump with qemu's, and check that the instruction
 * counts at every ecall agree across the hart's configurations. A mismatch is reported with the
 * program's disassembly and the differing registers / scratch bytes.
 */
import { Hart, type HartOptions } from "../../src/hart/hart";
import { FlatMemory } from "../../src/memory/flat-memory";
import { TranslatedMemory } from "../../src/memory/translated-memory";
import { disassemble } from "./disasm";
import { DUMP_REGS, DUMP_SIZE, TEXT_BASE, type FuzzBatch } from "./generator";
import { loadElf, runGuest, type GuestRun, type TestMemory } from "./guest";
import type { QemuRun } from "./qemu";
import { Rng } from "./random";

/** One hart configuration of the differential run. */
export interface EngineConfig {
  /** Name in reports. */
  readonly name: string;
  /** Builds the memory. */
  readonly memory: () => TestMemory;
  /** Hart options. */
  readonly hart: HartOptions;
  /** Largest random budget slice (0: run whole). */
  readonly maxSlice: number;
}

/** The configurations every batch runs in. */
export const ENGINES: readonly EngineConfig[] = [
  { name: "flat/interpreter", memory: () => new FlatMemory(), hart: { tierUpThreshold: Infinity }, maxSlice: 0 },
  { name: "flat/compiled", memory: () => new FlatMemory(), hart: { tierUpThreshold: 1 }, maxSlice: 400 },
  {
    name: "translated/compiled",
    memory: () => new TranslatedMemory({ frames: 1024, tlbEntries: 4 }),
    hart: { tierUpThreshold: 2 },
    maxSlice: 2000,
  },
];

/** Instructions run per configuration, and how many of them ran compiled. */
export type TierStats = Map<string, { total: number; compiled: number }>;

/** Runs a batch on the hart in one configuration. */
export function runOnHart(batch: FuzzBatch, engine: EngineConfig, seed: number, stats?: TierStats): GuestRun {
  const memory = engine.memory();
  const hart = new Hart(memory, engine.hart);
  hart.pc = loadElf(memory, batch.elf);
  const rng = new Rng(seed);
  const run = runGuest(hart, {
    maxInstructions: 50_000_000,
    ...(engine.maxSlice > 0 ? { slice: () => rng.int(1, engine.maxSlice) } : {}),
  });
  if (stats !== undefined) {
    const entry = stats.get(engine.name) ?? { total: 0, compiled: 0 };
    entry.total += run.instructions;
    entry.compiled += run.instructions - hart.interpretedInstructions;
    stats.set(engine.name, entry);
  }
  return run;
}

function hex(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
}

/** Describes the first difference between two stdout dumps, or undefined if they are equal. */
export function describeMismatch(batch: FuzzBatch, expected: Uint8Array, actual: Uint8Array): string | undefined {
  const n = Math.max(expected.length, actual.length);
  let first = -1;
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) {
      first = i;
      break;
    }
  }
  if (first < 0) return undefined;
  const index = Math.floor(first / DUMP_SIZE);
  const lines = [`program ${index} of the batch differs (stdout ${expected.length} vs ${actual.length} bytes)`];
  const base = index * DUMP_SIZE;
  const word = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
  for (let reg = 0; reg < 32; reg++) {
    const at = base + reg * 4;
    if (at + 4 > Math.min(expected.length, actual.length)) break;
    const e = word(expected, at);
    const a = word(actual, at);
    if (e !== a) lines.push(`  x${reg}: qemu ${hex(e)} hart ${hex(a)}`);
  }
  for (let off = DUMP_REGS; off < DUMP_SIZE; off++) {
    const at = base + off;
    if (at >= Math.min(expected.length, actual.length)) break;
    if (expected[at] !== actual[at]) lines.push(`  scratch+${off - DUMP_REGS}: qemu ${expected[at]} hart ${actual[at]}`);
  }
  const span = batch.programs[index];
  if (span !== undefined) {
    lines.push("  program:");
    for (let pc = span.start; pc < span.end; pc += 4) {
      const w = batch.text[(pc - TEXT_BASE) / 4]!;
      lines.push(`    ${hex(pc)}: ${hex(w)}  ${disassemble(w, pc)}`);
    }
  }
  return lines.join("\n");
}

/** Checks a batch; returns the problems found (empty when everything agrees). */
export function checkBatch(batch: FuzzBatch, qemu: QemuRun, seed: number, stats?: TierStats, engines = ENGINES): string[] {
  const problems: string[] = [];
  if (qemu.exitCode !== 0) problems.push(`qemu exited with ${qemu.exitCode} (${qemu.signal ?? "no signal"})`);
  let reference: GuestRun | undefined;
  for (const engine of engines) {
    const run = runOnHart(batch, engine, seed, stats);
    if (run.exitCode !== 0) problems.push(`${engine.name}: exit ${run.exitCode}, stop ${JSON.stringify(run.stop)}`);
    const mismatch = describeMismatch(batch, qemu.stdout, run.stdout);
    if (mismatch !== undefined) problems.push(`${engine.name}: ${mismatch}`);
    if (reference === undefined) {
      reference = run;
    } else if (run.ecallCounts.join() !== reference.ecallCounts.join()) {
      problems.push(`${engine.name}: instruction counts at ecalls differ from ${ENGINES[0]!.name}`);
    }
  }
  return problems;
}
