/**
 * Leak checks: after every address space is destroyed and every shared memory object released, the
 * platform's resource counters (`resourceStats`) are back to their values on the fresh platform —
 * after forks, copy-on-write breaks, shared objects and guest execution too; failed operations leave
 * the counters as they were.
 *
 * @module
 */
import { AddressSpaceError, PAGE_SIZE, PageError, Prot, forkAddressSpace, type PlatformResourceStats, type Provider } from "@litebox-ts/core";
import { ContractArea, type ContractCase } from "../case";
import { expectEqual, expectErr, expectOk, expectTrue, fail, show } from "../check";
import { mapOk, newSpace, pattern, workPage, writeOk } from "../fixture";
import { ECALL, Reg, addi, li, lw, program, sw } from "../rv32";
import { capabilitiesOf } from "../subject";
import { ContractViolationCode } from "../violation";
import { forkOk } from "./fork";

const RW = Prot.Read | Prot.Write;

function expectStats(actual: PlatformResourceStats, expected: PlatformResourceStats, when: string): void {
  const differing: string[] = [];
  if (actual.addressSpaces !== expected.addressSpaces) differing.push(`addressSpaces ${expected.addressSpaces} → ${actual.addressSpaces}`);
  for (const key of new Set([...Object.keys(expected.counters), ...Object.keys(actual.counters)])) {
    const a = actual.counters[key];
    const e = expected.counters[key];
    if (a !== e) differing.push(`${key} ${show(e)} → ${show(a)}`);
  }
  if (differing.length > 0) fail(ContractViolationCode.Leak, `${when}: ${differing.join(", ")}`, expected, actual);
}

/** Runs a load/increment/store loop at `data` on a new CPU in `space` (code at `code`, mapped RX). */
function runIncrement(platform: Provider<unknown>, space: unknown, code: number, data: number): void {
  writeOk(platform, space, code, program([...li(Reg.t0, data), lw(Reg.t1, Reg.t0, 0), addi(Reg.t1, Reg.t1, 1), sw(Reg.t1, Reg.t0, 0), ECALL]));
  const cpu = expectOk(platform.createCpu(space), "createCpu");
  for (let i = 0; i < 3; i++) {
    cpu.pc = code;
    const stop = cpu.run(10);
    expectTrue(stop.kind === "ecall", ContractViolationCode.WrongStop, `an increment stopped with ${show(stop)}`);
  }
}

const backToInitial: ContractCase = {
  name: "leaks: resource counters return to their initial values after destroying everything (forks and shared objects included)",
  area: ContractArea.Leaks,
  run(subject) {
    const platform = subject.createPlatform();
    const initial = platform.resourceStats();
    expectEqual(initial.addressSpaces, 0, "resourceStats().addressSpaces on a fresh platform", ContractViolationCode.Leak);
    const rv32 = capabilitiesOf(subject).rv32Cpu;
    for (let round = 0; round < 2; round++) {
      const a = newSpace(platform);
      const b = newSpace(platform);
      const w = workPage(platform, a, 0);
      const wb = workPage(platform, b, 0);
      mapOk(platform, a, w, 16 * PAGE_SIZE, RW);
      writeOk(platform, a, w, pattern(16 * PAGE_SIZE, round), false);
      mapOk(platform, a, w + 64 * PAGE_SIZE, 4 * PAGE_SIZE, Prot.Read);
      expectOk(platform.unmapPages(a, w + 4 * PAGE_SIZE, 2 * PAGE_SIZE), "unmapPages (a hole)");
      expectOk(platform.protectPages(a, w, PAGE_SIZE, Prot.Read), "protectPages");
      const object = expectOk(platform.createSharedMemory(3 * PAGE_SIZE), "createSharedMemory");
      expectOk(platform.mapSharedPages(a, w + 32 * PAGE_SIZE, 3 * PAGE_SIZE, RW, object, 0), "mapSharedPages(a)");
      expectOk(platform.mapSharedPages(b, wb, 2 * PAGE_SIZE, RW, object, PAGE_SIZE), "mapSharedPages(b)");
      writeOk(platform, b, wb, pattern(2 * PAGE_SIZE, 5), false);
      const child = forkOk(platform, a);
      const grandchild = forkOk(platform, child);
      writeOk(platform, child, workPage(platform, child, 8), pattern(PAGE_SIZE, 6), false);
      if (rv32) {
        const code = workPage(platform, a, 40);
        mapOk(platform, a, code, PAGE_SIZE, Prot.Read | Prot.Exec);
        runIncrement(platform, a, code, w + 8 * PAGE_SIZE);
        const forked = forkOk(platform, a);
        runIncrement(platform, forked, workPage(platform, forked, 40), workPage(platform, forked, 8));
        expectOk(platform.destroyAddressSpace(forked), "destroyAddressSpace(forked)");
      }
      expectEqual(platform.resourceStats().addressSpaces, 4, "resourceStats().addressSpaces with 4 live spaces", ContractViolationCode.Leak);
      // Remapping over shared and private pages drops what was there.
      mapOk(platform, b, wb, PAGE_SIZE, RW);
      expectOk(platform.destroyAddressSpace(a), "destroyAddressSpace(a)");
      platform.releaseSharedMemory(object);
      expectOk(platform.destroyAddressSpace(grandchild), "destroyAddressSpace(grandchild)");
      expectOk(platform.destroyAddressSpace(b), "destroyAddressSpace(b)");
      expectOk(platform.destroyAddressSpace(child), "destroyAddressSpace(child)");
      expectStats(platform.resourceStats(), initial, `after destroying everything (round ${round + 1})`);
    }
  },
};

const sharedObjectLifetime: ContractCase = {
  name: "leaks: a shared memory object lives while mapped or held and is freed after its last unmap and release",
  area: ContractArea.Leaks,
  run(subject) {
    const platform = subject.createPlatform();
    const initial = platform.resourceStats();
    const unmappedObject = expectOk(platform.createSharedMemory(4 * PAGE_SIZE), "createSharedMemory");
    platform.releaseSharedMemory(unmappedObject);
    expectStats(platform.resourceStats(), initial, "after creating and releasing an unmapped object");
    const s = newSpace(platform);
    const w = workPage(platform, s, 0);
    const object = expectOk(platform.createSharedMemory(2 * PAGE_SIZE), "createSharedMemory");
    expectOk(platform.mapSharedPages(s, w, 2 * PAGE_SIZE, RW, object, 0), "mapSharedPages");
    platform.releaseSharedMemory(object);
    // Still mapped: still memory.
    writeOk(platform, s, w, pattern(2 * PAGE_SIZE, 1), false);
    const back = new Uint8Array(2 * PAGE_SIZE);
    expectTrue(platform.readBytes(s, w, back) === undefined && back.every((x, i) => x === pattern(2 * PAGE_SIZE, 1)[i]),
      ContractViolationCode.WrongValue, "a released but mapped shared object lost its bytes");
    expectOk(platform.unmapPages(s, w, 2 * PAGE_SIZE), "unmapPages (the last mapping)");
    expectOk(platform.destroyAddressSpace(s), "destroyAddressSpace");
    expectStats(platform.resourceStats(), initial, "after the last mapping of a released object went away");
  },
};

const failuresLeaveNothing: ContractCase = {
  name: "leaks: failed creations, forks and mappings leave the counters unchanged",
  area: ContractArea.Leaks,
  run(subject) {
    const { platform, capacity } = subject.createSmallPlatform();
    const ids = Array.from({ length: capacity }, () => newSpace(platform));
    const first = ids[0];
    const w = workPage(platform, first, 0);
    mapOk(platform, first, w, 4 * PAGE_SIZE, RW);
    writeOk(platform, first, w, pattern(4 * PAGE_SIZE, 1), false);
    const full = platform.resourceStats();
    expectErr(platform.createAddressSpace(), AddressSpaceError.NoSpace, "createAddressSpace at capacity");
    expectStats(platform.resourceStats(), full, "after a NoSpace createAddressSpace");
    const forked = forkAddressSpace(platform, first);
    expectTrue(!forked.ok, ContractViolationCode.MissingError, "forkAddressSpace at capacity succeeded");
    expectStats(platform.resourceStats(), full, "after a failed forkAddressSpace");
    expectErr(platform.mapPages(first, w + 1, PAGE_SIZE, RW), PageError.InvalidArgument, "mapPages at a misaligned address");
    expectErr(platform.mapPages(first, w, 0, RW), PageError.InvalidArgument, "mapPages of zero bytes");
    expectErr(platform.protectPages(first, w, 8 * PAGE_SIZE, Prot.Read), PageError.NotMapped, "protectPages over unmapped pages");
    expectStats(platform.resourceStats(), full, "after rejected page operations");
  },
};

/** The leak cases. */
export const leakCases: readonly ContractCase[] = [backToInitial, sharedObjectLifetime, failuresLeaveNothing];
