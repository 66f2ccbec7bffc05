import { PAGE_SIZE, Prot, Scheduler, VirtualClock, type ShimEntry } from "@litebox-ts/core";
import type { Hart } from "@litebox-ts/riscv";
import { describe, expect, it } from "vitest";
import { MiB, allZero, bytes, value } from "../test/helpers";
import { EBREAK, ECALL, X, addi, bne, code, jalr, li, lrw, lw, rdtime, rdtimeh, scw, sw } from "../test/rv32";
import { UserlandPlatform } from "./platform";
import { TIMEBASE_HZ } from "./timebase";

const RW = Prot.Read | Prot.Write;
const RX = Prot.Read | Prot.Exec;
const TEXT = 0x10000;
const DATA = 0x20000;

/** Maps one RX page of code at `at` (default {@link TEXT}) and writes `program` into it. */
function loadCode(platform: UserlandPlatform, space: number, program: Uint8Array, at = TEXT): void {
  value(platform.mapPages(space, at, PAGE_SIZE, RX));
  expect(platform.writeBytes(space, at, program, { force: true })).toBeUndefined();
}

function startAt(hart: Hart, pc = TEXT): Hart {
  hart.pc = pc;
  return hart;
}

function word(platform: UserlandPlatform, space: number, address: number): number {
  return value(platform.readU32(space, address));
}

describe("a guest on the userland platform (SFI)", () => {
  it("stores into other regions' addresses land in its own region; loads read its own bytes", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 4 });
    const x = value(platform.createAddressSpace());
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const aStart = value(platform.addressSpaceRange(a)).start;
    const bStart = value(platform.addressSpaceRange(b)).start;
    for (const s of [x, a, b]) value(platform.mapPages(s, DATA, PAGE_SIZE, RW));
    platform.writeU32(a, DATA + 16, 0x1111_1111);
    const targets = [
      aStart + DATA, // a's host address of its data page
      0 + DATA + 4, // region 0 (x)
      3 * MiB + DATA + 8, // region 3 (no space)
      0xfff0_0000 + DATA + 12, // 0xFFF2000C
    ];
    loadCode(platform, b, code(
      ...targets.flatMap((t, k) => [li(X.t0, t), li(X.t1, 0xb0 + k), sw(X.t1, X.t0, 0)]),
      li(X.t0, aStart + DATA + 16), lw(X.a0, X.t0, 0), // a's word 0x11111111 at that address: b reads its own
      li(X.t0, 0xffff_fffc), li(X.t1, 0x77), sw(X.t1, X.t0, 0), // 0xFFFFFFFC: b's last page, unmapped
      EBREAK,
    ));
    const hart = startAt(value(platform.createCpu(b)));
    platform.writeU32(b, DATA + 16, 0x2222_2222);
    const stop = hart.run(1000);
    // The last store faults (b's last page is unmapped), with the address the guest used.
    expect(stop).toMatchObject({ kind: "fault", cause: 15, access: "write", address: 0xffff_fffc });
    expect(hart.getRegister(X.a0)).toBe(0x2222_2222);
    expect([0, 4, 8, 12].map((o) => word(platform, b, DATA + o))).toEqual([0xb0, 0xb1, 0xb2, 0xb3]);
    expect(platform.hostMemory.subarray(bStart + DATA, bStart + DATA + 4)).toEqual(bytes(0xb0, 0, 0, 0));
    // Nothing reached the other regions: x and a hold only what the host wrote; region 3 is zero.
    expect(allZero(platform.hostMemory.subarray(0, MiB))).toBe(true);
    expect(word(platform, a, DATA + 16)).toBe(0x1111_1111);
    const aRegion = platform.hostMemory.subarray(aStart, aStart + MiB);
    expect(aRegion.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0)).toBe(4);
    expect(allZero(platform.hostMemory.subarray(3 * MiB, 4 * MiB))).toBe(true);
  });

  it("a store to another space's mapped page, at an offset unmapped in its own, faults", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 2 });
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    value(platform.mapPages(a, 0x30000, PAGE_SIZE, RW));
    loadCode(platform, b, code(li(X.t0, 0x30000), li(X.t1, 5), sw(X.t1, X.t0, 0), EBREAK));
    const stop = startAt(value(platform.createCpu(b))).run(100);
    expect(stop).toMatchObject({ kind: "fault", cause: 15, address: 0x30000 });
    expect(word(platform, a, 0x30000)).toBe(0);
  });

  it("runs in a region above 2 GiB of host memory (host offsets past the int32 range)", () => {
    const platform = new UserlandPlatform({ regionSize: 1024 * MiB, regionCount: 4 });
    const spaces = [0, 1, 2, 3].map(() => value(platform.createAddressSpace()));
    const top = spaces[3]!;
    expect(value(platform.addressSpaceRange(top))).toEqual({ start: 3 * 1024 * MiB, end: 2 ** 32 });
    value(platform.mapPages(top, DATA, PAGE_SIZE, RW));
    value(platform.mapPages(top, 1024 * MiB - PAGE_SIZE, PAGE_SIZE, RW));
    loadCode(platform, top, code(
      li(X.t0, DATA), li(X.t1, 0x1234_5678), sw(X.t1, X.t0, 0), lw(X.a0, X.t0, 0),
      li(X.t0, -4), sw(X.t1, X.t0, 0), lw(X.a1, X.t0, 0), EBREAK,
    ));
    const hart = startAt(value(platform.createCpu(top)));
    expect(hart.run(100)).toMatchObject({ kind: "ebreak" });
    expect([hart.getRegister(X.a0), hart.getRegister(X.a1)]).toEqual([0x1234_5678, 0x1234_5678]);
    expect(platform.hostMemory[2 ** 32 - 4]).toBe(0x78);
    expect(platform.hostMemory[3 * 1024 * MiB + DATA + 3]).toBe(0x12);
    expect(word(platform, top, 2 ** 32 - 4)).toBe(0x1234_5678);
  });
});

describe("faults from the hart", () => {
  it("raise cause 12 on fetch from a non-executable page, 13 on a protected load, 15 on a protected store", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 1 });
    const s = value(platform.createAddressSpace());
    value(platform.mapPages(s, DATA, PAGE_SIZE, RW));
    value(platform.mapPages(s, DATA + PAGE_SIZE, PAGE_SIZE, Prot.None));
    value(platform.mapPages(s, DATA + 2 * PAGE_SIZE, PAGE_SIZE, Prot.Read));
    loadCode(platform, s, code(
      li(X.t0, DATA + 2 * PAGE_SIZE), lw(X.a0, X.t0, 0), // allowed
      sw(X.a0, X.t0, 0), // store to read-only: 15
    ));
    const hart = startAt(value(platform.createCpu(s)));
    expect(hart.run(100)).toEqual({ kind: "fault", pc: TEXT + 12, address: DATA + 2 * PAGE_SIZE, access: "write", cause: 15 });
    loadCode(platform, s, code(li(X.t0, DATA + PAGE_SIZE), lw(X.a0, X.t0, 0)));
    expect(startAt(hart).run(100)).toEqual({ kind: "fault", pc: TEXT + 8, address: DATA + PAGE_SIZE, access: "read", cause: 13 });
    loadCode(platform, s, code(li(X.t0, DATA), jalr(X.zero, X.t0, 0)));
    expect(startAt(hart).run(100)).toEqual({ kind: "fault", pc: DATA, address: DATA, access: "execute", cause: 12 });
    value(platform.protectPages(s, TEXT, PAGE_SIZE, Prot.Read));
    expect(startAt(hart).run(100)).toEqual({ kind: "fault", pc: TEXT, address: TEXT, access: "execute", cause: 12 });
  });
});

describe("shared pages from the hart", () => {
  it("are read and written through the slow path, seen by every space, with their protection", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 2 });
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapSharedPages(a, DATA, PAGE_SIZE, RW, obj, 0));
    value(platform.mapSharedPages(b, 0x40000, PAGE_SIZE, Prot.Read, obj, 0));
    loadCode(platform, a, code(li(X.t0, DATA + 8), li(X.t1, 0xcafe_f00d), sw(X.t1, X.t0, 0), EBREAK));
    loadCode(platform, b, code(li(X.t0, 0x40008), lw(X.a0, X.t0, 0), sw(X.a0, X.t0, 0), EBREAK));
    expect(startAt(value(platform.createCpu(a))).run(100)).toMatchObject({ kind: "ebreak" });
    expect(word(platform, b, 0x40008)).toBe(0xcafe_f00d);
    const hartB = startAt(value(platform.createCpu(b)));
    expect(hartB.run(100)).toMatchObject({ kind: "fault", cause: 15, address: 0x40008 });
    expect(hartB.getRegister(X.a0)).toBe(0xcafe_f00d);
  });

  it("can hold code, fetched through the slow path", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 1, tierUpThreshold: 1 });
    const s = value(platform.createAddressSpace());
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapSharedPages(s, TEXT, PAGE_SIZE, RW, obj, 0));
    platform.writeBytes(s, TEXT, code(li(X.a0, 42), EBREAK));
    value(platform.protectPages(s, TEXT, PAGE_SIZE, RX));
    const hart = startAt(value(platform.createCpu(s)));
    expect(hart.run(100)).toMatchObject({ kind: "ebreak" });
    expect(hart.getRegister(X.a0)).toBe(42);
    value(platform.protectPages(s, TEXT, PAGE_SIZE, Prot.Read));
    expect(startAt(hart).run(100)).toMatchObject({ kind: "fault", cause: 12, address: TEXT });
  });
});

describe("the time CSR", () => {
  it("follows the platform clock at 10 MHz", () => {
    const clock = new VirtualClock();
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 1, clock });
    const s = value(platform.createAddressSpace());
    loadCode(platform, s, code(rdtime(X.a0), rdtimeh(X.a1), EBREAK));
    const hart = value(platform.createCpu(s));
    expect(TIMEBASE_HZ).toBe(10_000_000);
    clock.advance(1_000_000); // 1 ms
    startAt(hart).run(10);
    expect([hart.getRegister(X.a0), hart.getRegister(X.a1)]).toEqual([10_000, 0]);
    clock.advance((2 ** 32 + 5) * 100 - 1_000_000 + 99);
    startAt(hart).run(10);
    expect([hart.getRegister(X.a0), hart.getRegister(X.a1)]).toEqual([5, 1]);
  });
});

describe("execution and activation", () => {
  it("activating another space moves the current hart there (execve)", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 2 });
    const a = value(platform.createAddressSpace());
    const b = value(platform.createAddressSpace());
    loadCode(platform, a, code(li(X.a0, 1), ECALL));
    loadCode(platform, b, code(li(X.a0, 2), EBREAK));
    const hart = startAt(value(platform.createCpu(a)));
    expect(hart.run(100)).toMatchObject({ kind: "ecall" });
    expect(hart.getRegister(X.a0)).toBe(1);
    platform.setCurrentCpu(hart);
    value(platform.activateAddressSpace(b));
    platform.setCurrentCpu(undefined);
    expect(startAt(hart).run(100)).toMatchObject({ kind: "ebreak" });
    expect(hart.getRegister(X.a0)).toBe(2);
  });

  it("harts of one space share its memory; a hart left on a destroyed space faults and never reaches the region's next owner", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 1, tierUpThreshold: 1 });
    const old = value(platform.createAddressSpace());
    value(platform.mapPages(old, DATA, PAGE_SIZE, RW));
    const program = code(li(X.t0, DATA), lw(X.a0, X.t0, 0), addi(X.a0, X.a0, 1), sw(X.a0, X.t0, 0), EBREAK);
    loadCode(platform, old, program);
    const first = value(platform.createCpu(old));
    const second = value(platform.createCpu(old));
    for (let i = 0; i < 3; i++) {
      expect(startAt(first).run(100)).toMatchObject({ kind: "ebreak" });
      expect(startAt(second).run(100)).toMatchObject({ kind: "ebreak" });
    }
    expect(word(platform, old, DATA)).toBe(6);
    value(platform.destroyAddressSpace(old));
    const fresh = value(platform.createAddressSpace());
    value(platform.mapPages(fresh, DATA, PAGE_SIZE, RW));
    loadCode(platform, fresh, program);
    expect(startAt(first).run(100)).toMatchObject({ kind: "fault", cause: 12, address: TEXT });
    expect(word(platform, fresh, DATA)).toBe(0);
  });

  it("runs guest threads of two processes under the core's scheduler, each current (and active) for its slice", async () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 2 });
    const scheduler = new Scheduler({ clock: platform.time, quantum: 7, executor: platform });
    const seen: Array<[number, number | undefined]> = [];
    const shim: ShimEntry<number> = {
      syscall(thread) {
        seen.push([thread.shimState, platform.activeAddressSpace()]);
        return "terminate";
      },
      exception: () => "terminate",
      interrupt: () => "resume",
    };
    const spaces = [value(platform.createAddressSpace()), value(platform.createAddressSpace())];
    for (const [k, s] of spaces.entries()) {
      value(platform.mapPages(s, DATA, PAGE_SIZE, RW));
      // count to 20 + k in memory, then ecall
      loadCode(platform, s, code(
        li(X.t0, DATA), li(X.t2, 20 + k),
        lw(X.t1, X.t0, 0), addi(X.t1, X.t1, 1), sw(X.t1, X.t0, 0), bne(X.t1, X.t2, -12),
        ECALL,
      ));
      scheduler.spawn(startAt(value(platform.createCpu(s))), s, shim, s);
    }
    const report = await scheduler.run();
    expect(report.kind).toBe("completed");
    expect(spaces.map((s) => word(platform, s, DATA))).toEqual([20, 21]);
    expect(seen.sort((x, y) => x[0] - y[0])).toEqual(spaces.map((s) => [s, s]));
    expect(platform.activeAddressSpace()).toBeUndefined();
  });
});

describe("what kernel-side writes tell the hart", () => {
  /** A fresh space in region 1 with `li a0, 5; ebreak` compiled at guest address `pc`. */
  function compiled(pc: (start: number) => number): { platform: UserlandPlatform; s: number; hart: Hart; pc: number } {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 2, tierUpThreshold: 1 });
    value(platform.createAddressSpace());
    const s = value(platform.createAddressSpace());
    const at = pc(value(platform.addressSpaceRange(s)).start);
    loadCode(platform, s, code(li(X.a0, 5), EBREAK));
    const hart = value(platform.createCpu(s));
    for (let round = 0; round < 3; round++) expect(startAt(hart, at).run(100)).toMatchObject({ kind: "ebreak" });
    expect(platform.memoryPort(s)!.hasCode(TEXT)).toBe(true);
    // Stale code would run the `li` before trapping: a0 keeps this marker only if the code was dropped.
    hart.setRegister(X.a0, 0xdead);
    return { platform, s, hart, pc: at };
  }

  const pcForms: Array<[string, (start: number) => number]> = [
    ["low", () => TEXT],
    ["host", (start) => start + TEXT],
    ["alias", () => 0xfff0_0000 + TEXT],
  ];

  it("a write over compiled code drops it, whichever address form the guest runs at or the kernel writes by", () => {
    for (const [name, pcForm] of pcForms) {
      for (const [writeName, writeForm] of pcForms) {
        const { platform, s, hart, pc } = compiled(pcForm);
        const writeAt = writeForm(value(platform.addressSpaceRange(s)).start);
        if (name === "alias" && writeName !== "alias") continue; // an alias is known only to whoever used it
        expect(platform.writeBytes(s, writeAt, code(li(X.a0, 7), EBREAK), { force: true })).toBeUndefined();
        expect(startAt(hart, pc).run(100)).toMatchObject({ kind: "ebreak" });
        expect(hart.getRegister(X.a0), `${name} ${writeName}`).toBe(7);
      }
    }
  });

  it("remapping, unmapping or protecting a page drops its compiled code, whichever form the guest ran it at", () => {
    for (const [name, pcForm] of pcForms.slice(0, 2)) {
      let c = compiled(pcForm);
      value(c.platform.mapPages(c.s, TEXT, PAGE_SIZE, RX)); // same protection, fresh zero page
      expect(startAt(c.hart, c.pc).run(100), name).toEqual({ kind: "illegal", pc: c.pc, word: 0 });
      expect(c.hart.getRegister(X.a0)).toBe(0xdead);
      const fetchFault = (pc: number): unknown => ({ kind: "fault", pc, address: pc, access: "execute", cause: 12 });
      c = compiled(pcForm);
      value(c.platform.unmapPages(c.s, TEXT, PAGE_SIZE));
      expect(startAt(c.hart, c.pc).run(100), name).toEqual(fetchFault(c.pc));
      expect(c.hart.getRegister(X.a0)).toBe(0xdead);
      c = compiled(pcForm);
      value(c.platform.protectPages(c.s, TEXT, PAGE_SIZE, Prot.Read));
      expect(startAt(c.hart, c.pc).run(100), name).toEqual(fetchFault(c.pc));
      expect(c.hart.getRegister(X.a0)).toBe(0xdead);
      c = compiled(pcForm);
      const obj = value(c.platform.createSharedMemory(PAGE_SIZE));
      value(c.platform.mapSharedPages(c.s, TEXT, PAGE_SIZE, RX, obj, 0));
      expect(startAt(c.hart, c.pc).run(100), name).toEqual({ kind: "illegal", pc: c.pc, word: 0 });
      expect(c.hart.getRegister(X.a0)).toBe(0xdead);
    }
  });

  it("a write to a reserved word breaks the LR reservation (even writing the same value), whichever address forms are used", () => {
    const platform = new UserlandPlatform({ regionSize: MiB, regionCount: 2 });
    value(platform.createAddressSpace());
    const s = value(platform.createAddressSpace());
    const start = value(platform.addressSpaceRange(s)).start;
    value(platform.mapPages(s, DATA, PAGE_SIZE, RW));
    /** lr.w; ecall (the kernel may write the word: same value, so only the reservation can tell); sc.w 7. */
    const run = (guestForm: number, kernelForm: number | undefined): number => {
      expect(platform.writeU32(s, DATA, 3)).toBeUndefined();
      loadCode(platform, s, code(li(X.a0, guestForm), lrw(X.t0, X.a0), ECALL, li(X.t1, 7), scw(X.a1, X.t1, X.a0), EBREAK));
      const hart = startAt(value(platform.createCpu(s)));
      expect(hart.run(100)).toMatchObject({ kind: "ecall" });
      if (kernelForm !== undefined) expect(platform.writeU32(s, kernelForm, 3)).toBeUndefined();
      hart.pc += 4;
      expect(hart.run(100)).toMatchObject({ kind: "ebreak" });
      return hart.getRegister(X.a1);
    };
    expect(run(DATA, undefined)).toBe(0);
    expect(word(platform, s, DATA)).toBe(7);
    const alias = 0xfff0_0000 + DATA;
    for (const [guestForm, kernelForm] of [[DATA, DATA], [start + DATA, DATA], [DATA, start + DATA], [alias, alias]]) {
      expect(run(guestForm!, kernelForm!), `${guestForm} ${kernelForm}`).not.toBe(0);
      expect(word(platform, s, DATA)).toBe(3);
    }
    // On a shared page too.
    const obj = value(platform.createSharedMemory(PAGE_SIZE));
    value(platform.mapSharedPages(s, DATA, PAGE_SIZE, RW, obj, 0));
    expect(run(DATA, undefined)).toBe(0);
    expect(word(platform, s, DATA)).toBe(7);
    expect(run(DATA, DATA)).not.toBe(0);
    expect(word(platform, s, DATA)).toBe(3);
  });
});
