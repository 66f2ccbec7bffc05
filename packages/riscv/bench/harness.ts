/**
 * Benchmark harness: loads an ELF with the package's loader into a {@link FlatMemory} or a
 * {@link TranslatedMemory}, runs it on a {@link Hart} answering only write and exit, and times it.
 */
import { PAGE_SIZE } from "@litebox-ts/core";
import { loadElf } from "../src/elf/load";
import type { LoadTarget } from "../src/elf/target";
import { Hart } from "../src/hart/hart";
import { CodeCache } from "../src/hart/code-cache";
import { FlatMemory } from "../src/memory/flat-memory";
import { TranslatedMemory } from "../src/memory/translated-memory";

/** Which memory path to run on. */
export type MemoryPath = "flat" | "translated";

/** One timed run. */
export interface TimedRun {
  /** Bytes written to fd 1 and 2. */
  readonly output: Uint8Array;
  /** Exit status. */
  readonly exitCode: number;
  /** Instructions retired. */
  readonly instructions: number;
  /** Wall time of execution (loading excluded), ms. */
  readonly ms: number;
  /** CPU time (user + system) of the process during execution, ms: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  /** Share of instructions run by compiled code. */
  readonly compiledShare: number;
  /** Pages compiled. */
  readonly compiles: number;
  /** Calls to the translate function (translated path). */
  readonly translations: number;
}

/** Loads and runs `elf` with `argv` on the given memory path. */
export function runTimed(elf: Uint8Array, argv: readonly string[], path: MemoryPath, tierUpThreshold?: number): TimedRun {
  const size = 64 * 1024 * 1024;
  const memory = path === "flat" ? new FlatMemory({ size }) : new TranslatedMemory({ frames: size / PAGE_SIZE });
  const range = path === "flat" ? { start: PAGE_SIZE, end: size } : { start: PAGE_SIZE, end: 0x40000000 };
  const target: LoadTarget<0> = {
    pages: {
      mapPages: (_s, address, length, prot) => memory.map(address, length, prot),
      protectPages: (_s, address, length, prot) => memory.protect(address, length, prot),
      unmapPages: (_s, address, length) => memory.unmap(address, length),
    },
    memory: { writeBytes: (_s, address, src) => memory.writeBytes(address, src) },
    space: 0,
    range,
  };
  const loaded = loadElf(elf, target, { argv, envp: [] });
  if (!loaded.ok) throw new Error(`load failed: ${JSON.stringify(loaded.error)}`);
  const hart = new Hart(memory, tierUpThreshold === undefined ? {} : { tierUpThreshold });
  hart.pc = loaded.value.entry;
  hart.setRegister(2, loaded.value.sp);
  const chunks: Uint8Array[] = [];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let exitCode: number | undefined;
  while (exitCode === undefined) {
    const stop = hart.run(1e9);
    if (stop.kind === "budget") continue;
    if (stop.kind !== "ecall") throw new Error(`guest stopped: ${JSON.stringify(stop)}`);
    const nr = hart.getRegister(17);
    if (nr === 93 || nr === 94) {
      exitCode = hart.getRegister(10) & 0xff;
      break;
    }
    let result = -38;
    if (nr === 64) {
      const buf = new Uint8Array(hart.getRegister(12));
      result = memory.readBytes(hart.getRegister(11), buf) === undefined ? buf.length : -14;
      chunks.push(buf);
    }
    hart.setRegister(10, result);
    hart.pc = hart.pc + 4;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const output = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    output.set(c, at);
    at += c.length;
  }
  const instructions = hart.instructionCount;
  return {
    output,
    exitCode,
    instructions,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    compiledShare: 1 - hart.interpretedInstructions / Math.max(1, instructions),
    compiles: CodeCache.of(memory).stats.compiles,
    translations: memory instanceof TranslatedMemory ? memory.translations : 0,
  };
}
