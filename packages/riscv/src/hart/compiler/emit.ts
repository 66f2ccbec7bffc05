/**
 * JS source generation for one compiled page. The page becomes one function
 * `(hart) => stopCode` whose body is a dispatch loop over the page's blocks:
 *
 * ```js
 * let r5 = x[5], …;                                  // guest registers in JS locals
 * let bi = IX[(pc - 0x10000) >>> 2];                 // pc → block index (-1: not compiled)
 * dispatch: for (;;) switch (bi) {                   // dense indices: V8 emits a jump table
 *   case 0: for (;;) {                               // a block that branches to itself: a JS loop
 *     if (n < 3) { pc = 0x10074; code = 1; break dispatch; }   // budget too short: interpret
 *     n -= 3; …; if (r5 !== r6) continue; break;
 *   }
 *   case 1: …                                        // fall-through into the next block
 *     if (r7 === 0) { bi = 0; continue dispatch; }   // static jumps set the index directly
 *   default: break dispatch;                         // not compiled here: back to the run loop
 * }
 * x[5] = r5; …; h.pcBits = pc; h.remaining = n; return code;
 * ```
 *
 * `pc` is only kept up to date where the function can leave; every exit sets it explicitly.
 *
 * The budget is charged once per block and refunded exactly when an instruction traps, so counts
 * and traps are those of the interpreter. Memory accesses inline the port's fast path (flags check
 * or TLB probe) and call the port's slow path otherwise; a slow store that invalidated code leaves
 * the function right after the store.
 *
 * @module
 */
import { PageFlag } from "../../memory/access";
import { ALIGNED_PAGE_MASK } from "../../memory/soft-tlb";
import { Op, type Instruction } from "../decode";
import { CODE_FETCH_MISALIGNED, CODE_INTERPRET, CODE_MEMORY } from "../stop";
import type { Block, Located } from "./blocks";

/** What the generated code needs to know about the memory port. */
export type PortShape = { readonly kind: "flat" } | { readonly kind: "translated"; readonly tlbMask: number };

/** Names of the generated function's environment, in order (the factory's parameters are these + "$"). */
export const ENVIRONMENT = [
  "P", "M8", "S8", "M16", "S16", "M32", "F", "RB", "RM", "RT", "WT", "TH", "AT", "MULH", "MULHSU", "MULHU", "IX",
] as const;

const reg = (n: number): string => (n === 0 ? "0" : `r${n}`);
const lit = (v: number): string => String(v | 0);

interface Access {
  /** Statements computing the fast-path condition's inputs from `a`. */
  readonly prelude: string;
  /** The fast-path condition. */
  readonly cond: string;
  /** The host element expression (array[index]). */
  readonly element: string;
}

function access(shape: PortShape, size: number, store: boolean, array: string): Access {
  const shift = size === 4 ? 2 : size === 2 ? 1 : 0;
  const aligned = size === 1 ? "" : ` && (a & ${size - 1}) === 0`;
  if (shape.kind === "flat") {
    // The region's base and mask are variables (RB, RM), not literals, so every region running the
    // same code produces the same source and V8 (and the factory cache) compile it once.
    const flagMask = store ? PageFlag.Write | PageFlag.Slow | PageFlag.Code | PageFlag.Reserved : PageFlag.Read | PageFlag.Slow;
    const want = store ? PageFlag.Write : PageFlag.Read;
    return {
      prelude: `o = a & RM;`,
      cond: `(F[o >>> 12] & ${flagMask}) === ${want}${aligned}`,
      element: `${array}[(RB | o) >>> ${shift}]`,
    };
  }
  return {
    prelude: `e = (a >>> 12) & ${shape.tlbMask};`,
    cond: `${store ? "WT" : "RT"}[e] === (a & ${ALIGNED_PAGE_MASK[size as 1 | 2 | 4]})`,
    element: `${array}[((TH[e] + a) | 0) >>> ${shift}]`,
  };
}

const LOADS: Readonly<Partial<Record<Op, readonly [number, boolean, string]>>> = {
  [Op.Lb]: [1, true, "S8"], [Op.Lbu]: [1, false, "M8"], [Op.Lh]: [2, true, "S16"], [Op.Lhu]: [2, false, "M16"],
  [Op.Lw]: [4, true, "M32"],
};
const STORES: Readonly<Partial<Record<Op, readonly [number, string]>>> = {
  [Op.Sb]: [1, "M8"], [Op.Sh]: [2, "M16"], [Op.Sw]: [4, "M32"],
};

/** The value expression of a register-writing ALU op, or undefined if `op` is not one. */
function aluValue(op: Op, i: Instruction, pc: number): string | undefined {
  const s1 = reg(i.rs1);
  const s2 = reg(i.rs2);
  const imm = i.imm;
  switch (op) {
    case Op.Lui: return lit(imm);
    case Op.Auipc: return lit(pc + imm);
    case Op.Addi: return `(${s1} + ${imm}) | 0`;
    case Op.Slti: return `${s1} < ${imm} ? 1 : 0`;
    case Op.Sltiu: return `(${s1} >>> 0) < ${imm >>> 0} ? 1 : 0`;
    case Op.Xori: return `${s1} ^ ${imm}`;
    case Op.Ori: return `${s1} | ${imm}`;
    case Op.Andi: return `${s1} & ${imm}`;
    case Op.Slli: return `${s1} << ${imm}`;
    case Op.Srli: return `(${s1} >>> ${imm}) | 0`;
    case Op.Srai: return `${s1} >> ${imm}`;
    case Op.Add: return `(${s1} + ${s2}) | 0`;
    case Op.Sub: return `(${s1} - ${s2}) | 0`;
    case Op.Sll: return `${s1} << ${s2}`;
    case Op.Slt: return `${s1} < ${s2} ? 1 : 0`;
    case Op.Sltu: return `(${s1} >>> 0) < (${s2} >>> 0) ? 1 : 0`;
    case Op.Xor: return `${s1} ^ ${s2}`;
    case Op.Srl: return `(${s1} >>> ${s2}) | 0`;
    case Op.Sra: return `${s1} >> ${s2}`;
    case Op.Or: return `${s1} | ${s2}`;
    case Op.And: return `${s1} & ${s2}`;
    case Op.Mul: return `Math.imul(${s1}, ${s2})`;
    case Op.Mulh: return `MULH(${s1}, ${s2})`;
    case Op.Mulhsu: return `MULHSU(${s1}, ${s2})`;
    case Op.Mulhu: return `MULHU(${s1}, ${s2})`;
    // Zero divisor and INT_MIN / -1 as the ISA says (`| 0` wraps 2^31 back to INT_MIN).
    case Op.Div: return `${s2} === 0 ? -1 : (${s1} / ${s2}) | 0`;
    case Op.Divu: return `${s2} === 0 ? -1 : ((${s1} >>> 0) / (${s2} >>> 0)) | 0`;
    case Op.Rem: return `${s2} === 0 ? ${s1} : (${s1} % ${s2}) | 0`;
    case Op.Remu: return `${s2} === 0 ? ${s1} : ((${s1} >>> 0) % (${s2} >>> 0)) | 0`;
    default: return undefined;
  }
}

function branchCondition(op: Op, i: Instruction): string {
  const s1 = reg(i.rs1);
  const s2 = reg(i.rs2);
  switch (op) {
    case Op.Beq: return `${s1} === ${s2}`;
    case Op.Bne: return `${s1} !== ${s2}`;
    case Op.Blt: return `${s1} < ${s2}`;
    case Op.Bge: return `${s1} >= ${s2}`;
    case Op.Bltu: return `(${s1} >>> 0) < (${s2} >>> 0)`;
    default: return `(${s1} >>> 0) >= (${s2} >>> 0)`;
  }
}

/** Registers an instruction reads and writes. */
function registersOf(i: Instruction, reads: Set<number>, writes: Set<number>): void {
  if (i.rs1 !== 0) reads.add(i.rs1);
  if (i.rs2 !== 0) reads.add(i.rs2);
  const writesRd = i.op !== Op.Illegal && !(i.op >= Op.Beq && i.op <= Op.Bgeu) && !(i.op >= Op.Sb && i.op <= Op.Sw)
    && i.op !== Op.Fence && i.op !== Op.FenceI;
  if (writesRd && i.rd !== 0) {
    reads.add(i.rd); // loaded too: a trap may leave the function before the write
    writes.add(i.rd);
  }
}

/** The page's pc → block index table (`IX` in the generated code): -1 where no block starts. */
export function blockIndex(pageBase: number, blocks: readonly Block[]): Int16Array {
  const index = new Int16Array(1024).fill(-1);
  blocks.forEach((b, i) => {
    index[(b.start - pageBase) >>> 2] = i;
  });
  return index;
}

/** Emits the JS source of the body of a page function (the factory's body). */
export function emitPage(name: string, pageBase: number, blocks: readonly Block[], shape: PortShape): string {
  const starts = new Map(blocks.map((b, i) => [b.start, i]));
  const reads = new Set<number>();
  const writes = new Set<number>();
  for (const b of blocks) for (const { insn } of b.insns) registersOf(insn, reads, writes);
  const out: string[] = [];
  out.push(`"use strict";`);
  out.push(`return function ${name}(h) {`);
  // Closure variables copied into locals: V8 then keeps them in registers instead of reloading
  // them from the context on every access (about 25% on memory-heavy loops).
  out.push(`const ${ENVIRONMENT.map((n) => `${n} = ${n}$`).join(", ")};`);
  out.push(`const x = h.x;`);
  for (const r of [...reads].sort((p, q) => p - q)) out.push(`let r${r} = x[${r}];`);
  out.push(`let pc = h.pcBits, n = h.remaining, code = 0, a = 0, o = 0, e = 0, t = 0;`);
  out.push(`let bi = IX[((pc - ${lit(pageBase)}) >>> 2) & 1023];`);
  out.push(`dispatch: for (;;) { switch (bi) {`);
  blocks.forEach((block, index) => {
    out.push(...emitBlock(block, index, blocks[index + 1]?.start, starts, shape, pageBase));
  });
  out.push(`default: break dispatch; } }`);
  for (const r of [...writes].sort((p, q) => p - q)) out.push(`x[${r}] = r${r};`);
  out.push(`h.pcBits = pc; h.remaining = n; return code;`);
  out.push(`};`);
  return out.join("\n");
}

function emitBlock(
  block: Block,
  index: number,
  following: number | undefined,
  starts: ReadonlyMap<number, number>,
  shape: PortShape,
  pageBase: number,
): string[] {
  const out: string[] = [];
  const len = block.insns.length;
  const last = block.insns[len - 1]!;
  const control = block.end.kind === "control";
  const selfLoop = control && last.insn.op !== Op.Jalr && ((last.pc + last.insn.imm) >>> 0) === block.start;
  /** Code that continues at static address `address` (after the block or a taken branch). */
  const goTo = (address: number, inLoop: boolean): string => {
    const target = address >>> 0;
    if (inLoop && selfLoop && target === block.start) return "continue;";
    const to = starts.get(target);
    if (to !== undefined) return `bi = ${to}; continue dispatch;`;
    return `pc = ${lit(target)}; break dispatch;`;
  };
  out.push(`case ${index}: ${selfLoop ? "for (;;) " : ""}{`);
  out.push(`if (n < ${len}) { pc = ${lit(block.start)}; code = ${CODE_INTERPRET}; break dispatch; }`);
  out.push(`n -= ${len};`);
  const body = control ? block.insns.slice(0, -1) : block.insns;
  body.forEach((located, k) => out.push(emitInstruction(located, k, len, shape)));
  let after = "";
  if (control) {
    const { pc, insn } = last;
    const misaligned = (target: string): string =>
      `pc = ${lit(pc)}; n += 1; h.trapValue = ${target}; code = ${CODE_FETCH_MISALIGNED}; break dispatch;`;
    if (insn.op === Op.Jalr) {
      out.push(`t = (${reg(insn.rs1)} + ${insn.imm}) & -2;`);
      out.push(`if ((t & 2) !== 0) { ${misaligned("t")} }`);
      if (insn.rd !== 0) out.push(`r${insn.rd} = ${lit(pc + 4)};`);
      // An indirect jump finds its block through IX; off the page (or not a block) it leaves.
      out.push(`pc = t; t = (t - ${lit(pageBase)}) >>> 0;`);
      out.push(`if (t < 4096) { bi = IX[t >>> 2]; continue dispatch; } break dispatch;`);
    } else {
      const target = (pc + insn.imm) >>> 0;
      if (insn.op === Op.Jal) {
        if ((target & 3) !== 0) {
          out.push(misaligned(lit(target)));
        } else {
          if (insn.rd !== 0) out.push(`r${insn.rd} = ${lit(pc + 4)};`);
          out.push(goTo(target, true));
        }
      } else {
        const taken = (target & 3) !== 0 ? misaligned(lit(target)) : goTo(target, true);
        out.push(`if (${branchCondition(insn.op, insn)}) { ${taken} }`);
        const next = (pc + 4) >>> 0;
        if (selfLoop) {
          out.push(`break;`);
          after = next === following ? "" : goTo(next, false);
        } else if (next !== following) {
          out.push(goTo(next, false));
        }
      }
    }
  } else if (block.end.kind === "exit") {
    out.push(`pc = ${lit(block.end.next)}; break dispatch;`);
  }
  out.push(`}`);
  if (after !== "") out.push(after);
  return out;
}

function emitInstruction({ pc, insn }: Located, k: number, len: number, shape: PortShape): string {
  const fault = `{ pc = ${lit(pc)}; n += ${len - k}; code = ${CODE_MEMORY}; break dispatch; }`;
  const codeChanged = `{ pc = ${lit(pc + 4)}; n += ${len - k - 1}; break dispatch; }`;
  const value = aluValue(insn.op, insn, pc);
  if (value !== undefined) return insn.rd === 0 ? "" : `r${insn.rd} = ${value};`;
  const load = LOADS[insn.op];
  if (load !== undefined) {
    const [size, signed, array] = load;
    const m = access(shape, size, false, array);
    const target = insn.rd === 0 ? "t" : `r${insn.rd}`;
    return `a = (${reg(insn.rs1)} + ${insn.imm}) | 0; ${m.prelude}\n`
      + `if (${m.cond}) ${target} = ${m.element};\n`
      + `else { t = P.loadSlow(a, ${size}, ${signed}); if (P.faultCause !== 0) ${fault} ${target} = t; }`;
  }
  const store = STORES[insn.op];
  if (store !== undefined) {
    const [size, array] = store;
    const m = access(shape, size, true, array);
    return `a = (${reg(insn.rs1)} + ${insn.imm}) | 0; ${m.prelude}\n`
      + `if (${m.cond}) ${m.element} = ${reg(insn.rs2)};\n`
      + `else { t = P.storeSlow(a, ${size}, ${reg(insn.rs2)}, h); if (t !== 0) { if (t < 0) ${fault} else ${codeChanged} } }`;
  }
  switch (insn.op) {
    case Op.Fence:
    case Op.FenceI:
      // Nothing to order on one JS thread; stores to compiled pages invalidate them at once.
      return "";
    case Op.CsrRead:
      if (insn.rd === 0) return "";
      return `h.remaining = n + ${len - k}; r${insn.rd} = h.readCounter(${insn.imm});`;
    default: {
      // LR/SC/AMO: imm holds funct5.
      const target = insn.rd === 0 ? "t" : `r${insn.rd}`;
      return `t = AT(h, P, ${insn.imm}, ${reg(insn.rs1)}, ${reg(insn.rs2)}); if (P.faultCause !== 0) ${fault}\n`
        + `${target} = t; if (h.storeStatus === 1) ${codeChanged}`;
    }
  }
}
