/**
 * A scripted CPU for shim tests (the shim may not import the riscv hart). A "program" is a list of
 * steps; step i lives at pc = base + 4·i, so registers and pc copied by fork or thread creation carry
 * the script position along, and execve of another script moves pc to that script's base. Steps:
 * a syscall (registers set, then `ecall`), a jump decided from the registers, a fault, or a spin
 * (pure computation until preempted).
 */
import type { CpuContext, CpuRegisters, CpuStop } from "@litebox-ts/core";

/** One step of a script. */
export type Step =
  /** Sets a7 and a0..a5 (from the registers, so a step can use earlier results), then traps. */
  | { readonly sys: number; readonly args?: (cpu: CpuRegisters) => readonly number[] }
  /** Moves to step `to(cpu)` without trapping (if/else on a0, loops). */
  | { readonly jump: (cpu: CpuRegisters) => number }
  /** Runs host code on the registers (save a0 in a callee-saved register, say), then continues. */
  | { readonly host: (cpu: CpuRegisters) => void }
  /** A page fault at `address`. */
  | { readonly fault: number }
  /** Computes forever (until preempted). */
  | { readonly spin: true };

/** Scripts by name, each at its own base address. */
export class ScriptBook {
  readonly #scripts = new Map<number, readonly Step[]>();
  readonly #bases = new Map<string, number>();
  #next = 0x0010_0000;

  /** Adds a script; returns its base address (its entry point). */
  add(name: string, steps: readonly Step[]): number {
    const base = this.#next;
    this.#next += 0x0001_0000;
    this.#scripts.set(base, steps);
    this.#bases.set(name, base);
    return base;
  }

  /** The entry point of script `name`. */
  entry(name: string): number {
    const base = this.#bases.get(name);
    if (base === undefined) throw new Error(`no script ${name}`);
    return base;
  }

  /** The step at `pc`, if any. */
  stepAt(pc: number): Step | undefined {
    const base = pc & ~0xffff;
    const steps = this.#scripts.get(base >>> 0);
    return steps?.[(pc - base) / 4];
  }
}

/** A {@link CpuContext} running scripts from a {@link ScriptBook}. */
export class ScriptCpu implements CpuContext {
  pc = 0;
  instructionCount = 0;
  readonly #regs = new Uint32Array(32);
  readonly #book: ScriptBook;

  /** @param book - where the steps come from. */
  constructor(book: ScriptBook) {
    this.#book = book;
  }

  getRegister(index: number): number {
    return index === 0 ? 0 : (this.#regs[index] ?? 0);
  }

  setRegister(index: number, value: number): void {
    if (index > 0 && index < 32) this.#regs[index] = value >>> 0;
  }

  deschedule(): void {}

  copyRegistersFrom(other: CpuRegisters): void {
    for (let i = 1; i < 32; i++) this.#regs[i] = other.getRegister(i);
    this.pc = other.pc;
  }

  run(budget: number): CpuStop {
    let left = budget;
    for (;;) {
      const step = this.#book.stepAt(this.pc);
      if (step === undefined) return { kind: "illegal", word: 0 };
      if ("sys" in step) {
        const args = step.args?.(this) ?? [];
        for (let i = 0; i < 6; i++) this.setRegister(10 + i, args[i] ?? 0);
        this.setRegister(17, step.sys);
        return { kind: "ecall" };
      }
      if ("fault" in step) return { kind: "fault", address: step.fault, access: "write", cause: 15 };
      if ("spin" in step) {
        this.instructionCount += left;
        return { kind: "budget" };
      }
      if ("host" in step) {
        step.host(this);
        this.pc += 4;
      } else {
        this.pc = (this.pc & ~0xffff) + 4 * step.jump(this);
      }
      this.instructionCount++;
      if (--left === 0) return { kind: "budget" };
    }
  }
}
