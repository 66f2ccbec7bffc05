/**
 * A small machine for unit tests: code assembled at {@link CODE}, a data area at {@link DATA}, on
 * either memory path, with a hart in a chosen tier. Used by the hart's and the ports' tests.
 */
import { Hart, type HartOptions } from "../../src/hart/hart";
import type { HartStop } from "../../src/hart/stop";
import { FlatMemory } from "../../src/memory/flat-memory";
import { TranslatedMemory } from "../../src/memory/translated-memory";
import { Assembler, ECALL } from "./asm";
import type { TestMemory } from "./guest";

/** Where test code goes. */
export const CODE = 0x10000;
/** Where the test data area (two RW pages) goes. */
export const DATA = 0x20000;

/** The memory paths. */
export const PATHS = ["flat", "translated"] as const;
/** A memory path. */
export type Path = (typeof PATHS)[number];

/** The tiers: interpreter only, or compile on first sight. */
export const TIERS = { interpreter: Infinity, compiled: 1 } as const;
/** A tier name. */
export type Tier = keyof typeof TIERS;

/** Every (path, tier) pair, for `describe.each`. */
export const CONFIGS: readonly (readonly [Path, Tier])[] = PATHS.flatMap((p) => (["interpreter", "compiled"] as const).map((t) => [p, t] as const));

/** Options of {@link machine}. */
export interface MachineOptions {
  /** Permissions of the code pages (default 5: R-X). */
  readonly codeProt?: number;
  /** Pages of code to map (default 2). */
  readonly codePages?: number;
  /** Extra hart options. */
  readonly hart?: HartOptions;
}

/** A test machine. */
export interface Machine {
  /** Its memory. */
  readonly memory: TestMemory;
  /** Its hart, pc at {@link CODE}. */
  readonly hart: Hart;
  /** Runs until the first non-budget stop (or `budget` instructions). */
  run(budget?: number): HartStop;
}

/** Creates memory on `path`, maps code and data, loads `build`'s code and returns a hart on it. */
export function machine(path: Path, tier: Tier, build: (a: Assembler) => void, options: MachineOptions = {}): Machine {
  const memory: TestMemory = path === "flat" ? new FlatMemory({ size: 1 << 24 }) : new TranslatedMemory({ frames: 256, tlbEntries: 16 });
  const codePages = options.codePages ?? 2;
  memory.map(CODE, codePages * 4096, 3);
  const a = new Assembler(CODE);
  build(a);
  memory.writeBytes(CODE, a.bytes());
  memory.protect(CODE, codePages * 4096, options.codeProt ?? 5);
  memory.map(DATA, 2 * 4096, 3);
  const hart = new Hart(memory, { tierUpThreshold: TIERS[tier], ...options.hart });
  hart.pc = CODE;
  return { memory, hart, run: (budget = 1_000_000) => hart.run(budget) };
}

/** Appends `ecall` (the usual end of a test program). */
export function end(a: Assembler): void {
  a.emit(ECALL);
}
