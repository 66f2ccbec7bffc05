/**
 * A small RV32I interpreter for signal tests, over a {@link TestPlatform}'s memory: lui, auipc, jal,
 * jalr, branches, lw/lbu/sw/sb, the ALU immediates and registers, ecall, ebreak. Enough to run
 * handlers written with `asm.ts`, return through the shim's sigreturn trampoline and check that every
 * register survives a signal — without the riscv package, which the shim's tests may not import.
 * Faults are reported with the access kind and address, as the real harts do.
 */
import type { AccessKind, CpuContext, CpuRegisters, CpuStop, TestPlatform } from "@litebox-ts/core";

/** A CPU bound to one platform; its space is whatever the platform says the context is in. */
export class MiniCpu implements CpuContext {
  pc = 0;
  #count = 0;
  readonly #regs = new Uint32Array(32);
  readonly #platform: TestPlatform;

  constructor(platform: TestPlatform) {
    this.#platform = platform;
  }

  get instructionCount(): number {
    return this.#count;
  }

  getRegister(index: number): number {
    return index === 0 ? 0 : this.#regs[index]!;
  }

  setRegister(index: number, value: number): void {
    if (index > 0 && index < 32) this.#regs[index] = value >>> 0;
  }

  deschedule(): void {}

  copyRegistersFrom(other: CpuRegisters): void {
    for (let r = 1; r < 32; r++) this.#regs[r] = other.getRegister(r);
    this.pc = other.pc;
  }

  #space(): number {
    return this.#platform.cpuAddressSpace(this) ?? 0;
  }

  #fault(address: number, access: AccessKind): CpuStop {
    return { kind: "fault", address: address >>> 0, access, cause: access === "read" ? 13 : access === "write" ? 15 : 12 };
  }

  run(budget: number): CpuStop {
    const x = this.#regs;
    for (let left = budget; left > 0; left--) {
      const fetched = this.#platform.fetchInstruction(this.#space(), this.pc);
      if (!fetched.ok) return this.#fault(fetched.error.address, "execute");
      const w = fetched.value;
      const op = w & 0x7f;
      const rd = (w >> 7) & 31;
      const f3 = (w >> 12) & 7;
      const rs1 = (w >> 15) & 31;
      const rs2 = (w >> 20) & 31;
      const immI = w >> 20;
      const a = rs1 === 0 ? 0 : x[rs1]!;
      const bv = rs2 === 0 ? 0 : x[rs2]!;
      let next = (this.pc + 4) >>> 0;
      const set = (v: number): void => {
        if (rd !== 0) x[rd] = v >>> 0;
      };
      switch (op) {
        case 0x37:
          set(w & 0xfffff000);
          break;
        case 0x17:
          set(this.pc + (w & 0xfffff000));
          break;
        case 0x6f: {
          const off = (((w >> 31) & 1) << 20) | (((w >> 12) & 0xff) << 12) | (((w >> 20) & 1) << 11) | (((w >> 21) & 0x3ff) << 1);
          set(next);
          next = (this.pc + ((off << 11) >> 11)) >>> 0;
          break;
        }
        case 0x67: {
          const target = (a + immI) & ~1;
          set(next);
          next = target >>> 0;
          break;
        }
        case 0x63: {
          const off = (((w >> 31) & 1) << 12) | (((w >> 7) & 1) << 11) | (((w >> 25) & 0x3f) << 5) | (((w >> 8) & 0xf) << 1);
          const taken = [a === bv, a !== bv, false, false, (a | 0) < (bv | 0), (a | 0) >= (bv | 0), a < bv, a >= bv][f3];
          if (taken) next = (this.pc + ((off << 19) >> 19)) >>> 0;
          break;
        }
        case 0x03: {
          const addr = (a + immI) >>> 0;
          const size = f3 === 2 ? 4 : 1;
          const buf = new Uint8Array(size);
          const fault = this.#platform.readBytes(this.#space(), addr, buf);
          if (fault) return this.#fault(addr, "read");
          set(size === 4 ? new DataView(buf.buffer).getUint32(0, true) : buf[0]!);
          break;
        }
        case 0x23: {
          const imm = ((w >> 25) << 5) | ((w >> 7) & 31);
          const addr = (a + imm) >>> 0;
          const size = f3 === 2 ? 4 : 1;
          const buf = new Uint8Array(size);
          if (size === 4) new DataView(buf.buffer).setUint32(0, bv, true);
          else buf[0] = bv & 0xff;
          const fault = this.#platform.writeBytes(this.#space(), addr, buf);
          if (fault) return this.#fault(addr, "write");
          break;
        }
        case 0x13:
          switch (f3) {
            case 0: set(a + immI); break;
            case 1: set(a << (immI & 31)); break;
            case 4: set(a ^ immI); break;
            case 5: set(a >>> (immI & 31)); break;
            case 6: set(a | immI); break;
            case 7: set(a & immI); break;
            default: return { kind: "illegal", word: w };
          }
          break;
        case 0x33:
          switch (f3) {
            case 0: set((w >>> 30) & 1 ? a - bv : a + bv); break;
            case 4: set(a ^ bv); break;
            case 6: set(a | bv); break;
            case 7: set(a & bv); break;
            default: return { kind: "illegal", word: w };
          }
          break;
        case 0x73:
          if (w === 0x73) return { kind: "ecall" };
          if (w === 0x0010_0073) return { kind: "ebreak" };
          return { kind: "illegal", word: w };
        default:
          return { kind: "illegal", word: w };
      }
      this.pc = next;
      this.#count++;
    }
    return { kind: "budget" };
  }
}
