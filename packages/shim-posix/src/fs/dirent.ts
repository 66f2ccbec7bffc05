/**
 * getdents64's records: `struct linux_dirent64` (d_ino u64, d_off s64, d_reclen u16, d_type u8,
 * the NUL-terminated name), each padded to 8 bytes. `d_off` is the stream position after the entry,
 * which a later lseek may return to — the core's `nextPosition`, as filldir64 writes it.
 *
 * @module
 */
import { FileType } from "@litebox-ts/core";
import { Dirent64Layout } from "../abi/layouts";
import { StructBuffer } from "../memory/user-memory";

/** `d_type` values (DT_*). */
export const DirentType = {
  DT_UNKNOWN: 0,
  DT_FIFO: 1,
  DT_CHR: 2,
  DT_DIR: 4,
  DT_BLK: 6,
  DT_REG: 8,
  DT_LNK: 10,
  DT_SOCK: 12,
} as const;

/** The `d_type` of a filesystem object. */
export function direntType(type: FileType): number {
  switch (type) {
    case FileType.Regular:
      return DirentType.DT_REG;
    case FileType.Directory:
      return DirentType.DT_DIR;
    case FileType.Symlink:
      return DirentType.DT_LNK;
  }
}

/** The record length of a name of `nameBytes` bytes: header, name, NUL, padded to 8. */
export function direntLength(nameBytes: number): number {
  return (Dirent64Layout.d_name + nameBytes + 1 + 7) & ~7;
}

/** One record's bytes. */
export function direntBytes(ino: number, nextPosition: number, type: FileType, name: Uint8Array): Uint8Array {
  const length = direntLength(name.length);
  return new StructBuffer(length)
    .u64(Dirent64Layout.d_ino, ino)
    .u64(Dirent64Layout.d_off, nextPosition)
    .u16(Dirent64Layout.d_reclen, length)
    .u8(Dirent64Layout.d_type, direntType(type))
    .set(Dirent64Layout.d_name, name).bytes;
}
