/**
 * Activation (RFC §2.2 and the core's `ExecutionProvider`): `activateAddressSpace` and
 * `withAddressSpace` act on the current thread — a CPU context made current with `setCurrentCpu`, or
 * the host — and `withAddressSpace` restores the previous space on success, on throw and when nested.
 *
 * @module
 */
import { PAGE_SIZE, Prot, type CpuContext, type Provider } from "@litebox-ts/core";
import { ContractArea, type ContractCase } from "../case";
import { expectEqual, expectErr, expectOk, expectTrue, fail, show } from "../check";
import { mapOk, newSpace, workPage } from "../fixture";
import { ContractViolationCode } from "../violation";

/** A value thrown by callbacks, recognised by identity. */
class Marker extends Error {}

function expectActive<Id>(platform: Provider<Id>, expected: Id | undefined, what: string, code: ContractViolationCode = ContractViolationCode.NotRestored): void {
  expectEqual(platform.activeAddressSpace(), expected, `activeAddressSpace() ${what}`, code);
}

/** Runs `f`, which must throw `marker`; anything else is a violation. */
function expectThrows(f: () => unknown, marker: Marker, what: string): void {
  try {
    f();
  } catch (e) {
    if (e === marker) return;
    fail(ContractViolationCode.WrongValue, `${what} threw ${show(String(e))} instead of propagating the callback's exception`);
  }
  fail(ContractViolationCode.WrongValue, `${what} returned normally although its callback threw`);
}

const activateSetsActive: ContractCase = {
  name: "activation: activateAddressSpace sets the host's active space; destroying it deactivates it",
  area: ContractArea.Activation,
  run(subject) {
    const platform = subject.createPlatform();
    expectActive(platform, undefined, "on a fresh platform", ContractViolationCode.WrongValue);
    const a = newSpace(platform);
    const b = newSpace(platform);
    expectActive(platform, undefined, "after creating spaces (creation does not activate)", ContractViolationCode.WrongValue);
    expectOk(platform.activateAddressSpace(a), "activateAddressSpace(a)");
    expectActive(platform, a, "after activating a", ContractViolationCode.WrongValue);
    expectOk(platform.activateAddressSpace(b), "activateAddressSpace(b)");
    expectActive(platform, b, "after activating b", ContractViolationCode.WrongValue);
    expectOk(platform.activateAddressSpace(b), "activateAddressSpace(b) again");
    expectActive(platform, b, "after activating b twice", ContractViolationCode.WrongValue);
    expectOk(platform.destroyAddressSpace(b), "destroyAddressSpace(active b)");
    expectActive(platform, undefined, "after destroying the active space", ContractViolationCode.WrongValue);
    expectOk(platform.activateAddressSpace(a), "activateAddressSpace(a) after destroying b");
    expectActive(platform, a, "after activating a again", ContractViolationCode.WrongValue);
  },
};

const withRestoresOnSuccess: ContractCase = {
  name: "activation: withAddressSpace activates for the callback, returns its value and restores on success",
  area: ContractArea.Activation,
  run(subject) {
    const platform = subject.createPlatform();
    const a = newSpace(platform);
    const b = newSpace(platform);
    let inside: unknown = "not called";
    const r = expectOk(platform.withAddressSpace(b, () => ((inside = platform.activeAddressSpace()), 42)), "withAddressSpace(b) with nothing active");
    expectEqual(r, 42, "withAddressSpace's value");
    expectEqual(inside, b, "activeAddressSpace() inside withAddressSpace(b)");
    expectActive(platform, undefined, "after withAddressSpace(b) with nothing active before");
    expectOk(platform.activateAddressSpace(a), "activateAddressSpace(a)");
    expectOk(platform.withAddressSpace(b, () => (inside = platform.activeAddressSpace())), "withAddressSpace(b) with a active");
    expectEqual(inside, b, "activeAddressSpace() inside withAddressSpace(b)");
    expectActive(platform, a, "after withAddressSpace(b) returned (a was active)");
    expectOk(platform.withAddressSpace(a, () => (inside = platform.activeAddressSpace())), "withAddressSpace(a) with a active");
    expectActive(platform, a, "after withAddressSpace(a) with a active");
  },
};

const withRestoresOnThrow: ContractCase = {
  name: "activation: withAddressSpace restores the previous space when the callback throws",
  area: ContractArea.Activation,
  run(subject) {
    const platform = subject.createPlatform();
    const a = newSpace(platform);
    const b = newSpace(platform);
    const marker = new Marker("callback failure");
    expectThrows(() => platform.withAddressSpace(b, () => { throw marker; }), marker, "withAddressSpace(b) with nothing active");
    expectActive(platform, undefined, "after withAddressSpace(b)'s callback threw (nothing was active)");
    expectOk(platform.activateAddressSpace(a), "activateAddressSpace(a)");
    expectThrows(() => platform.withAddressSpace(b, () => { throw marker; }), marker, "withAddressSpace(b) with a active");
    expectActive(platform, a, "after withAddressSpace(b)'s callback threw (a was active)");
    // A callback that activates another space itself and then throws: the scope still restores.
    const c = newSpace(platform);
    expectThrows(() => platform.withAddressSpace(b, () => {
      platform.activateAddressSpace(c);
      throw marker;
    }), marker, "withAddressSpace(b) whose callback activated c");
    expectActive(platform, a, "after a throwing callback that activated another space");
  },
};

const withNested: ContractCase = {
  name: "activation: nested withAddressSpace restores each level, also when an inner level throws",
  area: ContractArea.Activation,
  run(subject) {
    const platform = subject.createPlatform();
    const [a, b, c] = [newSpace(platform), newSpace(platform), newSpace(platform)];
    expectOk(platform.activateAddressSpace(a), "activateAddressSpace(a)");
    const seen: unknown[] = [];
    const marker = new Marker("inner failure");
    expectOk(platform.withAddressSpace(b, () => {
      seen.push(platform.activeAddressSpace());
      expectOk(platform.withAddressSpace(c, () => {
        seen.push(platform.activeAddressSpace());
        expectOk(platform.withAddressSpace(a, () => seen.push(platform.activeAddressSpace())), "withAddressSpace(a) inside c");
        seen.push(platform.activeAddressSpace());
      }), "withAddressSpace(c) inside b");
      seen.push(platform.activeAddressSpace());
      expectThrows(() => platform.withAddressSpace(c, () => { throw marker; }), marker, "throwing withAddressSpace(c) inside b");
      seen.push(platform.activeAddressSpace());
    }), "withAddressSpace(b)");
    expectEqual(seen, [b, c, a, c, b, b], "the active spaces seen at each level (b, c, a, back to c, back to b, b after an inner throw)", ContractViolationCode.NotRestored);
    expectActive(platform, a, "after the outermost withAddressSpace");
  },
};

const withInvalidId: ContractCase = {
  name: "activation: withAddressSpace with a destroyed id runs nothing and changes nothing",
  area: ContractArea.Activation,
  run(subject) {
    const platform = subject.createPlatform();
    const a = newSpace(platform);
    const dead = newSpace(platform);
    expectOk(platform.destroyAddressSpace(dead), "destroyAddressSpace");
    expectOk(platform.activateAddressSpace(a), "activateAddressSpace(a)");
    let called = false;
    expectErr(platform.withAddressSpace(dead, () => (called = true)), "InvalidId", "withAddressSpace(destroyed)");
    expectTrue(!called, ContractViolationCode.WrongValue, "withAddressSpace(destroyed) ran its callback");
    expectActive(platform, a, "after withAddressSpace(destroyed)");
    expectErr(platform.activateAddressSpace(dead), "InvalidId", "activateAddressSpace(destroyed)");
    expectActive(platform, a, "after activateAddressSpace(destroyed)");
  },
};

function switchTo<Id>(platform: Provider<Id>, cpu: CpuContext | undefined, expectedPrevious: CpuContext | undefined, what: string): void {
  const previous = platform.setCurrentCpu(cpu);
  expectTrue(previous === expectedPrevious, ContractViolationCode.WrongValue, `setCurrentCpu(${what}) did not return the previous current CPU`);
}

const perThread: ContractCase = {
  name: "activation: each CPU context and the host keep their own active space (setCurrentCpu)",
  area: ContractArea.Activation,
  run(subject) {
    const platform = subject.createPlatform();
    const [a, b, c, h] = [newSpace(platform), newSpace(platform), newSpace(platform), newSpace(platform)];
    expectOk(platform.activateAddressSpace(h), "activateAddressSpace(h) on the host");
    const cpu1 = expectOk(platform.createCpu(a), "createCpu(a)");
    const cpu2 = expectOk(platform.createCpu(b), "createCpu(b)");
    expectEqual(platform.cpuAddressSpace(cpu1), a, "cpuAddressSpace(cpu1 created in a)");
    expectEqual(platform.cpuAddressSpace(cpu2), b, "cpuAddressSpace(cpu2 created in b)");
    expectActive(platform, h, "on the host after creating CPUs", ContractViolationCode.NotPerThread);

    switchTo(platform, cpu1, undefined, "cpu1");
    expectActive(platform, a, "while cpu1 (created in a) is current", ContractViolationCode.NotPerThread);
    expectOk(platform.activateAddressSpace(c), "activateAddressSpace(c) on cpu1");
    expectActive(platform, c, "on cpu1 after activating c", ContractViolationCode.NotPerThread);
    expectEqual(platform.cpuAddressSpace(cpu1), c, "cpuAddressSpace(cpu1) after it activated c", ContractViolationCode.NotPerThread);

    switchTo(platform, cpu2, cpu1, "cpu2");
    expectActive(platform, b, "on cpu2 while cpu1 has c active", ContractViolationCode.NotPerThread);
    const marker = new Marker("cpu2 callback failure");
    expectThrows(() => platform.withAddressSpace(a, () => {
      expectActive(platform, a, "inside withAddressSpace(a) on cpu2", ContractViolationCode.NotPerThread);
      throw marker;
    }), marker, "withAddressSpace(a) on cpu2");
    expectActive(platform, b, "on cpu2 after its withAddressSpace(a) threw");
    expectEqual(platform.cpuAddressSpace(cpu1), c, "cpuAddressSpace(cpu1) while cpu2 used withAddressSpace", ContractViolationCode.NotPerThread);

    switchTo(platform, undefined, cpu2, "the host");
    expectActive(platform, h, "on the host after both CPUs activated spaces", ContractViolationCode.NotPerThread);
    expectOk(platform.withAddressSpace(a, () => {
      switchTo(platform, cpu1, undefined, "cpu1 inside the host's withAddressSpace(a)");
      expectActive(platform, c, "on cpu1 inside the host's withAddressSpace(a)", ContractViolationCode.NotPerThread);
      switchTo(platform, undefined, cpu1, "the host again");
    }), "withAddressSpace(a) on the host");
    expectActive(platform, h, "on the host after its withAddressSpace(a)");
    expectEqual(platform.cpuAddressSpace(cpu2), b, "cpuAddressSpace(cpu2) at the end", ContractViolationCode.NotPerThread);

    expectOk(platform.destroyAddressSpace(c), "destroyAddressSpace(c)");
    expectEqual(platform.cpuAddressSpace(cpu1), undefined, "cpuAddressSpace(cpu1) after its space c was destroyed");
    expectActive(platform, h, "on the host after destroying cpu1's space", ContractViolationCode.NotPerThread);
  },
};

const cpuFetchesFromItsActiveSpace: ContractCase = {
  name: "activation: a CPU fetches from the space active on its thread (activation moves it, as execve does)",
  area: ContractArea.Activation,
  run(subject) {
    const platform = subject.createPlatform();
    const a = newSpace(platform);
    const b = newSpace(platform);
    const at = workPage(platform, b, 0);
    // Only b has an executable page there: a fetch in a faults, a fetch in b does not fault.
    mapOk(platform, b, at, PAGE_SIZE, Prot.Read | Prot.Exec);
    const cpu = expectOk(platform.createCpu(a), "createCpu(a)");
    cpu.pc = workPage(platform, a, 0);
    const inA = cpu.run(1);
    expectTrue(inA.kind === "fault" && inA.cause === 12, ContractViolationCode.WrongStop, `a fetch in a (nothing mapped) stopped with ${show(inA)}; expected a fetch fault`);
    const previous = platform.setCurrentCpu(cpu);
    expectOk(platform.activateAddressSpace(b), "activateAddressSpace(b) on the CPU's thread");
    platform.setCurrentCpu(previous);
    cpu.pc = at;
    const inB = cpu.run(1);
    expectTrue(inB.kind !== "fault", ContractViolationCode.NotPerThread, `after activating b on its thread, the CPU still fetches from a: ${show(inB)}`);
  },
};

/** The activation cases. */
export const activationCases: readonly ContractCase[] = [
  activateSetsActive,
  withRestoresOnSuccess,
  withRestoresOnThrow,
  withNested,
  withInvalidId,
  perThread,
  cpuFetchesFromItsActiveSpace,
];
