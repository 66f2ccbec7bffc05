/**
 * File-backed mmap: which descriptors may be mapped and how (`do_mmap`'s file checks, in Linux's
 * order), and filling a mapping with a file's bytes.
 *
 * The core's filesystem has no page cache shared with address spaces, so a file mapping is a
 * snapshot: its pages are private pages holding the file's bytes at mmap time (the rest of the last
 * page and pages past the end read as zeros). That is exactly MAP_PRIVATE for a file nobody writes
 * meanwhile. MAP_SHARED is served the same way as long as the mapping can never be written: a
 * shared writable file mapping would have to write back, which the snapshot cannot, so PROT_WRITE on
 * a MAP_SHARED file mapping is refused (ENODEV at mmap, EACCES at mprotect) — a deliberate difference
 * listed in the README. Only regular files of the core filesystem can be mapped; other objects
 * (pipes, the standard streams, directories) have no mmap operation: ENODEV, as on Linux.
 *
 * @module
 */
import { FILE_SUBSYSTEM, FileType, type DescriptorEntry, type OpenFile } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { MapFlag, ProtFlag } from "../abi/constants";
import { OpenFlag } from "../abi/fcntl";
import { isPathOnly } from "../fs/file-ops";
import type { PosixProcess } from "../process/posix-process";

/** The flags MAP_SHARED keeps and MAP_SHARED_VALIDATE accepts on riscv (`LEGACY_MAP_MASK`). */
export const LEGACY_MAP_MASK =
  MapFlag.MAP_SHARED |
  MapFlag.MAP_PRIVATE |
  MapFlag.MAP_FIXED |
  MapFlag.MAP_ANONYMOUS |
  MapFlag.MAP_DENYWRITE |
  MapFlag.MAP_EXECUTABLE |
  0x0400_0000 | // MAP_UNINITIALIZED
  MapFlag.MAP_GROWSDOWN |
  MapFlag.MAP_LOCKED |
  MapFlag.MAP_NORESERVE |
  MapFlag.MAP_POPULATE |
  MapFlag.MAP_NONBLOCK |
  MapFlag.MAP_STACK |
  MapFlag.MAP_HUGETLB |
  (21 << 26) | // MAP_HUGE_2MB
  (30 << 26); // MAP_HUGE_1GB

/** A file the mapping will be filled from. */
export interface FileSource {
  /** The open file. */
  readonly file: OpenFile;
  /** False when the mapping may never become writable (MAP_SHARED of a file not open for writing). */
  readonly mayWrite: boolean;
}

/**
 * Looks up `fd` for mmap (`fget`): EBADF for a closed number or an O_PATH descriptor. Done before
 * everything else, as `ksys_mmap_pgoff` does.
 */
export function mappableEntry(process: PosixProcess, fd: number): DescriptorEntry | number {
  const entry = process.files.entry(fd);
  if (!entry.ok) return -Errno.EBADF;
  if (isPathOnly(entry.value)) return -Errno.EBADF;
  return entry.value;
}

/**
 * `do_mmap`'s checks of a file mapping, in Linux's order: an O_PATH descriptor first (EBADF: `fget`
 * never hands one out, whatever the flags), the mapping type (EINVAL), unknown flags
 * with MAP_SHARED_VALIDATE (EOPNOTSUPP), PROT_WRITE on MAP_SHARED without write access (EACCES), no
 * read access (EACCES), no mmap operation (ENODEV), MAP_GROWSDOWN (EINVAL); then this layer's own
 * refusal of shared writable file mappings (ENODEV).
 */
export function checkFileMapping(entry: DescriptorEntry, prot: number, flags: number): FileSource | number {
  // O_PATH entries are marked readable (the core's access mode), so without this they would pass.
  if (isPathOnly(entry)) return -Errno.EBADF;
  // Access mode 3 (ioctl only) keeps its O_WRONLY status bit and grants neither read nor write.
  const ioctlOnly = (entry.statusFlags & OpenFlag.O_ACCMODE) !== 0;
  const canRead = entry.readable && !ioctlOnly;
  const canWrite = entry.writable && !ioctlOnly;
  const type = flags & MapFlag.MAP_TYPE;
  let mayWrite = true;
  if (type === MapFlag.MAP_SHARED || type === MapFlag.MAP_SHARED_VALIDATE) {
    if (type === MapFlag.MAP_SHARED_VALIDATE && (flags & ~LEGACY_MAP_MASK) !== 0) return -Errno.EOPNOTSUPP;
    if ((prot & ProtFlag.PROT_WRITE) !== 0 && !canWrite) return -Errno.EACCES;
    mayWrite = false;
  } else if (type !== MapFlag.MAP_PRIVATE) {
    return -Errno.EINVAL;
  }
  if (!canRead) return -Errno.EACCES;
  const file = entry.is(FILE_SUBSYSTEM) ? entry.object : undefined;
  if (file === undefined || file.type !== FileType.Regular) return -Errno.ENODEV;
  if ((flags & MapFlag.MAP_GROWSDOWN) !== 0) return -Errno.EINVAL;
  // Deliberate difference (README M1): a shared mapping cannot write back to the file.
  if (!mayWrite && (prot & ProtFlag.PROT_WRITE) !== 0) return -Errno.ENODEV;
  return { file, mayWrite };
}

const CHUNK = 64 * 1024;

/**
 * Copies the file's bytes from `position` into the freshly mapped `[address, address + length)` of
 * `space` (zero pages already; holes and the part past the end stay zero — README M2: Linux would
 * raise SIGBUS past the end). `write` ignores the
 * pages' protection (a loader's forced write). False if the platform refused a write.
 */
export function fillFromFile(
  source: FileSource,
  position: number,
  address: number,
  length: number,
  write: (address: number, bytes: Uint8Array) => boolean,
): boolean {
  const buffer = new Uint8Array(Math.min(CHUNK, length));
  for (let done = 0; done < length; done += CHUNK) {
    const view = buffer.subarray(0, Math.min(CHUNK, length - done));
    const read = source.file.pread(view, position + done);
    const n = read.ok ? read.value : 0;
    if (n === 0) return true;
    if (!write(address + done, view.subarray(0, n))) return false;
    if (n < view.length) return true;
  }
  return true;
}
