/**
 * Runs a test ELF on the hart with a minimal "kernel": `write` (64) to fd 1 or 2 and `exit` (93) /
 * `exit_group` (94), nothing else. The counterpart of running the same file under qemu-riscv32.
 */
import type { FlatMemory } from "../../src/memory/flat-memory";
import type { TranslatedMemory } from "../../src/memory/translated-memory";
import type { Hart } from "../../src/hart/hart";
import type { HartStop } from "../../src/hart/stop";
import { readElf } from "./elf";

/** Either test memory. */
export type TestMemory = FlatMemory | TranslatedMemory;

const PAGE = 4096;

/** Maps the PT_LOAD segments of `file` (and a stack below `stackTop`); returns the entry point. */
export function loadElf(memory: TestMemory, file: Uint8Array, stackTop?: number): number {
  const { entry, segments } = readElf(file);
  for (const s of segments) {
    const start = s.vaddr - (s.vaddr % PAGE);
    const length = Math.ceil((s.vaddr + s.memsz - start) / PAGE) * PAGE;
    const prot = ((s.flags & 4) !== 0 ? 1 : 0) | ((s.flags & 2) !== 0 ? 2 : 0) | ((s.flags & 1) !== 0 ? 4 : 0);
    if (!memory.map(start, length, 3).ok) throw new Error("map failed");
    if (memory.writeBytes(s.vaddr, s.data) !== undefined) throw new Error("load failed");
    if (!memory.protect(start, length, prot).ok) throw new Error("protect failed");
  }
  if (stackTop !== undefined) {
    if (!memory.map(stackTop - 256 * 1024, 256 * 1024, 3).ok) throw new Error("stack map failed");
  }
  return entry;
}

/** What a guest run produced. */
export interface GuestRun {
  /** Bytes written to fd 1 and 2, in order. */
  readonly stdout: Uint8Array;
  /** The exit status, if the guest exited. */
  readonly exitCode: number | undefined;
  /** The stop that ended the run when it was not an exit (a fault, an unknown syscall, …). */
  readonly stop: HartStop | undefined;
  /** Instructions retired. */
  readonly instructions: number;
  /** The retired-instruction count at each ecall. */
  readonly ecallCounts: readonly number[];
}

/** Options of {@link runGuest}. */
export interface RunGuestOptions {
  /** Give up after this many instructions (default 2e9). */
  readonly maxInstructions?: number;
  /** Budget of each `run` call (default: all that is left); called before every call. */
  readonly slice?: () => number;
}

/** Runs the hart until the guest exits or stops abnormally. */
export function runGuest(hart: Hart, options: RunGuestOptions = {}): GuestRun {
  const max = options.maxInstructions ?? 2e9;
  const chunks: Uint8Array[] = [];
  const ecallCounts: number[] = [];
  const start = hart.instructionCount;
  for (;;) {
    const used = hart.instructionCount - start;
    if (used >= max) return finish(undefined, { kind: "budget", pc: hart.pc });
    const budget = Math.min(max - used, options.slice?.() ?? max);
    const stop = hart.run(budget);
    if (stop.kind === "budget") continue;
    if (stop.kind !== "ecall") return finish(undefined, stop);
    ecallCounts.push(hart.instructionCount);
    const nr = hart.getRegister(17);
    if (nr === 93 || nr === 94) return finish(hart.getRegister(10) | 0, undefined);
    if (nr !== 64) return finish(undefined, stop);
    const fd = hart.getRegister(10);
    const buf = new Uint8Array(hart.getRegister(12));
    const fault = fd === 1 || fd === 2 ? hart.memory.readBytes(hart.getRegister(11), buf) : "badf";
    if (fault === undefined) chunks.push(buf);
    hart.setRegister(10, fault === undefined ? buf.length : fault === "badf" ? -9 : -14);
    hart.pc = hart.pc + 4;
  }

  function finish(exitCode: number | undefined, stop: HartStop | undefined): GuestRun {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const stdout = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      stdout.set(c, at);
      at += c.length;
    }
    return { stdout, exitCode, stop, instructions: hart.instructionCount - start, ecallCounts };
  }
}
