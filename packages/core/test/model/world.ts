/**
 * The model-based test's two worlds: the real one (a LiteBox over a test platform, plus the little
 * "shim" state a real shim would keep — one descriptor storage and one address space per process)
 * and the reference model (plain maps and arrays). `checkInvariants` compares them after every
 * command; `drainAndTearDown` finishes a run and proves nothing was lost or leaked.
 */
import {
  Events,
  InvariantViolation,
  LiteBox,
  PAGE_SIZE,
  PIPE_SUBSYSTEM,
  Prot,
  SharedMemoryTestPlatform,
  TestPlatform,
  type DescriptorEntry,
  type PipePair,
  type ProcessId,
  type RawDescriptorStorage,
} from "../../src/index";

/** Address of the page holding each process's futex words. */
export const FUTEX_PAGE = 0x2000;
/** Number of futex words per process. */
export const FUTEX_WORDS = 3;
/** Capacity of every pipe: the minimum, so that writes block often. */
export const PIPE_CAPACITY = 4096;

export type Platform = TestPlatform;

export interface ModelProcess {
  parent: ProcessId | undefined;
  state: "running" | "exited";
}

export interface ModelSlot {
  /** Model id of the open-file description (shared by duplicates). */
  readonly entry: number;
  readonly pipe: number;
  readonly end: "read" | "write";
}

export interface PendingPipeOp {
  readonly id: number;
  readonly size: number;
  readonly bytes: Uint8Array;
}

export interface ModelPipe {
  /** Bytes that entered the pipe, in the order they entered. */
  readonly landed: number[];
  /** Bytes read out of the pipe, in order. */
  readonly read: number[];
  /** Blocked writes in the order they were issued. */
  readonly pendingWrites: PendingPipeOp[];
  /** Blocked reads in the order they were issued. */
  readonly pendingReads: PendingPipeOp[];
  writes: number;
}

export interface FutexKeyModel {
  readonly discriminator: number;
  readonly address: number;
}

export interface ModelFutexWaiter {
  readonly id: number;
  readonly key: FutexKeyModel;
  /** Which of the process's words (the guest address is `FUTEX_PAGE + 4 * word`). */
  readonly word: number;
  readonly bitset: number;
  /** Set by the model when a wake should have woken this waiter. */
  expectedWoken: boolean;
}

export interface Model {
  readonly kind: "Isolated" | "SharedMemory";
  /** Every process in the registry's table (running or exited, not removed). */
  readonly processes: Map<ProcessId, ModelProcess>;
  /** Every PID ever handed out, in order (removed ones included, to exercise "unknown" branches). */
  readonly everPids: ProcessId[];
  /** Descriptor slots of each running process. */
  readonly slots: Map<ProcessId, Map<number, ModelSlot>>;
  readonly pipes: ModelPipe[];
  nextEntry: number;
  /** Futex word values of each process that still has an address space. */
  readonly words: Map<ProcessId, number[]>;
  /** Futex keys of every process ever created (kept after the space is gone, as a shim may). */
  readonly keys: Map<ProcessId, FutexKeyModel[]>;
  /** Blocked futex waiters in the order they blocked. */
  readonly futexWaiters: ModelFutexWaiter[];
  nextOp: number;
  /** Violations found in Promise callbacks; checked (and thrown) after every command. */
  readonly violations: string[];
}

export interface Real {
  readonly box: LiteBox<Platform>;
  readonly platform: Platform;
  readonly storages: Map<ProcessId, RawDescriptorStorage>;
  readonly spaces: Map<ProcessId, number>;
  readonly pipes: PipePair[];
  /** The real entry behind each model entry id. */
  readonly entries: Map<number, DescriptorEntry>;
}

/** Creates both worlds with PID 1 (its storage and address space made as a shim would). */
export function setupWorlds(kind: Model["kind"]): { model: Model; real: Real } {
  const platform = kind === "Isolated" ? new TestPlatform({ capacity: 64, rangeSize: 64 * 1024 }) : new SharedMemoryTestPlatform({ capacity: 64, rangeSize: 64 * 1024 });
  // Two futex buckets: about half of all keys share one, so the full-key match (not the hash) is what
  // keeps them apart, while the hash still spreads keys.
  const box = new LiteBox(platform, { pipeCapacity: PIPE_CAPACITY, futexBuckets: 2 });
  const model: Model = {
    kind,
    processes: new Map(),
    everPids: [],
    slots: new Map(),
    pipes: [],
    nextEntry: 1,
    words: new Map(),
    keys: new Map(),
    futexWaiters: [],
    nextOp: 1,
    violations: [],
  };
  const real: Real = { box, platform, storages: new Map(), spaces: new Map(), pipes: [], entries: new Map() };
  const init = box.processRegistry().processIds()[0]!;
  model.processes.set(init, { parent: undefined, state: "running" });
  model.everPids.push(init);
  attachProcessResources(model, real, init);
  return { model, real };
}

/** Gives a new process its storage and an address space with one mapped futex page (shim work). */
export function attachProcessResources(model: Model, real: Real, pid: ProcessId): void {
  real.storages.set(pid, real.box.descriptors().createStorage());
  model.slots.set(pid, new Map());
  const space = real.platform.createAddressSpace();
  if (!space.ok) throw new Error(`createAddressSpace failed: ${space.error}`);
  const mapped = real.platform.mapPages(space.value, FUTEX_PAGE, PAGE_SIZE, Prot.Read | Prot.Write);
  if (!mapped.ok) throw new Error(`mapPages failed: ${mapped.error}`);
  real.spaces.set(pid, space.value);
  model.words.set(pid, new Array<number>(FUTEX_WORDS).fill(0));
  model.keys.set(
    pid,
    Array.from({ length: FUTEX_WORDS }, (_, i) => ({
      discriminator: real.platform.futexDiscriminator(space.value),
      address: real.platform.futexAddress(space.value, FUTEX_PAGE + 4 * i),
    })),
  );
}

/** Closes every descriptor of `pid` and destroys its address space (exit or abort, RFC §4.1/§4.2). */
export function releaseProcessResources(model: Model, real: Real, pid: ProcessId): void {
  real.storages.get(pid)!.closeAll();
  real.storages.delete(pid);
  model.slots.delete(pid);
  const destroyed = real.platform.destroyAddressSpace(real.spaces.get(pid)!);
  if (!destroyed.ok) throw new Error(`destroyAddressSpace failed: ${destroyed.error}`);
  real.spaces.delete(pid);
  model.words.delete(pid);
}

/** Lets every settled Promise's callbacks run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function runningPids(model: Model): ProcessId[] {
  return [...model.processes].filter(([, p]) => p.state === "running").map(([pid]) => pid);
}

export function childrenOf(model: Model, pid: ProcessId): ProcessId[] {
  return [...model.processes].filter(([, p]) => p.parent === pid).map(([c]) => c).sort((a, b) => a - b);
}

/** Every (pid, fd, slot) of running processes whose slot matches `filter`, in a stable order. */
export function slotList(model: Model, filter: (slot: ModelSlot) => boolean = () => true): Array<{ pid: ProcessId; fd: number; slot: ModelSlot }> {
  const out: Array<{ pid: ProcessId; fd: number; slot: ModelSlot }> = [];
  for (const [pid, slots] of model.slots) {
    for (const [fd, slot] of [...slots].sort((a, b) => a[0] - b[0])) if (filter(slot)) out.push({ pid, fd, slot });
  }
  return out;
}

export function endCount(model: Model, pipe: number, end: "read" | "write"): number {
  return slotList(model, (s) => s.pipe === pipe && s.end === end).length;
}

export function buffered(pipe: ModelPipe): number {
  return pipe.landed.length - pipe.read.length;
}

/** The lowest number not open in `slots` (what open/dup must pick). */
export function lowestFree(slots: Map<number, ModelSlot>): number {
  let n = 0;
  while (slots.has(n)) n++;
  return n;
}

export function keyEquals(a: FutexKeyModel, b: FutexKeyModel): boolean {
  return a.discriminator === b.discriminator && a.address === b.address;
}

function fail(message: string): never {
  throw new Error(`invariant: ${message}`);
}

function same<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

/** Compares the worlds; throws on the first disagreement. */
export function checkInvariants(model: Model, real: Real): void {
  if (model.violations.length > 0) fail(model.violations.join("; "));
  const registry = real.box.processRegistry();

  // Registry: the table, PID uniqueness, links in both directions, the running count.
  const ids = registry.processIds();
  if (new Set(ids).size !== ids.length) fail(`duplicate PIDs in ${ids.join(",")}`);
  same(ids, [...model.processes.keys()].sort((a, b) => a - b), "process table");
  let running = 0;
  for (const [pid, expected] of model.processes) {
    const context = registry.withContext(pid, (c) => c)!;
    same(context.state.kind, expected.state === "running" ? "Running" : "Exited", `state of ${pid}`);
    same(context.parent, expected.parent, `parent of ${pid}`);
    if (expected.state === "running") running++;
    same(registry.isAlive(pid), expected.state === "running", `isAlive(${pid})`);
    const children = registry.getChildren(pid)!;
    same(children, childrenOf(model, pid), `children of ${pid}`);
    for (const child of children) same(registry.getParent(child), pid, `parent of child ${child} of ${pid}`);
    if (context.parent !== undefined && !registry.getChildren(context.parent)!.includes(pid)) {
      fail(`${pid} names parent ${context.parent}, which does not list it`);
    }
    if (context.parent !== undefined && !registry.isAlive(context.parent)) fail(`${pid}'s parent ${context.parent} is not running`);
  }
  same(registry.processCount(), running, "processCount");

  // Descriptors: every running process's slots, entry identity and reference counts.
  same([...real.storages.keys()].sort(), [...model.slots.keys()].sort(), "processes with storages");
  const refs = new Map<number, number>();
  for (const [pid, slots] of model.slots) {
    const storage = real.storages.get(pid)!;
    same(storage.slots().map((s) => s.fd), [...slots.keys()].sort((a, b) => a - b), `open numbers of ${pid}`);
    for (const [fd, slot] of slots) {
      refs.set(slot.entry, (refs.get(slot.entry) ?? 0) + 1);
      const entry = storage.get(fd, PIPE_SUBSYSTEM);
      if (!entry.ok) fail(`${pid}:${fd} lookup failed: ${entry.error}`);
      if (entry.value !== real.entries.get(slot.entry)) fail(`${pid}:${fd} refers to the wrong entry`);
      const pair = real.pipes[slot.pipe]!;
      if (entry.value.object !== (slot.end === "read" ? pair.readEnd : pair.writeEnd)) fail(`${pid}:${fd} holds the wrong pipe end`);
    }
  }
  same(real.box.descriptors().liveEntryCount, refs.size, "live descriptor entries");
  for (const [id, count] of refs) same(real.entries.get(id)!.refCount, count, `refCount of entry ${id}`);

  // Pipes: counts kept by the hooks, bytes, readiness, and why anything is still blocked.
  model.pipes.forEach((pipe, p) => {
    const { readEnd, writeEnd } = real.pipes[p]!;
    const readers = endCount(model, p, "read");
    const writers = endCount(model, p, "write");
    same([readEnd.readerCount, readEnd.writerCount, writeEnd.readerCount, writeEnd.writerCount], [readers, writers, readers, writers], `reader/writer counts of pipe ${p}`);
    for (let i = 0; i < pipe.read.length; i++) {
      if (pipe.read[i] !== pipe.landed[i]) fail(`pipe ${p}: byte ${i} read as ${pipe.read[i]} but written as ${pipe.landed[i]}`);
    }
    if (pipe.read.length > pipe.landed.length) fail(`pipe ${p}: read ${pipe.read.length} bytes, only ${pipe.landed.length} written`);
    same(readEnd.available, buffered(pipe), `bytes buffered in pipe ${p}`);
    const hup = (readEnd.pollEvents() & Events.HUP) !== 0;
    same(hup, writers === 0, `HUP (EOF pending) on pipe ${p}`);
    if (pipe.pendingReads.length > 0 && (buffered(pipe) > 0 || writers === 0)) fail(`pipe ${p}: a read is blocked although it could proceed`);
    const head = pipe.pendingWrites[0];
    if (head !== undefined && (readers === 0 || PIPE_CAPACITY - buffered(pipe) >= head.size)) {
      fail(`pipe ${p}: a write of ${head.size} is blocked although it could proceed`);
    }
  });

  // Futexes: what is queued, per key.
  const futex = real.box.futexManager();
  same(futex.waiterCount, model.futexWaiters.length, "queued futex waiters");
  for (const w of model.futexWaiters) {
    const n = model.futexWaiters.filter((o) => keyEquals(o.key, w.key)).length;
    same(futex.waitersAt(w.key.discriminator, w.key.address), n, `waiters on ${JSON.stringify(w.key)}`);
  }
}

/**
 * Ends a run: closes every write end and drains every pipe that still has a read end (everything
 * that landed must come out, in order, followed by EOF), closes everything, wakes every futex
 * waiter, and checks that nothing is left behind.
 */
export async function drainAndTearDown(model: Model, real: Real): Promise<void> {
  for (const { pid, fd } of slotList(model, (s) => s.end === "write")) {
    real.storages.get(pid)!.close(fd);
    model.slots.get(pid)!.delete(fd);
  }
  await flush();
  for (const [p, pipe] of model.pipes.entries()) {
    const reader = slotList(model, (s) => s.pipe === p && s.end === "read")[0];
    if (reader === undefined) continue;
    const end = real.pipes[p]!.readEnd;
    for (;;) {
      const dest = new Uint8Array(PIPE_CAPACITY);
      const result = end.read(dest);
      if (result instanceof Promise) fail(`pipe ${p}: a read blocked with no writer left`);
      if (!result.ok) fail(`pipe ${p}: drain read failed: ${result.error}`);
      pipe.read.push(...dest.subarray(0, result.value));
      await flush();
      if (result.value === 0) break;
    }
    same(pipe.pendingWrites.length, 0, `pipe ${p}: blocked writes after draining`);
    same(pipe.read.length, pipe.landed.length, `pipe ${p}: bytes read vs written`);
  }
  for (const [pid, storage] of real.storages) {
    storage.closeAll();
    model.slots.set(pid, new Map());
  }
  await flush();
  for (const [p, pipe] of model.pipes.entries()) {
    if (pipe.pendingReads.length + pipe.pendingWrites.length > 0) fail(`pipe ${p}: operations still blocked after every end closed`);
  }
  const futex = real.box.futexManager();
  for (const w of [...model.futexWaiters]) {
    for (const o of model.futexWaiters) if (keyEquals(o.key, w.key)) o.expectedWoken = true;
    futex.wake(w.key.discriminator, w.key.address, Number.MAX_SAFE_INTEGER);
  }
  await flush();
  if (model.violations.length > 0) fail(model.violations.join("; "));
  same(model.futexWaiters.length, 0, "futex waiters left");
  same(futex.waiterCount, 0, "futex waiterCount after teardown");
  same(real.box.descriptors().liveEntryCount, 0, "live descriptor entries after teardown");
  same(real.box.pipes().livePipeCount, 0, "live pipes after teardown");
}

/** Runs `f` and returns the InvariantViolation code it threw, or undefined if it returned. */
export function thrownCode(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    if (error instanceof InvariantViolation) return error.code;
    throw error;
  }
}
