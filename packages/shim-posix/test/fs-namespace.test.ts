/**
 * The name syscalls — mkdirat, unlinkat, renameat2, symlinkat, readlinkat, faccessat(2), getcwd,
 * chdir, fchdir — with every errno branch, and the current directory as a process keeps it: a
 * directory, not a string (it follows renames and outlives removal), inherited by fork, kept by
 * execve.
 */
import { describe, expect, it } from "vitest";
import { AtFlag, Errno, OpenFlag, RenameFlag, Signal, Sys, credentials, type PosixThread } from "../src/index";
import { BUF, OUT, createFsHarness, type FsHarness } from "./fs-support/fs-harness";
import { Script } from "./support/script-builder";

const { O_RDONLY, O_WRONLY, O_CREAT, O_DIRECTORY, O_PATH } = OpenFlag;
const { AT_FDCWD, AT_REMOVEDIR, AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, AT_EACCESS } = AtFlag;
const { RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT } = RenameFlag;
const R_OK = 4;
const W_OK = 2;
const X_OK = 1;
const scripts = { idle: new Script().spin().steps, other: new Script().spin().steps };
const files = [
  { path: "etc/motd", data: "hi\n", mode: 0o644 },
  { path: "etc/tool", data: "x", mode: 0o750, uid: 3, gid: 4 },
  { path: "etc/link", symlink: "motd" },
  { path: "locked", directory: true as const, mode: 0o700 },
];
const decoder = new TextDecoder();

function setup(kind: "isolated" | "shared"): { h: FsHarness; t: PosixThread } {
  const h = createFsHarness({ kind, scripts, files });
  const t = h.start("idle", { cwd: "/tmp" }).process.leader!;
  return { h, t };
}

async function getcwd(h: FsHarness, t: PosixThread): Promise<string | number> {
  const n = await h.call(t, Sys.getcwd, BUF, 4096);
  return n < 0 ? n : decoder.decode(h.peek(t, BUF, n - 1));
}

describe.each(["isolated", "shared"] as const)("name syscalls on the %s test platform", (kind) => {
  it("mkdirat: mode & ~umask & 01777, dirfd, EEXIST, ENOENT, ENOTDIR, EROFS, EFAULT, ENAMETOOLONG", async () => {
    const { h, t } = setup(kind);
    t.process.umask = 0o022;
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "a"), 0o7777)).toBe(0);
    expect(await h.statx(t, "a")).toMatchObject({ mode: 0o41755 });
    const a = await h.open(t, "a", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.mkdirat, a, h.str(t, "b/"), 0o700)).toBe(0);
    expect(await h.statx(t, "a/b")).toMatchObject({ mode: 0o40700 });
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "a"), 0o755)).toBe(-Errno.EEXIST);
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "."), 0o755)).toBe(-Errno.EEXIST);
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "no/c"), 0o755)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "/etc/motd/c"), 0o755)).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "/etc/new"), 0o755)).toBe(-Errno.EROFS);
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, 0, 0o755)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, ""), 0o755)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "n".repeat(256)), 0o755)).toBe(-Errno.ENAMETOOLONG);
    expect(await h.call(t, Sys.mkdirat, 99, h.str(t, "z"), 0o755)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.mkdirat, 1, h.str(t, "z"), 0o755)).toBe(-Errno.ENOTDIR);
  });

  it("unlinkat: files and (AT_REMOVEDIR) directories; EINVAL flags, EISDIR, ENOTDIR, ENOTEMPTY, EINVAL '.', EBUSY '/', EROFS", async () => {
    const { h, t } = setup(kind);
    await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "d"), 0o755);
    await h.open(t, "d/f", O_CREAT | O_WRONLY, 0o644);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "d"), 0x1)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, 0, 0x1)).toBe(-Errno.EINVAL); // flags before the path
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "d"), 0)).toBe(-Errno.EISDIR);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "d/f"), AT_REMOVEDIR)).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "d"), AT_REMOVEDIR)).toBe(-Errno.ENOTEMPTY);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "."), AT_REMOVEDIR)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "/"), AT_REMOVEDIR)).toBe(-Errno.EBUSY);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "/etc/motd"), 0)).toBe(-Errno.EROFS);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "missing"), 0)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, ""), 0)).toBe(-Errno.ENOENT);
    const d = await h.open(t, "d", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.unlinkat, d, h.str(t, "f"), 0)).toBe(0);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "d"), AT_REMOVEDIR)).toBe(0);
    expect(await h.statx(t, "d")).toBe(-Errno.ENOENT);
  });

  it("an unlinked file stays readable through its descriptor (nlink 0) until the last close", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "gone", O_CREAT | OpenFlag.O_RDWR, 0o644);
    await h.call(t, Sys.write, fd, h.str(t, "kept"), 4);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "gone"), 0)).toBe(0);
    expect(await h.call(t, Sys.pread64, fd, BUF, 4, 0, 0)).toBe(4);
    expect(decoder.decode(h.peek(t, BUF, 4))).toBe("kept");
    expect(await h.statx(t, "", AT_EMPTY_PATH, fd)).toMatchObject({ nlink: 0 });
    expect(h.vfs.orphanedInodeCount).toBe(1);
    await h.call(t, Sys.close, fd);
    expect(h.vfs.orphanedInodeCount).toBe(0);
  });

  it("renameat2: renames; RENAME_NOREPLACE refuses an existing target; EXCHANGE and WHITEOUT are EINVAL; EXDEV; flag EINVAL first", async () => {
    const { h, t } = setup(kind);
    await h.open(t, "a", O_CREAT | O_WRONLY, 0o644);
    await h.open(t, "b", O_CREAT | O_WRONLY, 0o644);
    const rename = (from: string, to: string, flags = 0, olddir: number = AT_FDCWD, newdir: number = AT_FDCWD): Promise<number> =>
      h.call(t, Sys.renameat2, olddir, h.str(t, from), newdir, h.str(t, to), flags);
    expect(await h.call(t, Sys.renameat2, AT_FDCWD, 0, AT_FDCWD, 0, 0x8)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.renameat2, AT_FDCWD, 0, AT_FDCWD, 0, RENAME_NOREPLACE | RENAME_EXCHANGE)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.renameat2, AT_FDCWD, 0, AT_FDCWD, 0, RENAME_WHITEOUT | RENAME_EXCHANGE)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.renameat2, AT_FDCWD, 0, AT_FDCWD, h.str(t, "x"), 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.renameat2, 99, h.str(t, "a"), AT_FDCWD, 0, 0)).toBe(-Errno.EBADF); // old dirfd before the new path
    expect(await h.call(t, Sys.renameat2, AT_FDCWD, h.str(t, "a"), AT_FDCWD, 0, 0)).toBe(-Errno.EFAULT);
    expect(await rename("a", "z", 0, AT_FDCWD, 99)).toBe(-Errno.EBADF);
    expect(await rename("a", "b", RENAME_NOREPLACE)).toBe(-Errno.EEXIST);
    expect(await rename("missing", "c", RENAME_NOREPLACE)).toBe(-Errno.ENOENT);
    expect(await rename("a", "b", RENAME_EXCHANGE)).toBe(-Errno.EINVAL);
    expect(await rename("a", "w", RENAME_WHITEOUT)).toBe(-Errno.EINVAL);
    expect(await rename("a", "c", RENAME_NOREPLACE)).toBe(0);
    expect(await h.statx(t, "a")).toBe(-Errno.ENOENT);
    expect(await rename("c", "b")).toBe(0); // replaces b
    expect(await rename("b", "/etc/b")).toBe(-Errno.EXDEV);
    expect(await rename("/etc/motd", "/etc/m2")).toBe(-Errno.EROFS);
    expect(await rename("", "x")).toBe(-Errno.ENOENT);
  });

  it("symlinkat and readlinkat: the target, truncated to the buffer without a NUL; EINVAL for a non-link and a size ≤ 0", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.symlinkat, h.str(t, "/etc/motd"), AT_FDCWD, h.str(t, "l"))).toBe(0);
    h.poke(t, BUF, "XXXXXXXXXXXXXXXX");
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, h.str(t, "l"), BUF, 64)).toBe(9);
    expect(decoder.decode(h.peek(t, BUF, 10))).toBe("/etc/motdX");
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, h.str(t, "l"), BUF, 4)).toBe(4);
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, h.str(t, "l"), BUF, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, h.str(t, "l"), BUF, -1)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, 0, BUF, 0)).toBe(-Errno.EINVAL); // size first
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, h.str(t, "/etc/motd"), BUF, 64)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, h.str(t, "missing"), BUF, 64)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, h.str(t, "l"), 0x10, 64)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, 0, BUF, 64)).toBe(-Errno.EFAULT);
    // The empty path names the dirfd, which is no link: ENOENT; a bad dirfd is EBADF first.
    expect(await h.call(t, Sys.readlinkat, AT_FDCWD, h.str(t, ""), BUF, 64)).toBe(-Errno.ENOENT);
    const fd = await h.open(t, "/etc/motd", O_PATH);
    expect(await h.call(t, Sys.readlinkat, fd, h.str(t, ""), BUF, 64)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.readlinkat, 99, h.str(t, ""), BUF, 64)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.readlinkat, fd, h.str(t, "x"), BUF, 64)).toBe(-Errno.ENOTDIR);
    const etc = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.readlinkat, etc, h.str(t, "link"), BUF, 64)).toBe(4);
    // symlinkat's errors: target and path (EFAULT, ENOENT for empty ones), EEXIST, EROFS.
    expect(await h.call(t, Sys.symlinkat, 0, AT_FDCWD, h.str(t, "m"))).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.symlinkat, h.str(t, ""), AT_FDCWD, h.str(t, "m"))).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.symlinkat, h.str(t, "x"), AT_FDCWD, h.str(t, ""))).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.symlinkat, h.str(t, "x"), AT_FDCWD, h.str(t, "l"))).toBe(-Errno.EEXIST);
    expect(await h.call(t, Sys.symlinkat, h.str(t, "x"), AT_FDCWD, h.str(t, "/etc/x"))).toBe(-Errno.EROFS);
    expect(await h.call(t, Sys.symlinkat, h.str(t, "x"), 99, h.str(t, "y"))).toBe(-Errno.EBADF);
  });

  it("faccessat and faccessat2: rights as root and as another user, EROFS, EACCES, AT_EMPTY_PATH, EINVAL", async () => {
    const { h, t } = setup(kind);
    const access = (path: string, mode: number, flags?: number, dirfd: number = AT_FDCWD): Promise<number> =>
      flags === undefined
        ? h.call(t, Sys.faccessat, dirfd, h.str(t, path), mode)
        : h.call(t, Sys.faccessat2, dirfd, h.str(t, path), mode, flags);
    expect(await access("/etc/motd", R_OK)).toBe(0);
    expect(await access("/etc/motd", 0)).toBe(0);
    expect(await access("/etc/motd", X_OK)).toBe(-Errno.EACCES); // root needs an x bit to execute
    expect(await access("/etc/tool", X_OK)).toBe(0);
    expect(await access("/etc/motd", W_OK)).toBe(-Errno.EROFS);
    expect(await access("/tmp", W_OK | X_OK)).toBe(0);
    expect(await access("/missing", 0)).toBe(-Errno.ENOENT);
    expect(await access("/etc/motd", 8)).toBe(-Errno.EINVAL);
    expect(await access("/etc/motd", R_OK, 0x1)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.faccessat2, AT_FDCWD, 0, 8, 0)).toBe(-Errno.EINVAL); // mode before the path
    expect(await access("", R_OK)).toBe(-Errno.ENOENT);
    expect(await access("/etc/link", R_OK, AT_SYMLINK_NOFOLLOW)).toBe(0);
    t.process.credentials = credentials(1000, 1000);
    expect(await access("/etc/tool", X_OK)).toBe(-Errno.EACCES);
    expect(await access("/locked/x", 0)).toBe(-Errno.EACCES); // no search permission
    // The real ids by default, the effective (filesystem) ones with AT_EACCESS.
    t.process.credentials = { ...credentials(1000, 1000), euid: 3, fsuid: 3 };
    expect(await access("/etc/tool", X_OK, 0)).toBe(-Errno.EACCES);
    expect(await access("/etc/tool", X_OK, AT_EACCESS)).toBe(0);
    t.process.credentials = credentials(0, 0);
    // AT_EMPTY_PATH: the descriptor itself, a file or a directory or a pipe.
    const motd = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await access("", R_OK, AT_EMPTY_PATH, motd)).toBe(0);
    expect(await access("", X_OK, AT_EMPTY_PATH, motd)).toBe(-Errno.EACCES);
    const tool = await h.open(t, "/etc/tool", O_RDONLY);
    expect(await access("", X_OK, AT_EMPTY_PATH, tool)).toBe(0);
    const etc = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    expect(await access("", W_OK, AT_EMPTY_PATH, etc)).toBe(-Errno.EROFS);
    expect(await access("", X_OK, AT_EMPTY_PATH, AT_FDCWD)).toBe(0);
    expect(await access("", R_OK, AT_EMPTY_PATH, 1)).toBe(0);
    expect(await access("", X_OK, AT_EMPTY_PATH, 1)).toBe(-Errno.EACCES);
    expect(await access("", R_OK, AT_EMPTY_PATH, 99)).toBe(-Errno.EBADF);
    t.process.credentials = credentials(1000, 1000);
    expect(await access("", R_OK, AT_EMPTY_PATH, tool)).toBe(-Errno.EACCES); // tool is 0750, owned by 3:4
    expect(await access("", R_OK, AT_EMPTY_PATH, motd)).toBe(0);
  });

  it("getcwd: the path with its NUL counted; ERANGE for a small buffer; EFAULT; ENOENT once removed", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.getcwd, BUF, 4096)).toBe(5);
    expect(decoder.decode(h.peek(t, BUF, 5))).toBe("/tmp\0");
    expect(await h.call(t, Sys.getcwd, BUF, 5)).toBe(5);
    expect(await h.call(t, Sys.getcwd, BUF, 4)).toBe(-Errno.ERANGE);
    expect(await h.call(t, Sys.getcwd, 0, 0)).toBe(-Errno.ERANGE);
    expect(await h.call(t, Sys.getcwd, 0x10, 4096)).toBe(-Errno.EFAULT);
    await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "x"), 0o755);
    await h.call(t, Sys.chdir, h.str(t, "x"));
    await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "/tmp/x"), AT_REMOVEDIR);
    expect(await h.call(t, Sys.getcwd, BUF, 4096)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.getcwd, BUF, 1)).toBe(-Errno.ENOENT); // before the size check
  });

  it("getcwd: ENAMETOOLONG when the path would not fit PATH_MAX", async () => {
    const { h, t } = setup(kind);
    const name = "d".repeat(200);
    for (let i = 0; i < 21; i++) {
      expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, name), 0o755)).toBe(0);
      expect(await h.call(t, Sys.chdir, h.str(t, name))).toBe(0);
    }
    expect(await h.call(t, Sys.getcwd, BUF, 8192)).toBe(-Errno.ENAMETOOLONG);
  });

  it("chdir and fchdir: ENOENT, ENOTDIR, EACCES, EBADF, EFAULT; relative paths then start there", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.chdir, h.str(t, "/etc"))).toBe(0);
    expect(await getcwd(h, t)).toBe("/etc");
    expect(t.process.cwd).toBe("/etc");
    expect(await h.open(t, "motd", O_RDONLY)).toBeGreaterThan(0);
    expect(await h.call(t, Sys.chdir, h.str(t, "motd"))).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.chdir, h.str(t, "nope"))).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.chdir, h.str(t, ""))).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.chdir, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.chdir, h.str(t, ".."))).toBe(0);
    expect(await getcwd(h, t)).toBe("/");
    const motd = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await h.call(t, Sys.fchdir, motd)).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.fchdir, 1)).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.fchdir, 99)).toBe(-Errno.EBADF);
    const locked = await h.open(t, "/locked", O_RDONLY | O_DIRECTORY);
    t.process.credentials = credentials(1000, 1000);
    expect(await h.call(t, Sys.chdir, h.str(t, "/locked"))).toBe(-Errno.EACCES);
    expect(await h.call(t, Sys.fchdir, locked)).toBe(-Errno.EACCES);
    t.process.credentials = credentials(0, 0);
    expect(await h.call(t, Sys.fchdir, locked)).toBe(0);
    expect(await getcwd(h, t)).toBe("/locked");
  });

  it("the cwd is a directory: it follows a rename of its parent and survives its own removal", async () => {
    const { h, t } = setup(kind);
    await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "p"), 0o755);
    await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "p/c"), 0o755);
    await h.call(t, Sys.chdir, h.str(t, "p/c"));
    await h.call(t, Sys.renameat2, AT_FDCWD, h.str(t, "/tmp/p"), AT_FDCWD, h.str(t, "/tmp/q"), 0);
    expect(await getcwd(h, t)).toBe("/tmp/q/c");
    expect(await h.open(t, "f", O_CREAT | O_WRONLY, 0o644)).toBeGreaterThan(0);
    expect(h.vfs.stat(h.vfs.root, "/tmp/q/c/f").ok).toBe(true);
    await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "f"), 0);
    await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "/tmp/q/c"), AT_REMOVEDIR);
    expect(await h.open(t, "g", O_CREAT | O_WRONLY, 0o644)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.chdir, h.str(t, ".."))).toBe(0);
    expect(await getcwd(h, t)).toBe("/tmp/q");
  });

  it("fork copies the cwd (then each changes its own); execve keeps it", async () => {
    const { h, t } = setup(kind);
    await h.call(t, Sys.chdir, h.str(t, "/etc"));
    const pid = await h.call(t, Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0);
    const child = h.shim.processes.process(pid)!.leader!;
    expect(await getcwd(h, child)).toBe("/etc");
    await h.call(child, Sys.chdir, h.str(child, "/"));
    expect(await getcwd(h, child)).toBe("/");
    expect(await getcwd(h, t)).toBe("/etc");
    h.poke(t, OUT, new Uint8Array(8));
    expect(await h.call(t, Sys.execve, h.str(t, "/bin/other"), OUT, OUT)).toBe(0);
    expect(await getcwd(h, t)).toBe("/etc");
  });

  it("a spawn cwd that does not exist starts the program at /", () => {
    const h = createFsHarness({ kind, scripts });
    const program = h.start("idle", { cwd: "/no/such" });
    expect(program.process.cwd).toBe("/");
  });
});
