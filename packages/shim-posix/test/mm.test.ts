/**
 * brk, mmap2, munmap and mprotect on both test platforms: placement, contents, protections and every
 * errno branch, in Linux's order.
 */
import { PAGE_SIZE, Prot } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { Errno, MapFlag, ProtFlag, Rlimit, RLIM64_INFINITY, Sys, type PosixThread } from "../src/index";
import { STACK_GUARD_GAP } from "../src/mm/geometry";
import { DATA, DATA_SIZE, createHarness, type Harness } from "./support/harness";
import { Script } from "./support/script-builder";

const RW = ProtFlag.PROT_READ | ProtFlag.PROT_WRITE;
const PRIVATE_ANON = MapFlag.MAP_PRIVATE | MapFlag.MAP_ANONYMOUS;
const SHARED_ANON = MapFlag.MAP_SHARED | MapFlag.MAP_ANONYMOUS;
const BRK0 = DATA + DATA_SIZE;
const RANGE_END = 64 * 1024 * 1024;
const STACK_BASE = RANGE_END - 64 * 1024;
const MMAP_BASE = STACK_BASE - STACK_GUARD_GAP;

function setup(kind: "isolated" | "shared"): { h: Harness; t: PosixThread } {
  const h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
  return { h, t: h.start("idle").process.leader! };
}

function mmap(h: Harness, t: PosixThread, addr: number, len: number, prot: number, flags: number, fd = -1, pgoff = 0): Promise<number> {
  return h.call(t, Sys.mmap2, addr, len, prot, flags, fd, pgoff).then((r) => (r < 0 && r >= -4095 ? r : r >>> 0));
}

function protOf(h: Harness, t: PosixThread, address: number): number | undefined {
  const info = h.platform.queryPage(t.process.space.id as number, address);
  return info.ok ? info.value?.prot : -1;
}

function setLimit(t: PosixThread, resource: number, value: bigint): void {
  const limit = t.process.limits.get(resource);
  limit.cur = value;
  limit.max = RLIM64_INFINITY;
}

describe.each(["isolated", "shared"] as const)("brk on the %s test platform", (kind) => {
  it("starts at the image's break, grows exactly, gives zeroed writable memory, shrinks and grows fresh", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.brk, 0)).toBe(BRK0);
    expect(await h.call(t, Sys.brk, 0)).toBe(BRK0);
    expect(await h.call(t, Sys.brk, BRK0 + 65536)).toBe(BRK0 + 65536);
    expect([...h.peek(t, BRK0, 65536)].every((b) => b === 0)).toBe(true);
    h.poke(t, BRK0, "a");
    h.poke(t, BRK0 + 65535, "z");
    expect(await h.call(t, Sys.brk, BRK0 + 65536 + 100)).toBe(BRK0 + 65636);
    expect(protOf(h, t, BRK0 + 65536)).toBe(Prot.Read | Prot.Write);
    expect(await h.call(t, Sys.brk, BRK0 + 4096)).toBe(BRK0 + 4096);
    expect(protOf(h, t, BRK0 + 4096)).toBeUndefined();
    expect(h.peek(t, BRK0, 1)[0]).toBe(0x61);
    expect(await h.call(t, Sys.brk, BRK0 + 65536)).toBe(BRK0 + 65536);
    expect(h.peek(t, BRK0 + 65535, 1)[0]).toBe(0);
    // Within the same page: only the recorded break moves.
    expect(await h.call(t, Sys.brk, BRK0 + 65536 - 10)).toBe(BRK0 + 65536 - 10);
    expect(protOf(h, t, BRK0 + 65536 - 4096)).toBe(Prot.Read | Prot.Write);
    expect(t.process.brk).toBe(BRK0 + 65536 - 10);
  });

  it("refuses (answering the old break) below the start, into the stack, beyond the space, past RLIMIT_DATA and RLIMIT_AS", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.brk, BRK0 + 8192)).toBe(BRK0 + 8192);
    expect(await h.call(t, Sys.brk, BRK0 - 16 * PAGE_SIZE)).toBe(BRK0 + 8192);
    expect(await h.call(t, Sys.brk, STACK_BASE + 16)).toBe(BRK0 + 8192);
    // The stack's guard gap is kept free too.
    expect(await h.call(t, Sys.brk, STACK_BASE - STACK_GUARD_GAP)).toBe(BRK0 + 8192);
    expect(await h.call(t, Sys.brk, 0xffff_fff0)).toBe(BRK0 + 8192);
    setLimit(t, Rlimit.RLIMIT_DATA, 16384n);
    expect(await h.call(t, Sys.brk, BRK0 + 16385)).toBe(BRK0 + 8192);
    expect(await h.call(t, Sys.brk, BRK0 + 16384)).toBe(BRK0 + 16384);
    setLimit(t, Rlimit.RLIMIT_DATA, RLIM64_INFINITY);
    const mapped = h.platform.mappings(t.process.space.id as number);
    const total = mapped.ok ? mapped.value.reduce((n, m) => n + m.end - m.start, 0) : 0;
    setLimit(t, Rlimit.RLIMIT_AS, BigInt(total + PAGE_SIZE));
    expect(await h.call(t, Sys.brk, BRK0 + 16384 + 2 * PAGE_SIZE)).toBe(BRK0 + 16384);
    expect(await h.call(t, Sys.brk, BRK0 + 16384 + PAGE_SIZE)).toBe(BRK0 + 16384 + PAGE_SIZE);
  });

  it("keeps a free page before the next mapping; cannot shrink a heap the guest unmapped; refuses when the platform has no memory", async () => {
    const { h, t } = setup(kind);
    const next = BRK0 + 3 * PAGE_SIZE;
    expect(await mmap(h, t, next, PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_FIXED)).toBe(next);
    expect(await h.call(t, Sys.brk, BRK0 + 2 * PAGE_SIZE + 1)).toBe(BRK0);
    expect(await h.call(t, Sys.brk, BRK0 + 2 * PAGE_SIZE)).toBe(BRK0 + 2 * PAGE_SIZE);
    expect(await h.call(t, Sys.munmap, BRK0, 2 * PAGE_SIZE)).toBe(0);
    expect(await h.call(t, Sys.brk, BRK0)).toBe(BRK0 + 2 * PAGE_SIZE);
    expect(await h.call(t, Sys.munmap, next, PAGE_SIZE)).toBe(0);
    // The heap is gone but the break is where it was; growing maps from the old end.
    h.platform.failOnCall("mapPages");
    expect(await h.call(t, Sys.brk, BRK0 + 5 * PAGE_SIZE)).toBe(BRK0 + 2 * PAGE_SIZE);
    expect(await h.call(t, Sys.brk, BRK0 + 5 * PAGE_SIZE)).toBe(BRK0 + 5 * PAGE_SIZE);
    expect(protOf(h, t, BRK0 + PAGE_SIZE)).toBeUndefined();
    expect(protOf(h, t, BRK0 + 2 * PAGE_SIZE)).toBe(Prot.Read | Prot.Write);
  });

  it("a forked child's break is its own", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.brk, BRK0 + 65536)).toBe(BRK0 + 65536);
    h.poke(t, BRK0, "p");
    const pid = await h.call(t, Sys.clone, 17, 0, 0, 0, 0);
    const child = h.shim.processes.process(pid)!.leader!;
    expect(await h.call(child, Sys.brk, 0)).toBe(BRK0 + 65536);
    expect(await h.call(child, Sys.brk, BRK0 + 8192)).toBe(BRK0 + 8192);
    expect(await h.call(t, Sys.brk, 0)).toBe(BRK0 + 65536);
    expect(h.peek(t, BRK0 + 60000, 1)[0]).toBe(0);
    expect(h.peek(child, BRK0, 1)[0]).toBe(0x70);
  });
});

describe.each(["isolated", "shared"] as const)("mmap2 on the %s test platform", (kind) => {
  it("places anonymous mappings top-down below the stack's guard gap: page-aligned, zeroed, with the asked protection", async () => {
    const { h, t } = setup(kind);
    const a = await mmap(h, t, 0, 4 * PAGE_SIZE, RW, PRIVATE_ANON);
    expect(a).toBe(MMAP_BASE - 4 * PAGE_SIZE);
    const b = await mmap(h, t, 0, 100, ProtFlag.PROT_READ, PRIVATE_ANON);
    expect(b).toBe(a - PAGE_SIZE);
    expect([...h.peek(t, a, 4 * PAGE_SIZE)].every((x) => x === 0)).toBe(true);
    expect(protOf(h, t, a)).toBe(Prot.Read | Prot.Write);
    expect(protOf(h, t, b)).toBe(Prot.Read);
    // A hole is reused from the top.
    expect(await h.call(t, Sys.munmap, a, PAGE_SIZE)).toBe(0);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, PRIVATE_ANON)).toBe(a);
    // Too big for the hole: below everything.
    expect(await mmap(h, t, 0, 2 * PAGE_SIZE, RW, PRIVATE_ANON)).toBe(b - 2 * PAGE_SIZE);
  });

  it("protections follow riscv: PROT_WRITE implies read, PROT_EXEC alone is execute-only, PROT_NONE is mapped but inaccessible", async () => {
    const { h, t } = setup(kind);
    const cases: Array<[number, number]> = [
      [ProtFlag.PROT_WRITE, Prot.Read | Prot.Write],
      [ProtFlag.PROT_EXEC, Prot.Exec],
      [ProtFlag.PROT_READ | ProtFlag.PROT_EXEC, Prot.Read | Prot.Exec],
      [ProtFlag.PROT_NONE, Prot.None],
      [RW | ProtFlag.PROT_EXEC | 0x40, Prot.Read | Prot.Write | Prot.Exec],
    ];
    for (const [prot, expected] of cases) {
      const at = await mmap(h, t, 0, PAGE_SIZE, prot, PRIVATE_ANON);
      expect(protOf(h, t, at)).toBe(expected);
    }
  });

  it("hints: honoured when free (rounded down to a page), else the top-down search", async () => {
    const { h, t } = setup(kind);
    const hint = 0x0100_0000;
    expect(await mmap(h, t, hint + 123, PAGE_SIZE, RW, PRIVATE_ANON)).toBe(hint);
    expect(await mmap(h, t, hint, PAGE_SIZE, RW, PRIVATE_ANON)).toBe(MMAP_BASE - PAGE_SIZE);
    // A hint inside page 0 rounds down to no hint at all.
    expect(await mmap(h, t, 1, PAGE_SIZE, RW, PRIVATE_ANON)).toBe(MMAP_BASE - 2 * PAGE_SIZE);
    // Inside the stack's guard gap: not honoured.
    expect(await mmap(h, t, STACK_BASE - PAGE_SIZE, PAGE_SIZE, RW, PRIVATE_ANON)).toBe(MMAP_BASE - 3 * PAGE_SIZE);
    // Past the end of the space: not honoured.
    expect(await mmap(h, t, RANGE_END - PAGE_SIZE, 2 * PAGE_SIZE, RW, PRIVATE_ANON)).toBe(MMAP_BASE - 5 * PAGE_SIZE);
    // A free hint low in the space is honoured.
    expect(await mmap(h, t, 2 * PAGE_SIZE, PAGE_SIZE, RW, PRIVATE_ANON)).toBe(2 * PAGE_SIZE);
  });

  it("MAP_FIXED replaces with fresh zeroes and keeps the neighbours; MAP_FIXED_NOREPLACE is EEXIST over anything mapped", async () => {
    const { h, t } = setup(kind);
    const p = await mmap(h, t, 0, 4 * PAGE_SIZE, RW, PRIVATE_ANON);
    h.poke(t, p, new Uint8Array(4 * PAGE_SIZE).fill(0x61));
    expect(await mmap(h, t, p + PAGE_SIZE, PAGE_SIZE, ProtFlag.PROT_READ, PRIVATE_ANON | MapFlag.MAP_FIXED)).toBe(p + PAGE_SIZE);
    expect(h.peek(t, p + PAGE_SIZE, 1)[0]).toBe(0);
    expect(protOf(h, t, p + PAGE_SIZE)).toBe(Prot.Read);
    expect(h.peek(t, p, 1)[0]).toBe(0x61);
    expect(h.peek(t, p + 2 * PAGE_SIZE, 1)[0]).toBe(0x61);
    expect(await mmap(h, t, p + 3 * PAGE_SIZE, 2 * PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_FIXED_NOREPLACE)).toBe(-Errno.EEXIST);
    expect(h.peek(t, p + 3 * PAGE_SIZE, 1)[0]).toBe(0x61);
    expect(await h.call(t, Sys.munmap, p, 4 * PAGE_SIZE)).toBe(0);
    expect(await mmap(h, t, p, PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_FIXED_NOREPLACE)).toBe(p);
    expect(h.peek(t, p, 1)[0]).toBe(0);
  });

  it("errors in Linux's order: EBADF, EINVAL (length 0), ENOMEM (wrap), EOVERFLOW, ENOMEM (no room), EINVAL (unaligned fixed), then the type", async () => {
    const { h, t } = setup(kind);
    // ksys_mmap_pgoff looks the descriptor up before anything else.
    expect(await mmap(h, t, 0, 0, RW, MapFlag.MAP_PRIVATE, -1)).toBe(-Errno.EBADF);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, MapFlag.MAP_PRIVATE, 77)).toBe(-Errno.EBADF);
    expect(await mmap(h, t, 0, 0, RW, PRIVATE_ANON)).toBe(-Errno.EINVAL);
    expect(await mmap(h, t, 0, 0, RW, MapFlag.MAP_ANONYMOUS)).toBe(-Errno.EINVAL);
    expect(await mmap(h, t, 0, 0xffff_ffff, RW, PRIVATE_ANON)).toBe(-Errno.ENOMEM);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, PRIVATE_ANON, -1, 0xffff_ffff)).toBe(-Errno.EOVERFLOW);
    expect(await mmap(h, t, 0, 0xffff_f000, RW, PRIVATE_ANON)).toBe(-Errno.ENOMEM);
    expect(await mmap(h, t, 0, 0xffff_f000, RW, MapFlag.MAP_ANONYMOUS)).toBe(-Errno.ENOMEM);
    expect(await mmap(h, t, 0, RANGE_END, RW, PRIVATE_ANON)).toBe(-Errno.ENOMEM);
    expect(await mmap(h, t, 0x0100_0001, PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_FIXED)).toBe(-Errno.EINVAL);
    expect(await mmap(h, t, RANGE_END - PAGE_SIZE, 2 * PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_FIXED)).toBe(-Errno.ENOMEM);
    // Types: neither shared nor private, MAP_SHARED_VALIDATE without a file, shared growsdown, droppable.
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, MapFlag.MAP_ANONYMOUS)).toBe(-Errno.EINVAL);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, MapFlag.MAP_ANONYMOUS | MapFlag.MAP_SHARED_VALIDATE)).toBe(-Errno.EINVAL);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, SHARED_ANON | MapFlag.MAP_GROWSDOWN)).toBe(-Errno.EINVAL);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, MapFlag.MAP_ANONYMOUS | 0x08)).toBe(-524);
    // No huge pages are reserved; a huge-page flag on a plain file is EINVAL.
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_HUGETLB)).toBe(-Errno.ENOMEM);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, MapFlag.MAP_PRIVATE | MapFlag.MAP_HUGETLB, 1)).toBe(-Errno.EINVAL);
    // A private growsdown mapping is allowed.
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_GROWSDOWN)).toBeGreaterThan(0);
    if (kind === "isolated") {
      // The Isolated test platform's range starts at one page: nothing exists below it.
      expect(await mmap(h, t, 0, PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_FIXED)).toBe(-Errno.ENOMEM);
    } else {
      expect(await mmap(h, t, 0, PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_FIXED)).toBe(0);
    }
  });

  it("RLIMIT_AS counts what is mapped (a MAP_FIXED replacement counts once); platform failures are ENOMEM with nothing changed", async () => {
    const { h, t } = setup(kind);
    const mapped = h.platform.mappings(t.process.space.id as number);
    const total = mapped.ok ? mapped.value.reduce((n, m) => n + m.end - m.start, 0) : 0;
    setLimit(t, Rlimit.RLIMIT_AS, BigInt(total + 2 * PAGE_SIZE));
    expect(await mmap(h, t, 0, 3 * PAGE_SIZE, RW, PRIVATE_ANON)).toBe(-Errno.ENOMEM);
    const p = await mmap(h, t, 0, 2 * PAGE_SIZE, RW, PRIVATE_ANON);
    expect(p).toBeGreaterThan(0);
    expect(await mmap(h, t, p, 2 * PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_FIXED)).toBe(p);
    expect(await mmap(h, t, p, 3 * PAGE_SIZE, RW, PRIVATE_ANON | MapFlag.MAP_FIXED)).toBe(-Errno.ENOMEM);
    setLimit(t, Rlimit.RLIMIT_AS, RLIM64_INFINITY);
    const pages = h.platform.mappedPages;
    h.platform.failOnCall("mapPages");
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, PRIVATE_ANON)).toBe(-Errno.ENOMEM);
    h.platform.failOnCall("createSharedMemory");
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, SHARED_ANON)).toBe(-Errno.ENOMEM);
    h.platform.failOnCall("mapSharedPages");
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, SHARED_ANON)).toBe(-Errno.ENOMEM);
    expect(h.platform.mappedPages).toBe(pages);
    expect(h.platform.liveSharedObjects).toBe(0);
  });

  it("ENOMEM when no gap below mmap_base is big enough", async () => {
    const { h, t } = setup(kind);
    // Fill everything below mmap_base but its last page (the image's pages included).
    const start = PAGE_SIZE;
    expect(await mmap(h, t, start, MMAP_BASE - start - PAGE_SIZE, ProtFlag.PROT_NONE, PRIVATE_ANON | MapFlag.MAP_FIXED)).toBe(start);
    expect(await mmap(h, t, 0, 2 * PAGE_SIZE, RW, PRIVATE_ANON)).toBe(-Errno.ENOMEM);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, PRIVATE_ANON)).toBe(MMAP_BASE - PAGE_SIZE);
  });
});

describe.each(["isolated", "shared"] as const)("munmap and mprotect on the %s test platform", (kind) => {
  it("munmap: holes and repeats are fine; EINVAL for unaligned, zero, and beyond the space", async () => {
    const { h, t } = setup(kind);
    const p = await mmap(h, t, 0, 4 * PAGE_SIZE, RW, PRIVATE_ANON);
    expect(await h.call(t, Sys.munmap, p + PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(await h.call(t, Sys.munmap, p + PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(protOf(h, t, p)).toBe(Prot.Read | Prot.Write);
    expect(protOf(h, t, p + PAGE_SIZE)).toBeUndefined();
    expect(await h.call(t, Sys.munmap, p, 4 * PAGE_SIZE - 100)).toBe(0);
    expect(protOf(h, t, p + 3 * PAGE_SIZE)).toBeUndefined();
    expect(await h.call(t, Sys.munmap, p + 1, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.munmap, p, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.munmap, RANGE_END + PAGE_SIZE, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.munmap, PAGE_SIZE, RANGE_END)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.munmap, RANGE_END, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.munmap, RANGE_END - PAGE_SIZE, PAGE_SIZE)).toBe(0);
    // Below the range (the Isolated test platform's first page does not exist): nothing to unmap.
    expect(await h.call(t, Sys.munmap, 0, PAGE_SIZE)).toBe(0);
  });

  it("mprotect: EINVAL (unaligned, unknown bits, both grows flags), 0 for length 0, ENOMEM (unmapped, wrap, a leading hole)", async () => {
    const { h, t } = setup(kind);
    const p = await mmap(h, t, 0, 3 * PAGE_SIZE, RW, PRIVATE_ANON);
    expect(await h.call(t, Sys.mprotect, p + 1, PAGE_SIZE, ProtFlag.PROT_READ)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.mprotect, p + 1, 0, ProtFlag.PROT_READ)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.mprotect, 0x0100_0000, 0, ProtFlag.PROT_READ)).toBe(0);
    expect(await h.call(t, Sys.mprotect, p, PAGE_SIZE, 0x10)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.mprotect, p, PAGE_SIZE, ProtFlag.PROT_READ | ProtFlag.PROT_GROWSDOWN | ProtFlag.PROT_GROWSUP)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.mprotect, p, 0xffff_f000, ProtFlag.PROT_READ)).toBe(-Errno.ENOMEM);
    expect(await h.call(t, Sys.mprotect, p, 0xffff_ffff, ProtFlag.PROT_READ)).toBe(-Errno.ENOMEM);
    expect(await h.call(t, Sys.mprotect, 0x0100_0000, PAGE_SIZE, ProtFlag.PROT_READ)).toBe(-Errno.ENOMEM);
    expect(await h.call(t, Sys.mprotect, p - PAGE_SIZE, 2 * PAGE_SIZE, ProtFlag.PROT_READ)).toBe(-Errno.ENOMEM);
    expect(protOf(h, t, p)).toBe(Prot.Read | Prot.Write);
    // PROT_SEM is accepted and does nothing.
    expect(await h.call(t, Sys.mprotect, p, PAGE_SIZE, ProtFlag.PROT_READ | 0x8)).toBe(0);
    expect(protOf(h, t, p)).toBe(Prot.Read);
    expect(await h.call(t, Sys.mprotect, p, PAGE_SIZE, ProtFlag.PROT_WRITE)).toBe(0);
    expect(protOf(h, t, p)).toBe(Prot.Read | Prot.Write);
  });

  it("mprotect applies mapping by mapping up to a hole, then answers ENOMEM (Linux is not atomic)", async () => {
    const { h, t } = setup(kind);
    const p = await mmap(h, t, 0, 3 * PAGE_SIZE, RW, PRIVATE_ANON);
    expect(await h.call(t, Sys.munmap, p + 2 * PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(await h.call(t, Sys.mprotect, p, 3 * PAGE_SIZE, ProtFlag.PROT_READ)).toBe(-Errno.ENOMEM);
    expect(protOf(h, t, p)).toBe(Prot.Read);
    expect(protOf(h, t, p + PAGE_SIZE)).toBe(Prot.Read);
    expect(await h.call(t, Sys.mprotect, p, 2 * PAGE_SIZE, ProtFlag.PROT_NONE)).toBe(0);
    expect(protOf(h, t, p + PAGE_SIZE)).toBe(Prot.None);
  });

  it("PROT_GROWSUP is EINVAL on any mapping; PROT_GROWSDOWN only in the stack, where it reaches the stack's lowest page", async () => {
    const { h, t } = setup(kind);
    const p = await mmap(h, t, 0, PAGE_SIZE, RW, PRIVATE_ANON);
    expect(await h.call(t, Sys.mprotect, p, PAGE_SIZE, ProtFlag.PROT_READ | ProtFlag.PROT_GROWSUP)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.mprotect, p, PAGE_SIZE, ProtFlag.PROT_READ | ProtFlag.PROT_GROWSDOWN)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.mprotect, 0x0100_0000, PAGE_SIZE, ProtFlag.PROT_READ | ProtFlag.PROT_GROWSDOWN)).toBe(-Errno.ENOMEM);
    const rwx = ProtFlag.PROT_READ | ProtFlag.PROT_WRITE | ProtFlag.PROT_EXEC;
    expect(await h.call(t, Sys.mprotect, STACK_BASE + 8 * PAGE_SIZE, PAGE_SIZE, rwx | ProtFlag.PROT_GROWSDOWN)).toBe(0);
    expect(protOf(h, t, STACK_BASE)).toBe(Prot.Read | Prot.Write | Prot.Exec);
    expect(protOf(h, t, STACK_BASE + 8 * PAGE_SIZE)).toBe(Prot.Read | Prot.Write | Prot.Exec);
    expect(protOf(h, t, STACK_BASE + 9 * PAGE_SIZE)).toBe(Prot.Read | Prot.Write);
  });
});
