/**
 * Memory separation on fork through the core's `forkAddressSpace` (the platform's copy-on-write clone
 * on Isolated platforms, an eager copy on SharedMemory ones): private memory is private afterwards in
 * both directions, for kernel-side and guest accesses; shared memory objects stay shared; on Isolated
 * platforms the clone shares frames until they are written.
 *
 * @module
 */
import {
  AddressSpaceKind,
  PAGE_SIZE,
  Prot,
  forkAddressSpace,
  type AddressRange,
  type PlatformResourceStats,
  type Provider,
} from "@litebox-ts/core";
import { ContractArea, type ContractCase } from "../case";
import { expectBytes, expectEqual, expectOk, expectTrue, fail, show } from "../check";
import { mapOk, newSpace, pattern, rangeOf, readOk, workPage, writeOk } from "../fixture";
import { ECALL, Reg, addi, li, lw, program, sw } from "../rv32";
import { ContractViolationCode } from "../violation";

const RW = Prot.Read | Prot.Write;

/** Forks `parent` with the core helper; the child must be created. */
export function forkOk<Id>(platform: Provider<Id>, parent: Id): Id {
  const forked = forkAddressSpace(platform, parent);
  if (!forked.ok) fail(ContractViolationCode.UnexpectedError, `forkAddressSpace failed with ${show(forked.error)}`, "success", forked.error);
  return forked.value;
}

/** Where `address` of a space with range `from` is in a space with range `to` (same offset). */
function moved(address: number, from: AddressRange, to: AddressRange): number {
  return to.start + (address - from.start);
}

const privateAfterFork: ContractCase = {
  name: "fork: private memory is private after forkAddressSpace, in both directions and across generations",
  area: ContractArea.Fork,
  run(subject) {
    const platform = subject.createPlatform();
    const parent = newSpace(platform);
    const pr = rangeOf(platform, parent);
    const at = workPage(platform, parent, 0);
    const pages = 8;
    const size = pages * PAGE_SIZE;
    mapOk(platform, parent, at, size, RW);
    mapOk(platform, parent, at + size, PAGE_SIZE, Prot.Read);
    writeOk(platform, parent, at, pattern(size, 1));
    writeOk(platform, parent, at + size, pattern(PAGE_SIZE, 9), true);
    const child = forkOk(platform, parent);
    const cr = rangeOf(platform, child);
    const c = (a: number): number => moved(a, pr, cr);
    expectBytes(readOk(platform, child, c(at), size), pattern(size, 1), "the child's copy of the parent's pages", ContractViolationCode.NotPrivate);
    expectBytes(readOk(platform, child, c(at + size), PAGE_SIZE), pattern(PAGE_SIZE, 9), "the child's copy of a read-only page");
    expectEqual(expectOk(platform.queryPage(child, c(at + size)), "queryPage(child)")?.prot, Prot.Read, "the child's protection of a read-only page");
    expectEqual(expectOk(platform.queryPage(child, c(at)), "queryPage(child)")?.shared, false, "the child's private page is marked shared");
    const half = size / 2;
    // Child writes the first half, parent the second.
    writeOk(platform, child, c(at), pattern(half, 2), false);
    writeOk(platform, parent, at + half, pattern(half, 3), false);
    expectBytes(readOk(platform, parent, at, half), pattern(size, 1).subarray(0, half), "the parent's first half after the child wrote it", ContractViolationCode.NotPrivate);
    expectBytes(readOk(platform, child, c(at + half), half), pattern(size, 1).subarray(half), "the child's second half after the parent wrote it", ContractViolationCode.NotPrivate);
    expectBytes(readOk(platform, child, c(at), half), pattern(half, 2), "the child's own writes");
    expectBytes(readOk(platform, parent, at + half, half), pattern(half, 3), "the parent's own writes");
    // A grandchild of the child; then the parent and the child go away and the grandchild keeps its copy.
    const grandchild = forkOk(platform, child);
    const gr = rangeOf(platform, grandchild);
    writeOk(platform, child, c(at), pattern(size, 4), false);
    expectOk(platform.destroyAddressSpace(parent), "destroyAddressSpace(parent)");
    const gotGrand = readOk(platform, grandchild, moved(at, pr, gr), half);
    expectBytes(gotGrand, pattern(half, 2), "the grandchild's copy after its parent wrote and its grandparent was destroyed", ContractViolationCode.NotPrivate);
    expectOk(platform.destroyAddressSpace(child), "destroyAddressSpace(child)");
    expectBytes(readOk(platform, grandchild, moved(at + half, pr, gr), half), pattern(size, 1).subarray(half),
      "the grandchild's untouched half after its ancestors were destroyed", ContractViolationCode.NotPrivate);
    writeOk(platform, grandchild, moved(at, pr, gr), pattern(size, 5), false);
    expectBytes(readOk(platform, grandchild, moved(at, pr, gr), size), pattern(size, 5), "the grandchild's own writes");
  },
};

const sharedStaysShared: ContractCase = {
  name: "fork: shared memory objects stay shared between parent and child",
  area: ContractArea.Fork,
  run(subject) {
    const platform = subject.createPlatform();
    const parent = newSpace(platform);
    const pr = rangeOf(platform, parent);
    const at = workPage(platform, parent, 0);
    const object = expectOk(platform.createSharedMemory(2 * PAGE_SIZE), "createSharedMemory(2 pages)");
    expectOk(platform.mapSharedPages(parent, at, 2 * PAGE_SIZE, RW, object, 0), "mapSharedPages(parent)");
    mapOk(platform, parent, at + 2 * PAGE_SIZE, PAGE_SIZE, RW);
    writeOk(platform, parent, at, pattern(2 * PAGE_SIZE, 1), false);
    const child = forkOk(platform, parent);
    const c = (a: number): number => moved(a, pr, rangeOf(platform, child));
    const info = expectOk(platform.queryPage(child, c(at + PAGE_SIZE)), "queryPage(child, shared page)");
    expectTrue(info?.shared === true && info.sharedObject?.object.id === object.id && info.sharedObject.offset === PAGE_SIZE,
      ContractViolationCode.NotShared, `queryPage of the child's shared page is ${show(info)}`);
    expectBytes(readOk(platform, child, c(at), 2 * PAGE_SIZE), pattern(2 * PAGE_SIZE, 1), "the child's view of the shared object", ContractViolationCode.NotShared);
    writeOk(platform, child, c(at + 100), pattern(64, 2), false);
    expectBytes(readOk(platform, parent, at + 100, 64), pattern(64, 2), "the parent's view after the child wrote shared memory", ContractViolationCode.NotShared);
    writeOk(platform, parent, at + PAGE_SIZE + 8, pattern(64, 3), false);
    expectBytes(readOk(platform, child, c(at + PAGE_SIZE + 8), 64), pattern(64, 3), "the child's view after the parent wrote shared memory", ContractViolationCode.NotShared);
    platform.releaseSharedMemory(object);
    expectOk(platform.destroyAddressSpace(parent), "destroyAddressSpace(parent)");
    expectBytes(readOk(platform, child, c(at + PAGE_SIZE + 8), 64), pattern(64, 3), "the child's shared mapping after the parent and the handle are gone", ContractViolationCode.NotShared);
    // A second object mapped twice in one space is one memory.
    const again = expectOk(platform.createSharedMemory(PAGE_SIZE), "createSharedMemory(1 page)");
    expectOk(platform.mapSharedPages(child, c(at + 4 * PAGE_SIZE), PAGE_SIZE, RW, again, 0), "mapSharedPages");
    expectOk(platform.mapSharedPages(child, c(at + 5 * PAGE_SIZE), PAGE_SIZE, Prot.Read, again, 0), "mapSharedPages (alias)");
    writeOk(platform, child, c(at + 4 * PAGE_SIZE + 40), pattern(8, 4), false);
    expectBytes(readOk(platform, child, c(at + 5 * PAGE_SIZE + 40), 8, false), pattern(8, 4), "a second mapping of one object in one space", ContractViolationCode.NotShared);
    platform.releaseSharedMemory(again);
  },
};

const cloneOnIsolatedOnly: ContractCase = {
  name: "fork: cloneAddressSpace is provided by Isolated platforms and absent on SharedMemory ones",
  area: ContractArea.Fork,
  run(subject) {
    const platform = subject.createPlatform();
    const present = typeof platform.cloneAddressSpace === "function";
    expectEqual(present, subject.kind === AddressSpaceKind.Isolated, `cloneAddressSpace present on a ${subject.kind} platform`);
  },
};

function deltas(before: PlatformResourceStats, after: PlatformResourceStats): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set([...Object.keys(before.counters), ...Object.keys(after.counters)])) {
    out[key] = (after.counters[key] ?? 0) - (before.counters[key] ?? 0);
  }
  return out;
}

const copyOnWrite: ContractCase = {
  name: "fork: an Isolated clone shares frames until they are written (copy-on-write, seen in resourceStats)",
  area: ContractArea.Fork,
  appliesTo: (kind) => kind === AddressSpaceKind.Isolated,
  run(subject) {
    const platform = subject.createPlatform();
    const parent = newSpace(platform);
    const at = workPage(platform, parent, 0);
    const pages = 32;
    mapOk(platform, parent, at, pages * PAGE_SIZE, RW);
    writeOk(platform, parent, at, pattern(pages * PAGE_SIZE, 1), false);
    const s0 = platform.resourceStats();
    const child = forkOk(platform, parent);
    const s1 = platform.resourceStats();
    expectBytes(readOk(platform, child, at, pages * PAGE_SIZE, false), pattern(pages * PAGE_SIZE, 1), "the clone's bytes");
    const s2 = platform.resourceStats();
    writeOk(platform, child, at, pattern(pages * PAGE_SIZE, 2), false);
    const s3 = platform.resourceStats();
    const atFork = deltas(s0, s1);
    const onWrite = deltas(s2, s3);
    // Some counter (frames in use) must grow by fewer than `pages` at the fork and by at least
    // `pages` when the child writes every page: the copies happen on write, not at the clone.
    const frames = Object.keys(onWrite).find((k) => (atFork[k] ?? 0) < pages && (onWrite[k] ?? 0) >= pages);
    if (frames === undefined) {
      fail(ContractViolationCode.NotCopyOnWrite,
        `no resource counter grew by < ${pages} at the clone and by ≥ ${pages} when the child wrote its ${pages} pages ` +
        `(growth at the clone: ${show(atFork)}; when the child wrote: ${show(onWrite)})`);
    }
    expectBytes(readOk(platform, parent, at, pages * PAGE_SIZE, false), pattern(pages * PAGE_SIZE, 1), "the parent's bytes after the child wrote", ContractViolationCode.NotPrivate);
    const s4 = platform.resourceStats();
    writeOk(platform, parent, at, pattern(pages * PAGE_SIZE, 3), false);
    const s5 = platform.resourceStats();
    // The parent is the frames' only owner now: writing them copies nothing.
    expectTrue((deltas(s4, s5)[frames] ?? 0) < pages, ContractViolationCode.NotCopyOnWrite,
      `counter ${frames} grew by ${deltas(s4, s5)[frames]} when the parent wrote pages no one else shares`);
  },
};

const guestForkSeparation: ContractCase = {
  name: "fork: guest stores in parent and child after a fork stay private (through the CPU's memory path)",
  area: ContractArea.Fork,
  appliesTo: (_kind, capabilities) => capabilities.rv32Cpu,
  run(subject) {
    const platform = subject.createPlatform();
    const parent = newSpace(platform);
    const data = workPage(platform, parent, 0);
    const code = workPage(platform, parent, 8);
    mapOk(platform, parent, data, PAGE_SIZE, RW);
    mapOk(platform, parent, code, PAGE_SIZE, Prot.Read | Prot.Exec);
    writeOk(platform, parent, code, program([...li(Reg.t0, data), lw(Reg.t1, Reg.t0, 0), addi(Reg.t1, Reg.t1, 1), sw(Reg.t1, Reg.t0, 0), ECALL]));
    const parentCpu = expectOk(platform.createCpu(parent), "createCpu(parent)");
    const bump = (cpu: typeof parentCpu, times: number, what: string): void => {
      for (let i = 0; i < times; i++) {
        cpu.pc = code;
        const stop = cpu.run(10);
        expectTrue(stop.kind === "ecall", ContractViolationCode.WrongStop, `${what}: the increment stopped with ${show(stop)}`);
      }
    };
    bump(parentCpu, 5, "parent before the fork");
    const child = forkOk(platform, parent);
    // The child's thread: a copy of the parent's registers, as fork does.
    const childCpu = expectOk(platform.createCpu(child), "createCpu(child)");
    childCpu.copyRegistersFrom(parentCpu);
    bump(childCpu, 3, "child after the fork");
    bump(parentCpu, 100, "parent after the fork");
    bump(childCpu, 1, "child again");
    const pr = rangeOf(platform, parent);
    const counter = (space: unknown): number => expectOk(platform.readU32(space, moved(data, pr, rangeOf(platform, space))), "readU32(counter)");
    expectEqual(counter(parent), 105, "the parent's counter (5 before, 100 after the fork)", ContractViolationCode.NotPrivate);
    expectEqual(counter(child), 9, "the child's counter (5 inherited, 4 own)", ContractViolationCode.NotPrivate);
  },
};

/** The fork cases. */
export const forkCases: readonly ContractCase[] = [privateAfterFork, sharedStaysShared, cloneOnIsolatedOnly, copyOnWrite, guestForkSeparation];
