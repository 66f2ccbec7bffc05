import { PAGE_SIZE, Prot, TestPlatform } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { NtStatus } from "../abi/status";
import { GuestMemory, guestView, u32Bytes, u32Record } from "./guest-memory";

function setup() {
  const platform = new TestPlatform({ rangeSize: 1024 * 1024 });
  const space = platform.createAddressSpace();
  if (!space.ok) throw new Error();
  platform.mapPages(space.value, 0x1_0000, 2 * PAGE_SIZE, Prot.Read | Prot.Write);
  platform.mapPages(space.value, 0x2_0000, PAGE_SIZE, Prot.Read);
  return { platform, memory: new GuestMemory(platform, space.value, guestView({ start: PAGE_SIZE, end: 1024 * 1024 }, false)) };
}

describe("guestView", () => {
  it("is the range on Isolated platforms and [page, size) on SharedMemory ones, never page 0", () => {
    expect(guestView({ start: 0, end: 0x10_0000 }, false)).toEqual({ start: PAGE_SIZE, end: 0x10_0000 });
    expect(guestView({ start: 0x20_0000, end: 0x30_0000 }, true)).toEqual({ start: PAGE_SIZE, end: 0x10_0000 });
  });
});

describe("GuestMemory", () => {
  it("checks ranges before touching memory", () => {
    const { memory } = setup();
    expect(memory.contains(0x1_0000, 8)).toBe(true);
    expect(memory.contains(0, 1)).toBe(false);
    expect(memory.contains(0xffff_fffc, 8)).toBe(false);
    expect(memory.contains(1024 * 1024 - 4, 8)).toBe(false);
    expect(memory.contains(0x1_0000, -1)).toBe(false);
    expect(memory.contains(0x1_0000, 0.5)).toBe(false);
    expect(memory.contains(2 ** 32, 0)).toBe(false);
    expect(memory.read(0x7fff_ffff, 0x8000_0000)).toEqual({ ok: false, error: NtStatus.ACCESS_VIOLATION });
  });

  it("reads and writes words, 64-bit values and strings at any alignment", () => {
    const { memory } = setup();
    expect(memory.writeU32(0x1_0001, 0xdead_beef)).toBe(NtStatus.SUCCESS);
    expect(memory.readU32(0x1_0001)).toEqual({ ok: true, value: 0xdead_beef });
    expect(memory.writeI64(0x1_0010, -5n)).toBe(NtStatus.SUCCESS);
    expect(memory.readI64(0x1_0010)).toEqual({ ok: true, value: -5n });
    memory.write(0x1_0020, new Uint8Array([...new TextEncoder().encode("héllo"), 0]));
    expect(memory.readString(0x1_0020, 100)).toEqual({ ok: true, value: "héllo" });
    expect(memory.readString(0x1_0020, 3)).toEqual({ ok: false, error: NtStatus.NAME_TOO_LONG });
    expect(memory.readU32Array(0x1_0001, 1)).toEqual({ ok: true, value: [0xdead_beef] });
    expect(memory.write(0x1_0000, new Uint8Array(0))).toBe(NtStatus.SUCCESS);
    expect(memory.read(0x1_0000, 0)).toEqual({ ok: true, value: new Uint8Array(0) });
  });

  it("turns every fault into ACCESS_VIOLATION", () => {
    const { memory } = setup();
    expect(memory.readU32(0x3_0000)).toEqual({ ok: false, error: NtStatus.ACCESS_VIOLATION });
    expect(memory.readI64(0x1_1ffc)).toEqual({ ok: false, error: NtStatus.ACCESS_VIOLATION }); // crosses into unmapped
    expect(memory.writeU32(0x2_0000, 1)).toBe(NtStatus.ACCESS_VIOLATION); // read-only
    expect(memory.writeI64(0x3_0000, 1n)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(memory.probeWrite(0x2_0000, 4)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(memory.probeWrite(0x1_1ff0, 0x20)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(memory.probeWrite(0x1_0000, 2 * PAGE_SIZE)).toBe(NtStatus.SUCCESS);
    expect(memory.probeWrite(0, 4)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(memory.readString(0x3_0000, 10)).toEqual({ ok: false, error: NtStatus.ACCESS_VIOLATION });
    expect(memory.readString(0, 10)).toEqual({ ok: false, error: NtStatus.ACCESS_VIOLATION });
    expect(memory.readU32Array(0x3_0000, 2)).toEqual({ ok: false, error: NtStatus.ACCESS_VIOLATION });
  });

  it("reports a string running off the end of the range as a fault, not as too long", () => {
    const platform = new TestPlatform({ rangeSize: 64 * 1024 });
    const space = platform.createAddressSpace();
    if (!space.ok) throw new Error();
    platform.mapPages(space.value, 0xf000, PAGE_SIZE, Prot.Read | Prot.Write);
    platform.writeBytes(space.value, 0xf000, new Uint8Array(PAGE_SIZE).fill(65));
    const memory = new GuestMemory(platform, space.value, { start: PAGE_SIZE, end: 0x1_0000 });
    expect(memory.readString(0xfff0, 100)).toEqual({ ok: false, error: NtStatus.ACCESS_VIOLATION });
  });

  it("encodes little-endian words", () => {
    expect([...u32Bytes(0x0102_0304)]).toEqual([4, 3, 2, 1]);
    expect([...u32Record([1, 0xffff_ffff])]).toEqual([1, 0, 0, 0, 255, 255, 255, 255]);
  });
});
