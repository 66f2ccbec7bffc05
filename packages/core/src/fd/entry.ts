/**
 * A descriptor entry: one open-file description (POSIX) or one object-handle binding (NT). It holds
 * the subsystem's object and the status that every duplicate shares — access mode, the non-blocking
 * flag, the file offset of seekable objects, and any other status flags — plus the number of
 * descriptor slots, in every process, that refer to it. Entries are created only by
 * {@link Descriptors}, always together with their first slot, and die when their last slot closes.
 *
 * @module
 */
import { AccessMode, type FdEnabledSubsystemEntry, type FdSubsystem } from "./subsystem";

// Declared before the class: its static block assigns it while the class is being defined.
let adjustRefCountImpl: (entry: DescriptorEntry, delta: number) => number;

/**
 * A shared open-file description. Mutable status (`nonBlocking`, `offset`, `statusFlags`) is shared
 * by every slot that refers to the entry, as O_NONBLOCK and the file offset are shared after `dup`
 * or `fork` in POSIX. Per-number flags such as close-on-exec are not here: they belong to the slot
 * ({@link RawDescriptorStorage.getFlags}).
 */
export class DescriptorEntry<T extends FdEnabledSubsystemEntry = FdEnabledSubsystemEntry> {
  /** A number unique within its {@link Descriptors} table, for diagnostics and stable ordering. */
  readonly id: number;
  /** The subsystem the object belongs to. */
  readonly subsystem: FdSubsystem<T>;
  /** The subsystem's object (a pipe end, an open file…). */
  readonly object: T;
  /** Read, write or both; fixed at open. */
  readonly accessMode: AccessMode;
  /** The shared non-blocking flag (O_NONBLOCK / FIONBIO); subsystems consult it on every call. */
  nonBlocking: boolean;
  /** The shared file offset, for seekable objects (meaningless for pipes). */
  offset: number;
  /** Other shared status flags as a bit set whose meaning belongs to the shim (O_APPEND, …). */
  statusFlags: number;
  #refCount = 0;

  /** @internal Created by {@link Descriptors}; shims never construct entries. */
  constructor(
    id: number,
    subsystem: FdSubsystem<T>,
    object: T,
    status: { accessMode: AccessMode; nonBlocking: boolean; offset: number; statusFlags: number },
  ) {
    this.id = id;
    this.subsystem = subsystem;
    this.object = object;
    this.accessMode = status.accessMode;
    this.nonBlocking = status.nonBlocking;
    this.offset = status.offset;
    this.statusFlags = status.statusFlags;
  }

  /** Number of descriptor slots, in every storage, that refer to this entry. */
  get refCount(): number {
    return this.#refCount;
  }

  /** True while at least one slot refers to the entry; false once the last one closed. */
  get isOpen(): boolean {
    return this.#refCount > 0;
  }

  /** True if the access mode allows reading. */
  get readable(): boolean {
    return this.accessMode !== AccessMode.Write;
  }

  /** True if the access mode allows writing. */
  get writable(): boolean {
    return this.accessMode !== AccessMode.Read;
  }

  /** Narrows the entry to subsystem `subsystem`'s object type if it belongs to it. */
  is<U extends FdEnabledSubsystemEntry>(subsystem: FdSubsystem<U>): this is DescriptorEntry<U> {
    return (this.subsystem as unknown) === subsystem;
  }

  static {
    // Gives the descriptor layer (and only it: the function is not re-exported from the package)
    // write access to the private count.
    adjustRefCountImpl = (entry, delta) => (entry.#refCount += delta);
  }
}

/** Adjusts `entry`'s slot count by `delta` (±1) and returns the new count. Internal to the fd layer. */
export function adjustRefCount(entry: DescriptorEntry, delta: number): number {
  return adjustRefCountImpl(entry, delta);
}
