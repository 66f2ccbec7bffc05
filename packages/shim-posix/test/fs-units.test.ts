/**
 * The files part's small pieces on their own: the FsError → errno table, dirent and statx encoding
 * (timestamps before the epoch), the free-descriptor check, and the stat record of objects whose
 * subsystem has no stat operation or answers an error.
 */
import { describe, expect, it } from "vitest";
import { Descriptors, FdSubsystem, FileType, FsError, AccessMode, type FdEnabledSubsystemEntry } from "@litebox-ts/core";
import {
  AtFlag,
  Dirent64Layout,
  DirentType,
  Errno,
  StatxLayout,
  Sys,
  direntBytes,
  direntLength,
  fsErrno,
  statxBytes,
  type FileStat,
} from "../src/index";
import { hasFreeDescriptor } from "../src/fs/open";
import { createFsHarness, decodeStatx } from "./fs-support/fs-harness";
import { Script } from "./support/script-builder";

describe("fsErrno", () => {
  it("maps every FsError to the errno it is named after", () => {
    const expected: Record<FsError, number> = {
      NotFound: Errno.ENOENT,
      Exists: Errno.EEXIST,
      NotDirectory: Errno.ENOTDIR,
      IsDirectory: Errno.EISDIR,
      NotEmpty: Errno.ENOTEMPTY,
      ReadOnly: Errno.EROFS,
      NameTooLong: Errno.ENAMETOOLONG,
      InvalidArgument: Errno.EINVAL,
      TooBig: Errno.EFBIG,
      BadAccessMode: Errno.EBADF,
      PermissionDenied: Errno.EACCES,
      Busy: Errno.EBUSY,
      Loop: Errno.ELOOP,
      CrossDevice: Errno.EXDEV,
      NoSpace: Errno.ENOSPC,
    };
    expect(Object.keys(expected).sort()).toEqual(Object.values(FsError).sort());
    for (const error of Object.values(FsError)) expect(fsErrno(error)).toBe(expected[error]);
  });
});

describe("linux_dirent64 records", () => {
  it("are 19 bytes of header, the name, a NUL, padded to 8", () => {
    expect([0, 1, 4, 5, 12, 13, 255].map(direntLength)).toEqual([24, 24, 24, 32, 32, 40, 280]);
    const bytes = direntBytes(0x1_0000_0002, 77, FileType.Symlink, new TextEncoder().encode("abcde"));
    const v = new DataView(bytes.buffer);
    expect(bytes.length).toBe(32);
    expect(v.getBigUint64(Dirent64Layout.d_ino, true)).toBe(0x1_0000_0002n);
    expect(v.getBigInt64(Dirent64Layout.d_off, true)).toBe(77n);
    expect(v.getUint16(Dirent64Layout.d_reclen, true)).toBe(32);
    expect(bytes[Dirent64Layout.d_type]).toBe(DirentType.DT_LNK);
    expect([...bytes.subarray(19)]).toEqual([97, 98, 99, 100, 101, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("struct statx", () => {
  const stat: FileStat = {
    mode: 0o100644,
    ino: 5n,
    nlink: 1,
    uid: 1,
    gid: 2,
    size: 3n,
    rdev: { major: 0, minor: 0 },
    dev: { major: 0, minor: 40 },
    blksize: 4096,
    blocks: 8n,
    atimeNs: -1n,
    mtimeNs: 1_000_000_001n,
    ctimeNs: 0n,
  };

  it("writes a time before the epoch with a non-negative tv_nsec", () => {
    const bytes = statxBytes(stat, { filesystem: true, mountRoot: false, mountId: 40 }, 0x7ff);
    const v = new DataView(bytes.buffer);
    expect(v.getBigInt64(StatxLayout.stx_atime, true)).toBe(-1n);
    expect(v.getUint32(StatxLayout.stx_atime + 8, true)).toBe(999_999_999);
    expect(v.getBigInt64(StatxLayout.stx_mtime, true)).toBe(1n);
    expect(v.getUint32(StatxLayout.stx_mtime + 8, true)).toBe(1);
    expect(decodeStatx(bytes)).toMatchObject({ mode: 0o100644, attributes: 0n, mntId: 40n, blocks: 8n });
    // Birth time is not reported (zero, and STATX_BTIME is not in the mask).
    expect(v.getBigUint64(StatxLayout.stx_btime, true)).toBe(0n);
    expect(v.getUint32(StatxLayout.stx_mask, true) & 0x800).toBe(0);
  });
});

describe("hasFreeDescriptor", () => {
  it("is true while a number below the limit is free, whatever is open above it", () => {
    const table = new Descriptors();
    const storage = table.createStorage({ limit: 2 });
    class Thing implements FdEnabledSubsystemEntry {
      onDup(): void {}
      onClose(): void {}
    }
    const SUB = new FdSubsystem<Thing>("thing");
    expect(hasFreeDescriptor(storage)).toBe(true);
    table.open(storage, SUB, new Thing(), { accessMode: AccessMode.Read });
    table.open(storage, SUB, new Thing(), { accessMode: AccessMode.Read });
    expect(hasFreeDescriptor(storage)).toBe(false);
    storage.limit = 0;
    expect(hasFreeDescriptor(storage)).toBe(false);
  });
});

describe.each(["isolated", "shared"] as const)("stat of other objects on the %s test platform", (kind) => {
  class Widget implements FdEnabledSubsystemEntry {
    onDup(): void {}
    onClose(): void {}
  }

  it("an object whose subsystem has no stat operation is an anonymous inode (mode 0600, no type)", async () => {
    const h = createFsHarness({ kind, scripts: { idle: new Script().spin().steps } });
    const t = h.start("idle").process.leader!;
    const SUB = new FdSubsystem<Widget>("widget");
    const fd = h.litebox.descriptors().open(t.process.files, SUB, new Widget(), { accessMode: AccessMode.Read });
    expect(fd.ok).toBe(true);
    const st = await h.statx(t, "", AtFlag.AT_EMPTY_PATH, fd.ok ? fd.value : -1);
    expect(st).toMatchObject({ mode: 0o600, devMajor: 0, devMinor: 15, attributes: 0n });
    // No pread on it (ESPIPE), no fsync (EINVAL), not a directory (ENOTDIR).
    expect(await h.call(t, Sys.pread64, fd.ok ? fd.value : -1, 0x20000, 1, 0, 0)).toBe(-Errno.ESPIPE);
    expect(await h.call(t, Sys.fsync, fd.ok ? fd.value : -1)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.fchdir, fd.ok ? fd.value : -1)).toBe(-Errno.ENOTDIR);
  });

  it("a stat operation's error is statx's (and faccessat2's with AT_EMPTY_PATH)", async () => {
    const h = createFsHarness({ kind, scripts: { idle: new Script().spin().steps } });
    const t = h.start("idle").process.leader!;
    const SUB = new FdSubsystem<Widget>("failing");
    h.shim.fileOps.register(SUB, { stat: () => -Errno.EIO });
    const fd = h.litebox.descriptors().open(t.process.files, SUB, new Widget(), { accessMode: AccessMode.Read });
    const n = fd.ok ? fd.value : -1;
    expect(await h.statx(t, "", AtFlag.AT_EMPTY_PATH, n)).toBe(-Errno.EIO);
    expect(await h.call(t, Sys.faccessat2, n, h.str(t, ""), 4, AtFlag.AT_EMPTY_PATH)).toBe(-Errno.EIO);
  });
});
