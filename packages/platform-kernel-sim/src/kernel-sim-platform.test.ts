import { describe, expect, it, vi } from "vitest";
import {
  AddressSpaceKind,
  InvariantViolation,
  PAGE_SIZE,
  Prot,
  RealClock,
  ReentrancyDetectingMutex,
  TestCpu,
  VirtualClock,
  type Provider,
} from "@litebox-ts/core";
import { Hart } from "@litebox-ts/riscv";
import { KernelSimPlatform } from "./kernel-sim-platform";
import { DEFAULT_MEMORY_SIZE, DEFAULT_RANGE_END, RANGE_START } from "./options";
import { MAX_ASID } from "./pte";
import { CODE, DATA, ECALL, MiB, RW, hartAt, loadCode, platform, value, Assembler, Reg, csrrs, load, store } from "./kernel-sim.test-helper";

describe("construction", () => {
  it("is Isolated by class and instance, and implements the whole Provider with a clone", () => {
    const p: Provider<number> = platform();
    expect(KernelSimPlatform.ADDRESS_SPACE_KIND).toBe(AddressSpaceKind.Isolated);
    expect(p.addressSpaceKind).toBe("Isolated");
    expect(p.cloneAddressSpace).toBeTypeOf("function");
  });

  it("defaults: a VirtualClock, the re-entrance-detecting mutex, 128 MiB, 511 ASIDs, [0x1000, 0x80000000)", () => {
    const p = new KernelSimPlatform();
    expect(p.time).toBeInstanceOf(VirtualClock);
    expect(p.createMutex("x")).toBeInstanceOf(ReentrancyDetectingMutex);
    expect(p.physicalMemory.length).toBe(DEFAULT_MEMORY_SIZE);
    expect(p.resourceStats().counters.freeFrames).toBe(DEFAULT_MEMORY_SIZE / PAGE_SIZE);
    const id = value(p.createAddressSpace());
    expect(value(p.addressSpaceRange(id))).toEqual({ start: RANGE_START, end: DEFAULT_RANGE_END });
    expect(RANGE_START).toBe(0x1000);
    expect(DEFAULT_RANGE_END).toBe(0x8000_0000);
  });

  it("uses the clock and mutex factory it is given", () => {
    const clock = new RealClock();
    const createMutex = vi.fn((name: string) => new ReentrancyDetectingMutex(name));
    const p = platform({ clock, createMutex });
    expect(p.time).toBe(clock);
    p.createMutex("registry");
    expect(createMutex).toHaveBeenCalledWith("registry");
  });

  it("backs physical memory with a SharedArrayBuffer when the host has one, an ArrayBuffer on request", () => {
    expect(platform().physicalMemory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(platform({ sharedMemory: true }).physicalMemory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const plain = platform({ sharedMemory: false });
    expect(plain.physicalMemory.buffer).toBeInstanceOf(ArrayBuffer);
    // And it works the same.
    const s = value(plain.createAddressSpace());
    value(plain.mapPages(s, DATA, PAGE_SIZE, RW));
    expect(plain.writeU32(s, DATA, 7)).toBeUndefined();
    expect(value(plain.readU32(s, DATA))).toBe(7);
  });

  it("refuses sharedMemory: true on a host without SharedArrayBuffer", () => {
    const saved = globalThis.SharedArrayBuffer;
    try {
      // @ts-expect-error -- simulating a browser page that is not cross-origin isolated
      delete globalThis.SharedArrayBuffer;
      expect(() => platform({ sharedMemory: true })).toThrow(InvariantViolation);
      expect(platform().physicalMemory.buffer).toBeInstanceOf(ArrayBuffer);
    } finally {
      globalThis.SharedArrayBuffer = saved;
    }
  });

  it("rejects invalid options with InvariantViolation(InvalidArgument)", () => {
    const bad = [
      { memorySize: 1000 }, { memorySize: 32 * 1024 }, { memorySize: 2 ** 31 + PAGE_SIZE }, { memorySize: 16 * PAGE_SIZE + 2048 },
      { asids: -1 }, { asids: 512 }, { asids: 2.5 },
      { rangeEnd: 0x1_0000_1000 }, { rangeEnd: 0x10000 }, { rangeEnd: 0x20001 },
      { tlbEntries: 3 }, { tlbEntries: 0 }, { tlbEntries: 2 ** 21 },
      { timebaseHz: 0 }, { timebaseHz: Number.NaN }, { timebaseHz: 2e9 },
      { tierUpThreshold: 0 },
    ];
    for (const options of bad) {
      let thrown: unknown;
      try {
        new KernelSimPlatform(options);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(InvariantViolation);
      expect((thrown as InvariantViolation).code).toBe("InvalidArgument");
    }
    expect(() => platform({ asids: 0, rangeEnd: 2 ** 32, tlbEntries: 1, timebaseHz: 1e9, tierUpThreshold: Infinity })).not.toThrow();
  });
});

describe("address spaces", () => {
  it("numbers spaces 1, 2, 3… and never reuses an id (ASIDs are reused)", () => {
    const p = platform();
    expect([p.createAddressSpace(), p.createAddressSpace()]).toEqual([{ ok: true, value: 1 }, { ok: true, value: 2 }]);
    const asid1 = (p.satp(1)! >>> 22) & 0x1ff;
    value(p.destroyAddressSpace(1));
    expect(p.createAddressSpace()).toEqual({ ok: true, value: 3 });
    expect((p.satp(3)! >>> 22) & 0x1ff).toBe(asid1);
    expect(p.addressSpaceRange(1)).toEqual({ ok: false, error: "InvalidId" });
  });

  it("every space has the same range: virtual addresses overlap", () => {
    const p = platform({ rangeEnd: 0xc000_0000 });
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    expect(value(p.addressSpaceRange(a))).toEqual({ start: 0x1000, end: 0xc000_0000 });
    expect(value(p.addressSpaceRange(b))).toEqual(value(p.addressSpaceRange(a)));
  });

  it("answers NoSpace when the ASIDs run out, and has room again after a destroy", () => {
    const p = platform({ asids: 3 });
    const ids = [1, 2, 3].map(() => value(p.createAddressSpace()));
    expect(p.createAddressSpace()).toEqual({ ok: false, error: "NoSpace" });
    expect(p.cloneAddressSpace(ids[0]!)).toEqual({ ok: false, error: "NoSpace" });
    expect(p.resourceStats().counters.asidsInUse).toBe(3);
    value(p.destroyAddressSpace(ids[1]!));
    expect(p.createAddressSpace().ok).toBe(true);
    expect(platform({ asids: 0 }).createAddressSpace()).toEqual({ ok: false, error: "NoSpace" });
  });

  it("supports all 511 ASIDs of Sv32, each distinct, and no more", () => {
    const p = platform({ memorySize: 4 * MiB });
    const asids = new Set<number>();
    for (let i = 0; i < MAX_ASID; i++) asids.add((p.satp(value(p.createAddressSpace()))! >>> 22) & 0x1ff);
    expect(asids.size).toBe(511);
    expect(asids.has(0)).toBe(false);
    expect(p.createAddressSpace()).toEqual({ ok: false, error: "NoSpace" });
  });

  it("answers NoSpace when no frame is left for a root table", () => {
    const p = platform({ memorySize: 64 * 1024 }); // 16 frames
    for (let i = 0; i < 16; i++) value(p.createAddressSpace());
    expect(p.resourceStats().counters.freeFrames).toBe(0);
    expect(p.createAddressSpace()).toEqual({ ok: false, error: "NoSpace" });
    expect(p.resourceStats().addressSpaces).toBe(16);
  });

  it("satp: MODE Sv32, the ASID, the PPN of a zeroed root table", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    const satp = p.satp(s)!;
    expect(satp >>> 31).toBe(1);
    expect((satp >>> 22) & 0x1ff).toBe(1);
    const root = (satp & 0x3fffff) * PAGE_SIZE;
    expect(p.physicalMemory.subarray(root, root + PAGE_SIZE).every((b) => b === 0)).toBe(true);
    expect(p.satp(99)).toBeUndefined();
  });

  it("destroy: InvalidId for unknown or destroyed ids; every operation on a destroyed id is InvalidId", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    expect(p.destroyAddressSpace(42)).toEqual({ ok: false, error: "InvalidId" });
    value(p.destroyAddressSpace(s));
    expect(p.destroyAddressSpace(s)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.activateAddressSpace(s)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.withAddressSpace(s, () => 1)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.addressSpaceRange(s)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.cloneAddressSpace(s)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.createCpu(s)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.mapPages(s, DATA, PAGE_SIZE, RW)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.queryPage(s, DATA)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.mappings(s)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.readBytes(s, DATA, new Uint8Array(1))).toMatchObject({ _tag: "MemoryFault", reason: "unmapped" });
  });

  it("the futex discriminator is the id (injective), the futex address the VA itself", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    expect(p.futexDiscriminator(a)).toBe(a);
    expect(p.futexDiscriminator(b)).toBe(b);
    expect(p.futexAddress(a, 0x2000)).toBe(0x2000);
    expect(p.futexAddress(b, -4)).toBe(0xffff_fffc);
  });
});

describe("activation (per thread)", () => {
  it("activate sets the host context's space; InvalidId leaves it unchanged", () => {
    const p = platform();
    expect(p.activeAddressSpace()).toBeUndefined();
    const a = value(p.createAddressSpace());
    value(p.activateAddressSpace(a));
    expect(p.activeAddressSpace()).toBe(a);
    expect(p.activateAddressSpace(77)).toEqual({ ok: false, error: "InvalidId" });
    expect(p.activeAddressSpace()).toBe(a);
    value(p.destroyAddressSpace(a));
    expect(p.activeAddressSpace()).toBeUndefined();
  });

  it("withAddressSpace runs f with the space active and restores the previous one, also on throw", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    value(p.activateAddressSpace(a));
    expect(p.withAddressSpace(b, () => p.activeAddressSpace())).toEqual({ ok: true, value: b });
    expect(p.activeAddressSpace()).toBe(a);
    expect(() => p.withAddressSpace(b, () => {
      throw new Error("boom");
    })).toThrow("boom");
    expect(p.activeAddressSpace()).toBe(a);
    // Also when f activated something else, and when nothing was active before.
    const fresh = platform();
    const c = value(fresh.createAddressSpace());
    const d = value(fresh.createAddressSpace());
    value(fresh.withAddressSpace(c, () => value(fresh.activateAddressSpace(d))));
    expect(fresh.activeAddressSpace()).toBeUndefined();
  });

  it("activation is independent per CPU and for the host", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    const cpu1 = value(p.createCpu(a));
    const cpu2 = value(p.createCpu(a));
    value(p.activateAddressSpace(b)); // host
    expect(p.setCurrentCpu(cpu1)).toBeUndefined();
    expect(p.activeAddressSpace()).toBe(a);
    value(p.activateAddressSpace(b)); // cpu1 (execve-like)
    expect(p.activeAddressSpace()).toBe(b);
    expect(p.setCurrentCpu(cpu2)).toBe(cpu1);
    expect(p.activeAddressSpace()).toBe(a);
    expect(p.cpuAddressSpace(cpu1)).toBe(b);
    expect(p.cpuAddressSpace(cpu2)).toBe(a);
    p.setCurrentCpu(undefined);
    expect(p.activeAddressSpace()).toBe(b);
  });

  it("withAddressSpace on a CPU restores that CPU's space and memory port even after a context switch inside", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    const cpu = value(p.createCpu(a));
    const other = value(p.createCpu(b));
    p.setCurrentCpu(cpu);
    expect(() => p.withAddressSpace(b, () => {
      expect(cpu.memory === other.memory).toBe(true);
      p.setCurrentCpu(other);
      throw new Error("x");
    })).toThrow("x");
    expect(p.cpuAddressSpace(cpu)).toBe(a);
    expect(p.cpuAddressSpace(other)).toBe(b);
    p.setCurrentCpu(cpu);
    expect(p.activeAddressSpace()).toBe(a);
    expect(cpu.memory === other.memory).toBe(false);
  });

  it("a CPU context the platform did not create can be current; its activation is recorded", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const foreign = new TestCpu({ fetchInstruction: () => ({ ok: true, value: 0 }) });
    p.setCurrentCpu(foreign);
    expect(p.activeAddressSpace()).toBeUndefined();
    expect(p.withAddressSpace(a, () => p.activeAddressSpace())).toEqual({ ok: true, value: a });
    expect(p.activeAddressSpace()).toBeUndefined();
    value(p.activateAddressSpace(a));
    expect(p.cpuAddressSpace(foreign)).toBe(a);
  });

  it("activating a space on a hart makes it execute there (same VA, other program)", () => {
    const p = platform();
    const a = value(p.createAddressSpace());
    const b = value(p.createAddressSpace());
    loadCode(p, a, CODE, new Assembler(CODE).li(Reg.a0, 111).emit(ECALL));
    loadCode(p, b, CODE, new Assembler(CODE).li(Reg.a0, 222).emit(ECALL));
    const hart = hartAt(p, a, CODE);
    p.setCurrentCpu(hart);
    value(p.activateAddressSpace(b));
    p.setCurrentCpu(undefined);
    expect(hart.run(100).kind).toBe("ecall");
    expect(hart.getRegister(Reg.a0)).toBe(222);
    expect(p.cpuAddressSpace(hart)).toBe(b);
  });
});

describe("CPUs", () => {
  it("createCpu gives a Hart (a CpuContext) on the space's port, registers zero, pc 0", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    const hart = value(p.createCpu(s));
    expect(hart).toBeInstanceOf(Hart);
    expect(hart.pc).toBe(0);
    expect(hart.getRegister(5)).toBe(0);
    expect(hart.memory.kind).toBe("translated");
    expect(value(p.createCpu(s)).memory === hart.memory).toBe(true);
    expect(p.cpuAddressSpace(hart)).toBe(s);
  });

  it("threads of one space see each other's stores", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, PAGE_SIZE, RW));
    loadCode(p, s, CODE, new Assembler(CODE)
      .li(Reg.t0, DATA).li(Reg.t1, 0x1234).emit(store("sw", Reg.t1, Reg.t0, 0), ECALL)
      .li(Reg.t0, DATA).emit(load("lw", Reg.a0, Reg.t0, 0), ECALL));
    const writer = hartAt(p, s, CODE);
    expect(writer.run(100).kind).toBe("ecall");
    const reader = hartAt(p, s, CODE + 24);
    expect(reader.run(100).kind).toBe("ecall");
    expect(reader.getRegister(Reg.a0)).toBe(0x1234);
  });

  it("cpuAddressSpace is undefined once the space is destroyed, and the hart then faults", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    loadCode(p, s, CODE, new Assembler(CODE).emit(ECALL));
    const hart = hartAt(p, s, CODE);
    expect(hart.run(10).kind).toBe("ecall");
    value(p.destroyAddressSpace(s));
    expect(p.cpuAddressSpace(hart)).toBeUndefined();
    expect(hart.run(10)).toMatchObject({ kind: "fault", cause: 12, address: CODE });
  });

  it("the time CSR reads the platform clock at 10 MHz by default, or the configured timebase", () => {
    for (const [timebaseHz, expected] of [[undefined, 123_456], [1e6, 12_345]] as const) {
      const clock = new VirtualClock();
      const p = platform({ clock, ...(timebaseHz === undefined ? {} : { timebaseHz }) });
      const s = value(p.createAddressSpace());
      loadCode(p, s, CODE, new Assembler(CODE).emit(csrrs(Reg.a0, 0xc01, 0), csrrs(Reg.a1, 0xc81, 0), ECALL));
      clock.advance(1_234_567_8); // 12.3456789 ms
      const hart = hartAt(p, s, CODE);
      expect(hart.run(10).kind).toBe("ecall");
      expect(hart.getRegister(Reg.a0)).toBe(expected);
      expect(hart.getRegister(Reg.a1)).toBe(0);
    }
  });

  it("the time CSR is exact at tick boundaries and carries into timeh", () => {
    const clock = new VirtualClock();
    const p = platform({ clock });
    const s = value(p.createAddressSpace());
    loadCode(p, s, CODE, new Assembler(CODE).emit(csrrs(Reg.a0, 0xc01, 0), csrrs(Reg.a1, 0xc81, 0), ECALL));
    const read = (): [number, number] => {
      const hart = hartAt(p, s, CODE);
      expect(hart.run(10).kind).toBe("ecall");
      return [hart.getRegister(Reg.a0), hart.getRegister(Reg.a1)];
    };
    clock.advance(700);
    expect(read()).toEqual([7, 0]);
    clock.advance(99);
    expect(read()).toEqual([7, 0]);
    clock.advance(1);
    expect(read()).toEqual([8, 0]);
    clock.advance(100 * 2 ** 32 - 800 + 300); // 2^32 + 3 ticks
    expect(read()).toEqual([3, 1]);
  });

  it("passes tierUpThreshold to its harts", () => {
    const p = platform({ tierUpThreshold: Infinity });
    const s = value(p.createAddressSpace());
    expect(value(p.createCpu(s)).tierUpThreshold).toBe(Infinity);
  });
});

describe("resource stats", () => {
  it("counts spaces, frames (data and tables), ASIDs and shared objects, all back to zero after destroy", () => {
    const p = platform();
    const initial = p.resourceStats();
    expect(initial).toEqual({
      addressSpaces: 0,
      counters: { framesInUse: 0, pageTableFrames: 0, dataFrames: 0, freeFrames: 1024, asidsInUse: 0, sharedObjects: 0 },
    });
    const s = value(p.createAddressSpace());
    value(p.mapPages(s, DATA, 3 * PAGE_SIZE, RW));
    expect(p.writeBytes(s, DATA, new Uint8Array(2 * PAGE_SIZE).fill(1))).toBeUndefined();
    const shm = value(p.createSharedMemory(PAGE_SIZE));
    value(p.mapSharedPages(s, 0x800000, PAGE_SIZE, RW, shm, 0));
    p.releaseSharedMemory(shm);
    const child = value(p.cloneAddressSpace(s));
    expect(p.resourceStats()).toEqual({
      addressSpaces: 2,
      // 2 roots + 2×2 level-0 tables; 2 private data frames + 1 shared.
      counters: { framesInUse: 9, pageTableFrames: 6, dataFrames: 3, freeFrames: 1015, asidsInUse: 2, sharedObjects: 1 },
    });
    value(p.destroyAddressSpace(s));
    value(p.destroyAddressSpace(child));
    expect(p.resourceStats()).toEqual(initial);
  });

  it("the Hart's time source is independent of the instruction count", () => {
    const p = platform();
    const s = value(p.createAddressSpace());
    loadCode(p, s, CODE, new Assembler(CODE).emit(csrrs(Reg.a0, 0xc01, 0), ECALL));
    const hart = hartAt(p, s, CODE);
    hart.run(10);
    expect(hart.getRegister(Reg.a0)).toBe(0);
  });
});

describe("Prot values", () => {
  it("map straight onto PTE R/W/X (Prot bit n is PTE bit n+1)", () => {
    expect([Prot.Read << 1, Prot.Write << 1, Prot.Exec << 1]).toEqual([2, 4, 8]);
  });
});
