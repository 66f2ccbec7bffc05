import { describe, expect, test } from "vitest";
import { Assembler, Reg, aluI, aluR, branch, load, store } from "../../test/fuzz/asm";
import { FlatMemoryPort } from "../memory/flat-port";
import { Hart } from "./hart";

const REGION = 1 << 20;

/** Sums 1..n into a word at 0x8000 (a loop with a load and a store), then ecall. */
function program(): Uint8Array {
  const a = new Assembler(0x1000);
  a.li(Reg.t0, 0x8000).emit(aluI("addi", Reg.t1, 0, 0));
  a.label("loop").emit(load("lw", Reg.t2, Reg.t0, 0), aluR("add", Reg.t2, Reg.t2, Reg.a0), store("sw", Reg.t2, Reg.t0, 0));
  a.emit(aluI("addi", Reg.a0, Reg.a0, -1)).toLabel("loop", (o) => branch("bne", Reg.a0, 0, o));
  a.emit(0x00000073);
  return a.bytes();
}

describe("flat regions at a non-zero base", () => {
  for (const tier of [Infinity, 1]) {
    test(`two processes in two regions of one buffer run the same code apart (threshold ${tier})`, () => {
      const host = new Uint8Array(new SharedArrayBuffer(4 * REGION));
      const code = program();
      const ports = [1, 3].map((r) => {
        const port = new FlatMemoryPort({ bytes: host, regionBase: r * REGION, regionSize: REGION });
        port.setPermissions(0x1000, 0x1000, 3);
        expect(port.writeBytes(0x1000, code)).toBeUndefined();
        port.setPermissions(0x1000, 0x1000, 5);
        port.setPermissions(0x8000, 0x1000, 3);
        return port;
      });
      const results = ports.map((port, i) => {
        const hart = new Hart(port, { tierUpThreshold: tier });
        hart.pc = 0x1000;
        hart.setRegister(Reg.a0, 10 * (i + 1));
        expect(hart.run(1e6).kind).toBe("ecall");
        return { hart, value: port.load32(0x8000) };
      });
      expect(results.map((r) => r.value)).toEqual([55, 210]);
      const view = new DataView(host.buffer);
      expect([view.getUint32(REGION + 0x8000, true), view.getUint32(3 * REGION + 0x8000, true)]).toEqual([55, 210]);
      if (tier === 1) expect(results.every((r) => r.hart.interpretedInstructions < r.hart.instructionCount / 2)).toBe(true);
    });
  }
});
