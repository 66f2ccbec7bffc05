import { describe, expect, it } from "vitest";
import { Prot } from "@litebox-ts/core";
import { MAX_ASID, Pte, Satp, encodeSatp, isHardwareProtection, isPointer, leafPte, pteFrame, pteProtection } from "./pte";

describe("Sv32 PTE bits", () => {
  it("sit where the privileged spec puts them, RSW in 9:8, PPN from bit 10", () => {
    expect(Pte).toEqual({ V: 1, R: 2, W: 4, X: 8, U: 16, G: 32, A: 64, D: 128, COW: 256, ZERO: 512 });
    expect(encodeSatp(5, 0x1234_5000)).toBe((0x8000_0000 | (5 << 22) | 0x12345) >>> 0);
    expect(encodeSatp(MAX_ASID, 0)).toBe(0xffc0_0000);
    expect(Satp.PPN_MASK).toBe(0x3fffff);
  });
});

describe("leafPte / pteProtection / pteFrame", () => {
  it("valid leaves for R, RW, RX, RWX and execute-only; software leaves for none, W, WX", () => {
    const frame = 0x12_3000;
    for (const prot of [Prot.Read, Prot.Read | Prot.Write, Prot.Read | Prot.Exec, 7, Prot.Exec]) {
      const pte = leafPte(frame, prot, false);
      expect(isHardwareProtection(prot)).toBe(true);
      expect(pte).toBe((0x123 << 10) | Pte.V | Pte.U | (prot << 1));
      expect(pteProtection(pte)).toBe(prot);
      expect(pteFrame(pte)).toBe(frame);
      expect(isPointer(pte)).toBe(false);
    }
    for (const prot of [Prot.None, Prot.Write, Prot.Write | Prot.Exec]) {
      const pte = leafPte(frame, prot, false);
      expect(isHardwareProtection(prot)).toBe(false);
      expect(pte).toBe((0x123 << 10) | Pte.U | (prot << 1));
      expect(pteProtection(pte)).toBe(prot);
      expect(pteFrame(pte)).toBe(frame);
    }
  });

  it("demand-zero: V clear, ZERO set, PPN 0; frame -1", () => {
    const pte = leafPte(-1, Prot.Read | Prot.Write, true);
    expect(pte).toBe(Pte.ZERO | Pte.U | Pte.R | Pte.W);
    expect(pteFrame(pte)).toBe(-1);
    expect(pteProtection(pte)).toBe(Prot.Read | Prot.Write);
  });

  it("write-protect withholds W and sets COW only when the protection has W", () => {
    const rw = leafPte(0x5000, Prot.Read | Prot.Write, true);
    expect(rw & (Pte.W | Pte.COW | Pte.V)).toBe(Pte.COW | Pte.V);
    expect(pteProtection(rw)).toBe(Prot.Read | Prot.Write);
    const w = leafPte(0x5000, Prot.Write, true);
    expect(w & (Pte.W | Pte.COW | Pte.V)).toBe(Pte.COW);
    expect(pteProtection(w)).toBe(Prot.Write);
    expect(leafPte(0x5000, Prot.Read, true)).toBe(leafPte(0x5000, Prot.Read, false));
  });

  it("a pointer is V with no R/W/X", () => {
    expect(isPointer(Pte.V | (7 << 10))).toBe(true);
    expect(isPointer(Pte.V | Pte.R)).toBe(false);
    expect(isPointer(0)).toBe(false);
  });

  it("frames up to the 2 GiB memory limit round-trip", () => {
    const top = 2 ** 31 - 4096;
    expect(pteFrame(leafPte(top, Prot.Read, false))).toBe(top);
  });
});
