/**
 * The hart: one RV32IMA user-mode guest thread context (32 registers, pc, a retired-instruction
 * counter, an LR reservation) and the run loop that executes it on a {@link MemoryPort}.
 *
 * Execution is tiered. The interpreter counts block entries (the targets of control transfers); once
 * an entry address has been seen `tierUpThreshold` times, the whole page of code reachable from the
 * entries seen so far is compiled into one JS function (see the compiler module), which the run loop
 * then calls through a direct-mapped pc → function table. Both tiers retire exactly the same
 * instructions: the budget is exact and traps are precise (pc at the trapping instruction, nothing
 * of it changed), whichever tier runs.
 *
 * A Hart implements the core's `CpuContext` (run, pc, getRegister/setRegister, instructionCount,
 * deschedule, copyRegistersFrom), so a platform can hand it to the scheduler as it is.
 *
 * @module
 */
import type { CpuContext } from "@litebox-ts/core";
import type { MemoryPort } from "../memory/memory-port";
import type { AtomicContext } from "./atomics";
import { CodeCache } from "./code-cache";
import { Csr } from "./decode";
import { interpret, type InterpreterState } from "./interpreter";
import {
  CODE_CONTINUE,
  CODE_EBREAK,
  CODE_ECALL,
  CODE_FETCH_MISALIGNED,
  CODE_ILLEGAL,
  CODE_INTERPRET,
  type HartStop,
} from "./stop";

/** Reads the guest's `time` CSR, in ticks. `hart.instructionCount` is exact while it runs. */
export type TimeSource = (hart: Hart) => number;

/** Options of a {@link Hart}. */
export interface HartOptions {
  /**
   * Entries of a block address before its page is compiled (default
   * {@link DEFAULT_TIER_UP_THRESHOLD}); 1 compiles on first sight, `Infinity` never compiles.
   */
  readonly tierUpThreshold?: number;
  /** Source of the `time`/`timeh` CSRs (default: the retired-instruction count). */
  readonly readTime?: TimeSource;
}

/** Default {@link HartOptions.tierUpThreshold}. */
export const DEFAULT_TIER_UP_THRESHOLD = 24;

/** Registers as the core's `CpuRegisters` sees them (what {@link Hart.copyRegistersFrom} reads). */
export interface RegisterSource {
  /** Reads `x<index>` as an unsigned 32-bit value. */
  getRegister(index: number): number;
  /** The program counter. */
  readonly pc: number;
}

// Budgets are run in chunks that keep every counter a small integer (V8 keeps those unboxed).
const CHUNK = 2 ** 30;

const defaultTime: TimeSource = (hart) => hart.instructionCount;

/** An RV32IMA user-mode hart. See the module documentation. */
export class Hart implements CpuContext, InterpreterState, AtomicContext {
  /**
   * Integer registers x0..x31 as 32-bit patterns; x[0] is always 0. Prefer
   * {@link Hart.getRegister}/{@link Hart.setRegister}; compiled code uses the array directly.
   */
  readonly x = new Int32Array(32);
  /** @internal The pc as a 32-bit pattern (use {@link Hart.pc}). */
  pcBits = 0;
  /** @internal Instructions left in the current run chunk. */
  remaining = 0;
  /** @internal Size of the current run chunk. */
  runBudget = 0;
  /** @internal Illegal word or misaligned target of the last trap. */
  trapValue = 0;
  /** The reserved address of the last `lr.w` (-1: none). */
  reservationAddress = -1;
  /** @internal The value the last `lr.w` read. */
  reservationValue = 0;
  /** @internal Status of the last atomic's store. */
  storeStatus = 0;
  /** Source of the `time` CSR. */
  readTime: TimeSource;
  /** See {@link HartOptions.tierUpThreshold}. */
  tierUpThreshold: number;
  /** Instructions retired by the interpreter (the rest ran compiled); for profiling and tests. */
  interpretedInstructions = 0;
  #memory: MemoryPort;
  #cache: CodeCache | undefined;
  #retired = 0;
  #running = false;

  /**
   * @param memory - the address space the hart runs in (shared with the other harts of a process).
   * @param options - tier-up threshold and time source.
   */
  constructor(memory: MemoryPort, options: HartOptions = {}) {
    this.#memory = memory;
    this.tierUpThreshold = options.tierUpThreshold ?? DEFAULT_TIER_UP_THRESHOLD;
    this.readTime = options.readTime ?? defaultTime;
    this.#cache = undefined;
  }

  /** The address space; setting it (exec, address-space switch) drops this hart's reservation. */
  get memory(): MemoryPort {
    return this.#memory;
  }

  set memory(port: MemoryPort) {
    if (port === this.#memory) return;
    this.#memory.release(this);
    this.#memory = port;
    this.#cache = undefined;
  }

  /** The program counter (unsigned). */
  get pc(): number {
    return this.pcBits >>> 0;
  }

  set pc(value: number) {
    this.pcBits = value | 0;
  }

  /** Reads `x<index>` (0..31) as an unsigned 32-bit value; x0 reads 0. */
  getRegister(index: number): number {
    return (this.x[index & 31]! >>> 0);
  }

  /** Writes `x<index>` (0..31); writes to x0 are ignored. */
  setRegister(index: number, value: number): void {
    if ((index & 31) !== 0) this.x[index & 31] = value;
  }

  /**
   * Instructions retired so far (exact below 2^53). During {@link Hart.run} it is exact inside the
   * time-source callback; traps (ecall, faults, …) do not retire their instruction.
   */
  get instructionCount(): number {
    return this.#running ? this.#retired + this.runBudget - this.remaining : this.#retired;
  }

  set instructionCount(value: number) {
    if (!this.#running) this.#retired = value;
  }

  /**
   * Executes at most `budget` instructions and reports why it stopped. On a trap, pc points at the
   * trapping instruction, which had no effect and did not retire; after an `ecall` the shim sets
   * the result registers and advances pc by 4.
   */
  run(budget: number): HartStop {
    let left = budget > 0 ? Math.floor(budget) : 0;
    let code = CODE_CONTINUE;
    this.#memory.faultCause = 0;
    this.#running = true;
    try {
      while (left > 0) {
        const chunk = Math.min(left, CHUNK);
        this.runBudget = this.remaining = chunk;
        code = this.#runChunk();
        const done = chunk - this.remaining;
        this.#retired += done;
        left -= done;
        if (code !== CODE_CONTINUE) break;
      }
    } finally {
      this.#running = false;
      this.runBudget = this.remaining = 0;
    }
    return this.#stop(code);
  }

  #runChunk(): number {
    const port = this.#memory;
    if (!(this.tierUpThreshold < Infinity)) {
      const before = this.remaining;
      const code = interpret(this, port, undefined, 0);
      this.interpretedInstructions += before - this.remaining;
      return code;
    }
    const cache = (this.#cache ??= CodeCache.of(port));
    const threshold = Math.max(1, this.tierUpThreshold);
    while (this.remaining > 0) {
      const fn = cache.lookup(this.pcBits);
      let code: number;
      if (fn !== undefined) {
        code = fn(this);
        if (code === CODE_INTERPRET) code = this.#interpret(port, cache, threshold);
      } else {
        if (cache.noteEntry(this.pcBits, threshold)) continue;
        code = this.#interpret(port, cache, threshold);
      }
      if (code !== CODE_CONTINUE) return code;
    }
    return CODE_CONTINUE;
  }

  #interpret(port: MemoryPort, cache: CodeCache, threshold: number): number {
    const before = this.remaining;
    const code = interpret(this, port, cache, threshold);
    this.interpretedInstructions += before - this.remaining;
    return code;
  }

  #stop(code: number): HartStop {
    const pc = this.pc;
    switch (code) {
      case CODE_CONTINUE: return { kind: "budget", pc };
      case CODE_ECALL: return { kind: "ecall", pc };
      case CODE_EBREAK: return { kind: "ebreak", pc };
      case CODE_ILLEGAL: return { kind: "illegal", pc, word: this.trapValue >>> 0 };
      case CODE_FETCH_MISALIGNED:
        return { kind: "misaligned", pc, address: this.trapValue >>> 0, access: "execute", cause: 0 };
      default: {
        const port = this.#memory;
        const cause = port.faultCause;
        const address = port.faultAddress >>> 0;
        port.faultCause = 0;
        switch (cause) {
          case 4: return { kind: "misaligned", pc, address, access: "read", cause };
          case 6: return { kind: "misaligned", pc, address, access: "write", cause };
          case 12: return { kind: "fault", pc, address, access: "execute", cause };
          case 13: return { kind: "fault", pc, address, access: "read", cause };
          default: return { kind: "fault", pc, address, access: "write", cause: 15 };
        }
      }
    }
  }

  /** Breaks this hart's LR reservation: what a context switch does (call it when descheduling). */
  deschedule(): void {
    this.#memory.release(this);
  }

  /** Copies x1..x31 and pc from `other` (fork, thread creation). */
  copyRegistersFrom(other: RegisterSource): void {
    if (other instanceof Hart) {
      this.x.set(other.x);
    } else {
      for (let i = 1; i < 32; i++) this.x[i] = other.getRegister(i);
    }
    this.pc = other.pc;
  }

  /** @internal Reads a counter CSR (cycle and instret both count retired instructions). */
  readCounter(csr: number): number {
    const count = this.instructionCount;
    switch (csr) {
      case Csr.Cycle:
      case Csr.Instret:
        return count | 0;
      case Csr.CycleH:
      case Csr.InstretH:
        return Math.floor(count / 2 ** 32) | 0;
      case Csr.Time:
        return this.readTime(this) | 0;
      default:
        return Math.floor(this.readTime(this) / 2 ** 32) | 0;
    }
  }
}
