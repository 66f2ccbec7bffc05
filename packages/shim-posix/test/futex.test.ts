/**
 * futex_time64 on both test platforms: every errno branch in Linux's order, timeouts on the virtual
 * clock, wake counts and bitsets, requeue, wake-op, interruption and the restart block, and the key
 * namespaces — a shared futex on MAP_SHARED memory wakes across processes, a private one never does.
 */
import { PAGE_SIZE, type VirtualClock } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { CloneFlag, Errno, FutexOp, MapFlag, ProtFlag, Signal, Sys, type PosixThread } from "../src/index";
import { DATA, createHarness, type Harness } from "./support/harness";
import { Script } from "./support/script-builder";

const { FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_WAKE_OP } = FutexOp;
const PRIVATE = FutexOp.FUTEX_PRIVATE_FLAG;
const REALTIME = FutexOp.FUTEX_CLOCK_REALTIME;
const WORD = DATA;
const WORD2 = DATA + 0x40;
const TS = DATA + 0x100;
const NOW = DATA + 0x200;
const ANY = 0xffff_ffff;
const MS = 1_000_000;
const THREAD = CloneFlag.CLONE_VM | CloneFlag.CLONE_THREAD | CloneFlag.CLONE_SIGHAND | CloneFlag.CLONE_FILES;

function setup(kind: "isolated" | "shared"): { h: Harness; t: PosixThread; clock: VirtualClock } {
  const h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
  return { h, t: h.start("idle").process.leader!, clock: h.platform.time as VirtualClock };
}

function put(h: Harness, t: PosixThread, at: number, value: number): void {
  h.poke(t, at, new Uint8Array(new Uint32Array([value >>> 0]).buffer));
}

function u32(h: Harness, t: PosixThread, at: number): number {
  return new DataView(h.peek(t, at, 4).buffer).getUint32(0, true);
}

/** Writes a timespec (64-bit seconds, 64-bit nanoseconds field) at `at`. */
function timespec(h: Harness, t: PosixThread, at: number, sec: bigint, nsec: bigint): void {
  const v = new DataView(new ArrayBuffer(16));
  v.setBigInt64(0, sec, true);
  v.setBigInt64(8, nsec, true);
  h.poke(t, at, new Uint8Array(v.buffer));
}

/** Reads a clock into a bigint of nanoseconds. */
async function clockNs(h: Harness, t: PosixThread, clock: number): Promise<bigint> {
  expect(await h.call(t, Sys.clock_gettime64, clock, NOW)).toBe(0);
  const v = new DataView(h.peek(t, NOW, 16).buffer);
  return v.getBigInt64(0, true) * 1_000_000_000n + v.getBigInt64(8, true);
}

/** A pending call whose settlement can be observed. */
function pending(call: Promise<number>): { readonly settled: () => boolean; readonly result: Promise<number> } {
  let done = false;
  const result = call.then((r) => {
    done = true;
    return r;
  });
  return { settled: () => done, result };
}

/** Lets settled promises run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

async function thread(h: Harness, t: PosixThread, flags = THREAD): Promise<PosixThread> {
  const tid = await h.call(t, Sys.clone, flags, 0, 0, 0, 0);
  expect(tid).toBeGreaterThan(0);
  return h.shim.processes.thread(tid)!;
}

async function fork(h: Harness, t: PosixThread): Promise<PosixThread> {
  const pid = await h.call(t, Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0);
  return h.shim.processes.process(pid)!.leader!;
}

describe.each(["isolated", "shared"] as const)("futex errors on the %s test platform", (kind) => {
  it("EAGAIN, EINVAL (bitset 0, misaligned), EFAULT (NULL, outside, unmapped shared, unreadable), ENOSYS, and 0 wakes", async () => {
    const { h, t } = setup(kind);
    put(h, t, WORD, 7);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 8, 0, 0, 0)).toBe(-Errno.EAGAIN);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT, 8, 0, 0, 0)).toBe(-Errno.EAGAIN);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT_BITSET | PRIVATE, 7, 0, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE_BITSET | PRIVATE, 1, 0, 0, 0)).toBe(-Errno.EINVAL);
    // The bitset is checked before the address.
    expect(await h.call(t, Sys.futex_time64, 0, FUTEX_WAIT_BITSET, 7, 0, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.futex_time64, WORD + 1, FUTEX_WAIT | PRIVATE, 7, 0, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.futex_time64, WORD + 2, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.futex_time64, 0, FUTEX_WAIT | PRIVATE, 7, 0, 0, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.futex_time64, 0xffff_fff0, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0)).toBe(-Errno.EFAULT);
    // A private wake only checks the range; a shared one needs the page.
    const unmapped = 0x0100_0000;
    expect(await h.call(t, Sys.futex_time64, unmapped, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.futex_time64, unmapped, FUTEX_WAKE, 1, 0, 0, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.futex_time64, unmapped, FUTEX_WAIT | PRIVATE, 0, 0, 0, 0)).toBe(-Errno.EFAULT);
    const none = (await h.call(t, Sys.mmap2, 0, PAGE_SIZE, ProtFlag.PROT_NONE, MapFlag.MAP_PRIVATE | MapFlag.MAP_ANONYMOUS, -1, 0)) >>> 0;
    expect(await h.call(t, Sys.futex_time64, none, FUTEX_WAKE, 1, 0, 0, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.futex_time64, none, FUTEX_WAIT | PRIVATE, 0, 0, 0, 0)).toBe(-Errno.EFAULT);
    // Unknown operations, FUTEX_FD, the PI family (no CONFIG_FUTEX_PI).
    for (const op of [99, FutexOp.FUTEX_FD, FutexOp.FUTEX_LOCK_PI, FutexOp.FUTEX_UNLOCK_PI, FutexOp.FUTEX_TRYLOCK_PI, 11, 12, 13, 14]) {
      expect(await h.call(t, Sys.futex_time64, WORD, op | PRIVATE, 0, 0, 0, 0)).toBe(-Errno.ENOSYS);
    }
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE, 10, 0, 0, 0)).toBe(0);
  });

  it("the timeout is read and checked first (EFAULT, EINVAL), then FUTEX_CLOCK_REALTIME outside the bitset wait is ENOSYS", async () => {
    const { h, t } = setup(kind);
    put(h, t, WORD, 7);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 7, 0x10, 0, 0)).toBe(-Errno.EFAULT);
    timespec(h, t, TS, 0n, 1_000_000_000n);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 7, TS, 0, 0)).toBe(-Errno.EINVAL);
    timespec(h, t, TS, -1n, 0n);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 7, TS, 0, 0)).toBe(-Errno.EINVAL);
    timespec(h, t, TS, 0n, 0xffff_ffffn); // the low word, as a 32-bit long, is -1
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 7, TS, 0, 0)).toBe(-Errno.EINVAL);
    // LOCK_PI has a timeout too: checked before ENOSYS.
    expect(await h.call(t, Sys.futex_time64, WORD, FutexOp.FUTEX_LOCK_PI, 0, TS, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | REALTIME, 7, TS, 0, 0)).toBe(-Errno.EINVAL);
    // Ops without a timeout ignore the pointer (it is val2).
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE | PRIVATE, 1, 0x10, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE | REALTIME, 1, 0x10, 0, 0)).toBe(-Errno.ENOSYS);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | REALTIME, 8, 0, 0, 0)).toBe(-Errno.ENOSYS);
    expect(await h.call(t, Sys.futex_time64, WORD, 99 | REALTIME, 1, 0x10, 0, 0)).toBe(-Errno.ENOSYS);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT_BITSET | REALTIME, 8, 0, 0, ANY)).toBe(-Errno.EAGAIN);
  });
});

describe.each(["isolated", "shared"] as const)("futex timeouts on the %s test platform", (kind) => {
  it("FUTEX_WAIT's timeout is relative; only the low 32 bits of tv_nsec count", async () => {
    const { h, t, clock } = setup(kind);
    put(h, t, WORD, 7);
    timespec(h, t, TS, 0n, 0x5_0000_0000n + 10n * BigInt(MS));
    const wait = pending(h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 7, TS, 0, 0));
    clock.advance(10 * MS - 1);
    await flush();
    expect(wait.settled()).toBe(false);
    clock.advance(1);
    expect(await wait.result).toBe(-Errno.ETIMEDOUT);
    expect(h.litebox.futexManager().waiterCount).toBe(0);
  });

  it("FUTEX_WAIT_BITSET's deadline is absolute on CLOCK_MONOTONIC, or CLOCK_REALTIME with the flag; a past one times out at once", async () => {
    const { h, t, clock } = setup(kind);
    put(h, t, WORD, 7);
    const mono = (await clockNs(h, t, 1)) + 5n * BigInt(MS);
    timespec(h, t, TS, mono / 1_000_000_000n, mono % 1_000_000_000n);
    const wait = pending(h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT_BITSET | PRIVATE, 7, TS, 0, ANY));
    clock.advance(5 * MS - 1);
    await flush();
    expect(wait.settled()).toBe(false);
    clock.advance(1);
    expect(await wait.result).toBe(-Errno.ETIMEDOUT);
    const real = (await clockNs(h, t, 0)) + 3n * BigInt(MS);
    timespec(h, t, TS, real / 1_000_000_000n, real % 1_000_000_000n);
    const rt = pending(h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT_BITSET | PRIVATE | REALTIME, 7, TS, 0, ANY));
    clock.advance(3 * MS - 1);
    await flush();
    expect(rt.settled()).toBe(false);
    clock.advance(1);
    expect(await rt.result).toBe(-Errno.ETIMEDOUT);
    timespec(h, t, TS, 1n, 0n);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT_BITSET | PRIVATE, 7, TS, 0, ANY)).toBe(-Errno.ETIMEDOUT);
    // A mismatch wins over a past deadline.
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT_BITSET | PRIVATE, 8, TS, 0, ANY)).toBe(-Errno.EAGAIN);
  });

  it("a signal ends an untimed wait with EINTR (ERESTARTSYS), a timed one with a restart block that keeps the deadline", async () => {
    const { h, t, clock } = setup(kind);
    put(h, t, WORD, 7);
    const untimed = h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 7, 0, 0, 0);
    t.guest.interruptLatch.interrupt();
    expect(await untimed).toBe(-Errno.EINTR);
    expect(t.restart?.code).toBe(Errno.ERESTARTSYS);
    t.guest.interruptLatch.clear();
    timespec(h, t, TS, 0n, 10n * BigInt(MS));
    const timed = h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 7, TS, 0, 0);
    clock.advance(4 * MS);
    t.guest.interruptLatch.interrupt();
    expect(await timed).toBe(-Errno.EINTR);
    expect(t.restart?.code).toBe(Errno.ERESTART_RESTARTBLOCK);
    t.guest.interruptLatch.clear();
    const resumed = pending(h.call(t, Sys.restart_syscall));
    clock.advance(6 * MS - 1);
    await flush();
    expect(resumed.settled()).toBe(false);
    clock.advance(1);
    expect(await resumed.result).toBe(-Errno.ETIMEDOUT);
    // The block is used once: nothing left to restart.
    expect(await h.call(t, Sys.restart_syscall)).toBe(-Errno.EINTR);
  });
});

describe.each(["isolated", "shared"] as const)("futex wakes on the %s test platform", (kind) => {
  it("FUTEX_WAKE wakes at least one for counts ≤ 0, at most the count otherwise; bitsets select", async () => {
    const { h, t } = setup(kind);
    put(h, t, WORD, 1);
    const threads = [await thread(h, t), await thread(h, t), await thread(h, t)];
    const waits = threads.map((w) => pending(h.call(w, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 1, 0, 0, 0)));
    await flush();
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE | PRIVATE, 0, 0, 0, 0)).toBe(1);
    expect(await waits[0]!.result).toBe(0);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE | PRIVATE, 0xffff_ffff, 0, 0, 0)).toBe(1);
    expect(await waits[1]!.result).toBe(0);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE | PRIVATE, 5, 0, 0, 0)).toBe(1);
    expect(await waits[2]!.result).toBe(0);
    const low = pending(h.call(threads[0]!, Sys.futex_time64, WORD, FUTEX_WAIT_BITSET | PRIVATE, 1, 0, 0, 0b01));
    const high = pending(h.call(threads[1]!, Sys.futex_time64, WORD, FUTEX_WAIT_BITSET | PRIVATE, 1, 0, 0, 0b10));
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE_BITSET | PRIVATE, 10, 0, 0, 0b10)).toBe(1);
    expect(await high.result).toBe(0);
    await flush();
    expect(low.settled()).toBe(false);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE | PRIVATE, 10, 0, 0, 0)).toBe(1);
    expect(await low.result).toBe(0);
    expect(h.litebox.futexManager().waiterCount).toBe(0);
  });

  it("a private futex never wakes across fork, even on MAP_SHARED memory; a shared one does, both ways", async () => {
    const { h, t } = setup(kind);
    const word = (await h.call(t, Sys.mmap2, 0, PAGE_SIZE, ProtFlag.PROT_READ | ProtFlag.PROT_WRITE, MapFlag.MAP_SHARED | MapFlag.MAP_ANONYMOUS, -1, 0)) >>> 0;
    const child = await fork(h, t);
    const privateWait = pending(h.call(child, Sys.futex_time64, word, FUTEX_WAIT | PRIVATE, 0, 0, 0, 0));
    await flush();
    expect(await h.call(t, Sys.futex_time64, word, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.futex_time64, word, FUTEX_WAKE, 1, 0, 0, 0)).toBe(0);
    expect(privateWait.settled()).toBe(false);
    // Only the child's own private wake reaches it.
    expect(await h.call(child, Sys.futex_time64, word, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0)).toBe(1);
    expect(await privateWait.result).toBe(0);
    const sharedWait = pending(h.call(child, Sys.futex_time64, word + 8, FUTEX_WAIT, 0, 0, 0, 0));
    expect(await h.call(t, Sys.futex_time64, word + 8, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.futex_time64, word + 8, FUTEX_WAKE, 1, 0, 0, 0)).toBe(1);
    expect(await sharedWait.result).toBe(0);
    const back = pending(h.call(t, Sys.futex_time64, word + 8, FUTEX_WAIT, 0, 0, 0, 0));
    expect(await h.call(child, Sys.futex_time64, word + 8, FUTEX_WAKE, 1, 0, 0, 0)).toBe(1);
    expect(await back.result).toBe(0);
  });

  it("the shared key is the object and the offset of the word in it, whatever else the spaces map", async () => {
    const { h, t } = setup(kind);
    const word = (await h.call(t, Sys.mmap2, 0, 2 * PAGE_SIZE, ProtFlag.PROT_READ | ProtFlag.PROT_WRITE, MapFlag.MAP_SHARED | MapFlag.MAP_ANONYMOUS, -1, 0)) >>> 0;
    const child = await fork(h, t);
    // The child unmaps the first page; the second keeps its key, and the parent keeps both pages.
    expect(await h.call(child, Sys.munmap, word, PAGE_SIZE)).toBe(0);
    const wait = pending(h.call(child, Sys.futex_time64, word + PAGE_SIZE + 4, FUTEX_WAIT, 0, 0, 0, 0));
    expect(await h.call(t, Sys.futex_time64, word + 4, FUTEX_WAKE, 1, 0, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.futex_time64, word + PAGE_SIZE + 4, FUTEX_WAKE, 1, 0, 0, 0)).toBe(1);
    expect(await wait.result).toBe(0);
  });

  it("on a private page, shared and private keys differ (FUT_OFF_MMSHARED); a forked copy of the page is another word", async () => {
    const { h, t } = setup(kind);
    put(h, t, WORD, 0);
    const other = await thread(h, t);
    const sharedWait = pending(h.call(other, Sys.futex_time64, WORD, FUTEX_WAIT, 0, 0, 0, 0));
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0)).toBe(0);
    const child = await fork(h, t);
    expect(await h.call(child, Sys.futex_time64, WORD, FUTEX_WAKE, 1, 0, 0, 0)).toBe(0);
    expect(sharedWait.settled()).toBe(false);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE, 1, 0, 0, 0)).toBe(1);
    expect(await sharedWait.result).toBe(0);
  });

  it("CLONE_CHILD_CLEARTID: the exiting thread's tid word is zeroed and a shared waiter on it is woken", async () => {
    const { h, t } = setup(kind);
    put(h, t, WORD, 0xdead);
    const tid = await h.call(t, Sys.clone, THREAD | CloneFlag.CLONE_CHILD_CLEARTID | CloneFlag.CLONE_CHILD_SETTID, 0, 0, 0, WORD);
    const child = h.shim.processes.thread(tid)!;
    expect(u32(h, t, WORD)).toBe(tid);
    const wait = pending(h.call(t, Sys.futex_time64, WORD, FUTEX_WAIT, tid, 0, 0, 0));
    await flush();
    expect(wait.settled()).toBe(false);
    await h.call(child, Sys.exit, 0);
    expect(await wait.result).toBe(0);
    expect(u32(h, t, WORD)).toBe(0);
  });
});

describe.each(["isolated", "shared"] as const)("futex requeue and wake-op on the %s test platform", (kind) => {
  it("FUTEX_CMP_REQUEUE wakes, then moves waiters to the second word; EAGAIN on a mismatch, EINVAL for negative counts or a misaligned target", async () => {
    const { h, t } = setup(kind);
    put(h, t, WORD, 3);
    const threads = [await thread(h, t), await thread(h, t), await thread(h, t)];
    const waits = threads.map((w) => pending(h.call(w, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 3, 0, 0, 0)));
    await flush();
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_CMP_REQUEUE | PRIVATE, 1, 1, WORD2, 4)).toBe(-Errno.EAGAIN);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_CMP_REQUEUE | PRIVATE, -1, 1, WORD2, 3)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_REQUEUE | PRIVATE, 1, -1, WORD2, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_REQUEUE | PRIVATE, 1, 1, WORD2 + 2, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_REQUEUE | PRIVATE, 1, 1, 0xffff_fff0, 0)).toBe(-Errno.EFAULT);
    // A private key needs no page, but the comparison reads the word.
    expect(await h.call(t, Sys.futex_time64, 0x0100_0000, FUTEX_CMP_REQUEUE | PRIVATE, 1, 1, WORD2, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.futex_time64, 0x0100_0000, FUTEX_REQUEUE | PRIVATE, 1, 1, WORD2, 0)).toBe(0);
    expect(await h.call(t, Sys.futex_time64, 0x0100_0000, FUTEX_REQUEUE, 1, 1, WORD2, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_CMP_REQUEUE | PRIVATE, 1, 1, WORD2, 3)).toBe(2);
    expect(await waits[0]!.result).toBe(0);
    expect(await h.call(t, Sys.futex_time64, WORD2, FUTEX_WAKE | PRIVATE, 5, 0, 0, 0)).toBe(1);
    expect(await waits[1]!.result).toBe(0);
    // Plain FUTEX_REQUEUE: no comparison; a wake count of 0 wakes none here.
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_REQUEUE | PRIVATE, 0, 5, WORD2, 99)).toBe(1);
    expect(await h.call(t, Sys.futex_time64, WORD2, FUTEX_WAKE | PRIVATE, 5, 0, 0, 0)).toBe(1);
    expect(await waits[2]!.result).toBe(0);
  });

  it("FUTEX_WAKE_OP changes the second word, wakes the first, and the second when the old value passes the comparison", async () => {
    const { h, t } = setup(kind);
    const encode = (op: number, cmp: number, oparg: number, cmparg: number): number =>
      ((op & 15) << 28) | ((cmp & 15) << 24) | ((oparg & 0xfff) << 12) | (cmparg & 0xfff);
    const cases: Array<[number, number, number, number, number, boolean]> = [
      // op, cmp, oparg, cmparg, new value from old 5, second woken
      [0, 0, 9, 5, 9, true], // SET; old == 5
      [1, 1, 3, 5, 8, false], // ADD; old != 5
      [2, 2, 2, 6, 7, true], // OR; old < 6
      [3, 3, 1, 6, 4, false], // ANDN; old >= 6
      [4, 4, 5, 5, 0, true], // XOR; old <= 5
      [8 | 0, 5, 4, 4, 16, true], // SET with the shift flag: 1 << 4; old > 4
      [1, 2, -1, 0, 4, false], // ADD -1 (sign-extended); old < 0
    ];
    const a = await thread(h, t);
    const b = await thread(h, t);
    for (const [op, cmp, oparg, cmparg, after, second] of cases) {
      put(h, t, WORD, 0);
      put(h, t, WORD2, 5);
      const first = pending(h.call(a, Sys.futex_time64, WORD, FUTEX_WAIT | PRIVATE, 0, 0, 0, 0));
      const other = pending(h.call(b, Sys.futex_time64, WORD2, FUTEX_WAIT | PRIVATE, 5, 0, 0, 0));
      await flush();
      const woken = await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE_OP | PRIVATE, 0, 1, WORD2, encode(op, cmp, oparg, cmparg));
      expect(woken).toBe(second ? 2 : 1);
      expect(u32(h, t, WORD2)).toBe(after);
      expect(await first.result).toBe(0);
      await flush();
      expect(other.settled()).toBe(second);
      if (!second) expect(await h.call(t, Sys.futex_time64, WORD2, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0)).toBe(1);
      expect(await other.result).toBe(0);
    }
    put(h, t, WORD2, 5);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE_OP | PRIVATE, 1, 1, WORD2, encode(5, 0, 1, 0))).toBe(-Errno.ENOSYS);
    expect(u32(h, t, WORD2)).toBe(5);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE_OP | PRIVATE, 1, 1, WORD2, encode(0, 9, 1, 0))).toBe(-Errno.ENOSYS);
    expect(u32(h, t, WORD2)).toBe(1);
    const ro = (await h.call(t, Sys.mmap2, 0, PAGE_SIZE, ProtFlag.PROT_READ, MapFlag.MAP_PRIVATE | MapFlag.MAP_ANONYMOUS, -1, 0)) >>> 0;
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE_OP | PRIVATE, 1, 1, ro, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE_OP, 1, 1, ro, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.futex_time64, WORD, FUTEX_WAKE_OP | PRIVATE, 1, 1, WORD2 + 1, 0)).toBe(-Errno.EINVAL);
  });
});
