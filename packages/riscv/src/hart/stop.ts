/**
 * Why {@link Hart.run} returned: a closed set of typed reasons, structurally a {@link CpuStop} of the
 * core (plus the pc), so a platform can hand it to the scheduler unchanged. The internal numeric stop
 * codes used between the interpreter, compiled code and the run loop live here too.
 *
 * @module
 */
import type { AccessKind } from "@litebox-ts/core";

/** The budget given to `run` was used up; pc is the next instruction to execute. */
export interface BudgetStop {
  /** Discriminant. */
  readonly kind: "budget";
  /** The next instruction's address. */
  readonly pc: number;
}

/** `ecall`; pc points at the ecall (the shim handles the call and advances pc by 4, as Linux does). */
export interface EcallStop {
  /** Discriminant. */
  readonly kind: "ecall";
  /** Address of the ecall instruction. */
  readonly pc: number;
}

/** `ebreak`; pc points at it. */
export interface EbreakStop {
  /** Discriminant. */
  readonly kind: "ebreak";
  /** Address of the ebreak instruction. */
  readonly pc: number;
}

/** An illegal, reserved or unsupported encoding (compressed instructions included); pc points at it. */
export interface IllegalStop {
  /** Discriminant. */
  readonly kind: "illegal";
  /** Address of the instruction. */
  readonly pc: number;
  /** The instruction word (unsigned). */
  readonly word: number;
}

/** A page fault: pc points at the faulting instruction, which changed nothing. */
export interface FaultStop {
  /** Discriminant. */
  readonly kind: "fault";
  /** Address of the faulting instruction. */
  readonly pc: number;
  /** The first guest address that could not be accessed (unsigned). */
  readonly address: number;
  /** What the instruction tried (AMOs and SC report `write`). */
  readonly access: AccessKind;
  /** RISC-V cause: 12 fetch, 13 load, 15 store/AMO. */
  readonly cause: 12 | 13 | 15;
}

/**
 * A misaligned access the hart does not emulate: a jump or branch target not on a 4-byte boundary
 * (cause 0), a misaligned `lr.w` (4), `sc.w` or AMO (6). Ordinary loads and stores are emulated.
 */
export interface MisalignedStop {
  /** Discriminant. */
  readonly kind: "misaligned";
  /** Address of the instruction. */
  readonly pc: number;
  /** The misaligned address (unsigned). */
  readonly address: number;
  /** `execute` for a jump target, `read` for lr.w, `write` for sc.w and AMOs. */
  readonly access: AccessKind;
  /** RISC-V cause: 0, 4 or 6. */
  readonly cause: 0 | 4 | 6;
}

/** Why {@link Hart.run} returned. */
export type HartStop = BudgetStop | EcallStop | EbreakStop | IllegalStop | FaultStop | MisalignedStop;

// Internal stop codes (numbers on the hot path; turned into a HartStop once per run).
/** Keep going (or budget used up when `remaining` is 0). */
export const CODE_CONTINUE = 0;
/** Compiled code: the next block is longer than the remaining budget; interpret it. */
export const CODE_INTERPRET = 1;
/** `ecall`. */
export const CODE_ECALL = 2;
/** `ebreak`. */
export const CODE_EBREAK = 3;
/** Illegal instruction; the word is in `hart.trapValue`. */
export const CODE_ILLEGAL = 4;
/** Memory fault or misaligned access; cause and address are in the port's fault fields. */
export const CODE_MEMORY = 5;
/** A jump to a misaligned target (cause 0); the target is in `hart.trapValue`. */
export const CODE_FETCH_MISALIGNED = 6;
