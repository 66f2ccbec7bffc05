import { describe, expect, test } from "vitest";
import { PageError } from "@litebox-ts/core";
import { FlatMemory } from "./flat-memory";
import { FlatMemoryPort } from "./flat-port";
import { PageFlag } from "./access";
import { STORE_FAULT } from "./memory-port";

describe("FlatMemory", () => {
  test("map zero-fills and sets permissions; bad arguments are typed errors", () => {
    const m = new FlatMemory({ size: 1 << 20 });
    expect(m.map(0x1000, 100, 3)).toEqual({ ok: true, value: undefined });
    expect(m.writeBytes(0x1000, new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(m.map(0x1000, 4096, 1).ok).toBe(true);
    const b = new Uint8Array(3);
    expect(m.readBytes(0x1000, b)).toBeUndefined();
    expect([...b]).toEqual([0, 0, 0]);
    expect(m.map(0x1001, 4096, 3)).toEqual({ ok: false, error: PageError.InvalidArgument });
    expect(m.map(0x1000, 0, 3)).toEqual({ ok: false, error: PageError.InvalidArgument });
    expect(m.map(0x1000, 4096, 8)).toEqual({ ok: false, error: PageError.InvalidArgument });
    expect(m.map(0xff000, 0x2000, 3)).toEqual({ ok: false, error: PageError.OutOfRange });
    expect(m.protect(0x1000, 0x2000, 3)).toEqual({ ok: false, error: PageError.NotMapped });
    expect(m.permissions(0x1000)).toBe(1); // the failed protect changed nothing
  });

  test("kernel-side copies check permissions and report the first bad address and why", () => {
    const m = new FlatMemory({ size: 1 << 20 });
    m.map(0x1000, 0x1000, 1);
    m.map(0x2000, 0x1000, 3);
    expect(m.writeBytes(0x1ffe, new Uint8Array(4))).toEqual({ _tag: "MemoryFault", address: 0x1ffe, access: "write", reason: "protection" });
    expect(m.writeBytes(0x2ffe, new Uint8Array(4))).toEqual({ _tag: "MemoryFault", address: 0x3000, access: "write", reason: "unmapped" });
    expect(m.writeBytes(0x1ffe, new Uint8Array([7, 8, 9]), { force: true })).toBeUndefined();
    const b = new Uint8Array(3);
    expect(m.readBytes(0x1ffe, b)).toBeUndefined();
    expect([...b]).toEqual([7, 8, 9]);
    expect(m.readBytes(0x2fff, new Uint8Array(2))).toEqual({ _tag: "MemoryFault", address: 0x3000, access: "read", reason: "unmapped" });
  });

  test("unmap removes access; loads and stores then fault with the page-fault causes", () => {
    const m = new FlatMemory({ size: 1 << 20 });
    m.map(0x4000, 0x1000, 3);
    expect(m.store32(0x4000, 5, undefined)).toBe(0);
    expect(m.load32(0x4000)).toBe(5);
    m.unmap(0x4000, 0x1000);
    expect(m.load32(0x4000)).toBe(0);
    expect([m.faultCause, m.faultAddress]).toEqual([13, 0x4000]);
    m.faultCause = 0;
    expect(m.store32(0x4000, 5, undefined)).toBe(STORE_FAULT);
    expect(m.faultCause).toBe(15);
  });
});

describe("FlatMemoryPort regions", () => {
  test("guest addresses are masked into the port's region: two regions of one buffer never meet", () => {
    const host = new Uint8Array(new SharedArrayBuffer(4 * 65536));
    const a = new FlatMemoryPort({ bytes: host, regionBase: 65536, regionSize: 65536 });
    const b = new FlatMemoryPort({ bytes: host, regionBase: 2 * 65536, regionSize: 65536 });
    a.setPermissions(0, 65536, 3);
    b.setPermissions(0, 65536, 3);
    expect(a.store32(0x100, 0x11111111, undefined)).toBe(0);
    expect(b.store32(0x100, 0x22222222, undefined)).toBe(0);
    expect(a.load32(0x100)).toBe(0x11111111);
    // An address far outside the region aliases into it (SFI masking), never into the neighbour.
    expect(a.load32(0x7fff0100)).toBe(0x11111111);
    expect(b.load32(0x10100)).toBe(0x22222222);
    expect(new DataView(host.buffer).getUint32(65536 + 0x100, true)).toBe(0x11111111);
    expect(a.hostOffset(0x7fff0100)).toBe(65536 + 0x100);
  });

  test("regions must be aligned to their power-of-two size and lie inside host memory", () => {
    const host = new Uint8Array(4 * 65536);
    expect(() => new FlatMemoryPort({ bytes: host, regionBase: 4096, regionSize: 65536 })).toThrow(RangeError);
    expect(() => new FlatMemoryPort({ bytes: host, regionBase: 0, regionSize: 3 * 65536 })).toThrow(RangeError);
    expect(() => new FlatMemoryPort({ bytes: host, regionBase: 4 * 65536, regionSize: 65536 })).toThrow(RangeError);
  });

  test("Slow pages are served by the platform: values, faults and retry after the flags changed", () => {
    const calls: string[] = [];
    const shared = new Uint8Array(8).fill(0xab);
    const holder: { port?: FlatMemoryPort } = {};
    const memory = new FlatMemory({
      size: 1 << 20,
      slowPath: {
        load: (address, size, access) => {
          calls.push(`load ${address.toString(16)} ${size} ${access}`);
          if (address >= 0x3000 || size !== 1) return "fault";
          return shared[address & 7]!;
        },
        store: (address, size, value) => {
          calls.push(`store ${address.toString(16)} ${size} ${value.toString(16)}`);
          if (address >= 0x2000 && address < 0x3000) {
            // A lazily copied page: copy on first touch, make it plain memory, ask for a retry.
            holder.port?.setSlow(0x2000, 0x1000, false);
            return "retry";
          }
          shared[address & 7] = value & 0xff;
          return "done";
        },
      },
    });
    holder.port = memory;
    memory.map(0x1000, 0x3000, 3);
    memory.setSlow(0x1000, 0x3000, true);
    expect(memory.loadU8(0x1003)).toBe(0xab);
    expect(memory.store8(0x1001, 0x5a, undefined)).toBe(0);
    expect(memory.loadU8(0x1001)).toBe(0x5a);
    expect(memory.store32(0x2004, 0x12345678, undefined)).toBe(0);
    expect(memory.flags[2]! & PageFlag.Slow).toBe(0);
    expect(memory.load32(0x2004)).toBe(0x12345678); // now plain memory, no call
    expect(memory.load32(0x3000)).toBe(0);
    expect(memory.faultCause).toBe(13);
    expect(calls).toEqual([
      "load 1003 1 read", "store 1001 1 5a", "load 1001 1 read", "store 2004 4 12345678", "load 3000 4 read",
    ]);
  });
});
