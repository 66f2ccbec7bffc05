/**
 * A process's descriptor numbers (RFC §3.1 `RawDescriptorStorage`): a map from guest numbers to
 * entries of the global {@link Descriptors} table, with per-number flags (close-on-exec and any small
 * flag set the shim wants) and a limit (RLIMIT_NOFILE-style). The core knows nothing of processes:
 * the shim keeps one storage per process and closes it when the process exits (RFC §4.2).
 *
 * @module
 */
import { type DescriptorEntry } from "./entry";
import { DescriptorError, type CloseDescriptorError, type DescriptorLookupError, type DescriptorOpenError } from "./errors";
import { HookBatch } from "./hooks";
import type { FdEnabledSubsystemEntry, FdSubsystem } from "./subsystem";
import type { DescriptorTarget } from "./target";
import type { Descriptors, DuplicateDescriptorOptions, OpenDescriptorOptions } from "./descriptors";
import type { DuplicateDescriptorError } from "./errors";
import type { RawMutex } from "../platform/mutex";
import { withLock } from "../platform/mutex";
import { InvariantViolation } from "../util/invariant";
import { err, ok, type Result } from "../util/result";

/** Per-number flag bits. Bits other than these are free for the shim's own per-number flags. */
export const DescriptorFlags = {
  /** Close this number on exec (FD_CLOEXEC, O_CLOEXEC; NT: the inverse of HANDLE_FLAG_INHERIT). */
  CLOSE_ON_EXEC: 0x1,
} as const;

/** The default limit of a storage (Linux's default soft RLIMIT_NOFILE). */
export const DEFAULT_DESCRIPTOR_LIMIT = 1024;

/** The largest accepted limit: every number stays below 2^31 − 1, so it fits a C `int`. */
export const MAX_DESCRIPTOR_LIMIT = 0x7fff_ffff;

/** One open number of a storage, as iteration reports it. */
export interface DescriptorSlot {
  /** The guest number. */
  readonly fd: number;
  /** The entry it refers to. */
  readonly entry: DescriptorEntry;
  /** Its per-number flags ({@link DescriptorFlags}). */
  readonly flags: number;
}

interface Slot {
  readonly entry: DescriptorEntry;
  flags: number;
}

/** What a storage needs from its table. Internal to the fd layer. */
export interface DescriptorTableLink {
  /** The public table. */
  readonly owner: Descriptors;
  /** The table's lock, shared by all its storages (a duplicate touches two storages atomically). */
  readonly mutex: RawMutex;
  /** Counts one more slot on `entry` and records its `onDup`. */
  attach(entry: DescriptorEntry, hooks: HookBatch): void;
  /** Counts one slot less on `entry` and records its `onClose` (and `onRelease` if it was the last). */
  detach(entry: DescriptorEntry, hooks: HookBatch): void;
}

/** Throws unless `limit` is an integer in [0, {@link MAX_DESCRIPTOR_LIMIT}]. */
export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_DESCRIPTOR_LIMIT) {
    throw new InvariantViolation("InvalidArgument", `descriptor limit ${limit} is not an integer in [0, 2^31 - 1]`);
  }
  return limit;
}

function isValidNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

// Assigned by RawDescriptorStorage's static block: the table places slots through it.
let placeImpl: (
  storage: RawDescriptorStorage,
  target: DescriptorTarget,
  entry: DescriptorEntry,
  flags: number,
  hooks: HookBatch,
) => Result<number, DescriptorOpenError>;
let slotImpl: (storage: RawDescriptorStorage, fd: number) => Slot | undefined;
let linkImpl: (storage: RawDescriptorStorage) => DescriptorTableLink;

/**
 * The descriptor numbers of one process. Create it with {@link Descriptors.createStorage}; open
 * entries in it with {@link Descriptors.open} (or {@link RawDescriptorStorage.open}) and duplicate
 * with {@link Descriptors.duplicateDescriptor}.
 */
export class RawDescriptorStorage {
  readonly #link: DescriptorTableLink;
  readonly #slots = new Map<number, Slot>();
  #limit: number;
  // Always the lowest number not in #slots: "lowest free" searches start here.
  #lowestFree = 0;

  /** @internal Use {@link Descriptors.createStorage}. */
  constructor(link: DescriptorTableLink, limit: number) {
    this.#link = link;
    this.#limit = checkLimit(limit);
  }

  /** The global table this storage's entries live in. */
  get descriptors(): Descriptors {
    return this.#link.owner;
  }

  /**
   * Numbers must be below the limit (RLIMIT_NOFILE). Lowering it below open numbers leaves them
   * open; only new slots are refused. Setting a value outside [0, 2^31 − 1] throws
   * {@link InvariantViolation} (`InvalidArgument`).
   */
  get limit(): number {
    return this.#limit;
  }

  set limit(limit: number) {
    this.#limit = checkLimit(limit);
  }

  /** Number of open numbers. */
  get count(): number {
    return this.#slots.size;
  }

  /** True if `fd` is open here. */
  has(fd: number): boolean {
    return this.#slots.has(fd);
  }

  /** The entry behind `fd`, whatever its subsystem. */
  entry(fd: number): Result<DescriptorEntry, CloseDescriptorError> {
    const slot = this.#slots.get(fd);
    return slot ? ok(slot.entry) : err(DescriptorError.NotFound);
  }

  /**
   * The entry behind `fd`, typed for `subsystem`: `NotFound` if `fd` is not open, `InvalidSubsystem`
   * if it belongs to another subsystem.
   */
  get<T extends FdEnabledSubsystemEntry>(
    fd: number,
    subsystem: FdSubsystem<T>,
  ): Result<DescriptorEntry<T>, DescriptorLookupError> {
    const slot = this.#slots.get(fd);
    if (!slot) return err(DescriptorError.NotFound);
    const entry = slot.entry;
    return entry.is(subsystem) ? ok(entry) : err(DescriptorError.InvalidSubsystem);
  }

  /** The per-number flags of `fd` ({@link DescriptorFlags}). */
  getFlags(fd: number): Result<number, CloseDescriptorError> {
    const slot = this.#slots.get(fd);
    return slot ? ok(slot.flags) : err(DescriptorError.NotFound);
  }

  /** Replaces the per-number flags of `fd` (F_SETFD). */
  setFlags(fd: number, flags: number): Result<void, CloseDescriptorError> {
    const slot = this.#slots.get(fd);
    if (!slot) return err(DescriptorError.NotFound);
    slot.flags = flags >>> 0;
    return ok(undefined);
  }

  /** Opens a new entry here; see {@link Descriptors.open}. */
  open<T extends FdEnabledSubsystemEntry>(
    subsystem: FdSubsystem<T>,
    object: T,
    options: OpenDescriptorOptions = {},
  ): Result<number, DescriptorOpenError> {
    return this.#link.owner.open(this, subsystem, object, options);
  }

  /** Duplicates `fd` within this storage (dup, dup2, F_DUPFD); see {@link Descriptors.duplicateDescriptor}. */
  duplicate(fd: number, options: DuplicateDescriptorOptions = {}): Result<number, DuplicateDescriptorError> {
    return this.#link.owner.duplicateDescriptor(this, fd, this, options);
  }

  /** Closes `fd`: its slot goes, and the entry's `onClose` (and `onRelease` if last) hooks fire. */
  close(fd: number): Result<void, CloseDescriptorError> {
    const hooks = new HookBatch();
    const found = withLock(this.#link.mutex, () => {
      const slot = this.#slots.get(fd);
      if (!slot) return false;
      this.#remove(fd, slot, hooks);
      return true;
    });
    if (!found) return err(DescriptorError.NotFound);
    hooks.run();
    return ok(undefined);
  }

  /** Closes every number (process exit, RFC §4.2), in increasing order; returns how many. */
  closeAll(): number {
    return this.#closeWhere(() => true);
  }

  /** Closes every number flagged {@link DescriptorFlags.CLOSE_ON_EXEC}, in increasing order; returns how many. */
  closeOnExec(): number {
    return this.#closeWhere((slot) => (slot.flags & DescriptorFlags.CLOSE_ON_EXEC) !== 0);
  }

  /** A snapshot of the open numbers in increasing order (exec, exit, /proc/self/fd, handle listing). */
  slots(): DescriptorSlot[] {
    return this.#sortedNumbers().map((fd) => {
      const slot = this.#slots.get(fd)!;
      return { fd, entry: slot.entry, flags: slot.flags };
    });
  }

  /** Iterates over a snapshot of {@link RawDescriptorStorage.slots}. */
  [Symbol.iterator](): IterableIterator<DescriptorSlot> {
    return this.slots()[Symbol.iterator]();
  }

  #sortedNumbers(): number[] {
    return [...this.#slots.keys()].sort((a, b) => a - b);
  }

  #closeWhere(predicate: (slot: Slot) => boolean): number {
    const hooks = new HookBatch();
    const closed = withLock(this.#link.mutex, () => {
      let n = 0;
      for (const fd of this.#sortedNumbers()) {
        const slot = this.#slots.get(fd)!;
        if (!predicate(slot)) continue;
        this.#remove(fd, slot, hooks);
        n++;
      }
      return n;
    });
    hooks.run();
    return closed;
  }

  #remove(fd: number, slot: Slot, hooks: HookBatch): void {
    this.#slots.delete(fd);
    if (fd < this.#lowestFree) this.#lowestFree = fd;
    this.#link.detach(slot.entry, hooks);
  }

  #place(target: DescriptorTarget, entry: DescriptorEntry, flags: number, hooks: HookBatch): Result<number, DescriptorOpenError> {
    let fd: number;
    if (target.kind === "exact") {
      if (!isValidNumber(target.fd) || target.fd >= this.#limit) return err(DescriptorError.OutOfRange);
      fd = target.fd;
      const old = this.#slots.get(fd);
      // dup2 closes what the number held first (through the hooks), then reuses the number.
      if (old) this.#remove(fd, old, hooks);
    } else {
      let n = this.#lowestFree;
      if (target.kind === "atLeast") {
        if (!isValidNumber(target.minimum) || target.minimum >= this.#limit) return err(DescriptorError.OutOfRange);
        n = Math.max(n, target.minimum);
      }
      while (this.#slots.has(n)) n++;
      if (n >= this.#limit) return err(DescriptorError.TooManyDescriptors);
      fd = n;
    }
    this.#slots.set(fd, { entry, flags: flags >>> 0 });
    if (fd === this.#lowestFree) {
      let n = fd + 1;
      while (this.#slots.has(n)) n++;
      this.#lowestFree = n;
    }
    this.#link.attach(entry, hooks);
    return ok(fd);
  }

  static {
    placeImpl = (storage, target, entry, flags, hooks) => storage.#place(target, entry, flags, hooks);
    slotImpl = (storage, fd) => storage.#slots.get(fd);
    linkImpl = (storage) => storage.#link;
  }
}

/**
 * Places `entry` in `storage` at `target` with `flags`, closing a replaced slot. The caller holds the
 * table's lock and runs `hooks` after releasing it. Internal to the fd layer.
 */
export function placeSlot(
  storage: RawDescriptorStorage,
  target: DescriptorTarget,
  entry: DescriptorEntry,
  flags: number,
  hooks: HookBatch,
): Result<number, DescriptorOpenError> {
  return placeImpl(storage, target, entry, flags, hooks);
}

/** The slot of `fd` in `storage`, if open. Internal to the fd layer. */
export function slotOf(storage: RawDescriptorStorage, fd: number): { readonly entry: DescriptorEntry; readonly flags: number } | undefined {
  return slotImpl(storage, fd);
}

/** The table link of `storage`. Internal to the fd layer. */
export function linkOf(storage: RawDescriptorStorage): DescriptorTableLink {
  return linkImpl(storage);
}
