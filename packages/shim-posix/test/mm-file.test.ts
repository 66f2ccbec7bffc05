/**
 * File mappings of the core filesystem's regular files: contents, offsets, private copies, the
 * never-writable MAP_SHARED snapshots, and the descriptor checks in Linux's order.
 */
import { PAGE_SIZE, Prot } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { Errno, MapFlag, OpenFlag, ProtFlag, Sys, type PosixThread } from "../src/index";
import { BUF, OUT, createFsHarness, type FsHarness } from "./fs-support/fs-harness";
import { Script } from "./support/script-builder";

const R = ProtFlag.PROT_READ;
const RW = ProtFlag.PROT_READ | ProtFlag.PROT_WRITE;
const SIZE = 6000;
const DATA_BYTES = Uint8Array.from({ length: SIZE }, (_, i) => (i * 7 + 3) & 0xff);

/** A harness with `/data.bin` in the read-only image and a writable copy at `/tmp/data.bin`. */
async function setup(kind: "isolated" | "shared"): Promise<{ h: FsHarness; t: PosixThread }> {
  const h = createFsHarness({
    kind,
    scripts: { idle: new Script().spin().steps },
    files: [{ path: "data.bin", data: DATA_BYTES, mode: 0o666 }],
  });
  const t = h.start("idle").process.leader!;
  const fd = await h.open(t, "/tmp/data.bin", OpenFlag.O_WRONLY | OpenFlag.O_CREAT, 0o666);
  h.poke(t, BUF, DATA_BYTES);
  if ((await h.call(t, Sys.write, fd, BUF, SIZE)) !== SIZE || (await h.call(t, Sys.close, fd)) !== 0) throw new Error("copy");
  return { h, t };
}

async function mmap(h: FsHarness, t: PosixThread, addr: number, len: number, prot: number, flags: number, fd: number, pgoff = 0): Promise<number> {
  const r = await h.call(t, Sys.mmap2, addr, len, prot, flags, fd, pgoff);
  return r < 0 && r >= -4095 ? r : r >>> 0;
}

function protOf(h: FsHarness, t: PosixThread, address: number): number | undefined {
  const info = h.platform.queryPage(t.process.space.id as number, address);
  return info.ok ? info.value?.prot : -1;
}

describe.each(["isolated", "shared"] as const)("file mappings on the %s test platform", (kind) => {
  it("MAP_PRIVATE maps the file's bytes at the page offset, zeros past the end, and writes stay private", async () => {
    const { h, t } = await setup(kind);
    const fd = await h.open(t, "/tmp/data.bin", OpenFlag.O_RDWR);
    expect(fd).toBeGreaterThanOrEqual(0);
    const p = await mmap(h, t, 0, 2 * PAGE_SIZE, RW, MapFlag.MAP_PRIVATE, fd);
    expect(p % PAGE_SIZE).toBe(0);
    expect(h.peek(t, p, SIZE)).toEqual(DATA_BYTES);
    expect([...h.peek(t, p + SIZE, 2 * PAGE_SIZE - SIZE)].every((b) => b === 0)).toBe(true);
    h.poke(t, p, "changed");
    expect(h.readText("/tmp/data.bin").slice(0, 7)).toBe(new TextDecoder().decode(DATA_BYTES.subarray(0, 7)));
    const q = await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_PRIVATE, fd, 1);
    expect(h.peek(t, q, SIZE - PAGE_SIZE)).toEqual(DATA_BYTES.subarray(PAGE_SIZE));
    expect(protOf(h, t, q)).toBe(Prot.Read);
    // Past the end of the file: zero pages (Linux would raise SIGBUS on access: see the README).
    const r = await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_PRIVATE, fd, 5);
    expect([...h.peek(t, r, PAGE_SIZE)].every((b) => b === 0)).toBe(true);
    // The mapping outlives the descriptor.
    expect(await h.call(t, Sys.close, fd)).toBe(0);
    expect(h.peek(t, q, 4)).toEqual(DATA_BYTES.subarray(PAGE_SIZE, PAGE_SIZE + 4));
  });

  it("MAP_SHARED of a read-only descriptor is a snapshot that may never become writable (EACCES), also in a forked child", async () => {
    const { h, t } = await setup(kind);
    const fd = await h.open(t, "/data.bin", OpenFlag.O_RDONLY);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, MapFlag.MAP_SHARED, fd)).toBe(-Errno.EACCES);
    const p = await mmap(h, t, 0, 2 * PAGE_SIZE, R, MapFlag.MAP_SHARED, fd);
    expect(h.peek(t, p, 16)).toEqual(DATA_BYTES.subarray(0, 16));
    expect(await h.call(t, Sys.mprotect, p, PAGE_SIZE, ProtFlag.PROT_WRITE)).toBe(-Errno.EACCES);
    expect(protOf(h, t, p)).toBe(Prot.Read);
    expect(await h.call(t, Sys.mprotect, p, 2 * PAGE_SIZE, R | ProtFlag.PROT_EXEC)).toBe(0);
    expect(protOf(h, t, p + PAGE_SIZE)).toBe(Prot.Read | Prot.Exec);
    const pid = await h.call(t, Sys.clone, 17, 0, 0, 0, 0);
    const child = h.shim.processes.process(pid)!.leader!;
    expect(await h.call(child, Sys.mprotect, p + PAGE_SIZE, PAGE_SIZE, RW)).toBe(-Errno.EACCES);
    // Unmapping forgets the restriction: a new mapping there can be made writable.
    expect(await h.call(t, Sys.munmap, p, PAGE_SIZE)).toBe(0);
    expect(await mmap(h, t, p, PAGE_SIZE, R, MapFlag.MAP_PRIVATE | MapFlag.MAP_ANONYMOUS | MapFlag.MAP_FIXED, -1)).toBe(p);
    expect(await h.call(t, Sys.mprotect, p, PAGE_SIZE, RW)).toBe(0);
    expect(await h.call(t, Sys.mprotect, p, 2 * PAGE_SIZE, RW)).toBe(-Errno.EACCES);
    // mprotect went mapping by mapping: the writable first page changed, the snapshot did not.
    expect(protOf(h, t, p + PAGE_SIZE)).toBe(Prot.Read | Prot.Exec);
    // A private mapping over the snapshot replaces it, restriction and all.
    expect(await mmap(h, t, p + PAGE_SIZE, PAGE_SIZE, R, MapFlag.MAP_PRIVATE | MapFlag.MAP_FIXED, fd)).toBe(p + PAGE_SIZE);
    expect(await h.call(t, Sys.mprotect, p, 2 * PAGE_SIZE, RW)).toBe(0);
  });

  it("descriptor checks: EBADF (closed, O_PATH), EACCES (not readable), ENODEV (pipes, directories; shared writable), EOPNOTSUPP, EINVAL", async () => {
    const { h, t } = await setup(kind);
    const ro = await h.open(t, "/data.bin", OpenFlag.O_RDONLY);
    const rw = await h.open(t, "/tmp/data.bin", OpenFlag.O_RDWR);
    const wo = await h.open(t, "/tmp/out", OpenFlag.O_WRONLY | OpenFlag.O_CREAT, 0o644);
    const path = await h.open(t, "/data.bin", OpenFlag.O_PATH);
    const dir = await h.open(t, "/tmp", OpenFlag.O_RDONLY | OpenFlag.O_DIRECTORY);
    expect(await h.call(t, Sys.pipe2, OUT, 0)).toBe(0);
    const view = new DataView(h.peek(t, OUT, 8).buffer);
    const [readEnd, writeEnd] = [view.getInt32(0, true), view.getInt32(4, true)];
    for (const fd of [ro, rw, wo, path, dir]) expect(fd).toBeGreaterThanOrEqual(0);

    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_PRIVATE, 99)).toBe(-Errno.EBADF);
    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_PRIVATE, path)).toBe(-Errno.EBADF);
    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_PRIVATE, wo)).toBe(-Errno.EACCES);
    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_SHARED, wo)).toBe(-Errno.EACCES);
    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_PRIVATE, writeEnd)).toBe(-Errno.EACCES);
    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_PRIVATE, readEnd)).toBe(-Errno.ENODEV);
    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_PRIVATE, dir)).toBe(-Errno.ENODEV);
    // Deliberate difference: a shared writable file mapping cannot write back.
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, MapFlag.MAP_SHARED, rw)).toBe(-Errno.ENODEV);
    expect(await mmap(h, t, 0, PAGE_SIZE, RW, MapFlag.MAP_SHARED_VALIDATE | 0x40, ro)).toBe(-Errno.EOPNOTSUPP);
    // Plain MAP_SHARED drops unknown flags silently.
    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_SHARED | 0x40, ro)).toBeGreaterThan(0);
    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_SHARED_VALIDATE, ro)).toBeGreaterThan(0);
    expect(await mmap(h, t, 0, PAGE_SIZE, R, 0, ro)).toBe(-Errno.EINVAL);
    expect(await mmap(h, t, 0, PAGE_SIZE, R, MapFlag.MAP_PRIVATE | MapFlag.MAP_GROWSDOWN, ro)).toBe(-Errno.EINVAL);
    // The type is checked after the address: an impossible length is ENOMEM first.
    expect(await mmap(h, t, 0, 0xffff_f000, R, 0, ro)).toBe(-Errno.ENOMEM);
  });
});
