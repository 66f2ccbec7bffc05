import { PAGE_SIZE, Prot } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { MiB, allZero, value } from "../test/helpers";
import { EBREAK, X, code, li, sw } from "../test/rv32";
import { UserlandPlatform } from "./platform";

const RW = Prot.Read | Prot.Write;
const TEXT = 0x10000;

describe("region reuse", () => {
  it("a new space never sees an old space's bytes, however they were written", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 1 });
    const old = value(platform.createAddressSpace());
    // Written by the guest through the hart:
    value(platform.mapPages(old, 0x20000, PAGE_SIZE, RW));
    value(platform.mapPages(old, 0x50000, PAGE_SIZE, Prot.None));
    value(platform.protectPages(old, 0x50000, PAGE_SIZE, RW));
    value(platform.mapPages(old, TEXT, PAGE_SIZE, Prot.Read | Prot.Exec));
    platform.writeBytes(old, TEXT, code(
      li(X.t0, 0x20000), li(X.t1, 0x5a5a_5a5a), sw(X.t1, X.t0, 8),
      li(X.t0, 0x50000), sw(X.t1, X.t0, 0), // into a page made writable by protectPages
      EBREAK,
    ), { force: true });
    const hart = value(platform.createCpu(old));
    hart.pc = TEXT;
    expect(hart.run(100)).toMatchObject({ kind: "ebreak" });
    // Written by the kernel side, into a read-only page (force) and into a page made writable later:
    value(platform.mapPages(old, 0x30000, PAGE_SIZE, Prot.Read));
    platform.writeBytes(old, 0x30000, new Uint8Array(PAGE_SIZE).fill(0xa5), { force: true });
    value(platform.mapPages(old, 0x40000, PAGE_SIZE, Prot.None));
    value(platform.protectPages(old, 0x40000, PAGE_SIZE, RW));
    platform.writeBytes(old, 0x40ff0, new Uint8Array(16).fill(0x33));
    // Still there after an unmap (the bytes of an unmapped page are not reachable, not erased):
    value(platform.unmapPages(old, 0x40000, PAGE_SIZE));
    expect(allZero(platform.hostMemory)).toBe(false);
    value(platform.destroyAddressSpace(old));
    expect(allZero(platform.hostMemory)).toBe(true);
    expect(platform.resourceStats().counters.dirtyPages).toBe(0);

    const fresh = value(platform.createAddressSpace());
    expect(value(platform.addressSpaceRange(fresh))).toEqual({ start: 0, end: MiB });
    expect(value(platform.mappings(fresh))).toEqual([]);
    expect(value(platform.queryPage(fresh, 0x20000))).toBeUndefined();
    for (const page of [TEXT, 0x20000, 0x30000, 0x40000, 0x50000]) {
      expect(platform.readBytes(fresh, page, new Uint8Array(1))?.reason, String(page)).toBe("unmapped");
      value(platform.mapPages(fresh, page, PAGE_SIZE, RW));
      const out = new Uint8Array(PAGE_SIZE).fill(1);
      expect(platform.readBytes(fresh, page, out)).toBeUndefined();
      expect(allZero(out), String(page)).toBe(true);
    }
  });

  it("a fresh hart in the reused region runs the new space's code, not the old space's compiled code", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 1, tierUpThreshold: 1 });
    for (const result of [1, 2, 3]) {
      const s = value(platform.createAddressSpace());
      value(platform.mapPages(s, TEXT, PAGE_SIZE, Prot.Read | Prot.Exec));
      platform.writeBytes(s, TEXT, code(li(X.a0, result), EBREAK), { force: true });
      const hart = value(platform.createCpu(s));
      for (let i = 0; i < 3; i++) {
        hart.pc = TEXT;
        expect(hart.run(100)).toMatchObject({ kind: "ebreak" });
        expect(hart.getRegister(X.a0)).toBe(result);
      }
      value(platform.destroyAddressSpace(s));
    }
  });
});
