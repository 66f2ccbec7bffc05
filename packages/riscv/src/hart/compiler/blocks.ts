/**
 * Block discovery for the page compiler. Starting from the entry addresses seen executing on a page,
 * it follows every statically known successor that stays on the page (branch targets and
 * fall-throughs, jump targets, the return sites after calls and after ecall/ebreak), then cuts the
 * code into non-overlapping basic blocks: a block ends at a control transfer, just before an
 * instruction left to the interpreter (ecall, ebreak, illegal), at the page end, or where another
 * block starts (it then falls through into it). Blocks stay within one page, so a page's compiled
 * function depends on that page's bytes only.
 *
 * @module
 */
import { PAGE_SIZE } from "../../memory/access";
import { Op, decode, type Instruction } from "../decode";

/** An instruction with its address. */
export interface Located {
  /** Address. */
  readonly pc: number;
  /** Decoded form. */
  readonly insn: Instruction;
}

/** How a block ends. */
export type BlockEnd =
  /** A conditional branch, JAL or JALR (the last element of `insns`). */
  | { readonly kind: "control" }
  /** Runs into the next block (which starts at `next`). */
  | { readonly kind: "fallthrough"; readonly next: number }
  /** Leaves the compiled code at `next`: page end, an instruction left to the interpreter, or the size cap. */
  | { readonly kind: "exit"; readonly next: number };

/** A basic block. */
export interface Block {
  /** Address of the first instruction. */
  readonly start: number;
  /** Its instructions, the control transfer (if any) last. */
  readonly insns: readonly Located[];
  /** How it ends. */
  readonly end: BlockEnd;
}

/** Ops that end a block with a control transfer. */
export function isControl(op: Op): boolean {
  return op === Op.Jal || op === Op.Jalr || (op >= Op.Beq && op <= Op.Bgeu);
}

/** Ops the compiler leaves to the interpreter (they trap). */
export function isLeftToInterpreter(op: Op): boolean {
  return op === Op.Illegal || op === Op.Ecall || op === Op.Ebreak;
}

/**
 * Discovers the blocks of the page at `pageBase` reachable from `entries`, decoding `words` (the
 * page's 1024 instruction words). At most `maxInstructions` instructions are compiled; blocks cut by
 * the cap end in an exit. Addresses are unsigned. Returns the blocks sorted by address.
 */
export function discoverBlocks(pageBase: number, words: Int32Array, entries: Iterable<number>, maxInstructions: number): Block[] {
  const end = pageBase + PAGE_SIZE;
  const onPage = (pc: number): boolean => (pc & 3) === 0 && pc >= pageBase && pc < end;
  const at = (pc: number): Instruction => decode(words[(pc - pageBase) >>> 2]!);
  const starts = new Set<number>();
  const work: number[] = [];
  const push = (pc: number): void => {
    if (onPage(pc) && !starts.has(pc) && !isLeftToInterpreter(at(pc).op)) {
      starts.add(pc);
      work.push(pc);
    }
  };
  for (const pc of entries) push(pc >>> 0);
  // Explore linear runs; `covered` bounds the decoding work by the cap.
  let covered = 0;
  while (work.length > 0 && covered < maxInstructions) {
    let pc = work.shift()!;
    for (; onPage(pc) && covered < maxInstructions; pc += 4) {
      const insn = at(pc);
      covered++;
      if (isLeftToInterpreter(insn.op)) {
        push(pc + 4);
        break;
      }
      if (insn.op === Op.Jal) {
        push(pc + insn.imm);
        if (insn.rd !== 0) push(pc + 4);
        break;
      }
      if (insn.op === Op.Jalr) {
        if (insn.rd !== 0) push(pc + 4);
        break;
      }
      if (isControl(insn.op)) {
        push(pc + insn.imm);
        push(pc + 4);
        break;
      }
    }
  }
  // Cut into blocks.
  const sorted = [...starts].sort((a, b) => a - b);
  const blocks: Block[] = [];
  let budget = maxInstructions;
  for (let i = 0; i < sorted.length && budget > 0; i++) {
    const start = sorted[i]!;
    const nextStart = sorted[i + 1];
    const insns: Located[] = [];
    let blockEnd: BlockEnd | undefined;
    for (let pc = start; ; pc += 4) {
      if (pc === nextStart) {
        blockEnd = { kind: "fallthrough", next: pc };
        break;
      }
      if (!onPage(pc) || budget === 0) {
        blockEnd = { kind: "exit", next: pc };
        break;
      }
      const insn = at(pc);
      if (isLeftToInterpreter(insn.op)) {
        blockEnd = { kind: "exit", next: pc };
        break;
      }
      insns.push({ pc, insn });
      budget--;
      if (isControl(insn.op)) {
        blockEnd = { kind: "control" };
        break;
      }
    }
    blocks.push({ start, insns, end: blockEnd });
  }
  // The cap may have left the last block's fall-through successor out: leave the code there instead.
  const last = blocks[blocks.length - 1];
  if (last !== undefined && last.end.kind === "fallthrough") {
    blocks[blocks.length - 1] = { ...last, end: { kind: "exit", next: last.end.next } };
  }
  return blocks;
}
