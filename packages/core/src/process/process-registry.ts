/**
 * The process registry (RFC §1.3): process identity and lifecycle, nothing more. It allocates PIDs,
 * records parent–child links and exit statuses, tells the shim whom to notify when a process exits,
 * and lets anyone observe an exit. Sessions, groups, jobs, signals and wait semantics are built on it
 * by the shims.
 *
 * Locking. Every method runs under the platform's {@link RawMutex}. The one callback that runs under
 * the lock is the orphan handler of {@link ProcessRegistry.exitProcess}: it only decides, and any call
 * it makes back into the registry throws `InvariantViolation("ReentrantLock")`. Its decisions are
 * validated and then applied together, so nobody ever sees a half-updated table — and if the handler
 * throws, or decides something invalid, the exit does not happen at all. Everything else that calls
 * out (the `withContext` closure, exit-observer notifications) runs after the lock is released, on an
 * immutable snapshot, and may call back into the registry freely.
 *
 * @module
 */
import { InvariantViolation } from "../util/invariant";
import { err, ok, type Result } from "../util/result";
import { withLock, type RawMutex, type RawMutexFactory } from "../platform/mutex";
import { CreateProcessError } from "./create-process-error";
import { ExitObserverCell, PROCESS_EXIT_EVENTS, type ProcessExitObserver } from "./exit-observer";
import { PidAllocator } from "./pid-allocator";
import { ProcessId } from "./process-id";
import { ProcessState, type ExitNotification, type ProcessContext } from "./process-context";

/**
 * The shim's reparenting policy (RFC §4.3), asked once per orphan when a process exits. It receives
 * the orphan's id and a snapshot of its context (its `parent` is still the exiting process; its
 * `state` tells a running orphan from an exited-but-not-removed one) and returns the orphan's new
 * parent, or `undefined` to detach it (no parent). POSIX returns `ProcessId.INIT`; NT returns
 * `undefined`.
 *
 * The new parent must be running, must not be the exiting process, and must not make the orphan its
 * own ancestor; otherwise `exitProcess` throws `InvariantViolation` (`OrphanParentNotAlive` /
 * `OrphanParentCycle`) and nothing changes. The handler runs under the registry's lock: it must not
 * call into the registry (that throws `ReentrantLock`).
 */
export type OrphanHandler = (orphan: ProcessId, context: ProcessContext) => ProcessId | undefined;

/** An orphan handler that detaches every orphan (the NT policy). */
export const detachOrphans: OrphanHandler = () => undefined;

/** An orphan handler that reparents every orphan to PID 1 (the POSIX policy). */
export const reparentOrphansToInit: OrphanHandler = () => ProcessId.INIT;

interface ProcessRecord {
  /** Frozen; replaced (never mutated) on exit or reparenting, so snapshots handed out stay true. */
  context: ProcessContext;
  /** Children still in the table, running or exited. */
  readonly children: Set<ProcessId>;
  readonly observer: ExitObserverCell;
}

const MAX_STATUS = 0xffff_ffff;

let setNextPid: (registry: ProcessRegistry, pid: number) => void;

/**
 * The table of processes of one LiteBox instance. `LiteBox` owns one and creates the init process
 * (PID 1) in it; shims reach it through `LiteBox.processRegistry()`.
 */
export class ProcessRegistry {
  readonly #mutex: RawMutex;
  readonly #table = new Map<ProcessId, ProcessRecord>();
  readonly #pids = new PidAllocator();
  #initCreated = false;
  #running = 0;

  static {
    setNextPid = (registry, pid) => {
      registry.#pids.next = pid;
    };
  }

  /**
   * @param mutex - the platform's raw mutex guarding the table, or the platform's mutex factory
   * (asked for one mutex named `"ProcessRegistry"`).
   */
  constructor(mutex: RawMutex | RawMutexFactory) {
    this.#mutex = typeof mutex === "function" ? mutex("ProcessRegistry") : mutex;
  }

  /**
   * Allocates a PID and registers it as a running child of `parent`. Without `parent`, creates the
   * init process, PID 1 — once per registry: any later call without a parent fails with
   * `InitAlreadyExists`, even after init was removed. With `parent`, fails with `NoSuchParent` unless
   * `parent` is in the table and running (see {@link CreateProcessError}).
   */
  createProcess(parent?: ProcessId): Result<ProcessId, CreateProcessError> {
    return withLock(this.#mutex, () => {
      if (parent === undefined) {
        if (this.#initCreated) return err(CreateProcessError.InitAlreadyExists);
        this.#initCreated = true;
        this.#insert(ProcessId.INIT, undefined);
        return ok(ProcessId.INIT);
      }
      const parentRecord = this.#table.get(parent);
      if (parentRecord === undefined || parentRecord.context.state.kind !== "Running") {
        return err(CreateProcessError.NoSuchParent);
      }
      const id = this.#pids.allocate((pid) => this.#table.has(pid));
      this.#insert(id, parent);
      parentRecord.children.add(id);
      return ok(id);
    });
  }

  /**
   * Removes a process that never started (RFC §4.1: setup failed after the PID was allocated). Throws
   * `InvariantViolation` where the RFC panics: `AbortProcessUnknown` if `id` is not in the table,
   * `AbortProcessNotRunning` if it exited, `AbortProcessHasChildren` if it has children. Its exit
   * observer, if anyone took one, falls silent with `exited` still false.
   */
  abortProcess(id: ProcessId): void {
    const record = withLock(this.#mutex, () => {
      const record = this.#table.get(id);
      if (record === undefined) throw new InvariantViolation("AbortProcessUnknown", `process ${id} is not in the registry`);
      if (record.context.state.kind !== "Running") {
        throw new InvariantViolation("AbortProcessNotRunning", `process ${id} has already exited; remove it instead`);
      }
      if (record.children.size > 0) {
        throw new InvariantViolation("AbortProcessHasChildren", `process ${id} has ${record.children.size} children`);
      }
      this.#delete(id, record);
      this.#running--;
      return record;
    });
    record.observer.subject.close();
  }

  /**
   * Records that `id` exited with the opaque `status` (an integer in [0, 2^32 − 1]).
   *
   * Every child of `id` still in the table — running, or exited but not yet removed — is an orphan:
   * `orphanHandler` is called exactly once for each, in ascending PID order, and its answer becomes the
   * orphan's parent (see {@link OrphanHandler}). Then the process becomes `Exited(status)`, its exit
   * observer's flag is set, and — after the lock is released — its subject is notified with
   * `PROCESS_EXIT_EVENTS`.
   *
   * Returns the notification for the parent when the parent is alive, `undefined` otherwise. The
   * registry keeps every parent link pointing at a running process (a parent's exit re-decides its
   * children's links), so this is `undefined` exactly when there is no parent: init, or an orphan
   * that was detached.
   *
   * Throws `InvariantViolation`: `ExitProcessUnknown` (not in the table), `ExitProcessNotRunning`
   * (already exited), `InvalidArgument` (status not a u32), `OrphanParentNotAlive` /
   * `OrphanParentCycle` (a bad handler decision), `ReentrantLock` (the handler called the registry).
   * When it throws, nothing has changed.
   */
  exitProcess(id: ProcessId, status: number, orphanHandler: OrphanHandler): ExitNotification | undefined {
    if (!Number.isInteger(status) || status < 0 || status > MAX_STATUS) {
      throw new InvariantViolation("InvalidArgument", `exit status ${status} is not an unsigned 32-bit integer`);
    }
    const { record, notification } = withLock(this.#mutex, () => {
      const record = this.#table.get(id);
      if (record === undefined) throw new InvariantViolation("ExitProcessUnknown", `process ${id} is not in the registry`);
      if (record.context.state.kind !== "Running") {
        throw new InvariantViolation("ExitProcessNotRunning", `process ${id} has already exited`);
      }
      const decisions = this.#decideOrphans(id, record, orphanHandler);

      // Commit: nothing below can throw.
      for (const [orphan, newParent] of decisions) {
        const orphanRecord = this.#table.get(orphan)!;
        orphanRecord.context = Object.freeze({ ...orphanRecord.context, parent: newParent });
        if (newParent !== undefined) this.#table.get(newParent)!.children.add(orphan);
      }
      record.children.clear();
      record.context = Object.freeze({ ...record.context, state: ProcessState.exited(status) });
      this.#running--;
      record.observer.markExited();

      // A parent link always names a running process: a parent's exit re-decides every child's
      // link, and only exited processes can be removed. So "has a parent" means "the parent is alive".
      const parent = record.context.parent;
      const notification: ExitNotification | undefined =
        parent === undefined ? undefined : Object.freeze({ parentPid: parent, childPid: id, exitStatus: status });
      return { record, notification };
    });
    record.observer.subject.notify(PROCESS_EXIT_EVENTS);
    return notification;
  }

  /**
   * Calls `f` with a snapshot of `id`'s context and returns its result, or returns `undefined` if `id`
   * is not in the table. The snapshot is frozen and taken under the lock; `f` runs after the lock is
   * released, so it may call back into the registry.
   */
  withContext<R>(id: ProcessId, f: (context: ProcessContext) => R): R | undefined {
    const context = withLock(this.#mutex, () => this.#table.get(id)?.context);
    return context === undefined ? undefined : f(context);
  }

  /** True if `id` is in the table and running. */
  isAlive(id: ProcessId): boolean {
    return withLock(this.#mutex, () => this.#table.get(id)?.context.state.kind === "Running");
  }

  /**
   * The parent of `id`; `undefined` when `id` has none (init, a detached orphan) or is not in the
   * table (use `withContext` to tell the two apart).
   */
  getParent(id: ProcessId): ProcessId | undefined {
    return withLock(this.#mutex, () => this.#table.get(id)?.context.parent);
  }

  /**
   * The children of `id` still in the table (running or exited), in ascending order, as a fresh array;
   * `undefined` if `id` is not in the table.
   */
  getChildren(id: ProcessId): ProcessId[] | undefined {
    return withLock(this.#mutex, () => {
      const record = this.#table.get(id);
      return record === undefined ? undefined : [...record.children].sort(ascending);
    });
  }

  /** The number of running processes (exited ones awaiting removal are not counted). */
  processCount(): number {
    return withLock(this.#mutex, () => this.#running);
  }

  /**
   * Every PID in the table, running or exited, in ascending order (an addition to the RFC: shims need
   * it to enumerate processes, e.g. POSIX `kill(-1, …)`).
   */
  processIds(): ProcessId[] {
    return withLock(this.#mutex, () => [...this.#table.keys()].sort(ascending));
  }

  /**
   * Removes an exited process from the table (POSIX: reaping a zombie). Its PID becomes free for
   * reuse once the counter wraps. Throws `InvariantViolation`: `RemoveProcessUnknown` if `id` is not
   * in the table, `RemoveProcessRunning` if it has not exited. Its exit observer stays valid and
   * readable (`exited.value` is true) but silent from now on.
   */
  removeProcess(id: ProcessId): void {
    const record = withLock(this.#mutex, () => {
      const record = this.#table.get(id);
      if (record === undefined) throw new InvariantViolation("RemoveProcessUnknown", `process ${id} is not in the registry`);
      if (record.context.state.kind === "Running") {
        throw new InvariantViolation("RemoveProcessRunning", `process ${id} is still running; exit it first`);
      }
      this.#delete(id, record);
      return record;
    });
    record.observer.subject.close();
  }

  /**
   * The exit observer of `id` — the same object on every call — or `undefined` if `id` is not in the
   * table. Taken after the exit, it already reads `exited.value === true`.
   */
  exitObserver(id: ProcessId): ProcessExitObserver | undefined {
    return withLock(this.#mutex, () => this.#table.get(id)?.observer);
  }

  #insert(id: ProcessId, parent: ProcessId | undefined): void {
    const context: ProcessContext = Object.freeze({ id, parent, state: ProcessState.Running });
    this.#table.set(id, { context, children: new Set(), observer: new ExitObserverCell() });
    this.#running++;
  }

  #delete(id: ProcessId, record: ProcessRecord): void {
    this.#table.delete(id);
    const parent = record.context.parent;
    if (parent !== undefined) this.#table.get(parent)?.children.delete(id);
  }

  /** Asks the handler about every orphan and validates the answers against the final table. */
  #decideOrphans(
    exiting: ProcessId,
    record: ProcessRecord,
    orphanHandler: OrphanHandler,
  ): Map<ProcessId, ProcessId | undefined> {
    const decisions = new Map<ProcessId, ProcessId | undefined>();
    for (const orphan of [...record.children].sort(ascending)) {
      const newParent = orphanHandler(orphan, this.#table.get(orphan)!.context);
      if (newParent !== undefined) {
        const target = this.#table.get(newParent);
        if (newParent === exiting || target === undefined || target.context.state.kind !== "Running") {
          throw new InvariantViolation("OrphanParentNotAlive",
            `orphan handler gave process ${orphan} the parent ${newParent}, which is not a running process other than the exiting ${exiting}`);
        }
      }
      decisions.set(orphan, newParent);
    }
    // The table itself has no cycle; only the new links can make one, and each such cycle goes
    // through an orphan. Walk up from every orphan's new parent under the final links.
    const parentAfter = (pid: ProcessId): ProcessId | undefined =>
      decisions.has(pid) ? decisions.get(pid) : this.#table.get(pid)?.context.parent;
    for (const [orphan, newParent] of decisions) {
      let steps = 0;
      for (let at = newParent; at !== undefined; at = parentAfter(at)) {
        if (at === orphan || ++steps > this.#table.size) {
          throw new InvariantViolation("OrphanParentCycle",
            `orphan handler made process ${orphan} a descendant of itself (through ${newParent})`);
        }
      }
    }
    return decisions;
  }
}

function ascending(a: number, b: number): number {
  return a - b;
}

/**
 * Moves `registry`'s PID counter so the next child gets `pid` (or the first free PID after it).
 * For tests of the wrap-around only; not part of the public entry.
 *
 * @internal
 */
export function setNextPidForTesting(registry: ProcessRegistry, pid: number): void {
  setNextPid(registry, pid);
}
