/**
 * What a subsystem must provide to put its objects behind guest descriptor numbers (the RFC's
 * `FdEnabledSubsystemEntry`), and the typed token ({@link FdSubsystem}) that names a subsystem, so that
 * a lookup can say "descriptor 3, as a pipe" and get a typed object or a typed refusal.
 *
 * @module
 */
import type { DescriptorEntry } from "./entry";

/**
 * An object that descriptors can refer to (a pipe end, an open file, a socket…), with the
 * reference-counting hooks of RFC §3.1.
 *
 * **When the hooks fire.** They count *descriptor slots*, across every process:
 * - {@link FdEnabledSubsystemEntry.onDup} fires once for every slot that starts referring to an entry
 *   holding this object — the entry's very first slot included (an open is the entry's first
 *   duplication into a slot), then every dup, dup2/dup3, F_DUPFD, fork inheritance, NT
 *   DuplicateHandle, spawn inheritance;
 * - {@link FdEnabledSubsystemEntry.onClose} fires once for every slot that stops referring to it —
 *   explicit close, dup2 replacing an open number, exec's close-on-exec, close-all at exit;
 * - {@link FdEnabledSubsystemEntry.onRelease} fires once per entry, right after the `onClose` of its
 *   last slot.
 *
 * So at any moment `#onDup − #onClose` equals the number of slots, in all processes, that refer to
 * the object: a subsystem keeps a plain counter and needs no other bookkeeping. Hooks run after the
 * descriptor table has been updated and its lock released, so they may call back into the table.
 * They should not throw; if one does, the others of the same operation still run and the first
 * error is re-thrown afterwards (the table itself is already consistent).
 */
export interface FdEnabledSubsystemEntry {
  /** A slot now refers to `entry`, which holds this object. */
  onDup(entry: DescriptorEntry): void;
  /** A slot no longer refers to `entry`, which holds this object. */
  onClose(entry: DescriptorEntry): void;
  /** `entry`'s last slot closed: the open-file description is gone (free per-description resources). */
  onRelease?(entry: DescriptorEntry): void;
}

/**
 * A typed token naming one subsystem. Lookups compare tokens by identity, so each subsystem creates
 * exactly one (for example `PIPE_SUBSYSTEM`) and exports it; the type parameter is the type of the
 * objects that subsystem puts in descriptor entries.
 */
export class FdSubsystem<T extends FdEnabledSubsystemEntry> {
  /** A name for diagnostics (for example `"pipe"`). Two subsystems may share a name; tokens differ. */
  readonly name: string;
  /** Type-only marker tying the token to `T`; never present at run time. */
  declare readonly __objectType?: T;

  /** @param name - a name for diagnostics. */
  constructor(name: string) {
    this.name = name;
  }
}

/**
 * The access mode of an open-file description: fixed when the entry is opened and shared by every
 * duplicate. A closed set.
 */
export const AccessMode = {
  /** Open for reading only (O_RDONLY; a pipe's read end). */
  Read: "Read",
  /** Open for writing only (O_WRONLY; a pipe's write end). */
  Write: "Write",
  /** Open for reading and writing (O_RDWR). */
  ReadWrite: "ReadWrite",
} as const;
/** {@inheritDoc (AccessMode:variable)} */
export type AccessMode = (typeof AccessMode)[keyof typeof AccessMode];
