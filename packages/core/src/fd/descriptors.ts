/**
 * The global descriptor table (RFC §3.1 `Descriptors`): every live {@link DescriptorEntry} of one
 * LiteBox instance, reference-counted by the slots of every process's {@link RawDescriptorStorage}.
 * It opens entries, duplicates slots within and across storages
 * ({@link Descriptors.duplicateDescriptor}, the primitive behind dup, fork inheritance and NT
 * DuplicateHandle), and reports how many entries are live so tests can check for leaks.
 *
 * @module
 */
import { adjustRefCount, DescriptorEntry } from "./entry";
import { DescriptorError, type DescriptorOpenError, type DuplicateDescriptorError } from "./errors";
import { HookBatch } from "./hooks";
import {
  checkLimit,
  DEFAULT_DESCRIPTOR_LIMIT,
  linkOf,
  placeSlot,
  RawDescriptorStorage,
  slotOf,
  type DescriptorTableLink,
} from "./storage";
import { AccessMode, type FdEnabledSubsystemEntry, type FdSubsystem } from "./subsystem";
import { DescriptorTarget } from "./target";
import { defaultMutexFactory, withLock, type RawMutex } from "../platform/mutex";
import type { RawMutexProvider } from "../platform/provider";
import { InvariantViolation } from "../util/invariant";
import { err, ok, type Result } from "../util/result";

/** Options of a {@link Descriptors} table. */
export interface DescriptorsOptions {
  /** The limit new storages get unless told otherwise; default {@link DEFAULT_DESCRIPTOR_LIMIT}. */
  readonly defaultLimit?: number;
}

/** Options of {@link Descriptors.createStorage}. */
export interface StorageOptions {
  /** The storage's limit (RLIMIT_NOFILE); default: the table's `defaultLimit`. */
  readonly limit?: number;
}

/** Options of {@link Descriptors.open}: the new entry's shared status and its first slot. */
export interface OpenDescriptorOptions {
  /** Access mode of the entry; default `ReadWrite`. */
  readonly accessMode?: AccessMode;
  /** Initial non-blocking flag; default false. */
  readonly nonBlocking?: boolean;
  /** Initial file offset; default 0. */
  readonly offset?: number;
  /** Initial shim-defined status flags; default 0. */
  readonly statusFlags?: number;
  /** Per-number flags of the first slot ({@link DescriptorFlags}); default 0. */
  readonly flags?: number;
  /** Where the first slot goes; default the lowest free number. */
  readonly target?: DescriptorTarget;
}

/** Options of {@link Descriptors.duplicateDescriptor}. */
export interface DuplicateDescriptorOptions {
  /** Where the new slot goes; default the lowest free number (dup). */
  readonly target?: DescriptorTarget;
  /**
   * Per-number flags of the new slot; default 0 (dup clears close-on-exec). `"inherit"` copies the
   * source slot's flags, as fork does.
   */
  readonly flags?: number | "inherit";
}

/** The global table of descriptor entries. One per LiteBox instance. */
export class Descriptors {
  readonly #mutex: RawMutex;
  readonly #live = new Set<DescriptorEntry>();
  readonly #link: DescriptorTableLink;
  readonly #defaultLimit: number;
  #nextId = 1;

  /**
   * @param platform - supplies the raw mutex (default: the re-entrancy-detecting one).
   * @param options - table options.
   */
  constructor(platform: Partial<RawMutexProvider> = {}, options: DescriptorsOptions = {}) {
    this.#mutex = (platform.createMutex ?? defaultMutexFactory)("Descriptors");
    this.#defaultLimit = checkLimit(options.defaultLimit ?? DEFAULT_DESCRIPTOR_LIMIT);
    const live = this.#live;
    this.#link = {
      owner: this,
      mutex: this.#mutex,
      attach(entry, hooks) {
        if (adjustRefCount(entry, +1) === 1) live.add(entry);
        hooks.dup(entry);
      },
      detach(entry, hooks) {
        // Only slots detach, and every slot attached once: the count cannot go below zero.
        const left = adjustRefCount(entry, -1);
        if (left === 0) live.delete(entry);
        hooks.close(entry, left === 0);
      },
    };
  }

  /** Creates an empty storage (the descriptor numbers of one new process). */
  createStorage(options: StorageOptions = {}): RawDescriptorStorage {
    return new RawDescriptorStorage(this.#link, options.limit ?? this.#defaultLimit);
  }

  /**
   * Creates an entry for `object` of `subsystem` and its first slot in `storage`; the object's
   * `onDup` fires for that slot. Nothing is created when it fails.
   */
  open<T extends FdEnabledSubsystemEntry>(
    storage: RawDescriptorStorage,
    subsystem: FdSubsystem<T>,
    object: T,
    options: OpenDescriptorOptions = {},
  ): Result<number, DescriptorOpenError> {
    this.#checkOwned(storage);
    const entry = new DescriptorEntry<T>(this.#nextId, subsystem, object, {
      accessMode: options.accessMode ?? AccessMode.ReadWrite,
      nonBlocking: options.nonBlocking ?? false,
      offset: options.offset ?? 0,
      statusFlags: options.statusFlags ?? 0,
    });
    const hooks = new HookBatch();
    const placed = withLock(this.#mutex, () =>
      placeSlot(storage, options.target ?? DescriptorTarget.lowest, entry as DescriptorEntry, options.flags ?? 0, hooks),
    );
    if (placed.ok) this.#nextId++;
    hooks.run();
    return placed;
  }

  /**
   * Makes a new slot in `destination` sharing the entry behind `fd` in `source` (RFC
   * `Descriptors::duplicate_descriptor`): dup / dup2 / F_DUPFD when both are the same storage; fork
   * or spawn inheritance and NT DuplicateHandle when they differ. The entry's `onDup` fires for the
   * new slot (after the `onClose` of a slot it replaced). Duplicating a number onto itself in the
   * same storage changes nothing and returns it (dup2's rule; dup3's EINVAL is the shim's).
   */
  duplicateDescriptor(
    source: RawDescriptorStorage,
    fd: number,
    destination: RawDescriptorStorage = source,
    options: DuplicateDescriptorOptions = {},
  ): Result<number, DuplicateDescriptorError> {
    this.#checkOwned(source);
    this.#checkOwned(destination);
    const target = options.target ?? DescriptorTarget.lowest;
    const hooks = new HookBatch();
    const result = withLock(this.#mutex, (): Result<number, DuplicateDescriptorError> => {
      const slot = slotOf(source, fd);
      if (!slot) return err(DescriptorError.NotFound);
      if (source === destination && target.kind === "exact" && target.fd === fd) return ok(fd);
      const flags = options.flags === "inherit" ? slot.flags : (options.flags ?? 0);
      return placeSlot(destination, target, slot.entry, flags, hooks);
    });
    hooks.run();
    return result;
  }

  /** Number of live entries (open-file descriptions with at least one slot). 0 when nothing leaks. */
  get liveEntryCount(): number {
    return this.#live.size;
  }

  /** A snapshot of the live entries, oldest first (for leak reports). */
  liveEntries(): DescriptorEntry[] {
    return [...this.#live].sort((a, b) => a.id - b.id);
  }

  #checkOwned(storage: RawDescriptorStorage): void {
    if (linkOf(storage) !== this.#link) {
      throw new InvariantViolation("InvalidArgument", "the storage belongs to another Descriptors table");
    }
  }
}
