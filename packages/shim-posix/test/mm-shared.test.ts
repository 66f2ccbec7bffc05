/**
 * MAP_SHARED memory across fork and the lifetimes of its shared memory objects: one object per
 * mapping, seen by parent, child and grandchild at the same address; released when the last page
 * is unmapped anywhere — munmap, a mapping over it, execve, exit — and never earlier.
 */
import { PAGE_SIZE } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { CloneFlag, MapFlag, ProtFlag, Signal, Sys, type PosixThread } from "../src/index";
import { memoryLayerOf } from "../src/mm/memory-layer";
import { createHarness, type Harness } from "./support/harness";
import { Script } from "./support/script-builder";

const RW = ProtFlag.PROT_READ | ProtFlag.PROT_WRITE;
const SHARED_ANON = MapFlag.MAP_SHARED | MapFlag.MAP_ANONYMOUS;
const PRIVATE_ANON = MapFlag.MAP_PRIVATE | MapFlag.MAP_ANONYMOUS;
const FORK: number = Signal.SIGCHLD;

function setup(kind: "isolated" | "shared"): { h: Harness; t: PosixThread } {
  const idle = new Script().spin().steps;
  const h = createHarness({ kind, scripts: { idle, other: idle } });
  return { h, t: h.start("idle").process.leader! };
}

async function mmap(h: Harness, t: PosixThread, len: number, flags: number, addr = 0): Promise<number> {
  return (await h.call(t, Sys.mmap2, addr, len, RW, flags, -1, 0)) >>> 0;
}

async function fork(h: Harness, t: PosixThread, flags = FORK): Promise<PosixThread> {
  const pid = await h.call(t, Sys.clone, flags, 0, 0, 0, 0);
  return h.shim.processes.process(pid)!.leader!;
}

function u32(h: Harness, t: PosixThread, at: number): number {
  return new DataView(h.peek(t, at, 4).buffer).getUint32(0, true);
}

function put(h: Harness, t: PosixThread, at: number, value: number): void {
  h.poke(t, at, new Uint8Array(new Uint32Array([value]).buffer));
}

function live(h: Harness): [number, number] {
  return [memoryLayerOf(h.shim)!.objects.liveObjects, h.platform.liveSharedObjects];
}

describe.each(["isolated", "shared"] as const)("MAP_SHARED across fork on the %s test platform", (kind) => {
  it("parent, child and grandchild share the pages at one address; a private mapping is copied", async () => {
    const { h, t } = setup(kind);
    const shared = await mmap(h, t, 2 * PAGE_SIZE, SHARED_ANON);
    const priv = await mmap(h, t, PAGE_SIZE, PRIVATE_ANON);
    put(h, t, shared, 10);
    put(h, t, priv, 10);
    const child = await fork(h, t);
    expect(u32(h, child, shared)).toBe(10);
    put(h, child, shared, 20);
    put(h, child, shared + PAGE_SIZE, 21);
    put(h, child, priv, 20);
    const grandchild = await fork(h, child);
    put(h, grandchild, shared + 4, 30);
    put(h, grandchild, priv, 30);
    expect([u32(h, t, shared), u32(h, t, shared + PAGE_SIZE), u32(h, t, shared + 4)]).toEqual([20, 21, 30]);
    expect([u32(h, t, priv), u32(h, child, priv), u32(h, grandchild, priv)]).toEqual([10, 20, 30]);
    expect(live(h)).toEqual([1, 1]);
    // A child's munmap and mprotect change only the child.
    expect(await h.call(child, Sys.munmap, shared, PAGE_SIZE)).toBe(0);
    expect(await h.call(child, Sys.mprotect, shared + PAGE_SIZE, PAGE_SIZE, ProtFlag.PROT_READ)).toBe(0);
    put(h, t, shared, 40);
    put(h, t, shared + PAGE_SIZE, 41);
    expect(u32(h, grandchild, shared)).toBe(40);
    expect(u32(h, child, shared + PAGE_SIZE)).toBe(41);
  });

  it("the object lives while any space maps a page of it: munmap in the parent, then the child's exit releases it", async () => {
    const { h, t } = setup(kind);
    const before = h.platform.liveSharedObjects;
    const shared = await mmap(h, t, 2 * PAGE_SIZE, SHARED_ANON);
    const child = await fork(h, t);
    expect(await h.call(t, Sys.munmap, shared, 2 * PAGE_SIZE)).toBe(0);
    expect(live(h)).toEqual([1, 1]);
    put(h, child, shared, 5);
    expect(u32(h, child, shared)).toBe(5);
    expect(await h.call(child, Sys.munmap, shared, PAGE_SIZE)).toBe(0);
    expect(live(h)).toEqual([1, 1]);
    await h.call(child, Sys.exit_group, 0);
    expect(live(h)).toEqual([0, before]);
  });

  it("released by a mapping over it, by execve and by exit; a partial munmap keeps it", async () => {
    const { h, t } = setup(kind);
    const a = await mmap(h, t, 2 * PAGE_SIZE, SHARED_ANON);
    expect(await h.call(t, Sys.munmap, a + PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(live(h)).toEqual([1, 1]);
    expect(await mmap(h, t, PAGE_SIZE, PRIVATE_ANON | MapFlag.MAP_FIXED, a)).toBe(a);
    expect(live(h)).toEqual([0, 0]);
    // Shared over shared: the old object goes, the new one stays.
    const b = await mmap(h, t, PAGE_SIZE, SHARED_ANON);
    expect(await mmap(h, t, PAGE_SIZE, SHARED_ANON | MapFlag.MAP_FIXED, b)).toBe(b);
    expect(live(h)).toEqual([1, 1]);
    const child = await fork(h, t);
    await mmap(h, child, PAGE_SIZE, SHARED_ANON);
    expect(live(h)).toEqual([2, 2]);
    put(h, t, b, 7);
    h.poke(child, 0x0002_0000, "/bin/other\0");
    expect(await h.call(child, Sys.execve, 0x0002_0000, 0, 0)).toBe(0);
    expect(child.process.executable).toBe("/bin/other");
    expect(live(h)).toEqual([1, 1]);
    expect(u32(h, t, b)).toBe(7);
    await h.call(t, Sys.exit_group, 0);
    expect(live(h)).toEqual([0, 0]);
  });

  it("a CLONE_VM child shares the space's state: its exit or exec releases nothing; the last user's exit does", async () => {
    const { h, t } = setup(kind);
    const shared = await mmap(h, t, PAGE_SIZE, SHARED_ANON);
    const vmChild = await fork(h, t, CloneFlag.CLONE_VM | FORK);
    const layer = memoryLayerOf(h.shim)!;
    expect(layer.stateOf(vmChild.process)).toBe(layer.stateOf(t.process));
    expect(layer.stateOf(t.process).users).toBe(2);
    // The child maps in the shared space: the parent sees the mapping.
    const more = await mmap(h, vmChild, PAGE_SIZE, SHARED_ANON);
    expect(live(h)).toEqual([2, 2]);
    put(h, t, more, 9);
    expect(u32(h, vmChild, more)).toBe(9);
    await h.call(vmChild, Sys.exit_group, 0);
    expect(layer.stateOf(t.process).users).toBe(1);
    expect(live(h)).toEqual([2, 2]);
    expect(await h.call(t, Sys.munmap, shared, PAGE_SIZE)).toBe(0);
    expect(live(h)).toEqual([1, 1]);
    await h.call(t, Sys.exit_group, 0);
    expect(live(h)).toEqual([0, 0]);
  });

  it("a fork undone after the memory state was copied gives the references back (discard)", async () => {
    const { h, t } = setup(kind);
    const shared = await mmap(h, t, PAGE_SIZE, SHARED_ANON);
    const layer = memoryLayerOf(h.shim)!;
    const spec = layer.extension.spec;
    const parentState = layer.stateOf(t.process);
    const copy = spec.fork!(parentState, t.process, FORK);
    if (typeof copy === "number") throw new Error("fork failed");
    expect(copy).not.toBe(parentState);
    expect(copy.tally.entries().map((e) => e.pages)).toEqual([1]);
    spec.discard!(copy, t.process);
    expect(live(h)).toEqual([1, 1]);
    expect(await h.call(t, Sys.munmap, shared, PAGE_SIZE)).toBe(0);
    expect(live(h)).toEqual([0, 0]);
    // CLONE_VM: the state is shared, and discarding gives back only the extra user.
    const same = spec.fork!(parentState, t.process, CloneFlag.CLONE_VM);
    expect(same).toBe(parentState);
    spec.discard!(parentState, t.process);
    expect(parentState.users).toBe(1);
  });

  it("a fork that fails in the platform leaves the objects and counts as they were", async () => {
    const { h, t } = setup(kind);
    await mmap(h, t, PAGE_SIZE, SHARED_ANON);
    h.platform.failOnCall(kind === "isolated" ? "cloneAddressSpace" : "createAddressSpace");
    expect(await h.call(t, Sys.clone, FORK, 0, 0, 0, 0)).toBeLessThan(0);
    expect(live(h)).toEqual([1, 1]);
    expect(h.platform.liveAddressSpaces).toBe(1);
    const child = await fork(h, t);
    expect(live(h)).toEqual([1, 1]);
    await h.call(child, Sys.exit_group, 0);
    await h.call(t, Sys.exit_group, 0);
    expect(live(h)).toEqual([0, 0]);
  });
});
