import type { CpuContext, CpuRegisters, CpuStop } from "./cpu";

/** One step of a {@link FakeCpu} program. */
export type FakeOp = { readonly compute: number } | { readonly ecall: number } | { readonly fault: number };

/**
 * A scripted CPU for scheduler tests: `pc` is the index of the current op; compute ops retire their
 * instructions (possibly across several runs), an ecall op traps without retiring (the shim moves the
 * pc on with `pc += 1`), and the program ends in an endless ecall of number -1.
 */
export class FakeCpu implements CpuContext {
  pc = 0;
  instructionCount = 0;
  deschedules = 0;
  readonly regs = new Uint32Array(32);
  #doneInOp = 0;

  constructor(readonly ops: readonly FakeOp[]) {}

  getRegister(index: number): number {
    return index === 0 ? 0 : this.regs[index]!;
  }
  setRegister(index: number, value: number): void {
    if (index !== 0) this.regs[index] = value >>> 0;
  }
  deschedule(): void {
    this.deschedules++;
  }
  copyRegistersFrom(other: CpuRegisters): void {
    for (let i = 1; i < 32; i++) this.regs[i] = other.getRegister(i);
    this.pc = other.pc;
  }
  run(budget: number): CpuStop {
    let left = budget;
    for (;;) {
      const op = this.ops[this.pc];
      if (op === undefined) {
        this.regs[17] = 0xffffffff;
        return { kind: "ecall" };
      }
      if ("ecall" in op) {
        this.regs[17] = op.ecall;
        return { kind: "ecall" };
      }
      if ("fault" in op) return { kind: "fault", address: op.fault, access: "read", cause: 13 };
      const todo = op.compute - this.#doneInOp;
      const n = Math.min(todo, left);
      this.instructionCount += n;
      this.#doneInOp += n;
      left -= n;
      if (this.#doneInOp === op.compute) {
        this.pc++;
        this.#doneInOp = 0;
      }
      if (left === 0) return { kind: "budget" };
    }
  }
}
