import { PAGE_SIZE, Prot, TestPlatform } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { MemoryType, PageProtection } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { VirtualMemory, pageProtectionOf, protectionOf, reservationBase } from "./virtual-memory";

const RC = MemoryType.RESERVE | MemoryType.COMMIT;
const RW = PageProtection.READWRITE;

function setup() {
  const platform = new TestPlatform({ rangeSize: 1024 * 1024 });
  const space = platform.createAddressSpace();
  if (!space.ok) throw new Error();
  const vm = new VirtualMemory(platform, space.value, { start: PAGE_SIZE, end: 1024 * 1024 });
  return { platform, space: space.value, vm };
}

describe("page protections", () => {
  it("map the six basic PAGE_* values and refuse modifiers and copy-on-write ones", () => {
    expect(protectionOf(PageProtection.READWRITE)).toBe(Prot.Read | Prot.Write);
    expect(protectionOf(PageProtection.EXECUTE)).toBe(Prot.Exec);
    expect(protectionOf(PageProtection.NOACCESS)).toBe(Prot.None);
    expect(protectionOf(PageProtection.READWRITE | PageProtection.GUARD)).toBeUndefined();
    expect(protectionOf(PageProtection.WRITECOPY)).toBeUndefined();
    expect(pageProtectionOf(Prot.Read | Prot.Exec)).toBe(PageProtection.EXECUTE_READ);
    expect(pageProtectionOf(Prot.Write)).toBe(PageProtection.READWRITE);
    expect(reservationBase(0x1_2345)).toBe(0x1_0000);
  });
});

describe("VirtualMemory", () => {
  it("reserves on 64 KiB boundaries bottom-up (or top-down), commits zeroed pages, and maps only committed ones", () => {
    const { platform, space, vm } = setup();
    const a = vm.allocate(0, 5000, RC, RW);
    expect(a).toEqual({ ok: true, value: { base: 0x1_0000, size: 2 * PAGE_SIZE } });
    const b = vm.allocate(0, 100, MemoryType.RESERVE, RW);
    expect(b).toEqual({ ok: true, value: { base: 0x2_0000, size: PAGE_SIZE } });
    const top = vm.allocate(0, PAGE_SIZE, RC | MemoryType.TOP_DOWN, RW);
    expect(top.ok && top.value.base).toBe(0xf_0000);
    expect(platform.queryPage(space, 0x1_0000)).toEqual({ ok: true, value: expect.objectContaining({ prot: Prot.Read | Prot.Write }) });
    expect(platform.queryPage(space, 0x2_0000)).toEqual({ ok: true, value: undefined });
    expect(vm.committedBytes).toBe(3 * PAGE_SIZE);
  });

  it("places fixed reservations or refuses overlaps and addresses outside the range", () => {
    const { vm } = setup();
    expect(vm.allocate(0x4_1234, 10, MemoryType.RESERVE, RW)).toEqual({ ok: true, value: { base: 0x4_0000, size: 0x2000 } });
    expect(vm.allocate(0x4_8000, 10, MemoryType.RESERVE, RW)).toEqual({ ok: false, error: NtStatus.CONFLICTING_ADDRESSES });
    expect(vm.allocate(0x10_0000, 10, MemoryType.RESERVE, RW)).toEqual({ ok: false, error: NtStatus.CONFLICTING_ADDRESSES });
    expect(vm.allocate(0, 2 * 1024 * 1024, MemoryType.RESERVE, RW)).toEqual({ ok: false, error: NtStatus.INVALID_PARAMETER_4 });
    expect(vm.allocate(0, 0, MemoryType.RESERVE, RW)).toEqual({ ok: false, error: NtStatus.INVALID_PARAMETER_4 });
    expect(vm.allocate(0, 10, MemoryType.DECOMMIT, RW)).toEqual({ ok: false, error: NtStatus.INVALID_PARAMETER_5 });
    expect(vm.allocate(0, 10, MemoryType.RESERVE | 0x8, RW)).toEqual({ ok: false, error: NtStatus.INVALID_PARAMETER_5 });
    expect(vm.allocate(0, 10, MemoryType.RESERVE, 0x3)).toEqual({ ok: false, error: NtStatus.INVALID_PAGE_PROTECTION });
    expect(vm.allocate(0, 1000 * 1024, MemoryType.RESERVE, RW)).toEqual({ ok: false, error: NtStatus.NO_MEMORY }); // no gap that big
  });

  it("commits inside a reservation (again without harm), and only there", () => {
    const { vm } = setup();
    vm.allocate(0x5_0000, 0x1_0000, MemoryType.RESERVE, RW);
    expect(vm.allocate(0x5_2010, 10, MemoryType.COMMIT, RW)).toEqual({ ok: true, value: { base: 0x5_2000, size: PAGE_SIZE } });
    expect(vm.allocate(0x5_1000, 3 * PAGE_SIZE, MemoryType.COMMIT, PageProtection.READONLY).ok).toBe(true);
    expect(vm.query(0x5_2000)?.protect).toBe(RW); // already committed: kept
    expect(vm.query(0x5_1000)?.protect).toBe(PageProtection.READONLY);
    expect(vm.allocate(0x5_f000, 2 * PAGE_SIZE, MemoryType.COMMIT, RW)).toEqual({ ok: false, error: NtStatus.CONFLICTING_ADDRESSES });
    expect(vm.allocate(0x8_0000, 10, MemoryType.COMMIT, RW)).toEqual({ ok: false, error: NtStatus.CONFLICTING_ADDRESSES });
  });

  it("frees: release at the base only, whole or with the exact size; decommit ranges; never system regions", () => {
    const { vm } = setup();
    vm.allocate(0x5_0000, 4 * PAGE_SIZE, RC, RW);
    expect(vm.free(0x5_1000, 0, MemoryType.RELEASE)).toEqual({ ok: false, error: NtStatus.FREE_VM_NOT_AT_BASE });
    expect(vm.free(0x5_0000, PAGE_SIZE, MemoryType.RELEASE)).toEqual({ ok: false, error: NtStatus.UNABLE_TO_FREE_VM });
    expect(vm.free(0x5_1000, PAGE_SIZE, MemoryType.DECOMMIT)).toEqual({ ok: true, value: { base: 0x5_1000, size: PAGE_SIZE } });
    expect(vm.query(0x5_1000)?.state).toBe(MemoryType.RESERVE);
    expect(vm.free(0x5_1000, 0, MemoryType.DECOMMIT)).toEqual({ ok: false, error: NtStatus.FREE_VM_NOT_AT_BASE });
    expect(vm.free(0x5_3000, 2 * PAGE_SIZE, MemoryType.DECOMMIT)).toEqual({ ok: false, error: NtStatus.UNABLE_TO_FREE_VM });
    expect(vm.free(0x5_0000, 0, MemoryType.FREE)).toEqual({ ok: false, error: NtStatus.INVALID_PARAMETER_4 });
    expect(vm.free(0x9_0000, 0, MemoryType.RELEASE)).toEqual({ ok: false, error: NtStatus.MEMORY_NOT_ALLOCATED });
    expect(vm.free(0x5_0000, 4 * PAGE_SIZE, MemoryType.RELEASE)).toEqual({ ok: true, value: { base: 0x5_0000, size: 4 * PAGE_SIZE } });
    expect(vm.committedBytes).toBe(0);
    const system = vm.allocate(0, PAGE_SIZE, RC, RW, { kind: "system", alignment: PAGE_SIZE });
    if (!system.ok) throw new Error();
    expect(vm.free(system.value.base, 0, MemoryType.RELEASE)).toEqual({ ok: false, error: NtStatus.UNABLE_TO_FREE_VM });
    expect(vm.releaseRegion(system.value.base)).toBe(true);
    expect(vm.releaseRegion(system.value.base)).toBe(false);
  });

  it("protects committed pages, reporting the first page's old protection", () => {
    const { platform, space, vm } = setup();
    vm.allocate(0x5_0000, 2 * PAGE_SIZE, RC, RW);
    vm.allocate(0x6_0000, PAGE_SIZE, MemoryType.RESERVE, RW);
    expect(vm.protect(0x5_0010, 0, PageProtection.READONLY)).toEqual({ ok: true, value: { base: 0x5_0000, size: PAGE_SIZE, old: RW } });
    expect(platform.queryPage(space, 0x5_0000)).toEqual({ ok: true, value: expect.objectContaining({ prot: Prot.Read }) });
    expect(vm.protect(0x5_0000, 2 * PAGE_SIZE, RW)).toEqual({ ok: true, value: { base: 0x5_0000, size: 2 * PAGE_SIZE, old: PageProtection.READONLY } });
    expect(vm.protect(0x5_0000, 3 * PAGE_SIZE, RW)).toEqual({ ok: false, error: NtStatus.CONFLICTING_ADDRESSES });
    expect(vm.protect(0x6_0000, PAGE_SIZE, RW)).toEqual({ ok: false, error: NtStatus.NOT_COMMITTED });
    expect(vm.protect(0x7_0000, PAGE_SIZE, RW)).toEqual({ ok: false, error: NtStatus.MEMORY_NOT_ALLOCATED });
    expect(vm.protect(0x5_0000, PAGE_SIZE, 0x8)).toEqual({ ok: false, error: NtStatus.INVALID_PAGE_PROTECTION });
  });

  it("answers queries for free, reserved, committed and image memory, and adopts what a loader mapped", () => {
    const { vm } = setup();
    vm.adopt(0x1_0000, 0x1_3000, "image", [{ start: 0x1_0000, end: 0x1_2000, prot: Prot.Read | Prot.Exec }]);
    expect(vm.query(0x1_0000)).toMatchObject({ allocationBase: 0x1_0000, state: MemoryType.COMMIT, protect: PageProtection.EXECUTE_READ, type: MemoryType.IMAGE, regionSize: 0x2000 });
    expect(vm.query(0x1_2000)).toMatchObject({ state: MemoryType.RESERVE, protect: 0 });
    expect(vm.query(0x2_0000)).toMatchObject({ state: MemoryType.FREE, allocationBase: 0, regionSize: 1024 * 1024 - 0x2_0000 });
    expect(vm.query(0)).toBeUndefined();
    expect(vm.query(1024 * 1024)).toBeUndefined();
    // The adopted region is not offered again.
    expect(vm.allocate(0, PAGE_SIZE, RC, RW)).toEqual({ ok: true, value: { base: 0x2_0000, size: PAGE_SIZE } });
    vm.clear();
    expect(vm.committedBytes).toBe(0);
    expect(vm.query(0x1_0000)?.state).toBe(MemoryType.FREE);
  });

  it("leaves nothing committed when the platform runs out of pages", () => {
    const { platform, vm } = setup();
    vm.allocate(0x5_0000, 4 * PAGE_SIZE, MemoryType.RESERVE, RW);
    vm.allocate(0x5_1000, PAGE_SIZE, MemoryType.COMMIT, RW);
    const mapped = platform.mappedPages;
    platform.failOnCall("mapPages", 2); // the second run of a split commit fails
    expect(vm.allocate(0x5_0000, 4 * PAGE_SIZE, MemoryType.COMMIT, RW)).toEqual({ ok: false, error: NtStatus.NO_MEMORY });
    expect(platform.mappedPages).toBe(mapped);
    expect(vm.query(0x5_0000)?.state).toBe(MemoryType.RESERVE);
    platform.failOnCall("mapPages", 1);
    expect(vm.allocate(0, PAGE_SIZE, RC, RW)).toEqual({ ok: false, error: NtStatus.NO_MEMORY });
    expect(vm.query(0x1_0000)?.state).toBe(MemoryType.FREE);
  });
});
