/**
 * A small assembler for {@link Step} scripts with labels: `sys`, `host`, `branch`, `goto`, `spin`.
 */
import type { CpuRegisters } from "@litebox-ts/core";
import type { Step } from "./script-cpu";

/** Register numbers the scripts use. */
export const A0 = 10;
/** Callee-saved registers for keeping results across steps. */
export const S1 = 9;
/** Second saved register. */
export const S2 = 18;
/** Third saved register. */
export const S3 = 19;

/** Builds a script. */
export class Script {
  readonly steps: Step[] = [];
  readonly #labels = new Map<string, number>();

  /** Defines `name` at the next step. */
  label(name: string): this {
    this.#labels.set(name, this.steps.length);
    return this;
  }

  /** A syscall; `args` may be numbers or functions of the registers. */
  sys(nr: number, ...args: Array<number | ((cpu: CpuRegisters) => number)>): this {
    this.steps.push({ sys: nr, args: (cpu) => args.map((a) => (typeof a === "function" ? a(cpu) : a)) });
    return this;
  }

  /** Host code on the registers. */
  host(f: (cpu: CpuRegisters) => void): this {
    this.steps.push({ host: f });
    return this;
  }

  /** Saves a0 in register `reg`. */
  save(reg: number): this {
    return this.host((cpu) => cpu.setRegister(reg, cpu.getRegister(A0)));
  }

  /** Jumps to `label` when `cond` holds. */
  branch(cond: (cpu: CpuRegisters) => boolean, label: string): this {
    const next = this.steps.length + 1;
    this.steps.push({ jump: (cpu) => (cond(cpu) ? this.#at(label) : next) });
    return this;
  }

  /** Jumps to `label`. */
  goto(label: string): this {
    this.steps.push({ jump: () => this.#at(label) });
    return this;
  }

  /** Computes forever. */
  spin(): this {
    this.steps.push({ spin: true });
    return this;
  }

  /** A page fault. */
  fault(address: number): this {
    this.steps.push({ fault: address });
    return this;
  }

  #at(label: string): number {
    const at = this.#labels.get(label);
    if (at === undefined) throw new Error(`no label ${label}`);
    return at;
  }
}

/** a0 as a signed number. */
export function a0(cpu: CpuRegisters): number {
  return cpu.getRegister(A0) | 0;
}
