/**
 * Linux's answers that come before a shortcut: read with a count of 0 still checks the file (EISDIR
 * for a directory, EBADF for O_PATH), fcntl and ioctl on an O_PATH descriptor (EBADF except the
 * commands O_PATH allows), and file mappings of an O_PATH descriptor. Expected values are those of a
 * native probe on Linux 6.x.
 */
import { describe, expect, it } from "vitest";
import { Errno, FcntlCmd, Ioctl, MapFlag, OpenFlag, ProtFlag, Sys, checkFileMapping, type PosixThread } from "../src/index";
import { BUF, OUT, createFsHarness, type FsHarness } from "./fs-support/fs-harness";
import { Script } from "./support/script-builder";

const { O_RDONLY, O_WRONLY, O_DIRECTORY, O_PATH, O_NONBLOCK } = OpenFlag;
const scripts = { idle: new Script().spin().steps };
const files = [
  { path: "etc/motd", data: "hello world\n", mode: 0o644 },
  { path: "empty", directory: true as const },
];

function setup(kind: "isolated" | "shared"): { h: FsHarness; t: PosixThread } {
  const h = createFsHarness({ kind, scripts, files });
  const t = h.start("idle", { cwd: "/tmp" }).process.leader!;
  return { h, t };
}

describe.each(["isolated", "shared"] as const)("on the %s test platform", (kind) => {
  it("read with count 0: EISDIR for a directory, EBADF for O_PATH and write-only, 0 for a file and a pipe", async () => {
    const { h, t } = setup(kind);
    const dir = await h.open(t, "/empty", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.read, dir, BUF, 0)).toBe(-Errno.EISDIR);
    expect(await h.call(t, Sys.read, dir, 0, 0)).toBe(-Errno.EISDIR);
    const path = await h.open(t, "/etc/motd", O_PATH);
    expect(await h.call(t, Sys.read, path, BUF, 0)).toBe(-Errno.EBADF);
    const pathDir = await h.open(t, "/empty", O_PATH | O_DIRECTORY);
    expect(await h.call(t, Sys.read, pathDir, BUF, 0)).toBe(-Errno.EBADF);
    const wo = await h.open(t, "w", OpenFlag.O_CREAT | O_WRONLY, 0o644);
    expect(await h.call(t, Sys.read, wo, BUF, 0)).toBe(-Errno.EBADF);
    const file = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await h.call(t, Sys.read, file, BUF, 0)).toBe(0);
    expect(await h.call(t, Sys.read, file, BUF, 5)).toBe(5); // the empty read moved nothing
    // An empty pipe's zero-count read returns at once, as pipe_read does.
    expect(await h.call(t, Sys.pipe2, OUT, 0)).toBe(0);
    const readEnd = new DataView(h.peek(t, OUT, 4).buffer).getInt32(0, true);
    expect(await h.call(t, Sys.read, readEnd, BUF, 0)).toBe(0);
  });

  it("fcntl on O_PATH: F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL work; F_SETFL and every other command EBADF", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_PATH);
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_GETFL)).toBe(O_PATH);
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_SETFL, O_NONBLOCK)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_GETFL)).toBe(O_PATH);
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_GETFD)).toBe(0);
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_SETFD, 1)).toBe(0);
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_GETFD)).toBe(1);
    const dup = await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_DUPFD, 0);
    expect(dup).toBeGreaterThan(fd);
    expect(await h.call(t, Sys.fcntl64, dup, FcntlCmd.F_GETFL)).toBe(O_PATH);
    const dupCloexec = await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_DUPFD_CLOEXEC, 0);
    expect(await h.call(t, Sys.fcntl64, dupCloexec, FcntlCmd.F_GETFD)).toBe(1);
    for (const cmd of [FcntlCmd.F_GETOWN, FcntlCmd.F_SETOWN, FcntlCmd.F_GETPIPE_SZ, 9999]) {
      expect(await h.call(t, Sys.fcntl64, fd, cmd, 0)).toBe(-Errno.EBADF);
    }
    // Not O_PATH: F_GETOWN answers and an unknown command is EINVAL.
    const file = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await h.call(t, Sys.fcntl64, file, FcntlCmd.F_GETOWN)).toBe(0);
    expect(await h.call(t, Sys.fcntl64, file, 9999)).toBe(-Errno.EINVAL);
  });

  it("ioctl on O_PATH is EBADF, the generic FIOCLEX, FIONCLEX and FIONBIO included", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_PATH);
    h.poke(t, OUT, new Uint8Array([1, 0, 0, 0]));
    for (const request of [Ioctl.FIONREAD, Ioctl.FIOCLEX, Ioctl.FIONCLEX, Ioctl.FIONBIO, Ioctl.TCGETS, 0x1234_5678]) {
      expect(await h.call(t, Sys.ioctl, fd, request, OUT)).toBe(-Errno.EBADF);
    }
    expect(await h.call(t, Sys.fcntl64, fd, FcntlCmd.F_GETFD)).toBe(0); // FIOCLEX changed nothing
    const entry = t.process.files.entry(fd);
    expect(entry.ok && entry.value.nonBlocking).toBe(false); // nor did FIONBIO
    expect(entry.ok).toBe(true);
    // The same requests on an ordinary file.
    const file = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await h.call(t, Sys.ioctl, file, Ioctl.FIOCLEX, 0)).toBe(0);
    expect(await h.call(t, Sys.fcntl64, file, FcntlCmd.F_GETFD)).toBe(1);
  });

  it("mmap of an O_PATH descriptor is EBADF, before the flags are looked at; checkFileMapping refuses it too", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_PATH);
    const { MAP_PRIVATE, MAP_SHARED } = MapFlag;
    for (const flags of [MAP_PRIVATE, MAP_SHARED, 0]) {
      expect(await h.call(t, Sys.mmap2, 0, 4096, ProtFlag.PROT_READ, flags, fd, 0)).toBe(-Errno.EBADF);
    }
    const entry = t.process.files.entry(fd);
    expect(entry.ok).toBe(true);
    if (!entry.ok) return;
    expect(checkFileMapping(entry.value, ProtFlag.PROT_READ, MAP_PRIVATE)).toBe(-Errno.EBADF);
    expect(checkFileMapping(entry.value, ProtFlag.PROT_READ | ProtFlag.PROT_WRITE, MAP_SHARED)).toBe(-Errno.EBADF);
    // The same file opened for reading maps.
    const file = await h.open(t, "/etc/motd", O_RDONLY);
    const readable = t.process.files.entry(file);
    expect(readable.ok && typeof checkFileMapping(readable.value, ProtFlag.PROT_READ, MAP_PRIVATE)).toBe("object");
  });
});
