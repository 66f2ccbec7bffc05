/**
 * The {@link TestPlatform}'s CPU: a hart that knows three instructions — `nop` (`addi x0, x0, 0`),
 * `ecall` and `ebreak` — and reports every other word as illegal. It fetches through the platform's
 * memory with execute permission, so shim and scheduler tests can place a few instructions in guest
 * memory and drive real traps without a RISC-V emulator (the core may not import one).
 *
 * @module
 */
import type { CpuContext, CpuRegisters, CpuStop } from "../sched/cpu";
import type { MemoryFault } from "../platform/memory";
import type { Result } from "../util/result";

/** `addi x0, x0, 0`. */
export const NOP = 0x0000_0013;
/** `ecall`. */
export const ECALL = 0x0000_0073;
/** `ebreak`. */
export const EBREAK = 0x0010_0073;

/** What the CPU needs from its platform: an instruction fetch that checks execute permission. */
export interface InstructionFetcher {
  /** The 32-bit word at `address`, or the fault an instruction fetch there raises. */
  fetchInstruction(address: number): Result<number, MemoryFault>;
}

/** A {@link CpuContext} over a {@link InstructionFetcher}; see the module documentation. */
export class TestCpu implements CpuContext {
  /** {@inheritDoc CpuRegisters.pc} */
  pc = 0;
  #instructions = 0;
  readonly #regs = new Uint32Array(32);
  readonly #memory: InstructionFetcher;

  /** @param memory - where instructions are fetched from (the thread's address space). */
  constructor(memory: InstructionFetcher) {
    this.#memory = memory;
  }

  /** {@inheritDoc CpuContext.instructionCount} */
  get instructionCount(): number {
    return this.#instructions;
  }

  /** {@inheritDoc CpuRegisters.getRegister} */
  getRegister(index: number): number {
    return index === 0 ? 0 : (this.#regs[index] ?? 0);
  }

  /** {@inheritDoc CpuRegisters.setRegister} */
  setRegister(index: number, value: number): void {
    if (index > 0 && index < 32) this.#regs[index] = value >>> 0;
  }

  /** {@inheritDoc CpuContext.deschedule} (nothing to do: this CPU has no LR reservations). */
  deschedule(): void {}

  /** {@inheritDoc CpuContext.copyRegistersFrom} */
  copyRegistersFrom(other: CpuRegisters): void {
    for (let i = 1; i < 32; i++) this.#regs[i] = other.getRegister(i);
    this.pc = other.pc;
  }

  /** {@inheritDoc CpuContext.run} */
  run(budget: number): CpuStop {
    for (let left = budget; left > 0; left--) {
      if ((this.pc & 3) !== 0) return { kind: "misaligned", address: this.pc >>> 0, access: "execute", cause: 0 };
      const word = this.#memory.fetchInstruction(this.pc);
      if (!word.ok) return { kind: "fault", address: word.error.address, access: "execute", cause: 12 };
      if (word.value === ECALL) return { kind: "ecall" };
      if (word.value === EBREAK) return { kind: "ebreak" };
      if (word.value !== NOP) return { kind: "illegal", word: word.value };
      this.pc = (this.pc + 4) >>> 0;
      this.#instructions++;
    }
    return { kind: "budget" };
  }
}
