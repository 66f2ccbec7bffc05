import { describe, expect, it, vi } from "vitest";
import { Events } from "../event/events";
import { WOULD_BLOCK, WaitContext, isWaitFailure } from "../event/wait";
import { ReentrancyDetectingMutex, defaultMutexFactory, type RawMutex } from "../platform/mutex";
import { VirtualClock } from "../platform/time";
import { InvariantViolation, type InvariantCode } from "../util/invariant";
import { CreateProcessError } from "./create-process-error";
import { PROCESS_EXIT_EVENTS } from "./exit-observer";
import { ProcessId } from "./process-id";
import type { ProcessContext } from "./process-context";
import {
  ProcessRegistry,
  detachOrphans,
  reparentOrphansToInit,
  setNextPidForTesting,
  type OrphanHandler,
} from "./process-registry";

const pid = (raw: number): ProcessId => ProcessId.new(raw)!;
const INIT = ProcessId.INIT;

function expectInvariant(f: () => unknown, code: InvariantCode): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InvariantViolation);
  expect((thrown as InvariantViolation).code).toBe(code);
}

function newRegistry(): ProcessRegistry {
  const registry = new ProcessRegistry(defaultMutexFactory);
  expect(registry.createProcess()).toEqual({ ok: true, value: INIT });
  return registry;
}

function spawn(registry: ProcessRegistry, parent: ProcessId): ProcessId {
  const result = registry.createProcess(parent);
  if (!result.ok) throw new Error(`spawn failed: ${result.error}`);
  return result.value;
}

/** A complete, comparable picture of the registry as its public queries show it. */
function snapshot(registry: ProcessRegistry): unknown {
  return {
    count: registry.processCount(),
    entries: registry.processIds().map((id) => ({
      context: registry.withContext(id, (c) => ({ ...c })),
      children: registry.getChildren(id),
      alive: registry.isAlive(id),
      exited: registry.exitObserver(id)!.exited.value,
    })),
  };
}

describe("ProcessRegistry construction and locking", () => {
  it("accepts a mutex factory and asks it for a mutex named ProcessRegistry", () => {
    const factory = vi.fn((name: string) => new ReentrancyDetectingMutex(name));
    const registry = new ProcessRegistry(factory);
    expect(factory).toHaveBeenCalledOnce();
    expect(factory).toHaveBeenCalledWith("ProcessRegistry");
    expect(registry.createProcess().ok).toBe(true);
  });

  it("accepts a mutex and takes it in every method (a held lock makes each one throw ReentrantLock)", () => {
    const mutex = new ReentrancyDetectingMutex("held");
    const registry = new ProcessRegistry(mutex);
    registry.createProcess();
    const child = spawn(registry, INIT);
    registry.exitProcess(child, 0, detachOrphans);
    mutex.lock();
    const calls: Array<() => unknown> = [
      () => registry.createProcess(INIT),
      () => registry.abortProcess(INIT),
      () => registry.exitProcess(INIT, 0, detachOrphans),
      () => registry.withContext(INIT, () => 1),
      () => registry.isAlive(INIT),
      () => registry.getParent(child),
      () => registry.getChildren(INIT),
      () => registry.processCount(),
      () => registry.processIds(),
      () => registry.removeProcess(child),
      () => registry.exitObserver(INIT),
    ];
    for (const call of calls) expectInvariant(call, "ReentrantLock");
    mutex.unlock();
    expect(registry.processIds()).toEqual([INIT, child]);
  });

  it("releases the lock after every method, including ones that throw", () => {
    const locks: string[] = [];
    const inner = new ReentrancyDetectingMutex();
    const mutex: RawMutex = {
      lock: () => {
        locks.push("lock");
        inner.lock();
      },
      unlock: () => {
        locks.push("unlock");
        inner.unlock();
      },
      get isLocked() {
        return inner.isLocked;
      },
    };
    const registry = new ProcessRegistry(mutex);
    registry.createProcess();
    expect(() => registry.removeProcess(INIT)).toThrow(InvariantViolation);
    expect(mutex.isLocked).toBe(false);
    expect(locks).toEqual(["lock", "unlock", "lock", "unlock"]);
  });
});

describe("createProcess", () => {
  it("creates init as PID 1 with no parent, running", () => {
    const registry = new ProcessRegistry(defaultMutexFactory);
    expect(registry.processCount()).toBe(0);
    expect(registry.createProcess()).toEqual({ ok: true, value: INIT });
    expect(registry.withContext(INIT, (c) => c)).toEqual({ id: INIT, parent: undefined, state: { kind: "Running" } });
    expect(registry.processCount()).toBe(1);
  });

  it("allows only one init, ever: InitAlreadyExists while it lives, after it exited and after it was removed", () => {
    const registry = newRegistry();
    expect(registry.createProcess()).toEqual({ ok: false, error: CreateProcessError.InitAlreadyExists });
    registry.exitProcess(INIT, 0, detachOrphans);
    expect(registry.createProcess()).toEqual({ ok: false, error: "InitAlreadyExists" });
    registry.removeProcess(INIT);
    expect(registry.createProcess()).toEqual({ ok: false, error: "InitAlreadyExists" });
    const aborted = new ProcessRegistry(defaultMutexFactory);
    aborted.createProcess();
    aborted.abortProcess(INIT);
    expect(aborted.createProcess()).toEqual({ ok: false, error: "InitAlreadyExists" });
    expect(aborted.processCount()).toBe(0);
  });

  it("gives children increasing PIDs from 2 and links them both ways", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, INIT);
    const c = spawn(registry, a);
    expect([a, b, c]).toEqual([2, 3, 4]);
    expect(registry.getParent(a)).toBe(INIT);
    expect(registry.getParent(c)).toBe(a);
    expect(registry.getChildren(INIT)).toEqual([a, b]);
    expect(registry.getChildren(a)).toEqual([c]);
    expect(registry.getChildren(c)).toEqual([]);
    expect(registry.withContext(c, (ctx) => ctx)).toEqual({ id: c, parent: a, state: { kind: "Running" } });
    expect(registry.processCount()).toBe(4);
  });

  it("fails with NoSuchParent for a parent never created, and before init exists", () => {
    const empty = new ProcessRegistry(defaultMutexFactory);
    expect(empty.createProcess(INIT)).toEqual({ ok: false, error: CreateProcessError.NoSuchParent });
    const registry = newRegistry();
    expect(registry.createProcess(pid(77))).toEqual({ ok: false, error: "NoSuchParent" });
    expect(registry.processIds()).toEqual([INIT]);
  });

  it("fails with NoSuchParent for an exited (zombie) parent and for a removed one", () => {
    const registry = newRegistry();
    const parent = spawn(registry, INIT);
    registry.exitProcess(parent, 0, detachOrphans);
    expect(registry.createProcess(parent)).toEqual({ ok: false, error: "NoSuchParent" });
    registry.removeProcess(parent);
    expect(registry.createProcess(parent)).toEqual({ ok: false, error: "NoSuchParent" });
    expect(registry.processIds()).toEqual([INIT]);
  });
});

describe("abortProcess", () => {
  it("removes a running childless process and unlinks it from its parent", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, INIT);
    registry.abortProcess(a);
    expect(registry.processIds()).toEqual([INIT, b]);
    expect(registry.getChildren(INIT)).toEqual([b]);
    expect(registry.processCount()).toBe(2);
    expect(registry.withContext(a, () => true)).toBeUndefined();
  });

  it("does not reuse the aborted PID before the counter wraps", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    registry.abortProcess(a);
    expect(spawn(registry, INIT)).toBe(a + 1);
  });

  it("throws AbortProcessUnknown for an id not in the table", () => {
    const registry = newRegistry();
    expectInvariant(() => registry.abortProcess(pid(9)), "AbortProcessUnknown");
  });

  it("throws AbortProcessNotRunning for an exited process, leaving it in place", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    registry.exitProcess(a, 3, detachOrphans);
    const before = snapshot(registry);
    expectInvariant(() => registry.abortProcess(a), "AbortProcessNotRunning");
    expect(snapshot(registry)).toEqual(before);
  });

  it("throws AbortProcessHasChildren for a process with children, leaving the table unchanged", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    spawn(registry, a);
    const before = snapshot(registry);
    expectInvariant(() => registry.abortProcess(a), "AbortProcessHasChildren");
    expect(snapshot(registry)).toEqual(before);
  });

  it("counts exited-but-not-removed children as children", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const zombie = spawn(registry, a);
    registry.exitProcess(zombie, 0, detachOrphans);
    expectInvariant(() => registry.abortProcess(a), "AbortProcessHasChildren");
    registry.removeProcess(zombie);
    registry.abortProcess(a);
    expect(registry.processIds()).toEqual([INIT]);
  });

  it("silences an exit observer taken before the abort, leaving exited false", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const observer = registry.exitObserver(a)!;
    const onEvents = vi.fn();
    observer.subject.register({ onEvents }, Events.IN);
    registry.abortProcess(a);
    expect(observer.subject.isClosed).toBe(true);
    observer.subject.notify(PROCESS_EXIT_EVENTS);
    expect(onEvents).not.toHaveBeenCalled();
    expect(observer.exited.value).toBe(false);
    expect(observer.pollEvents()).toBe(0);
  });
});

describe("exitProcess", () => {
  it("records the opaque status, keeps the parent link and stops counting the process", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    registry.exitProcess(a, 0xc000_0005, detachOrphans);
    expect(registry.withContext(a, (c) => c)).toEqual({ id: a, parent: INIT, state: { kind: "Exited", status: 0xc000_0005 } });
    expect(registry.isAlive(a)).toBe(false);
    expect(registry.processCount()).toBe(1);
    expect(registry.getChildren(INIT)).toEqual([a]);
  });

  it("accepts the extreme statuses 0 and 2^32 - 1", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, INIT);
    expect(registry.exitProcess(a, 0, detachOrphans)?.exitStatus).toBe(0);
    expect(registry.exitProcess(b, 0xffff_ffff, detachOrphans)?.exitStatus).toBe(0xffff_ffff);
  });

  it("returns a notification for a running parent", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, a);
    expect(registry.exitProcess(b, 42, detachOrphans)).toEqual({ parentPid: a, childPid: b, exitStatus: 42 });
  });

  it("returns undefined for init (no parent)", () => {
    const registry = newRegistry();
    expect(registry.exitProcess(INIT, 0, detachOrphans)).toBeUndefined();
  });

  it("notifies whoever is the parent at exit time: the adoptive parent after a reparenting", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, a);
    expect(registry.exitProcess(a, 0, reparentOrphansToInit)).toEqual({ parentPid: INIT, childPid: a, exitStatus: 0 });
    expect(registry.exitProcess(b, 5, detachOrphans)).toEqual({ parentPid: INIT, childPid: b, exitStatus: 5 });
  });

  it("never leaves a parent link to an exited process, so no notification targets a dead parent", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, a);
    const c = spawn(registry, b);
    registry.exitProcess(c, 0, detachOrphans); // a zombie child of b
    registry.exitProcess(b, 0, detachOrphans); // b's zombie child c is detached with it
    expect(registry.getParent(c)).toBeUndefined();
    expect(registry.getParent(b)).toBe(a);
    registry.exitProcess(a, 0, detachOrphans); // b, a zombie, loses its exited parent too
    expect(registry.getParent(b)).toBeUndefined();
    for (const id of registry.processIds()) {
      const parent = registry.getParent(id);
      if (parent !== undefined) expect(registry.isAlive(parent)).toBe(true);
    }
  });

  it("returns undefined for a detached orphan", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, a);
    registry.exitProcess(a, 0, detachOrphans);
    expect(registry.getParent(b)).toBeUndefined();
    expect(registry.withContext(b, (c) => c.parent)).toBeUndefined();
    expect(registry.exitProcess(b, 7, detachOrphans)).toBeUndefined();
  });

  it("throws ExitProcessUnknown for an id not in the table", () => {
    const registry = newRegistry();
    expectInvariant(() => registry.exitProcess(pid(5), 0, detachOrphans), "ExitProcessUnknown");
  });

  it("throws ExitProcessNotRunning for a second exit, keeping the first status", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    registry.exitProcess(a, 1, detachOrphans);
    expectInvariant(() => registry.exitProcess(a, 2, detachOrphans), "ExitProcessNotRunning");
    expect(registry.withContext(a, (c) => c.state)).toEqual({ kind: "Exited", status: 1 });
  });

  it("throws InvalidArgument for a status that is not a u32, changing nothing", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const before = snapshot(registry);
    for (const bad of [-1, 0x1_0000_0000, 1.5, Number.NaN, Infinity]) {
      expectInvariant(() => registry.exitProcess(a, bad, detachOrphans), "InvalidArgument");
    }
    expect(snapshot(registry)).toEqual(before);
  });

  it("does not call the handler when there are no children", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const handler = vi.fn(detachOrphans);
    registry.exitProcess(a, 0, handler);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("exitProcess orphan handling", () => {
  function family(): { registry: ProcessRegistry; parent: ProcessId; kids: ProcessId[]; grandchild: ProcessId } {
    const registry = newRegistry();
    const parent = spawn(registry, INIT);
    const kids = [spawn(registry, parent), spawn(registry, parent), spawn(registry, parent)];
    const grandchild = spawn(registry, kids[0]!);
    registry.exitProcess(kids[1]!, 9, detachOrphans); // a zombie child of parent
    return { registry, parent, kids, grandchild };
  }

  it("calls the handler exactly once per child (running and zombie), in ascending order, with snapshots", () => {
    const { registry, parent, kids } = family();
    const seen: Array<[ProcessId, ProcessContext]> = [];
    registry.exitProcess(parent, 0, (orphan, context) => {
      seen.push([orphan, context]);
      return INIT;
    });
    expect(seen.map(([id]) => id)).toEqual(kids);
    expect(seen.map(([, c]) => c)).toEqual([
      { id: kids[0], parent, state: { kind: "Running" } },
      { id: kids[1], parent, state: { kind: "Exited", status: 9 } },
      { id: kids[2], parent, state: { kind: "Running" } },
    ]);
  });

  it("does not treat grandchildren as orphans", () => {
    const { registry, parent, kids, grandchild } = family();
    const handler = vi.fn(reparentOrphansToInit);
    registry.exitProcess(parent, 0, handler);
    expect(handler.mock.calls.map(([id]) => id)).not.toContain(grandchild);
    expect(registry.getParent(grandchild)).toBe(kids[0]);
  });

  it("reparents to the returned process (POSIX: init), updating both sides of the link", () => {
    const { registry, parent, kids } = family();
    registry.exitProcess(parent, 0, reparentOrphansToInit);
    for (const kid of kids) expect(registry.getParent(kid)).toBe(INIT);
    expect(registry.getChildren(INIT)).toEqual([parent, ...kids]);
    expect(registry.getChildren(parent)).toEqual([]);
    // The reparented zombie can be reaped and its new parent notified of later exits.
    registry.removeProcess(kids[1]!);
    expect(registry.exitProcess(kids[2]!, 1, detachOrphans)).toEqual({ parentPid: INIT, childPid: kids[2], exitStatus: 1 });
  });

  it("reparents to a process other than init (a subreaper)", () => {
    const registry = newRegistry();
    const reaper = spawn(registry, INIT);
    const middle = spawn(registry, reaper);
    const leaf = spawn(registry, middle);
    registry.exitProcess(middle, 0, () => reaper);
    expect(registry.getParent(leaf)).toBe(reaper);
    expect(registry.getChildren(reaper)).toEqual([middle, leaf]);
  });

  it("detaches when the handler returns undefined (NT)", () => {
    const { registry, parent, kids } = family();
    registry.exitProcess(parent, 0, detachOrphans);
    for (const kid of kids) {
      expect(registry.getParent(kid)).toBeUndefined();
      expect(registry.withContext(kid, (c) => c.parent)).toBeUndefined();
    }
    expect(registry.getChildren(parent)).toEqual([]);
    expect(registry.getChildren(INIT)).toEqual([parent]);
    // A detached zombie can still be removed.
    registry.removeProcess(kids[1]!);
    expect(registry.processIds()).not.toContain(kids[1]);
  });

  it("applies a mixed policy per orphan", () => {
    const { registry, parent, kids } = family();
    registry.exitProcess(parent, 0, (orphan) => (orphan === kids[0] ? INIT : undefined));
    expect(kids.map((k) => registry.getParent(k))).toEqual([INIT, undefined, undefined]);
  });

  it("lets one orphan adopt a running sibling orphan when that makes no cycle", () => {
    const { registry, parent, kids, grandchild } = family();
    registry.exitProcess(parent, 0, (orphan) => (orphan === kids[2] ? kids[0] : INIT));
    expect(registry.getParent(kids[2]!)).toBe(kids[0]);
    expect(registry.getChildren(kids[0]!)).toEqual([kids[2], grandchild]);
  });

  const badDecisions: Array<[string, (f: ReturnType<typeof family>) => OrphanHandler, InvariantCode]> = [
    ["the exiting process itself", ({ parent }) => () => parent, "OrphanParentNotAlive"],
    ["a PID not in the table", () => () => pid(999), "OrphanParentNotAlive"],
    ["an exited process", ({ kids }) => () => kids[1], "OrphanParentNotAlive"],
    ["the orphan itself", ({ kids }) => (o) => (o === kids[0] ? o : INIT), "OrphanParentCycle"],
    ["a descendant of the orphan", ({ kids, grandchild }) => (o) => (o === kids[0] ? grandchild : INIT), "OrphanParentCycle"],
    ["two orphans adopting each other", ({ kids }) => (o) => (o === kids[0] ? kids[2] : o === kids[2] ? kids[0] : INIT), "OrphanParentCycle"],
  ];
  for (const [what, handlerFor, code] of badDecisions) {
    it(`throws ${code} when the handler picks ${what}, and changes nothing`, () => {
      const f = family();
      const observer = f.registry.exitObserver(f.parent)!;
      const onEvents = vi.fn();
      observer.subject.register({ onEvents }, Events.IN);
      const before = snapshot(f.registry);
      expectInvariant(() => f.registry.exitProcess(f.parent, 0, handlerFor(f)), code);
      expect(snapshot(f.registry)).toEqual(before);
      expect(f.registry.isAlive(f.parent)).toBe(true);
      expect(onEvents).not.toHaveBeenCalled();
      // The registry is still usable, and a correct exit now succeeds.
      expect(f.registry.exitProcess(f.parent, 0, reparentOrphansToInit)).toEqual({ parentPid: INIT, childPid: f.parent, exitStatus: 0 });
    });
  }

  it("throws OrphanParentCycle when an orphan's new ancestors loop without including it", () => {
    const registry = newRegistry();
    const parent = spawn(registry, INIT);
    const [o1, o2, o3] = [spawn(registry, parent), spawn(registry, parent), spawn(registry, parent)];
    const before = snapshot(registry);
    const next = new Map([[o1, o2], [o2, o3], [o3, o2]]);
    expectInvariant(() => registry.exitProcess(parent, 0, (o) => next.get(o)), "OrphanParentCycle");
    expect(snapshot(registry)).toEqual(before);
  });

  it("propagates an error thrown by the handler and changes nothing", () => {
    const { registry, parent } = family();
    const before = snapshot(registry);
    const boom = new Error("policy failed");
    expect(() =>
      registry.exitProcess(parent, 0, () => {
        throw boom;
      }),
    ).toThrow(boom);
    expect(snapshot(registry)).toEqual(before);
  });

  it("makes a handler that calls back into the registry fail with ReentrantLock, changing nothing", () => {
    const { registry, parent } = family();
    const before = snapshot(registry);
    expectInvariant(
      () => registry.exitProcess(parent, 0, () => (registry.isAlive(INIT) ? INIT : undefined)),
      "ReentrantLock",
    );
    expect(snapshot(registry)).toEqual(before);
    expect(registry.exitProcess(parent, 0, reparentOrphansToInit)?.parentPid).toBe(INIT);
  });
});

describe("queries", () => {
  it("withContext returns f's result, or undefined for an unknown id without calling f", () => {
    const registry = newRegistry();
    expect(registry.withContext(INIT, (c) => c.id * 10)).toBe(10);
    const f = vi.fn();
    expect(registry.withContext(pid(3), f)).toBeUndefined();
    expect(f).not.toHaveBeenCalled();
  });

  it("withContext hands out frozen snapshots that later changes do not alter", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, a);
    const before = registry.withContext(b, (c) => c)!;
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen(before.state)).toBe(true);
    registry.exitProcess(a, 0, detachOrphans);
    registry.exitProcess(b, 4, detachOrphans);
    expect(before).toEqual({ id: b, parent: a, state: { kind: "Running" } });
    expect(registry.withContext(b, (c) => c)).toEqual({ id: b, parent: undefined, state: { kind: "Exited", status: 4 } });
  });

  it("withContext's closure may call back into the registry", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    expect(registry.withContext(a, (c) => registry.getChildren(c.parent!))).toEqual([a]);
  });

  it("isAlive is true only for running processes in the table", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    expect(registry.isAlive(a)).toBe(true);
    registry.exitProcess(a, 0, detachOrphans);
    expect(registry.isAlive(a)).toBe(false);
    registry.removeProcess(a);
    expect(registry.isAlive(a)).toBe(false);
    expect(registry.isAlive(pid(1234))).toBe(false);
  });

  it("getParent and getChildren answer undefined for unknown ids", () => {
    const registry = newRegistry();
    expect(registry.getParent(pid(8))).toBeUndefined();
    expect(registry.getChildren(pid(8))).toBeUndefined();
    expect(registry.getParent(INIT)).toBeUndefined();
  });

  it("getChildren returns a fresh sorted array each time", () => {
    const registry = newRegistry();
    setNextPidForTesting(registry, 50);
    const high = spawn(registry, INIT);
    const middle = spawn(registry, INIT);
    const a = spawn(registry, middle);
    registry.exitProcess(middle, 0, reparentOrphansToInit); // a (52) joins init's children after 50, 51
    setNextPidForTesting(registry, 10);
    const low = spawn(registry, INIT);
    expect(registry.getChildren(INIT)).toEqual([low, high, middle, a]);
    const children = registry.getChildren(INIT)!;
    children.pop();
    expect(registry.getChildren(INIT)).toHaveLength(4);
  });

  it("processCount counts running processes only; processIds lists every entry", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, INIT);
    registry.exitProcess(a, 0, detachOrphans);
    expect(registry.processCount()).toBe(2);
    expect(registry.processIds()).toEqual([INIT, a, b]);
    registry.removeProcess(a);
    expect(registry.processCount()).toBe(2);
    expect(registry.processIds()).toEqual([INIT, b]);
  });
});

describe("removeProcess", () => {
  it("removes an exited process and unlinks it from its parent", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const b = spawn(registry, INIT);
    registry.exitProcess(a, 0, detachOrphans);
    registry.removeProcess(a);
    expect(registry.processIds()).toEqual([INIT, b]);
    expect(registry.getChildren(INIT)).toEqual([b]);
    expect(registry.withContext(a, (c) => c)).toBeUndefined();
  });

  it("removes an exited init", () => {
    const registry = newRegistry();
    registry.exitProcess(INIT, 0, detachOrphans);
    registry.removeProcess(INIT);
    expect(registry.processIds()).toEqual([]);
  });

  it("throws RemoveProcessRunning for a running process, changing nothing", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const before = snapshot(registry);
    expectInvariant(() => registry.removeProcess(a), "RemoveProcessRunning");
    expect(snapshot(registry)).toEqual(before);
  });

  it("throws RemoveProcessUnknown for an unknown or already removed id", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    registry.exitProcess(a, 0, detachOrphans);
    registry.removeProcess(a);
    expectInvariant(() => registry.removeProcess(a), "RemoveProcessUnknown");
    expectInvariant(() => registry.removeProcess(pid(31)), "RemoveProcessUnknown");
  });
});

describe("exitObserver", () => {
  it("is undefined for an unknown id and the same object on every call", () => {
    const registry = newRegistry();
    expect(registry.exitObserver(pid(2))).toBeUndefined();
    expect(registry.exitObserver(INIT)).toBe(registry.exitObserver(INIT));
  });

  it("before exit: flag false, no events; on exit: flag true and one HUP|IN notification", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const observer = registry.exitObserver(a)!;
    expect(observer.exited.value).toBe(false);
    expect(observer.pollEvents()).toBe(0);
    const onEvents = vi.fn();
    observer.subject.register({ onEvents }, Events.IN);
    registry.exitProcess(a, 0, detachOrphans);
    expect(PROCESS_EXIT_EVENTS).toBe(Events.HUP | Events.IN);
    expect(onEvents).toHaveBeenCalledExactlyOnceWith(Events.HUP | Events.IN);
    expect(observer.exited.value).toBe(true);
    expect(observer.pollEvents()).toBe(PROCESS_EXIT_EVENTS);
  });

  it("taken after the exit, reads exited = true and polls HUP|IN", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    registry.exitProcess(a, 0, detachOrphans);
    const observer = registry.exitObserver(a)!;
    expect(observer.exited.value).toBe(true);
    expect(observer.pollEvents()).toBe(Events.HUP | Events.IN);
  });

  it("after removeProcess: still readable (exited true) but silent and closed", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const observer = registry.exitObserver(a)!;
    const onEvents = vi.fn();
    observer.subject.register({ onEvents }, Events.IN);
    registry.exitProcess(a, 0, detachOrphans);
    registry.removeProcess(a);
    expect(observer.exited.value).toBe(true);
    expect(observer.subject.isClosed).toBe(true);
    expect(observer.subject.observerCount).toBe(0);
    const late = vi.fn();
    observer.subject.register({ onEvents: late }, Events.IN);
    observer.subject.notify(PROCESS_EXIT_EVENTS);
    expect(onEvents).toHaveBeenCalledOnce();
    expect(late).not.toHaveBeenCalled();
    expect(registry.exitObserver(a)).toBeUndefined();
  });

  it("does not let holders set the flag", () => {
    const registry = newRegistry();
    const flag = registry.exitObserver(INIT)!.exited;
    expect(() => {
      (flag as { value: boolean }).value = true;
    }).toThrow(TypeError);
    expect(flag.value).toBe(false);
  });

  it("notifies after the lock is released: observers may query the registry", () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const seen: unknown[] = [];
    registry.exitObserver(a)!.subject.register(
      { onEvents: () => seen.push(registry.withContext(a, (c) => c.state)) },
      Events.IN,
    );
    registry.exitProcess(a, 3, detachOrphans);
    expect(seen).toEqual([{ kind: "Exited", status: 3 }]);
  });

  it("works as a Pollable with WaitContext: a wait blocks until the exit, then completes", async () => {
    const registry = newRegistry();
    const a = spawn(registry, INIT);
    const observer = registry.exitObserver(a)!;
    const wait = new WaitContext(new VirtualClock());
    const status = wait.waitOnEvents([{ pollable: observer, interest: Events.IN }], () =>
      observer.exited.value ? registry.withContext(a, (c) => (c.state.kind === "Exited" ? c.state.status : -1)) : WOULD_BLOCK,
    );
    expect(status).toBeInstanceOf(Promise);
    registry.exitProcess(a, 17, detachOrphans);
    const settled = await status;
    expect(isWaitFailure(settled)).toBe(false);
    expect(settled).toBe(17);
  });
});

describe("PID wrap-around", () => {
  it("after 2^32 - 1 skips 0, init's PID 1 and PIDs still in the table, and reuses removed ones", () => {
    const registry = newRegistry();
    const two = spawn(registry, INIT);
    const three = spawn(registry, INIT);
    const four = spawn(registry, INIT);
    registry.exitProcess(three, 0, detachOrphans); // a zombie still holds 3
    registry.exitProcess(four, 0, detachOrphans);
    registry.removeProcess(four); // 4 is free again
    setNextPidForTesting(registry, 0xffff_fffe);
    expect(spawn(registry, INIT)).toBe(0xffff_fffe);
    expect(spawn(registry, INIT)).toBe(0xffff_ffff);
    expect([two, three]).toEqual([2, 3]);
    expect(spawn(registry, INIT)).toBe(4);
    expect(spawn(registry, INIT)).toBe(5);
    expect(registry.processCount()).toBe(6);
  });

  it("rejects an invalid counter value", () => {
    const registry = newRegistry();
    expectInvariant(() => setNextPidForTesting(registry, 1), "InvalidArgument");
    expect(spawn(registry, INIT)).toBe(2);
  });
});
