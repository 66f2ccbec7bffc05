/**
 * `struct statx` as the kernel fills it (cp_statx), from the shim's {@link FileStat} and what the
 * syscall knows about the mount. rv32 has no other stat call: glibc's and the SDK's stat, fstat,
 * lstat and fstatat are all statx underneath.
 *
 * What Linux 6.18 reports for tmpfs (checked on the host), and so here: `stx_mask` =
 * STATX_BASIC_STATS | STATX_MNT_ID (STATX_MNT_ID_UNIQUE instead when asked for, the id then counted
 * from 2^31), except that tmpfs has multigrain timestamps (6.13 and later): `stx_mtime` and
 * `stx_ctime` are filled, and STATX_MTIME | STATX_CTIME reported, only when either was asked for.
 * Pipes and streams report the whole basic set. `stx_attributes_mask` = the attributes tmpfs and the
 * VFS know (immutable, append, nodump, automount, mount root, dax), STATX_ATTR_MOUNT_ROOT set on a
 * filesystem's root. Left out: the birth time (the core keeps none; tmpfs fills STATX_BTIME when
 * asked) — see the README.
 *
 * @module
 */
import { Errno } from "../abi/errno";
import { StatxLayout, StatxMask, StatxTimestampLayout } from "../abi/layouts";
import type { FileStat } from "../io/file-ops";
import { StructBuffer, type UserMemory } from "../memory/user-memory";

/** statx's `mask` bits this module knows beyond {@link StatxMask}. */
export const StatxMaskExtra = {
  /** STATX_DIOALIGN. */
  STATX_DIOALIGN: 0x2000,
  /** STATX_MNT_ID_UNIQUE: a 64-bit mount id that is never reused. */
  STATX_MNT_ID_UNIQUE: 0x4000,
  /** STATX__RESERVED: a request with it is EINVAL. */
  STATX__RESERVED: 0x8000_0000,
} as const;

/** `stx_attributes` bits. */
export const StatxAttribute = {
  STATX_ATTR_IMMUTABLE: 0x10,
  STATX_ATTR_APPEND: 0x20,
  STATX_ATTR_NODUMP: 0x40,
  STATX_ATTR_AUTOMOUNT: 0x1000,
  STATX_ATTR_MOUNT_ROOT: 0x2000,
  STATX_ATTR_DAX: 0x20_0000,
} as const;

/** The attributes every filesystem reports as supported (vfs_getattr_nosec and vfs_statx). */
const VFS_ATTRIBUTES = StatxAttribute.STATX_ATTR_AUTOMOUNT | StatxAttribute.STATX_ATTR_DAX | StatxAttribute.STATX_ATTR_MOUNT_ROOT;

/** The attributes tmpfs adds (shmem_getattr). */
const TMPFS_ATTRIBUTES = StatxAttribute.STATX_ATTR_IMMUTABLE | StatxAttribute.STATX_ATTR_APPEND | StatxAttribute.STATX_ATTR_NODUMP;

/** Where the stat record comes from, for the parts the record does not carry. */
export interface StatxSource {
  /** The object is a file or directory of the filesystem (tmpfs attributes) rather than a pipe or stream. */
  readonly filesystem: boolean;
  /** It is the root of a mounted filesystem. */
  readonly mountRoot: boolean;
  /** The mount's id (also the unique id's low part). */
  readonly mountId: number;
}

/** The first unique mount id (Linux counts them from 2^31, so they never look like old ids). */
const UNIQUE_MOUNT_ID_BASE = 1n << 31n;

/** The timestamps a multigrain filesystem fills only on request. */
const CHANGE_TIMES = StatxMask.STATX_MTIME | StatxMask.STATX_CTIME;

function putTimestamp(buffer: StructBuffer, offset: number, ns: bigint): void {
  // Floor division, so a time before the epoch keeps a non-negative tv_nsec.
  let sec = ns / 1_000_000_000n;
  let nsec = ns % 1_000_000_000n;
  if (nsec < 0n) {
    nsec += 1_000_000_000n;
    sec -= 1n;
  }
  buffer.u64(offset + StatxTimestampLayout.tv_sec, sec).u32(offset + StatxTimestampLayout.tv_nsec, Number(nsec));
}

/** The 256 bytes of `struct statx` for `stat`, answering `requested` (statx's mask argument). */
export function statxBytes(stat: FileStat, source: StatxSource, requested: number): Uint8Array {
  const unique = (requested & StatxMaskExtra.STATX_MNT_ID_UNIQUE) !== 0;
  const times = !source.filesystem || (requested & CHANGE_TIMES) !== 0;
  const basic = times ? StatxMask.STATX_BASIC_STATS : StatxMask.STATX_BASIC_STATS & ~CHANGE_TIMES;
  const mask = basic | (unique ? StatxMaskExtra.STATX_MNT_ID_UNIQUE : StatxMask.STATX_MNT_ID);
  const attributes = source.mountRoot ? StatxAttribute.STATX_ATTR_MOUNT_ROOT : 0;
  const attributesMask = VFS_ATTRIBUTES | (source.filesystem ? TMPFS_ATTRIBUTES : 0);
  const b = new StructBuffer(StatxLayout.SIZE)
    .u32(StatxLayout.stx_mask, mask)
    .u32(StatxLayout.stx_blksize, stat.blksize)
    .u64(StatxLayout.stx_attributes, attributes)
    .u32(StatxLayout.stx_nlink, stat.nlink)
    .u32(StatxLayout.stx_uid, stat.uid)
    .u32(StatxLayout.stx_gid, stat.gid)
    .u16(StatxLayout.stx_mode, stat.mode)
    .u64(StatxLayout.stx_ino, stat.ino)
    .u64(StatxLayout.stx_size, stat.size)
    .u64(StatxLayout.stx_blocks, stat.blocks)
    .u64(StatxLayout.stx_attributes_mask, attributesMask)
    .u32(StatxLayout.stx_rdev_major, stat.rdev.major)
    .u32(StatxLayout.stx_rdev_minor, stat.rdev.minor)
    .u32(StatxLayout.stx_dev_major, stat.dev.major)
    .u32(StatxLayout.stx_dev_minor, stat.dev.minor)
    .u64(StatxLayout.stx_mnt_id, unique ? UNIQUE_MOUNT_ID_BASE + BigInt(source.mountId) : BigInt(source.mountId));
  putTimestamp(b, StatxLayout.stx_atime, stat.atimeNs);
  if (times) {
    putTimestamp(b, StatxLayout.stx_ctime, stat.ctimeNs);
    putTimestamp(b, StatxLayout.stx_mtime, stat.mtimeNs);
  }
  return b.bytes;
}

/** Writes `struct statx` at `address`: 0, or `-EFAULT`. */
export function writeStatx(memory: UserMemory, address: number, stat: FileStat, source: StatxSource, requested: number): number {
  const written = memory.writeBytes(address, statxBytes(stat, source, requested));
  return written.ok ? 0 : -Errno.EFAULT;
}
