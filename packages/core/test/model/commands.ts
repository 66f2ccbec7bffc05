/**
 * The commands of the model-based test. Each one picks its targets by index modulo what exists when
 * it runs (so shrinking keeps commands meaningful), predicts the outcome from the model, performs the
 * operation on the real LiteBox, compares, updates the model, lets settled Promises run and checks
 * every invariant. Blocked operations are never awaited: their Promises update the model when they
 * settle, and the invariants say whether anything is blocked that should not be.
 */
import fc from "fast-check";
import {
  CreateProcessError,
  DescriptorTarget,
  FUTEX_BITSET_MATCH_ANY,
  PIPE_SUBSYSTEM,
  PipeError,
  ProcessId,
  type FutexWaitOutcome,
  type PipeIoResult,
  type PipeReadError,
  type PipeWriteError,
} from "../../src/index";
import {
  FUTEX_PAGE,
  FUTEX_WORDS,
  PIPE_CAPACITY,
  attachProcessResources,
  buffered,
  checkInvariants,
  childrenOf,
  endCount,
  flush,
  keyEquals,
  lowestFree,
  releaseProcessResources,
  runningPids,
  slotList,
  thrownCode,
  type Model,
  type ModelPipe,
  type PendingPipeOp,
  type Real,
} from "./world";

type Command = fc.AsyncCommand<Model, Real>;

/**
 * How often each interesting branch was taken, so the property test can show that its runs reached
 * them (a model test whose runs never block proves little about blocking).
 */
export const branchHits = new Map<string, number>();

function hit(branch: string): void {
  branchHits.set(branch, (branchHits.get(branch) ?? 0) + 1);
}

function expectSame<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/**
 * Picks a PID: from `pool` when `focused` and the pool is not empty (so most commands hit a process
 * they can act on), otherwise from every PID ever handed out (so the refusals are exercised too).
 */
function pickPid(m: Model, index: number, focused: boolean, pool: (pid: ProcessId) => boolean): ProcessId {
  const candidates = focused ? m.everPids.filter(pool) : [];
  return pick(candidates.length > 0 ? candidates : m.everPids, index)!;
}

const isRunning = (m: Model) => (pid: ProcessId): boolean => m.processes.get(pid)?.state === "running";

async function settleAndCheck(model: Model, real: Real): Promise<void> {
  await flush();
  checkInvariants(model, real);
}

abstract class Base implements Command {
  check(): boolean {
    return true;
  }
  abstract run(model: Model, real: Real): Promise<void>;
  abstract toString(): string;
}

// ---- processes -------------------------------------------------------------------------------

class CreateProcess extends Base {
  constructor(readonly parentIndex: number, readonly focused: boolean) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    const parent = pickPid(m, this.parentIndex, this.focused, isRunning(m));
    const result = r.box.processRegistry().createProcess(parent);
    if (m.processes.get(parent)?.state !== "running") {
      hit("create: no such parent");
      expectSame(result, { ok: false, error: CreateProcessError.NoSuchParent }, `create under ${parent}`);
    } else {
      if (!result.ok) throw new Error(`create under ${parent} failed: ${result.error}`);
      const pid = result.value;
      hit("create: created");
      if (m.processes.has(pid)) throw new Error(`PID ${pid} handed out while still in the table`);
      m.processes.set(pid, { parent, state: "running" });
      m.everPids.push(pid);
      attachProcessResources(m, r, pid);
    }
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `create(parent#${this.parentIndex}${this.focused ? "" : ", any"})`;
  }
}

class CreateInit extends Base {
  async run(m: Model, r: Real): Promise<void> {
    expectSame(r.box.processRegistry().createProcess(), { ok: false, error: CreateProcessError.InitAlreadyExists }, "second init");
    await settleAndCheck(m, r);
  }
  toString(): string {
    return "createInit()";
  }
}

class ExitProcess extends Base {
  constructor(readonly index: number, readonly focused: boolean, readonly status: number, readonly policy: "reparent" | "detach") {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    const registry = r.box.processRegistry();
    const pid = pickPid(m, this.index, this.focused, isRunning(m));
    const record = m.processes.get(pid);
    if (record?.state !== "running") {
      const code = thrownCode(() => registry.exitProcess(pid, this.status, () => undefined));
      hit("exit: refused");
      expectSame(code, record === undefined ? "ExitProcessUnknown" : "ExitProcessNotRunning", `exit of ${pid}`);
      return settleAndCheck(m, r);
    }
    // The shim closes the exiting process's descriptors (RFC §4.2) and frees its memory.
    releaseProcessResources(m, r, pid);
    const init = ProcessId.INIT;
    const reparent = this.policy === "reparent" && pid !== init && m.processes.get(init)?.state === "running";
    const orphans = childrenOf(m, pid);
    const asked: ProcessId[] = [];
    const notification = registry.exitProcess(pid, this.status, (orphan) => {
      asked.push(orphan);
      return reparent ? init : undefined;
    });
    if (orphans.length > 0) hit(reparent ? "exit: orphans reparented" : "exit: orphans detached");
    if (notification !== undefined) hit("exit: parent notified");
    expectSame(asked, orphans, `orphans of ${pid} asked about`);
    for (const orphan of orphans) m.processes.get(orphan)!.parent = reparent ? init : undefined;
    record.state = "exited";
    const expected = record.parent === undefined ? undefined : { parentPid: record.parent, childPid: pid, exitStatus: this.status };
    expectSame(notification, expected, `notification of ${pid}'s exit`);
    expectSame(registry.exitObserver(pid)?.exited.value, true, `exit observer of ${pid}`);
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `exit(#${this.index}${this.focused ? "" : ", any"}, ${this.status}, ${this.policy})`;
  }
}

class AbortProcess extends Base {
  constructor(readonly index: number, readonly focused: boolean) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    const pid = pickPid(m, this.index, this.focused, (p) => isRunning(m)(p) && childrenOf(m, p).length === 0);
    const record = m.processes.get(pid);
    let expected: string | undefined;
    if (record === undefined) expected = "AbortProcessUnknown";
    else if (record.state !== "running") expected = "AbortProcessNotRunning";
    else if (childrenOf(m, pid).length > 0) expected = "AbortProcessHasChildren";
    // Rolling back a half-built process: its descriptors and address space go first (RFC §4.1).
    if (expected === undefined) releaseProcessResources(m, r, pid);
    const code = thrownCode(() => r.box.processRegistry().abortProcess(pid));
    hit(`abort: ${expected ?? "aborted"}`);
    expectSame(code, expected, `abort of ${pid}`);
    if (expected === undefined) m.processes.delete(pid);
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `abort(#${this.index}${this.focused ? "" : ", any"})`;
  }
}

class RemoveProcess extends Base {
  constructor(readonly index: number, readonly focused: boolean) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    const pid = pickPid(m, this.index, this.focused, (p) => m.processes.get(p)?.state === "exited");
    const record = m.processes.get(pid);
    const observer = r.box.processRegistry().exitObserver(pid);
    const code = thrownCode(() => r.box.processRegistry().removeProcess(pid));
    const expected = record === undefined ? "RemoveProcessUnknown" : record.state === "running" ? "RemoveProcessRunning" : undefined;
    hit(`remove: ${expected ?? "removed"}`);
    expectSame(code, expected, `remove of ${pid}`);
    if (expected === undefined) {
      m.processes.delete(pid);
      // Still valid and still saying "exited" after removal (RFC §1.3).
      expectSame(observer?.exited.value, true, `observer of removed ${pid}`);
    }
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `remove(#${this.index}${this.focused ? "" : ", any"})`;
  }
}

// ---- descriptors -----------------------------------------------------------------------------

class OpenPipe extends Base {
  constructor(readonly index: number) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    const pid = pick(runningPids(m), this.index);
    if (pid === undefined) return settleAndCheck(m, r);
    const slots = m.slots.get(pid)!;
    const expectedRead = lowestFree(slots);
    const opened = r.box.pipes().openPipe(r.storages.get(pid)!);
    if (!opened.ok) throw new Error(`openPipe failed: ${opened.error}`);
    expectSame(opened.value.readFd, expectedRead, "read end number");
    slots.set(expectedRead, { entry: m.nextEntry, pipe: m.pipes.length, end: "read" });
    expectSame(opened.value.writeFd, lowestFree(slots), "write end number");
    slots.set(opened.value.writeFd, { entry: m.nextEntry + 1, pipe: m.pipes.length, end: "write" });
    const storage = r.storages.get(pid)!;
    const read = storage.get(opened.value.readFd, PIPE_SUBSYSTEM);
    const write = storage.get(opened.value.writeFd, PIPE_SUBSYSTEM);
    if (!read.ok || !write.ok) throw new Error("a new pipe end is not in the storage");
    r.entries.set(m.nextEntry, read.value);
    r.entries.set(m.nextEntry + 1, write.value);
    m.nextEntry += 2;
    r.pipes.push({ readEnd: opened.value.readEnd, writeEnd: opened.value.writeEnd });
    m.pipes.push({ landed: [], read: [], pendingWrites: [], pendingReads: [], writes: 0 });
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `pipe(#${this.index})`;
  }
}

class Duplicate extends Base {
  constructor(readonly slotIndex: number, readonly destIndex: number, readonly exact: number | undefined) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    const source = pick(slotList(m), this.slotIndex);
    const dest = pick(runningPids(m), this.destIndex);
    if (source === undefined || dest === undefined) return settleAndCheck(m, r);
    const destSlots = m.slots.get(dest)!;
    const result = r.box.descriptors().duplicateDescriptor(
      r.storages.get(source.pid)!,
      source.fd,
      r.storages.get(dest)!,
      this.exact === undefined ? {} : { target: DescriptorTarget.exact(this.exact) },
    );
    if (!result.ok) throw new Error(`duplicate failed: ${result.error}`);
    if (this.exact === undefined) {
      expectSame(result.value, lowestFree(destSlots), "duplicate's number");
    } else {
      if (destSlots.has(this.exact)) hit("dup2: replaced an open number");
      if (source.pid !== dest) hit("dup: across processes");
      expectSame(result.value, this.exact, "dup2's number");
    }
    // dup2 onto an open number closes it first (a no-op when it is the source itself).
    destSlots.set(result.value, source.slot);
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `dup(slot#${this.slotIndex} → #${this.destIndex}${this.exact === undefined ? "" : ` at ${this.exact}`})`;
  }
}

class Close extends Base {
  constructor(readonly slotIndex: number) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    const target = pick(slotList(m), this.slotIndex);
    if (target === undefined) return settleAndCheck(m, r);
    expectSame(r.storages.get(target.pid)!.close(target.fd), { ok: true, value: undefined }, "close");
    m.slots.get(target.pid)!.delete(target.fd);
    expectSame(r.storages.get(target.pid)!.close(target.fd), { ok: false, error: "NotFound" }, "second close");
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `close(slot#${this.slotIndex})`;
  }
}

class CloseEnd extends Base {
  constructor(readonly pipeIndex: number, readonly end: "read" | "write") {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    // Every process closes its copies of one end (say, every reader exited): counts must reach 0.
    const pipe = pick(m.pipes.map((_, p) => p), this.pipeIndex);
    if (pipe === undefined) return settleAndCheck(m, r);
    for (const { pid, fd } of slotList(m, (s) => s.pipe === pipe && s.end === this.end)) {
      expectSame(r.storages.get(pid)!.close(fd), { ok: true, value: undefined }, "close");
      m.slots.get(pid)!.delete(fd);
    }
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `closeEnd(pipe#${this.pipeIndex}, ${this.end})`;
  }
}

// ---- pipe I/O --------------------------------------------------------------------------------

function payload(pipe: ModelPipe, size: number): Uint8Array {
  const seq = ++pipe.writes;
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (seq * 37 + i * 11) & 0xff;
  return bytes;
}

function removeOp(list: PendingPipeOp[], op: PendingPipeOp): void {
  list.splice(list.indexOf(op), 1);
}

class PipeWrite extends Base {
  constructor(readonly slotIndex: number, readonly focused: boolean, readonly size: number, readonly nonBlocking: boolean) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    // Focused: a write end whose pipe still has a reader (otherwise every write is a broken pipe).
    const withReader = slotList(m, (s) => s.end === "write" && endCount(m, s.pipe, "read") > 0);
    const any = slotList(m, (s) => s.end === "write");
    const target = pick(this.focused && withReader.length > 0 ? withReader : any, this.slotIndex);
    if (target === undefined) return settleAndCheck(m, r);
    const p = target.slot.pipe;
    const pipe = m.pipes[p]!;
    const bytes = payload(pipe, this.size);
    const entry = r.storages.get(target.pid)!.get(target.fd, PIPE_SUBSYSTEM);
    if (!entry.ok || entry.value.object.kind !== "write") throw new Error("write end lookup failed");
    const result: PipeIoResult<PipeWriteError> = entry.value.object.write(bytes, { nonBlocking: this.nonBlocking });

    const readers = endCount(m, p, "read");
    const fits = PIPE_CAPACITY - buffered(pipe) >= this.size;
    if (readers === 0) {
      hit("write: broken pipe");
      expectSame(result, { ok: false, error: PipeError.BrokenPipe }, "write with no reader");
    } else if (this.nonBlocking ? fits : fits && pipe.pendingWrites.length === 0) {
      hit("write: landed at once");
      expectSame(result, { ok: true, value: this.size }, "write that fits");
      pipe.landed.push(...bytes);
    } else if (this.nonBlocking) {
      hit("write: would block");
      expectSame(result, { ok: false, error: PipeError.WouldBlock }, "non-blocking write that does not fit");
    } else {
      if (!(result instanceof Promise)) throw new Error(`a write that cannot proceed returned ${JSON.stringify(result)}`);
      hit("write: blocked");
      const op: PendingPipeOp = { id: m.nextOp++, size: this.size, bytes };
      pipe.pendingWrites.push(op);
      void result.then((outcome) => {
        removeOp(pipe.pendingWrites, op);
        if (outcome.ok && outcome.value === op.size) {
          hit("write: blocked, then landed");
          pipe.landed.push(...op.bytes);
        } else if (!outcome.ok && outcome.error === PipeError.BrokenPipe && endCount(m, p, "read") === 0) {
          // Writes of at most PIPE_BUF are atomic: cut short by the last reader, nothing entered.
          hit("write: blocked, then broken pipe");
        } else {
          m.violations.push(`blocked write ${op.id} on pipe ${p} settled with ${JSON.stringify(outcome)}`);
        }
      });
    }
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `write(slot#${this.slotIndex}${this.focused ? "" : ", any"}, ${this.size}${this.nonBlocking ? ", nonblocking" : ""})`;
  }
}

class PipeRead extends Base {
  constructor(readonly slotIndex: number, readonly focused: boolean, readonly size: number, readonly nonBlocking: boolean) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    // Focused: a read end whose pipe still has a writer (otherwise every read is EOF).
    const withWriter = slotList(m, (s) => s.end === "read" && endCount(m, s.pipe, "write") > 0);
    const any = slotList(m, (s) => s.end === "read");
    const target = pick(this.focused && withWriter.length > 0 ? withWriter : any, this.slotIndex);
    if (target === undefined) return settleAndCheck(m, r);
    const p = target.slot.pipe;
    const pipe = m.pipes[p]!;
    const entry = r.storages.get(target.pid)!.get(target.fd, PIPE_SUBSYSTEM);
    if (!entry.ok || entry.value.object.kind !== "read") throw new Error("read end lookup failed");
    const dest = new Uint8Array(this.size);
    const result: PipeIoResult<PipeReadError> = entry.value.object.read(dest, { nonBlocking: this.nonBlocking });

    const writers = endCount(m, p, "write");
    const queued = buffered(pipe);
    if (queued > 0 && (this.nonBlocking || pipe.pendingReads.length === 0)) {
      const n = Math.min(this.size, queued);
      hit("read: data");
      expectSame(result, { ok: true, value: n }, "read of queued bytes");
      pipe.read.push(...dest.subarray(0, n));
    } else if (queued === 0 && writers === 0) {
      // EOF exactly when no write end is open anywhere and nothing is buffered.
      hit("read: EOF");
      expectSame(result, { ok: true, value: 0 }, "read at end of file");
    } else if (this.nonBlocking) {
      hit("read: would block");
      expectSame(result, { ok: false, error: PipeError.WouldBlock }, "non-blocking read of an empty pipe");
    } else {
      if (!(result instanceof Promise)) throw new Error(`a read that must block returned ${JSON.stringify(result)}`);
      hit("read: blocked");
      const op: PendingPipeOp = { id: m.nextOp++, size: this.size, bytes: dest };
      pipe.pendingReads.push(op);
      void result.then((outcome) => {
        removeOp(pipe.pendingReads, op);
        if (!outcome.ok) {
          m.violations.push(`blocked read ${op.id} on pipe ${p} failed with ${outcome.error}`);
        } else if (outcome.value === 0) {
          hit("read: blocked, then EOF");
          if (endCount(m, p, "write") !== 0 || buffered(pipe) !== 0) m.violations.push(`blocked read ${op.id} saw EOF with writers or data left`);
        } else {
          hit("read: blocked, then data");
          pipe.read.push(...op.bytes.subarray(0, outcome.value));
        }
      });
    }
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `read(slot#${this.slotIndex}${this.focused ? "" : ", any"}, ${this.size}${this.nonBlocking ? ", nonblocking" : ""})`;
  }
}

// ---- futexes ---------------------------------------------------------------------------------

const BITSETS = [1, 2, 3, FUTEX_BITSET_MATCH_ANY] as const;

class FutexStore extends Base {
  constructor(readonly index: number, readonly word: number, readonly value: number) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    const pid = pick(runningPids(m), this.index);
    if (pid === undefined) return settleAndCheck(m, r);
    const fault = r.platform.writeU32(r.spaces.get(pid)!, FUTEX_PAGE + 4 * this.word, this.value);
    if (fault !== undefined) throw new Error(`store faulted: ${JSON.stringify(fault)}`);
    m.words.get(pid)![this.word] = this.value;
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `store(#${this.index}, word ${this.word}, ${this.value})`;
  }
}

class FutexWait extends Base {
  constructor(readonly index: number, readonly word: number, readonly match: boolean, readonly bitset: number) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    const pid = pick(runningPids(m), this.index);
    if (pid === undefined) return settleAndCheck(m, r);
    const space = r.spaces.get(pid)!;
    const address = FUTEX_PAGE + 4 * this.word;
    const key = m.keys.get(pid)![this.word]!;
    const current = m.words.get(pid)![this.word]!;
    const expected = this.match ? current : current + 1;
    const result = r.box.futexManager().wait(key.discriminator, key.address, expected, {
      readWord: () => r.platform.readU32(space, address),
      bitset: this.bitset,
    });
    if (!this.match) {
      hit("futex wait: mismatch");
      expectSame(result, { ok: false, error: { _tag: "ValueMismatch", actual: current } }, "wait on a changed word");
    } else {
      if (!(result instanceof Promise)) throw new Error(`a matching wait returned ${JSON.stringify(result)}`);
      hit("futex wait: blocked");
      const waiter = { id: m.nextOp++, key, word: this.word, bitset: this.bitset, expectedWoken: false };
      m.futexWaiters.push(waiter);
      void result.then((outcome: FutexWaitOutcome) => {
        m.futexWaiters.splice(m.futexWaiters.indexOf(waiter), 1);
        if (!waiter.expectedWoken) m.violations.push(`futex waiter ${waiter.id} on ${JSON.stringify(key)} woken by no matching wake`);
        if (!outcome.ok) m.violations.push(`futex waiter ${waiter.id} ended with ${JSON.stringify(outcome.error)}`);
      });
    }
    await settleAndCheck(m, r);
  }
  toString(): string {
    return `futexWait(#${this.index}, word ${this.word}, ${this.match ? "match" : "mismatch"}, bitset ${this.bitset})`;
  }
}

class FutexWake extends Base {
  constructor(readonly index: number, readonly focused: boolean, readonly word: number, readonly count: number, readonly bitset: number) {
    super();
  }
  async run(m: Model, r: Real): Promise<void> {
    // Focused: the key of a blocked waiter. Otherwise any process ever created — a wake on a dead
    // process's key must still reach only that key.
    const target = this.focused ? pick(m.futexWaiters, this.index) : undefined;
    const word = target?.word ?? this.word;
    const key = target?.key ?? m.keys.get(pick(m.everPids, this.index)!)![word]!;
    const eligible = m.futexWaiters.filter((w) => keyEquals(w.key, key) && ((w.bitset & this.bitset) >>> 0) !== 0);
    const chosen = eligible.slice(0, Math.max(0, this.count));
    if (chosen.length > 0) hit("futex wake: woke some");
    if (chosen.length < eligible.length) hit("futex wake: left eligible waiters");
    if (m.futexWaiters.some((w) => keyEquals(w.key, key) && !eligible.includes(w))) hit("futex wake: skipped by bitset");
    if (m.futexWaiters.some((w) => w.word === word && !keyEquals(w.key, key))) hit("futex wake: same guest address, other space");
    for (const w of chosen) w.expectedWoken = true;
    expectSame(r.box.futexManager().wake(key.discriminator, key.address, this.count, this.bitset), { ok: true, value: chosen.length }, "woken count");
    await flush();
    for (const w of chosen) {
      if (m.futexWaiters.includes(w)) throw new Error(`futex waiter ${w.id} was due to be woken but is still blocked`);
    }
    checkInvariants(m, r);
  }
  toString(): string {
    return `futexWake(#${this.index}${this.focused ? ", a waiter's key" : ""}, word ${this.word}, ${this.count}, bitset ${this.bitset})`;
  }
}

// ---- the command mix -------------------------------------------------------------------------

const index = fc.nat({ max: 1000 });
const word = fc.nat({ max: FUTEX_WORDS - 1 });
const bitset = fc.constantFrom(...BITSETS);
/** Three times in four, aim at a target the command can act on. */
const focused = fc.nat({ max: 3 }).map((n) => n > 0);

/** Every command, weighted so that runs build up enough state to be interesting. */
export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(index, focused).map(([i, f]) => new CreateProcess(i, f)) },
  { weight: 1, arbitrary: fc.constant(new CreateInit()) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(index, focused, fc.nat(), fc.constantFrom("reparent" as const, "detach" as const))
      .map(([i, f, s, p]) => new ExitProcess(i, f, s, p)),
  },
  { weight: 1, arbitrary: fc.tuple(index, focused).map(([i, f]) => new AbortProcess(i, f)) },
  { weight: 2, arbitrary: fc.tuple(index, focused).map(([i, f]) => new RemoveProcess(i, f)) },
  { weight: 2, arbitrary: index.map((i) => new OpenPipe(i)) },
  { weight: 4, arbitrary: fc.tuple(index, index, fc.option(fc.nat({ max: 6 }), { nil: undefined })).map(([s, d, e]) => new Duplicate(s, d, e)) },
  { weight: 3, arbitrary: index.map((i) => new Close(i)) },
  { weight: 2, arbitrary: fc.tuple(index, fc.constantFrom("read" as const, "write" as const)).map(([p, e]) => new CloseEnd(p, e)) },
  {
    weight: 8,
    arbitrary: fc
      .tuple(index, focused, fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: PIPE_CAPACITY / 2, max: PIPE_CAPACITY })), fc.boolean())
      .map(([s, f, n, nb]) => new PipeWrite(s, f, n, nb)),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(index, focused, fc.oneof(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 6000 })), fc.boolean())
      .map(([s, f, n, nb]) => new PipeRead(s, f, n, nb)),
  },
  { weight: 2, arbitrary: fc.tuple(index, word, fc.nat({ max: 2 })).map(([i, w, v]) => new FutexStore(i, w, v)) },
  { weight: 3, arbitrary: fc.tuple(index, word, fc.boolean(), bitset).map(([i, w, mt, b]) => new FutexWait(i, w, mt, b)) },
  {
    weight: 3,
    arbitrary: fc.tuple(index, focused, word, fc.integer({ min: -1, max: 3 }), bitset).map(([i, f, w, c, b]) => new FutexWake(i, f, w, c, b)),
  },
);
