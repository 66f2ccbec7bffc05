/**
 * The interpreter: the hart's first tier. It decodes each word straight from guest memory, so it
 * never holds stale code and needs no invalidation. At every control transfer it reports the new
 * block entry to the code cache (which counts it and may compile its page) and hands over to
 * compiled code as soon as the target has some. It is also the fallback of compiled code: for the
 * tail of a budget shorter than the next compiled block, and for instructions the compiler leaves out.
 *
 * Its inline decoding must agree with {@link decode} (a test checks it on random words).
 *
 * @module
 */
import { PAGE_FAULT, PAGE_SLOW, type MemoryPort } from "../memory/memory-port";
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from "./alu";
import { AMO_VALID, AmoFunct, atomicOp } from "./atomics";
import { isCounterCsr } from "./decode";
import {
  CODE_CONTINUE,
  CODE_EBREAK,
  CODE_ECALL,
  CODE_FETCH_MISALIGNED,
  CODE_ILLEGAL,
  CODE_MEMORY,
} from "./stop";

/** The hart state the interpreter works on (the {@link Hart} itself). */
export interface InterpreterState {
  /** Registers; x[0] is kept 0. */
  readonly x: Int32Array;
  /** Program counter as a 32-bit pattern. */
  pcBits: number;
  /** Instructions left in the current budget. */
  remaining: number;
  /** The word of an illegal instruction, or the target of a misaligned jump. */
  trapValue: number;
  /** LR/SC state and store status (see the atomics module). */
  reservationAddress: number;
  /** The value read by the last LR.W. */
  reservationValue: number;
  /** Status of the last atomic's store. */
  storeStatus: number;
  /** Reads a counter CSR; `remaining` is up to date when it is called. */
  readCounter(csr: number): number;
}

/** What the interpreter asks of the code cache at each block entry. */
export interface BlockEntryObserver {
  /** Whether compiled code can be entered at `pc`. */
  lookup(pc: number): unknown;
  /** Counts an entry at `pc`; true if code for it was compiled just now. */
  noteEntry(pc: number, threshold: number): boolean;
}

/**
 * Interprets `h` on `port`: at most `h.remaining` instructions, until a trap, or until a control
 * transfer reaches an address with compiled code in `cache` (none without a cache). Returns a stop
 * code; on a trap, pc points at the trapping instruction, which changed nothing.
 */
export function interpret(h: InterpreterState, port: MemoryPort, cache: BlockEntryObserver | undefined, threshold: number): number {
  const x = h.x;
  const words = port.i32;
  let pc = h.pcBits;
  let n = h.remaining;
  let fetchPage = -1;
  let fetchHost = 0;
  let code = CODE_CONTINUE;
  if ((pc & 3) !== 0 && n > 0) return misalignedFetch(h, pc, pc, n);
  run: while (n > 0) {
    let w: number;
    if (pc >>> 12 === fetchPage) {
      w = words[(fetchHost | (pc & 4095)) >>> 2]!;
    } else {
      const host = port.resolvePage(pc, "execute");
      if (host === PAGE_SLOW) {
        w = port.fetchSlow(pc);
        if (port.faultCause !== 0) {
          code = CODE_MEMORY;
          break;
        }
      } else if (host === PAGE_FAULT) {
        port.faultCause = 12;
        port.faultAddress = pc;
        code = CODE_MEMORY;
        break;
      } else {
        fetchPage = pc >>> 12;
        fetchHost = host;
        w = words[(host | (pc & 4095)) >>> 2]!;
      }
    }
    const rd = (w >>> 7) & 31;
    const rs1 = (w >>> 15) & 31;
    const f3 = (w >>> 12) & 7;
    decoding: switch (w & 0x7f) {
      case 0x13: {
        const a = x[rs1]!;
        const imm = w >> 20;
        switch (f3) {
          case 0: x[rd] = a + imm; break;
          case 1:
            if (w >>> 25 !== 0) break decoding;
            x[rd] = a << imm;
            break;
          case 2: x[rd] = a < imm ? 1 : 0; break;
          case 3: x[rd] = a >>> 0 < imm >>> 0 ? 1 : 0; break;
          case 4: x[rd] = a ^ imm; break;
          case 5:
            if (w >>> 25 === 0) x[rd] = a >>> imm;
            else if (w >>> 25 === 0x20) x[rd] = a >> imm;
            else break decoding;
            break;
          case 6: x[rd] = a | imm; break;
          default: x[rd] = a & imm; break;
        }
        x[0] = 0;
        pc = (pc + 4) | 0;
        n--;
        continue;
      }
      case 0x33: {
        const a = x[rs1]!;
        const b = x[(w >>> 20) & 31]!;
        const f7 = w >>> 25;
        if (f7 === 0) {
          switch (f3) {
            case 0: x[rd] = a + b; break;
            case 1: x[rd] = a << b; break;
            case 2: x[rd] = a < b ? 1 : 0; break;
            case 3: x[rd] = a >>> 0 < b >>> 0 ? 1 : 0; break;
            case 4: x[rd] = a ^ b; break;
            case 5: x[rd] = a >>> b; break;
            case 6: x[rd] = a | b; break;
            default: x[rd] = a & b; break;
          }
        } else if (f7 === 1) {
          switch (f3) {
            case 0: x[rd] = Math.imul(a, b); break;
            case 1: x[rd] = mulh(a, b); break;
            case 2: x[rd] = mulhsu(a, b); break;
            case 3: x[rd] = mulhu(a, b); break;
            case 4: x[rd] = div(a, b); break;
            case 5: x[rd] = divu(a, b); break;
            case 6: x[rd] = rem(a, b); break;
            default: x[rd] = remu(a, b); break;
          }
        } else if (f7 === 0x20 && f3 === 0) {
          x[rd] = a - b;
        } else if (f7 === 0x20 && f3 === 5) {
          x[rd] = a >> b;
        } else {
          break decoding;
        }
        x[0] = 0;
        pc = (pc + 4) | 0;
        n--;
        continue;
      }
      case 0x03: {
        const a = (x[rs1]! + (w >> 20)) | 0;
        let v: number;
        switch (f3) {
          case 0: v = port.loadI8(a); break;
          case 1: v = port.loadI16(a); break;
          case 2: v = port.load32(a); break;
          case 4: v = port.loadU8(a); break;
          case 5: v = port.loadU16(a); break;
          default: break decoding;
        }
        if (port.faultCause !== 0) {
          code = CODE_MEMORY;
          break run;
        }
        x[rd] = v;
        x[0] = 0;
        pc = (pc + 4) | 0;
        n--;
        continue;
      }
      case 0x23: {
        const a = (x[rs1]! + (((w >> 25) << 5) | rd)) | 0;
        const v = x[(w >>> 20) & 31]!;
        let status: number;
        switch (f3) {
          case 0: status = port.store8(a, v, h); break;
          case 1: status = port.store16(a, v, h); break;
          case 2: status = port.store32(a, v, h); break;
          default: break decoding;
        }
        if (status < 0) {
          code = CODE_MEMORY;
          break run;
        }
        pc = (pc + 4) | 0;
        n--;
        continue;
      }
      case 0x37:
        x[rd] = w & 0xfffff000;
        x[0] = 0;
        pc = (pc + 4) | 0;
        n--;
        continue;
      case 0x17:
        x[rd] = pc + (w & 0xfffff000);
        x[0] = 0;
        pc = (pc + 4) | 0;
        n--;
        continue;
      case 0x63: {
        const a = x[rs1]!;
        const b = x[(w >>> 20) & 31]!;
        let taken: boolean;
        switch (f3) {
          case 0: taken = a === b; break;
          case 1: taken = a !== b; break;
          case 4: taken = a < b; break;
          case 5: taken = a >= b; break;
          case 6: taken = a >>> 0 < b >>> 0; break;
          case 7: taken = a >>> 0 >= b >>> 0; break;
          default: break decoding;
        }
        if (taken) {
          const target = (pc + (((w >> 31) << 12) | ((rd & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (rd & 0x1e))) | 0;
          if ((target & 3) !== 0) return misalignedFetch(h, pc, target, n);
          pc = target;
        } else {
          pc = (pc + 4) | 0;
        }
        n--;
        if (cache !== undefined && (cache.lookup(pc) !== undefined || cache.noteEntry(pc, threshold))) break run;
        continue;
      }
      case 0x6f: {
        const target = (pc + (((w >> 31) << 20) | (w & 0xff000) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1))) | 0;
        if ((target & 3) !== 0) return misalignedFetch(h, pc, target, n);
        x[rd] = pc + 4;
        x[0] = 0;
        pc = target;
        n--;
        if (cache !== undefined && (cache.lookup(pc) !== undefined || cache.noteEntry(pc, threshold))) break run;
        continue;
      }
      case 0x67: {
        if (f3 !== 0) break decoding;
        const target = (x[rs1]! + (w >> 20)) & ~1;
        if ((target & 3) !== 0) return misalignedFetch(h, pc, target, n);
        x[rd] = pc + 4;
        x[0] = 0;
        pc = target;
        n--;
        if (cache !== undefined && (cache.lookup(pc) !== undefined || cache.noteEntry(pc, threshold))) break run;
        continue;
      }
      case 0x0f:
        if (f3 > 1) break decoding;
        // FENCE orders nothing on one JS thread; FENCE.I has nothing to do because stores to pages
        // holding compiled code invalidate it at once (stronger than the ISA requires).
        pc = (pc + 4) | 0;
        n--;
        continue;
      case 0x73: {
        if (w === 0x00000073) {
          code = CODE_ECALL;
          break run;
        }
        if (w === 0x00100073) {
          code = CODE_EBREAK;
          break run;
        }
        const csr = w >>> 20;
        if (!((f3 & 3) >= 2 && rs1 === 0 && isCounterCsr(csr))) break decoding;
        h.pcBits = pc;
        h.remaining = n;
        x[rd] = h.readCounter(csr);
        x[0] = 0;
        pc = (pc + 4) | 0;
        n--;
        continue;
      }
      case 0x2f: {
        const funct = w >>> 27;
        const rs2 = (w >>> 20) & 31;
        if (f3 !== 2 || AMO_VALID[funct] === 0 || (funct === AmoFunct.Lr && rs2 !== 0)) break decoding;
        const v = atomicOp(h, port, funct, x[rs1]!, x[rs2]!);
        if (port.faultCause !== 0) {
          code = CODE_MEMORY;
          break run;
        }
        x[rd] = v;
        x[0] = 0;
        pc = (pc + 4) | 0;
        n--;
        continue;
      }
      default:
        break decoding;
    }
    // Only an illegal encoding leaves the switch through `break decoding`.
    h.trapValue = w;
    code = CODE_ILLEGAL;
    break;
  }
  h.pcBits = pc;
  h.remaining = n;
  return code;
}

/** A jump to `target` (or a pc) that is not 4-byte aligned: cause 0, reported on the jump itself. */
function misalignedFetch(h: InterpreterState, pc: number, target: number, n: number): number {
  h.trapValue = target;
  h.pcBits = pc;
  h.remaining = n;
  return CODE_FETCH_MISALIGNED;
}
