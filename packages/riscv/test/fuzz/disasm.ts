/**
 * A disassembler for fuzz failure reports, built on the hart's own decoder so a report shows what
 * the hart believed each word to be.
 */
import { Op, decode } from "../../src/hart/decode";

const NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(Op).map(([name, value]) => [value, name.toLowerCase().replace(/(?<=^(lr|sc|amo[a-z]+))w$/, ".w").replace("fencei", "fence.i")]),
);

/** Renders `word` at `pc` as assembly-like text. */
export function disassemble(word: number, pc: number): string {
  const d = decode(word);
  const name = NAMES[d.op] ?? "?";
  const r = (n: number): string => `x${n}`;
  const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
  switch (d.op) {
    case Op.Illegal: return `.word ${hex(word)}`;
    case Op.Lui: case Op.Auipc: return `${name} ${r(d.rd)}, ${hex(d.imm >>> 12)}`;
    case Op.Jal: return `jal ${r(d.rd)}, ${hex(pc + d.imm)}`;
    case Op.Jalr: return `jalr ${r(d.rd)}, ${d.imm}(${r(d.rs1)})`;
    case Op.Beq: case Op.Bne: case Op.Blt: case Op.Bge: case Op.Bltu: case Op.Bgeu:
      return `${name} ${r(d.rs1)}, ${r(d.rs2)}, ${hex(pc + d.imm)}`;
    case Op.Lb: case Op.Lh: case Op.Lw: case Op.Lbu: case Op.Lhu: return `${name} ${r(d.rd)}, ${d.imm}(${r(d.rs1)})`;
    case Op.Sb: case Op.Sh: case Op.Sw: return `${name} ${r(d.rs2)}, ${d.imm}(${r(d.rs1)})`;
    case Op.Fence: case Op.FenceI: case Op.Ecall: case Op.Ebreak: return name;
    case Op.CsrRead: return `csrr ${r(d.rd)}, ${hex(d.imm)}`;
    case Op.LrW: return `lr.w ${r(d.rd)}, (${r(d.rs1)})`;
    default:
      if (d.op >= Op.ScW) return `${name} ${r(d.rd)}, ${r(d.rs2)}, (${r(d.rs1)})`;
      if (d.op >= Op.Addi && d.op <= Op.Srai) return `${name} ${r(d.rd)}, ${r(d.rs1)}, ${d.imm}`;
      return `${name} ${r(d.rd)}, ${r(d.rs1)}, ${r(d.rs2)}`;
  }
}
