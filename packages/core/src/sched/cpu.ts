/**
 * The CPU as the core sees it: one guest thread's execution context (registers, pc, a retired
 * instruction counter) that can run for a bounded number of instructions and reports why it stopped.
 * Platforms implement it over their hart and memory; the core's {@link Scheduler} and the shims use
 * only this interface, so neither learns which CPU or memory model is underneath.
 *
 * @module
 */
import type { AccessKind } from "../platform/memory";

/** Why a {@link CpuContext.run} returned. A closed set. */
export type CpuStop =
  /** An `ecall`: the shim's syscall entry handles it; pc points at the ecall instruction. */
  | { readonly kind: "ecall" }
  /** An `ebreak`; pc points at it. */
  | { readonly kind: "ebreak" }
  /** The instruction budget was used up; pc points at the next instruction. */
  | { readonly kind: "budget" }
  /**
   * A page fault (RISC-V cause 12 fetch, 13 load, 15 store/AMO); pc points at the faulting
   * instruction, which had no effect.
   */
  | { readonly kind: "fault"; readonly address: number; readonly access: AccessKind; readonly cause: number }
  /** An illegal or unsupported instruction, with its encoding. */
  | { readonly kind: "illegal"; readonly word: number }
  /** A misaligned access the CPU does not emulate (cause 0 fetch, 4 load, 6 store/AMO). */
  | { readonly kind: "misaligned"; readonly address: number; readonly access: AccessKind; readonly cause: number };

/** Register-level access to a guest thread, as shims need it (syscall args, results, signal frames). */
export interface CpuRegisters {
  /** Reads integer register `x<index>` (0..31) as an unsigned 32-bit value; x0 reads 0. */
  getRegister(index: number): number;
  /** Writes integer register `x<index>`; writes to x0 are ignored. */
  setRegister(index: number, value: number): void;
  /** The program counter. */
  pc: number;
}

/** One guest thread's CPU context, runnable by the scheduler. */
export interface CpuContext extends CpuRegisters {
  /** Executes at most `budget` instructions (≥ 1) and reports why it stopped. */
  run(budget: number): CpuStop;
  /** Instructions retired by this context so far. */
  readonly instructionCount: number;
  /**
   * Called when the scheduler switches away from this context (breaks LR reservations, as a context
   * switch does on real hardware).
   */
  deschedule(): void;
  /** Copies every register and the pc from `other` (fork, thread creation). */
  copyRegistersFrom(other: CpuRegisters): void;
}
