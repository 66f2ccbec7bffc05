/**
 * openat: every flag and errno branch, the order Linux checks them in, and what the new descriptor
 * holds (F_GETFL, close-on-exec, O_APPEND, O_PATH and access mode 3).
 */
import { describe, expect, it } from "vitest";
import { FILE_SUBSYSTEM } from "@litebox-ts/core";
import { AtFlag, Errno, FD_CLOEXEC, FcntlCmd, OpenFlag, Sys, credentials, type PosixThread } from "../src/index";
import { BUF, OUT, createFsHarness, type FsHarness } from "./fs-support/fs-harness";
import { Script } from "./support/script-builder";

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, O_NONBLOCK, O_PATH } =
  OpenFlag;
const O_LARGEFILE = OpenFlag.O_LARGEFILE;
const O_TMPFILE = 0o20200000;
const AT_FDCWD = AtFlag.AT_FDCWD;
const scripts = { idle: new Script().spin().steps };
const files = [
  { path: "etc/motd", data: "hello\n", mode: 0o644 },
  { path: "etc/secret", data: "s", mode: 0o600, uid: 7 },
  { path: "etc/link", symlink: "motd" },
  { path: "etc/loop", symlink: "loop" },
  { path: "home", directory: true as const, mode: 0o755 },
];

function setup(kind: "isolated" | "shared"): { h: FsHarness; t: PosixThread } {
  const h = createFsHarness({ kind, scripts, files });
  const t = h.start("idle", { cwd: "/tmp" }).process.leader!;
  return { h, t };
}

describe.each(["isolated", "shared"] as const)("openat on the %s test platform", (kind) => {
  it("creates with mode & ~umask, reads back, and O_EXCL refuses an existing name", async () => {
    const { h, t } = setup(kind);
    t.process.umask = 0o027;
    const fd = await h.open(t, "new.txt", O_CREAT | O_EXCL | O_WRONLY, 0o7777);
    expect(fd).toBe(3);
    expect(await h.call(t, Sys.write, fd, h.str(t, "abc"), 3)).toBe(3);
    const st = await h.statx(t, "new.txt");
    expect(typeof st === "object" && (st.mode & 0o7777).toString(8)).toBe("7750");
    expect(h.readText("/tmp/new.txt")).toBe("abc");
    expect(await h.open(t, "new.txt", O_CREAT | O_EXCL | O_WRONLY, 0o644)).toBe(-Errno.EEXIST);
    // O_EXCL without O_CREAT is ignored.
    expect(await h.open(t, "new.txt", O_EXCL | O_RDONLY)).toBe(4);
  });

  it("O_TRUNC empties, O_APPEND writes at the end whatever the offset, O_CREAT on an existing file opens it", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "f", O_CREAT | O_RDWR, 0o644);
    await h.call(t, Sys.write, fd, h.str(t, "0123456789"), 10);
    const again = await h.open(t, "f", O_CREAT | O_WRONLY | O_APPEND, 0o600);
    await h.call(t, Sys.llseek, again, 0, 0, OUT, 0);
    expect(await h.call(t, Sys.write, again, h.str(t, "AB"), 2)).toBe(2);
    expect(h.readText("/tmp/f")).toBe("0123456789AB");
    const st = await h.statx(t, "f");
    expect(typeof st === "object" && st.mode & 0o777).toBe(0o644); // the existing file kept its mode
    expect(await h.open(t, "f", O_RDONLY | O_TRUNC)).toBeGreaterThan(0); // O_RDONLY|O_TRUNC truncates, as Linux
    expect(h.readText("/tmp/f")).toBe("");
  });

  it("F_GETFL reports the access mode and the kept flags; O_CLOEXEC is the descriptor's flag", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "g", O_CREAT | O_EXCL | O_TRUNC | O_RDWR | O_APPEND | O_NONBLOCK | O_CLOEXEC | O_LARGEFILE, 0o644);
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_GETFL)).toBe(O_RDWR | O_APPEND | O_NONBLOCK | O_LARGEFILE);
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_GETFD)).toBe(FD_CLOEXEC);
    const dir = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.fcntl64, dir, FcntlCmd.F_GETFL)).toBe(O_DIRECTORY);
    expect(await h.call(t, Sys.fcntl64, dir, FcntlCmd.F_GETFD)).toBe(0);
    // Unknown bits are dropped silently (open(2) does not check them).
    const odd = await h.open(t, "/etc/motd", O_RDONLY | 0x4000_0000);
    expect(await h.call(t, Sys.fcntl64, odd, FcntlCmd.F_GETFL)).toBe(O_RDONLY);
  });

  it("the checks before the lookup: EINVAL for O_CREAT|O_DIRECTORY and bad O_TMPFILE, then EFAULT, ENAMETOOLONG, ENOENT", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.openat, AT_FDCWD, 0, O_CREAT | O_DIRECTORY, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.openat, AT_FDCWD, 0, O_TMPFILE | O_RDONLY, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.openat, AT_FDCWD, 0, 0o20000000 | O_RDWR, 0)).toBe(-Errno.EINVAL); // __O_TMPFILE without O_DIRECTORY
    expect(await h.call(t, Sys.openat, AT_FDCWD, 0, O_RDONLY, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.openat, AT_FDCWD, 0xffff_fff0, O_RDONLY, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.openat, AT_FDCWD, h.str(t, "a".repeat(4096)), O_RDONLY, 0)).toBe(-Errno.ENAMETOOLONG);
    expect(await h.call(t, Sys.openat, AT_FDCWD, h.str(t, ""), O_RDONLY, 0)).toBe(-Errno.ENOENT);
    // The empty path is ENOENT before the dirfd is looked at.
    expect(await h.call(t, Sys.openat, 99, h.str(t, ""), O_RDONLY, 0)).toBe(-Errno.ENOENT);
  });

  it("O_TMPFILE: the directory's errors, EROFS on the read-only root, then EOPNOTSUPP", async () => {
    const { h, t } = setup(kind);
    expect(await h.open(t, "missing", O_TMPFILE | O_RDWR)).toBe(-Errno.ENOENT);
    expect(await h.open(t, "/etc/motd", O_TMPFILE | O_RDWR)).toBe(-Errno.ENOTDIR);
    expect(await h.open(t, "/home", O_TMPFILE | O_RDWR)).toBe(-Errno.EROFS);
    expect(await h.open(t, ".", O_TMPFILE | O_WRONLY)).toBe(-Errno.EOPNOTSUPP);
    expect(h.vfs.openFileCount).toBe(0);
  });

  it("dirfd: an open directory, EBADF for a closed number, ENOTDIR for a file or a pipe, ignored for absolute paths", async () => {
    const { h, t } = setup(kind);
    const etc = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    const motd = await h.call(t, Sys.openat, etc, h.str(t, "motd"), O_RDONLY, 0);
    expect(motd).toBeGreaterThan(etc);
    expect(await h.call(t, Sys.read, motd, BUF, 64)).toBe(6);
    expect(await h.call(t, Sys.openat, 77, h.str(t, "motd"), O_RDONLY, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.openat, -5, h.str(t, "motd"), O_RDONLY, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.openat, motd, h.str(t, "x"), O_RDONLY, 0)).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.openat, 1, h.str(t, "x"), O_RDONLY, 0)).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.openat, 77, h.str(t, "/etc/motd"), O_RDONLY, 0)).toBeGreaterThan(0);
    // An O_PATH directory works as a dirfd too.
    const pathOnly = await h.open(t, "/etc", O_PATH);
    expect(await h.call(t, Sys.openat, pathOnly, h.str(t, "motd"), O_RDONLY, 0)).toBeGreaterThan(0);
  });

  it("the filesystem's errors: ENOENT, ENOTDIR, EISDIR, ELOOP, EROFS, EEXIST through a link, EACCES", async () => {
    const { h, t } = setup(kind);
    expect(await h.open(t, "missing", O_RDONLY)).toBe(-Errno.ENOENT);
    expect(await h.open(t, "missing/x", O_CREAT | O_WRONLY, 0o644)).toBe(-Errno.ENOENT);
    expect(await h.open(t, "/etc/motd/x", O_RDONLY)).toBe(-Errno.ENOTDIR);
    expect(await h.open(t, "/etc/motd", O_RDONLY | O_DIRECTORY)).toBe(-Errno.ENOTDIR);
    expect(await h.open(t, "/etc", O_WRONLY)).toBe(-Errno.EISDIR);
    expect(await h.open(t, "/etc", O_CREAT | O_RDONLY, 0o644)).toBe(-Errno.EISDIR);
    expect(await h.open(t, "/etc/link", O_RDONLY | O_NOFOLLOW)).toBe(-Errno.ELOOP);
    expect(await h.open(t, "/etc/loop", O_RDONLY)).toBe(-Errno.ELOOP);
    expect(await h.open(t, "/etc/link", O_RDONLY)).toBeGreaterThan(0); // followed
    expect(await h.open(t, "/etc/motd", O_RDWR)).toBe(-Errno.EROFS);
    expect(await h.open(t, "/etc/new", O_CREAT | O_WRONLY, 0o644)).toBe(-Errno.EROFS);
    expect(await h.open(t, "/etc/link", O_CREAT | O_EXCL | O_WRONLY, 0o644)).toBe(-Errno.EEXIST);
    expect(await h.open(t, `${"n".repeat(256)}`, O_RDONLY)).toBe(-Errno.ENAMETOOLONG);
    t.process.credentials = credentials(1000, 1000);
    expect(await h.open(t, "/etc/secret", O_RDONLY)).toBe(-Errno.EACCES);
    expect(await h.open(t, "/etc/motd", O_RDONLY)).toBeGreaterThan(0);
  });

  it("EMFILE is decided before the lookup: a failing O_CREAT creates nothing", async () => {
    const { h, t } = setup(kind);
    t.process.files.limit = 3;
    expect(await h.open(t, "made", O_CREAT | O_WRONLY, 0o644)).toBe(-Errno.EMFILE);
    expect(h.vfs.stat(h.vfs.root, "/tmp/made").ok).toBe(false);
    expect(await h.open(t, "missing", O_RDONLY)).toBe(-Errno.EMFILE);
    // A free number below the limit is found even when numbers at or above it are in use too.
    t.process.files.limit = 10;
    for (let i = 3; i < 10; i++) expect(await h.open(t, "/etc/motd", O_RDONLY)).toBe(i);
    expect(await h.call(t, Sys.close, 4)).toBe(0);
    t.process.files.limit = 9; // nine numbers in use (0-3, 5-9): count ≥ limit, but 4 is free
    expect(await h.open(t, "/etc/motd", O_RDONLY)).toBe(4);
    expect(await h.open(t, "/etc/motd", O_RDONLY)).toBe(-Errno.EMFILE);
  });

  it("O_PATH: no I/O (EBADF), but fstat, fchdir, F_GETFL and close work", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_PATH | O_RDWR | O_CREAT | O_TRUNC | O_APPEND);
    expect(fd).toBeGreaterThan(0);
    expect(h.readText("/etc/motd")).toBe("hello\n"); // O_TRUNC dropped
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_GETFL)).toBe(O_PATH);
    expect(await h.call(t, Sys.read, fd, BUF, 4)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.write, fd, BUF, 4)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.llseek, fd, 0, 0, OUT, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.pread64, fd, BUF, 4, 0, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.getdents64, fd, BUF, 1024)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.ftruncate64, fd, 0, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.fsync, fd)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.ioctl, fd, 0x541b, OUT)).toBe(-Errno.EBADF);
    const st = await h.statx(t, "", AtFlag.AT_EMPTY_PATH, fd);
    expect(typeof st === "object" && st.size).toBe(6n);
    const dir = await h.open(t, "/etc", O_PATH | O_DIRECTORY);
    expect(await h.call(t, Sys.fcntl64, dir, FcntlCmd.F_GETFL)).toBe(O_PATH | O_DIRECTORY);
    expect(await h.call(t, Sys.fchdir, dir)).toBe(0);
    expect(t.process.cwd).toBe("/etc");
    expect(await h.call(t, Sys.close, fd)).toBe(0);
  });

  it("access mode 3 needs read and write permission and then allows neither (F_GETFL 3)", async () => {
    const { h, t } = setup(kind);
    expect(await h.open(t, "/etc/motd", 3)).toBe(-Errno.EROFS);
    expect(await h.open(t, "/etc", 3)).toBe(-Errno.EISDIR);
    const fd = await h.open(t, "m3", O_CREAT | 3, 0o644);
    expect(fd).toBeGreaterThan(0);
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_GETFL)).toBe(3);
    expect(await h.call(t, Sys.read, fd, BUF, 1)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.write, fd, BUF, 1)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.pwrite64, fd, BUF, 1, 0, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.ftruncate64, fd, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.llseek, fd, 0, 0, OUT, 0)).toBe(0); // seeking is allowed
  });

  it("the open file lives in a FILE_SUBSYSTEM entry; close releases it", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_RDONLY);
    expect(t.process.files.get(fd, FILE_SUBSYSTEM).ok).toBe(true);
    expect(h.vfs.openFileCount).toBe(1);
    expect(await h.call(t, Sys.close, fd)).toBe(0);
    expect(h.vfs.openFileCount).toBe(0);
  });
});
