/**
 * A process's handle table, built on the core's {@link RawDescriptorStorage}: a handle is a
 * descriptor slot, `handle = (slot + 1) * 4` (multiples of 4, never 0, as on Windows; the two low
 * bits are ignored on lookup, as Windows ignores them), new handles take the lowest free slot, and
 * each slot's flag word is the handle-table entry: its attributes and its granted access.
 *
 * Slot flag layout: bit 0 is the core's CLOSE_ON_EXEC and stays 0 (NT has no exec); bit 1 inherit
 * (OBJ_INHERIT), bit 2 protect-from-close; bits 8..28 the granted access mask (21 bits: specific
 * rights, standard rights and SYNCHRONIZE — generic bits are mapped before they are stored).
 *
 * @module
 */
import {
  DescriptorError,
  DescriptorTarget,
  err,
  ok,
  type DescriptorEntry,
  type Descriptors,
  type FdEnabledSubsystemEntry,
  type FdSubsystem,
  type RawDescriptorStorage,
  type Result,
} from "@litebox-ts/core";
import { HandleFlag, StandardAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";

/** Attribute bits of a handle (in the slot flag word). */
export const HandleAttribute = {
  /** OBJ_INHERIT: a child created with inheritance gets this handle at the same value. */
  INHERIT: 0x2,
  /** HANDLE_FLAG_PROTECT_FROM_CLOSE: NtClose refuses it. */
  PROTECT_FROM_CLOSE: 0x4,
} as const;

const ACCESS_SHIFT = 8;
const ATTRIBUTE_MASK = HandleAttribute.INHERIT | HandleAttribute.PROTECT_FROM_CLOSE;

/** The most handles one process may hold (Windows: 2^24). */
export const DEFAULT_HANDLE_LIMIT = 1 << 24;

/** Builds a slot flag word from attributes and access. */
export function slotFlags(attributes: number, access: number): number {
  return ((attributes & ATTRIBUTE_MASK) | ((access & StandardAccess.VALID_MASK) << ACCESS_SHIFT)) >>> 0;
}

/** The handle value of `slot`. */
export function handleOfSlot(slot: number): number {
  return ((slot + 1) * 4) >>> 0;
}

/** The slot of handle value `handle`, or `undefined` for 0 and values whose slot would be negative. */
export function slotOfHandle(handle: number): number | undefined {
  const slot = (handle >>> 2) - 1;
  return slot >= 0 ? slot : undefined;
}

/** One open handle, resolved. */
export interface HandleEntry<T extends FdEnabledSubsystemEntry = FdEnabledSubsystemEntry> {
  /** The handle value (low bits cleared). */
  readonly handle: number;
  /** Its slot in the storage. */
  readonly slot: number;
  /** The shared descriptor entry. */
  readonly entry: DescriptorEntry<T>;
  /** The object. */
  readonly object: T;
  /** Granted access. */
  readonly access: number;
  /** Attribute bits ({@link HandleAttribute}). */
  readonly attributes: number;
}

/** The handles of one process. */
export class HandleTable {
  /** The descriptor storage the handles live in. */
  readonly storage: RawDescriptorStorage;

  /** @param descriptors - the LiteBox's descriptor table. @param limit - the most handles. */
  constructor(descriptors: Descriptors, limit: number = DEFAULT_HANDLE_LIMIT) {
    this.storage = descriptors.createStorage({ limit });
  }

  /** Number of open handles. */
  get count(): number {
    return this.storage.count;
  }

  /** Creates a handle to a new entry for `object` in the lowest free slot. */
  insert<T extends FdEnabledSubsystemEntry>(
    subsystem: FdSubsystem<T>,
    object: T,
    access: number,
    attributes: number,
  ): Result<number, NtStatus> {
    const opened = this.storage.open(subsystem, object, { flags: slotFlags(attributes, access) });
    return opened.ok ? ok(handleOfSlot(opened.value)) : err(NtStatus.INSUFFICIENT_RESOURCES);
  }

  /** Resolves `handle` whatever its type. `INVALID_HANDLE` if it is not open. */
  get(handle: number): Result<HandleEntry, NtStatus> {
    const slot = slotOfHandle(handle);
    if (slot === undefined) return err(NtStatus.INVALID_HANDLE);
    const entry = this.storage.entry(slot);
    if (!entry.ok) return err(NtStatus.INVALID_HANDLE);
    const flags = this.storage.getFlags(slot);
    const word = flags.ok ? flags.value : 0;
    return ok({
      handle: handleOfSlot(slot),
      slot,
      entry: entry.value,
      object: entry.value.object,
      access: (word >>> ACCESS_SHIFT) & StandardAccess.VALID_MASK,
      attributes: word & ATTRIBUTE_MASK,
    });
  }

  /**
   * Resolves `handle` as an object of `subsystem` holding every bit of `access`:
   * `INVALID_HANDLE`, `OBJECT_TYPE_MISMATCH` or `ACCESS_DENIED` otherwise.
   */
  lookup<T extends FdEnabledSubsystemEntry>(
    handle: number,
    subsystem: FdSubsystem<T>,
    access: number,
  ): Result<HandleEntry<T>, NtStatus> {
    const found = this.get(handle);
    if (!found.ok) return found;
    if (!found.value.entry.is(subsystem)) return err(NtStatus.OBJECT_TYPE_MISMATCH);
    if ((found.value.access & access) !== access) return err(NtStatus.ACCESS_DENIED);
    return found as Result<HandleEntry<T>, NtStatus>;
  }

  /** Closes `handle`: `INVALID_HANDLE` if not open, `HANDLE_NOT_CLOSABLE` if protected. */
  close(handle: number): NtStatus {
    const found = this.get(handle);
    if (!found.ok) return found.error;
    if ((found.value.attributes & HandleAttribute.PROTECT_FROM_CLOSE) !== 0) return NtStatus.HANDLE_NOT_CLOSABLE;
    return this.storage.close(found.value.slot).ok ? NtStatus.SUCCESS : NtStatus.INVALID_HANDLE;
  }

  /** Replaces the attributes and access of an open handle (in-place DUPLICATE_CLOSE_SOURCE, SetHandleInformation). */
  update(handle: number, attributes: number, access: number): NtStatus {
    const slot = slotOfHandle(handle);
    if (slot === undefined) return NtStatus.INVALID_HANDLE;
    return this.storage.setFlags(slot, slotFlags(attributes, access)).ok ? NtStatus.SUCCESS : NtStatus.INVALID_HANDLE;
  }

  /**
   * Makes a handle in `destination` sharing `source`'s entry (the RFC's `duplicate_descriptor`, across
   * processes or within one), in the lowest free slot or exactly at `exactHandle` (inheritance keeps
   * handle values).
   */
  duplicateInto(
    source: HandleEntry,
    destination: HandleTable,
    attributes: number,
    access: number,
    exactHandle?: number,
  ): Result<number, NtStatus> {
    const target = exactHandle === undefined ? DescriptorTarget.lowest : DescriptorTarget.exact(slotOfHandle(exactHandle) ?? -1);
    const placed = this.storage.descriptors.duplicateDescriptor(this.storage, source.slot, destination.storage, {
      target,
      flags: slotFlags(attributes, access),
    });
    if (placed.ok) return ok(handleOfSlot(placed.value));
    return err(placed.error === DescriptorError.NotFound ? NtStatus.INVALID_HANDLE : NtStatus.INSUFFICIENT_RESOURCES);
  }

  /** Every open handle, ascending. */
  entries(): HandleEntry[] {
    return this.storage.slots().map((s) => ({
      handle: handleOfSlot(s.fd),
      slot: s.fd,
      entry: s.entry,
      object: s.entry.object,
      access: (s.flags >>> ACCESS_SHIFT) & StandardAccess.VALID_MASK,
      attributes: s.flags & ATTRIBUTE_MASK,
    }));
  }

  /** Closes every handle, protected or not (process exit, RFC §4.2); returns how many. */
  closeAll(): number {
    return this.storage.closeAll();
  }
}

/** The `HANDLE_FLAG_*` view of attribute bits (GetHandleInformation). */
export function handleFlagsOf(attributes: number): number {
  return (
    ((attributes & HandleAttribute.INHERIT) !== 0 ? HandleFlag.INHERIT : 0) |
    ((attributes & HandleAttribute.PROTECT_FROM_CLOSE) !== 0 ? HandleFlag.PROTECT_FROM_CLOSE : 0)
  );
}
