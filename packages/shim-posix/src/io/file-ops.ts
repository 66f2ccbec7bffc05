/**
 * File operations by descriptor subsystem: how read, write, poll, seek, ioctl and stat reach the
 * object behind a descriptor. The generic descriptor syscalls (read, write, readv, writev, llseek,
 * ioctl, ppoll, fstat-likes) look up the entry's subsystem here, so a new kind of file — the
 * in-memory filesystem's files and directories, say — plugs in with one `register` call and no edit
 * to those syscalls. Unregistered operations get Linux's answer for objects that lack them (EINVAL
 * for read/write, ESPIPE for seek, ENOTTY for ioctl).
 *
 * Every operation answers a count or `-errno`, synchronously or as a Promise when it blocks.
 *
 * @module
 */
import type { DescriptorEntry, FdEnabledSubsystemEntry, FdSubsystem, Pollable } from "@litebox-ts/core";
import type { SyscallContext } from "../syscalls/context";

/** A count or `-errno`, maybe later. */
export type IoOutcome = number | Promise<number>;

/** What stat-like calls report (the files layer fills it; statx writes it). */
export interface FileStat {
  /** `st_mode`: type and permission bits. */
  readonly mode: number;
  /** Inode number. */
  readonly ino: bigint;
  /** Link count. */
  readonly nlink: number;
  /** Owner. */
  readonly uid: number;
  /** Group. */
  readonly gid: number;
  /** Size in bytes. */
  readonly size: bigint;
  /** Device of a device file (major, minor). */
  readonly rdev: { readonly major: number; readonly minor: number };
  /** Device containing the file. */
  readonly dev: { readonly major: number; readonly minor: number };
  /** Preferred I/O size. */
  readonly blksize: number;
  /** 512-byte blocks allocated. */
  readonly blocks: bigint;
  /** Times in nanoseconds since the epoch. */
  readonly atimeNs: bigint;
  /** Modification time (ns). */
  readonly mtimeNs: bigint;
  /** Status change time (ns). */
  readonly ctimeNs: bigint;
}

/** The operations of one subsystem's objects. Every member is optional. */
export interface FileOps<T extends FdEnabledSubsystemEntry> {
  /** Reads up to `dest.length` bytes into `dest` (honour `entry.nonBlocking`); 0 at end of file. */
  read?(ctx: SyscallContext, entry: DescriptorEntry<T>, dest: Uint8Array): IoOutcome;
  /** Writes `src`; returns the count written. */
  write?(ctx: SyscallContext, entry: DescriptorEntry<T>, src: Uint8Array): IoOutcome;
  /** The object's readiness, for ppoll (and blocking waits built on events). */
  pollable?(entry: DescriptorEntry<T>): Pollable;
  /** Repositions the offset: returns the new offset (a bigint: 64-bit offsets) or `-errno`. */
  seek?(ctx: SyscallContext, entry: DescriptorEntry<T>, offset: bigint, whence: number): bigint | number;
  /** An ioctl request; `undefined` lets the generic layer answer (FIONBIO, FIOCLEX…, else ENOTTY). */
  ioctl?(ctx: SyscallContext, entry: DescriptorEntry<T>, request: number, arg: number): IoOutcome | undefined;
  /** Status for fstat-like calls, or `-errno`. */
  stat?(ctx: SyscallContext, entry: DescriptorEntry<T>): FileStat | number;
}

/** The registry of {@link FileOps} by subsystem. One per shim. */
export class FileOpsRegistry {
  readonly #ops = new Map<FdSubsystem<never>, FileOps<never>>();

  /** Registers the operations of `subsystem`'s objects (throws if registered twice: a wiring bug). */
  register<T extends FdEnabledSubsystemEntry>(subsystem: FdSubsystem<T>, ops: FileOps<T>): void {
    const key = subsystem as unknown as FdSubsystem<never>;
    if (this.#ops.has(key)) throw new Error(`file operations for subsystem ${subsystem.name} registered twice`);
    this.#ops.set(key, ops as unknown as FileOps<never>);
  }

  /** The operations for `entry`'s subsystem (an empty set when none were registered). */
  lookup(entry: DescriptorEntry): FileOps<FdEnabledSubsystemEntry> {
    return (this.#ops.get(entry.subsystem as unknown as FdSubsystem<never>) ?? {}) as FileOps<FdEnabledSubsystemEntry>;
  }
}
