/**
 * Open files: what a descriptor entry of the file subsystem holds. One `OpenFile` belongs to one
 * {@link DescriptorEntry} — together they are a POSIX open file description: the file offset (also
 * the directory-stream position) is the entry's shared `offset`, the access mode is fixed at open,
 * and the append flag is the shim's status flag, passed to each write. While at least one descriptor
 * slot refers to it, the open file keeps its inode alive: a file unlinked while open stays readable
 * and writable until its last descriptor closes.
 *
 * @module
 */
import { DirectoryRef } from "./directory-ref";
import { FsError, type ReadDirectoryError, type ReadError, type SeekError, type TruncateError, type WriteError } from "./errors";
import { closeInode, openInode, touchModified, type Inode } from "./inode";
import { FileType } from "./mode";
import { statOf, type Stat } from "./stat";
import { FIRST_ENTRY_COOKIE } from "./inode";
import { Events, type EventMask } from "../event/events";
import { Subject, type Pollable } from "../event/subject";
import type { DescriptorEntry } from "../fd/entry";
import { AccessMode, FdSubsystem, type FdEnabledSubsystemEntry } from "../fd/subsystem";
import { InvariantViolation } from "../util/invariant";
import { err, ok, type Result } from "../util/result";

/** The subsystem token of file entries: `storage.get(fd, FILE_SUBSYSTEM)` yields a {@link DescriptorEntry} of an {@link OpenFile}. */
export const FILE_SUBSYSTEM: FdSubsystem<OpenFile> = new FdSubsystem<OpenFile>("file");

/** Where {@link OpenFile.seek} counts from. A closed set. */
export const SeekWhence = {
  /** From the start (SEEK_SET). */
  Set: "Set",
  /** From the current offset (SEEK_CUR). */
  Current: "Current",
  /** From the end of the file (SEEK_END; not for directories). */
  End: "End",
} as const;
/** {@inheritDoc (SeekWhence:variable)} */
export type SeekWhence = (typeof SeekWhence)[keyof typeof SeekWhence];

/** Options of a write. */
export interface WriteOptions {
  /** Write at the end of the file whatever the offset (O_APPEND; Linux's pwrite too). Default false. */
  readonly append?: boolean;
}

/** One entry of a directory stream, as {@link OpenFile.readDirectory} hands it out. */
export interface DirectoryEntryInfo {
  /** The name (`.` and `..` first). */
  readonly name: string;
  /** Inode number of what the name refers to. */
  readonly ino: number;
  /** Its type (a POSIX shim maps it to `d_type`). */
  readonly type: FileType;
  /** The stream position just after this entry (`d_off`); seeking there resumes after it. */
  readonly nextPosition: number;
}

function isPosition(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** An open regular file or directory. Created by {@link Vfs.open}; put it in a descriptor entry of {@link FILE_SUBSYSTEM}. */
export class OpenFile implements FdEnabledSubsystemEntry, Pollable {
  /** The access it was opened (and permission-checked) for; fixed. Directories are always `Read`. */
  readonly accessMode: AccessMode;
  /** Readiness never changes (always IN | OUT), so this subject is never notified. */
  readonly subject = new Subject();
  readonly #inode: Inode;
  readonly #maxFileSize: number;
  #slots = 0;
  #released = false;

  /** @internal Created by {@link Vfs.open}. */
  constructor(inode: Inode, accessMode: AccessMode) {
    this.#inode = inode;
    this.accessMode = accessMode;
    this.#maxFileSize = inode.state.maxFileSize;
  }

  /** What was opened. */
  get type(): FileType {
    return this.#inode.kind;
  }

  /** True if opened for reading. */
  get readable(): boolean {
    return this.accessMode !== AccessMode.Write;
  }

  /** True if opened for writing. */
  get writable(): boolean {
    return this.accessMode !== AccessMode.Read;
  }

  /** For an open directory, a reference to resolve paths from (openat's dirfd, fchdir); otherwise undefined. */
  get directory(): DirectoryRef | undefined {
    return this.#inode.kind === FileType.Directory ? new DirectoryRef(this.#inode) : undefined;
  }

  /** Descriptor slots, in every process, referring to this open file. */
  get slotCount(): number {
    return this.#slots;
  }

  /** The stat record of the file (fstat). */
  stat(): Stat {
    return statOf(this.#inode);
  }

  /**
   * Reads at the entry's offset and advances it (read). `BadAccessMode` if not open for reading,
   * `IsDirectory` for a directory. 0 at or past the end; holes read as zeros.
   */
  read(entry: DescriptorEntry<OpenFile>, dest: Uint8Array): Result<number, ReadError> {
    this.#own(entry);
    const checked = this.#checkRead();
    if (checked) return err(checked);
    const n = this.#regular().content.read(entry.offset, dest);
    entry.offset += n;
    return ok(n);
  }

  /** Reads at `position` without using or moving any offset (pread). `InvalidArgument` for a negative position. */
  pread(dest: Uint8Array, position: number): Result<number, ReadError> {
    if (!this.readable) return err(FsError.BadAccessMode);
    if (!isPosition(position)) return err(FsError.InvalidArgument);
    if (this.#inode.kind === FileType.Directory) return err(FsError.IsDirectory);
    return ok(this.#regular().content.read(position, dest));
  }

  /**
   * Writes at the entry's offset, or at the end with `append`, and moves the offset past the data
   * (write). A write that would pass the size limit is cut at it, and `TooBig` if nothing fits; a
   * write that runs out of capacity returns what it wrote, `NoSpace` if nothing. Writing past the
   * end leaves a hole. A zero-length write changes nothing.
   */
  write(entry: DescriptorEntry<OpenFile>, source: Uint8Array, options: WriteOptions = {}): Result<number, WriteError> {
    this.#own(entry);
    if (!this.writable) return err(FsError.BadAccessMode);
    if (source.length === 0) return ok(0);
    const position = options.append === true ? this.#regular().content.size : entry.offset;
    const written = this.#writeAt(position, source);
    if (written.ok) entry.offset = position + written.value;
    return written;
  }

  /** Writes at `position` (or the end, with `append`) without using or moving any offset (pwrite). */
  pwrite(source: Uint8Array, position: number, options: WriteOptions = {}): Result<number, WriteError> {
    if (!this.writable) return err(FsError.BadAccessMode);
    if (!isPosition(position)) return err(FsError.InvalidArgument);
    if (source.length === 0) return ok(0);
    return this.#writeAt(options.append === true ? this.#regular().content.size : position, source);
  }

  /**
   * Moves the entry's offset (lseek) and returns it. A file's offset may pass the end (a later write
   * leaves a hole) but not the size limit; a directory's is a stream position, with no `End`. A
   * negative result is `InvalidArgument`.
   */
  seek(entry: DescriptorEntry<OpenFile>, offset: number, whence: SeekWhence): Result<number, SeekError> {
    this.#own(entry);
    if (!Number.isSafeInteger(offset)) return err(FsError.InvalidArgument);
    let base: number;
    switch (whence) {
      case SeekWhence.Set:
        base = 0;
        break;
      case SeekWhence.Current:
        base = entry.offset;
        break;
      case SeekWhence.End:
        if (this.#inode.kind === FileType.Directory) return err(FsError.InvalidArgument);
        base = this.#regular().content.size;
        break;
    }
    const target = base + offset;
    if (target < 0 || (this.#inode.kind === FileType.Regular && target > this.#maxFileSize)) return err(FsError.InvalidArgument);
    entry.offset = target;
    return ok(target);
  }

  /**
   * Sets the file's size (ftruncate): shrinking discards data, growing adds a hole. `InvalidArgument`
   * for a negative length, a directory or a file not open for writing; `TooBig` past the size limit.
   */
  truncate(length: number): Result<void, TruncateError> {
    if (!isPosition(length) || this.#inode.kind !== FileType.Regular || !this.writable) return err(FsError.InvalidArgument);
    if (length > this.#maxFileSize) return err(FsError.TooBig);
    this.#inode.content.truncate(length);
    touchModified(this.#inode);
    return ok(undefined);
  }

  /**
   * Reads a directory stream (getdents) from the entry's offset: `.`, `..`, then the entries in the
   * order they were created (a renamed entry moves to the end). `emit` is called for each until it
   * returns false (the caller's buffer is full: that entry is not consumed); the offset advances
   * past each accepted entry, so the next call continues where this one stopped, and entries
   * removed meanwhile are skipped. Returns how many were accepted (0 at the end). `NotDirectory` for
   * a file, `NotFound` once the directory was removed.
   */
  readDirectory(entry: DescriptorEntry<OpenFile>, emit: (info: DirectoryEntryInfo) => boolean): Result<number, ReadDirectoryError> {
    this.#own(entry);
    const dir = this.#inode;
    if (dir.kind !== FileType.Directory) return err(FsError.NotDirectory);
    if (dir.removed) return err(FsError.NotFound);
    let accepted = 0;
    const offer = (info: DirectoryEntryInfo): boolean => {
      if (!emit(info)) return false;
      entry.offset = info.nextPosition;
      accepted++;
      return true;
    };
    if (entry.offset === 0 && !offer({ name: ".", ino: dir.ino, type: FileType.Directory, nextPosition: 1 })) return ok(accepted);
    // At a filesystem root `parent` is the root itself, which is what Linux reports for `..` there.
    if (entry.offset === 1 && !offer({ name: "..", ino: dir.parent.ino, type: FileType.Directory, nextPosition: FIRST_ENTRY_COOKIE })) {
      return ok(accepted);
    }
    for (const [name, slot] of dir.entries) {
      if (slot.cookie < entry.offset) continue;
      if (!offer({ name, ino: slot.inode.ino, type: slot.inode.kind, nextPosition: slot.cookie + 1 })) break;
    }
    return ok(accepted);
  }

  /** Regular files and directories are always ready for reading and writing (as Linux reports). */
  pollEvents(): EventMask {
    return Events.IN | Events.OUT;
  }

  /** One more descriptor slot refers to this open file (the first one makes it count as open). */
  onDup(): void {
    if (this.#released) throw new InvariantViolation("OpenFileReleased", "an open file was put in a descriptor after its last one closed");
    if (this.#slots++ === 0) openInode(this.#inode);
  }

  /** One descriptor slot less; after the last, the inode is freed if no name refers to it. */
  onClose(): void {
    if (this.#slots === 0) throw new InvariantViolation("OpenFileReleased", "an open file was closed more often than duplicated");
    if (--this.#slots === 0) {
      this.#released = true;
      closeInode(this.#inode);
    }
  }

  #own(entry: DescriptorEntry<OpenFile>): void {
    if (entry.object !== this) throw new InvariantViolation("InvalidArgument", "the descriptor entry holds another open file");
  }

  #checkRead(): ReadError | undefined {
    if (!this.readable) return FsError.BadAccessMode;
    if (this.#inode.kind === FileType.Directory) return FsError.IsDirectory;
    return undefined;
  }

  #regular(): Extract<Inode, { kind: typeof FileType.Regular }> {
    if (this.#inode.kind !== FileType.Regular) throw new InvariantViolation("InvalidArgument", "not a regular file");
    return this.#inode;
  }

  #writeAt(position: number, source: Uint8Array): Result<number, WriteError> {
    const max = this.#maxFileSize;
    if (position >= max) return err(FsError.TooBig);
    const inode = this.#regular();
    const written = inode.content.write(position, source.subarray(0, Math.min(source.length, max - position)));
    if (written === 0) return err(FsError.NoSpace);
    touchModified(inode);
    return ok(written);
  }
}
