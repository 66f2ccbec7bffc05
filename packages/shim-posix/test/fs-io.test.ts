/**
 * I/O on the filesystem's open files: the generic read/write/readv/writev/llseek/ioctl/ppoll path
 * through the file operations, pread64/pwrite64/preadv/pwritev, ftruncate64/truncate64, fsync and
 * friends — with every errno branch — and open files across fork, execve and exit.
 */
import { describe, expect, it } from "vitest";
import { Errno, Ioctl, OpenFlag, Rlimit, SigHandler, Signal, Sys, Whence, signaledStatus, type PosixThread } from "../src/index";
import { BUF, OUT, createFsHarness, type FsHarness } from "./fs-support/fs-harness";
import { Script } from "./support/script-builder";

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_APPEND, O_DIRECTORY, O_LARGEFILE } = OpenFlag;
const scripts = { idle: new Script().spin().steps, other: new Script().spin().steps };
const files = [
  { path: "etc/motd", data: "hello world\n", mode: 0o644 },
  { path: "empty", directory: true as const },
];
const decoder = new TextDecoder();

function setup(kind: "isolated" | "shared"): { h: FsHarness; t: PosixThread } {
  const h = createFsHarness({ kind, scripts, files });
  const t = h.start("idle", { cwd: "/tmp" }).process.leader!;
  return { h, t };
}

/** llseek(fd, offset, whence): the new offset, or the errno (negative). */
async function lseek(h: FsHarness, t: PosixThread, fd: number, offset: bigint, whence: number): Promise<number> {
  const u = BigInt.asUintN(64, offset);
  const r = await h.call(t, Sys.llseek, fd, Number(u >> 32n), Number(u & 0xffff_ffffn), OUT, whence);
  if (r < 0) return r;
  return Number(new DataView(h.peek(t, OUT, 8).buffer).getBigInt64(0, true));
}

function text(h: FsHarness, t: PosixThread, at: number, n: number): string {
  return decoder.decode(h.peek(t, at, n));
}

/** Low and high words of a 64-bit argument. */
function split(value: bigint): [number, number] {
  const u = BigInt.asUintN(64, value);
  return [Number(u & 0xffff_ffffn), Number(u >> 32n)];
}

describe.each(["isolated", "shared"] as const)("file I/O on the %s test platform", (kind) => {
  it("read, write and lseek share the entry's offset; EBADF by access mode; EISDIR for a directory", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await h.call(t, Sys.read, fd, BUF, 5)).toBe(5);
    expect(text(h, t, BUF, 5)).toBe("hello");
    expect(await lseek(h, t, fd, 0n, Whence.SEEK_CUR)).toBe(5);
    const dup = await h.call(t, Sys.dup, fd);
    expect(await h.call(t, Sys.read, dup, BUF, 64)).toBe(7);
    expect(await lseek(h, t, fd, 0n, Whence.SEEK_CUR)).toBe(12);
    expect(await h.call(t, Sys.read, fd, BUF, 64)).toBe(0);
    expect(await h.call(t, Sys.write, fd, BUF, 1)).toBe(-Errno.EBADF);
    const w = await h.open(t, "w", O_CREAT | O_WRONLY, 0o644);
    expect(await h.call(t, Sys.read, w, BUF, 1)).toBe(-Errno.EBADF);
    const dir = await h.open(t, "/empty", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.read, dir, BUF, 1)).toBe(-Errno.EISDIR);
    expect(await h.call(t, Sys.read, fd, 0x10, 4)).toBe(-Errno.EFAULT);
  });

  it("readv and writev scatter and gather through the file", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "v", O_CREAT | O_RDWR, 0o644);
    const iov = (pairs: Array<[number, number]>): number => {
      h.poke(t, OUT, new Uint8Array(new Uint32Array(pairs.flat()).buffer));
      return OUT;
    };
    h.poke(t, BUF, "abcdef");
    expect(await h.call(t, Sys.writev, fd, iov([[BUF, 2], [BUF + 4, 2]]), 2)).toBe(4);
    expect(h.readText("/tmp/v")).toBe("abef");
    await lseek(h, t, fd, 0n, Whence.SEEK_SET);
    expect(await h.call(t, Sys.readv, fd, iov([[BUF + 100, 1], [BUF + 200, 3]]), 2)).toBe(4);
    expect(text(h, t, BUF + 100, 1) + text(h, t, BUF + 200, 3)).toBe("abef");
  });

  it("lseek: SEEK_END, past the end (a hole), EINVAL for negative results and bad whence, directories", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "s", O_CREAT | O_RDWR, 0o644);
    await h.call(t, Sys.write, fd, h.str(t, "xyz"), 3);
    expect(await lseek(h, t, fd, -1n, Whence.SEEK_END)).toBe(2);
    expect(await lseek(h, t, fd, 8192n, Whence.SEEK_SET)).toBe(8192);
    expect(await h.call(t, Sys.write, fd, h.str(t, "!"), 1)).toBe(1);
    const st = await h.statx(t, "s");
    expect(typeof st === "object" && st.size).toBe(8193n);
    expect(await lseek(h, t, fd, -1n, Whence.SEEK_SET)).toBe(-Errno.EINVAL);
    expect(await lseek(h, t, fd, -10_000n, Whence.SEEK_CUR)).toBe(-Errno.EINVAL);
    expect(await lseek(h, t, fd, 1n << 60n, Whence.SEEK_SET)).toBe(-Errno.EINVAL);
    expect(await lseek(h, t, fd, 0n, 7)).toBe(-Errno.EINVAL);
    const dir = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    expect(await lseek(h, t, dir, 0n, Whence.SEEK_END)).toBe(-Errno.EINVAL);
    expect(await lseek(h, t, dir, 0n, Whence.SEEK_DATA)).toBe(-Errno.EINVAL);
    expect(await lseek(h, t, dir, 2n, Whence.SEEK_SET)).toBe(2);
  });

  it("SEEK_DATA and SEEK_HOLE see the file as data up to its end; ENXIO at or past it", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await lseek(h, t, fd, 3n, Whence.SEEK_DATA)).toBe(3);
    expect(await lseek(h, t, fd, 3n, Whence.SEEK_HOLE)).toBe(12);
    expect(await lseek(h, t, fd, 0n, Whence.SEEK_CUR)).toBe(12);
    expect(await lseek(h, t, fd, 12n, Whence.SEEK_DATA)).toBe(-Errno.ENXIO);
    expect(await lseek(h, t, fd, 12n, Whence.SEEK_HOLE)).toBe(-Errno.ENXIO);
    expect(await lseek(h, t, fd, -1n, Whence.SEEK_DATA)).toBe(-Errno.ENXIO);
  });

  it("FIONREAD: bytes left before the end of a regular file; ENOTTY for a directory and other requests", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_RDONLY);
    await h.call(t, Sys.read, fd, BUF, 4);
    expect(await h.call(t, Sys.ioctl, fd, Ioctl.FIONREAD, OUT)).toBe(0);
    expect(new DataView(h.peek(t, OUT, 4).buffer).getInt32(0, true)).toBe(8);
    expect(await h.call(t, Sys.ioctl, fd, Ioctl.FIONREAD, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.ioctl, fd, Ioctl.TCGETS, OUT)).toBe(-Errno.ENOTTY);
    const dir = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.ioctl, dir, Ioctl.FIONREAD, OUT)).toBe(-Errno.ENOTTY);
  });

  it("ppoll: a file is always readable and writable", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_RDONLY);
    const pollfd = new DataView(new ArrayBuffer(8));
    pollfd.setInt32(0, fd, true);
    pollfd.setInt16(4, 0x1 | 0x4, true);
    h.poke(t, BUF, new Uint8Array(pollfd.buffer));
    h.poke(t, OUT, new Uint8Array(16)); // a zero timeout
    expect(await h.call(t, Sys.ppoll_time64, BUF, 1, OUT, 0, 8)).toBe(1);
    expect(new DataView(h.peek(t, BUF, 8).buffer).getInt16(6, true)).toBe(0x1 | 0x4);
  });

  it("pread64 / pwrite64: at a position, the offset untouched; EINVAL, EBADF, ESPIPE, EISDIR, EFAULT, EFBIG", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "p", O_CREAT | O_RDWR | O_LARGEFILE, 0o644);
    await h.call(t, Sys.write, fd, h.str(t, "0123456789"), 10);
    await lseek(h, t, fd, 2n, Whence.SEEK_SET);
    expect(await h.call(t, Sys.pread64, fd, BUF, 3, ...split(5n))).toBe(3);
    expect(text(h, t, BUF, 3)).toBe("567");
    expect(await h.call(t, Sys.pwrite64, fd, h.str(t, "AB"), 2, ...split(8n))).toBe(2);
    expect(await lseek(h, t, fd, 0n, Whence.SEEK_CUR)).toBe(2);
    expect(h.readText("/tmp/p")).toBe("01234567AB");
    expect(await h.call(t, Sys.pread64, fd, BUF, 3, ...split(100n))).toBe(0);
    expect(await h.call(t, Sys.pread64, fd, BUF, 3, ...split(1n << 62n))).toBe(0);
    expect(await h.call(t, Sys.pread64, fd, BUF, 0, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.pread64, fd, 0, 0, 0, 0)).toBe(0); // an empty buffer is never a fault
    expect(await h.call(t, Sys.pread64, fd, BUF, 3, ...split(-1n))).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.pwrite64, fd, BUF, 3, ...split(-1n))).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.pread64, 99, BUF, 3, 0, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.pwrite64, 99, BUF, 3, 0, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.pread64, 1, BUF, 3, 0, 0)).toBe(-Errno.ESPIPE);
    expect(await h.call(t, Sys.pwrite64, 1, BUF, 3, 0, 0)).toBe(-Errno.ESPIPE);
    expect(await h.call(t, Sys.pread64, fd, 0x10, 3, 0, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.pwrite64, fd, 0x10, 3, 0, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.pwrite64, fd, BUF, 1, ...split(1n << 52n))).toBe(-Errno.EFBIG);
    expect(await h.call(t, Sys.pwrite64, fd, BUF, 1, ...split(1n << 60n))).toBe(-Errno.EFBIG);
    expect(await h.call(t, Sys.pwrite64, fd, BUF, 0, ...split(1n << 60n))).toBe(0);
    const ro = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await h.call(t, Sys.pwrite64, ro, BUF, 1, 0, 0)).toBe(-Errno.EBADF);
    const wo = await h.open(t, "p", O_WRONLY);
    expect(await h.call(t, Sys.pread64, wo, BUF, 1, 0, 0)).toBe(-Errno.EBADF);
    const dir = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.pread64, dir, BUF, 1, 0, 0)).toBe(-Errno.EISDIR);
    expect(await h.call(t, Sys.pread64, dir, BUF, 0, 0, 0)).toBe(-Errno.EISDIR);
    // Linux's pwrite on an O_APPEND file appends, whatever the position.
    const app = await h.open(t, "p", O_WRONLY | O_APPEND);
    expect(await h.call(t, Sys.pwrite64, app, h.str(t, "Z"), 1, 0, 0)).toBe(1);
    expect(h.readText("/tmp/p")).toBe("01234567ABZ");
  });

  it("preadv / pwritev: vectors at a position; EINVAL for the position and for iovcnt, ESPIPE, EBADF, EFAULT", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "q", O_CREAT | O_RDWR, 0o644);
    const iov = (pairs: Array<[number, number]>): number => {
      h.poke(t, OUT, new Uint8Array(new Uint32Array(pairs.flat()).buffer));
      return OUT;
    };
    h.poke(t, BUF, "abcdef");
    expect(await h.call(t, Sys.pwritev, fd, iov([[BUF, 3], [BUF, 0], [BUF + 3, 3]]), 3, 2, 0)).toBe(6);
    expect(h.readText("/tmp/q")).toBe("\0\0abcdef");
    expect(await h.call(t, Sys.preadv, fd, iov([[BUF + 100, 2], [BUF + 200, 10]]), 2, 3, 0)).toBe(5);
    expect(text(h, t, BUF + 100, 2) + text(h, t, BUF + 200, 3)).toBe("bcdef");
    expect(await h.call(t, Sys.preadv, fd, iov([[BUF, 0]]), 1, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.pwritev, fd, iov([[BUF, 0]]), 1, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.preadv, fd, OUT, 1, 0, 0xffff_ffff)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.pwritev, fd, OUT, 1, 0, 0x8000_0000)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.preadv, fd, OUT, 1025, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.pwritev, fd, OUT, 1025, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.preadv, 1, OUT, 1, 0, 0)).toBe(-Errno.ESPIPE);
    expect(await h.call(t, Sys.pwritev, 99, OUT, 1, 0, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.preadv, fd, iov([[0x10, 4]]), 1, 0, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.pwritev, fd, iov([[0x10, 4]]), 1, 0, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.preadv, fd, 0x10, 1, 0, 0)).toBe(-Errno.EFAULT);
    const ro = await h.open(t, "q", O_RDONLY);
    expect(await h.call(t, Sys.pwritev, ro, iov([[BUF, 1]]), 1, 0, 0)).toBe(-Errno.EBADF);
    const wo = await h.open(t, "q", O_WRONLY);
    expect(await h.call(t, Sys.preadv, wo, iov([[BUF, 1]]), 1, 0, 0)).toBe(-Errno.EBADF);
    const dir = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.preadv, dir, iov([[BUF, 1]]), 1, 0, 0)).toBe(-Errno.EISDIR);
  });

  it("ftruncate64: shrink and grow; EINVAL (negative, directory, read-only descriptor, pipe), EBADF, EFBIG", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "t", O_CREAT | O_RDWR | O_LARGEFILE, 0o644);
    await h.call(t, Sys.write, fd, h.str(t, "0123456789"), 10);
    expect(await h.call(t, Sys.ftruncate64, fd, 4, 0)).toBe(0);
    expect(h.readText("/tmp/t")).toBe("0123");
    expect(await h.call(t, Sys.ftruncate64, fd, 6, 0)).toBe(0);
    expect(h.readText("/tmp/t")).toBe("0123\0\0");
    expect(await h.call(t, Sys.ftruncate64, fd, ...split(-1n))).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.ftruncate64, 99, 0, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.ftruncate64, fd, ...split((1n << 52n) + 1n))).toBe(-Errno.EFBIG);
    expect(await h.call(t, Sys.ftruncate64, fd, ...split(1n << 62n))).toBe(-Errno.EFBIG);
    const ro = await h.open(t, "t", O_RDONLY);
    expect(await h.call(t, Sys.ftruncate64, ro, 0, 0)).toBe(-Errno.EINVAL);
    const dir = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.ftruncate64, dir, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.ftruncate64, 1, 0, 0)).toBe(-Errno.EINVAL);
  });

  it("truncate64: by path, following links; EINVAL, ENOENT, EISDIR, EROFS, EFAULT", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "u", O_CREAT | O_RDWR, 0o644);
    await h.call(t, Sys.write, fd, h.str(t, "0123456789"), 10);
    await h.call(t, Sys.symlinkat, h.str(t, "u"), -100, h.str(t, "ulink"));
    expect(await h.call(t, Sys.truncate64, h.str(t, "ulink"), 3, 0)).toBe(0);
    expect(h.readText("/tmp/u")).toBe("012");
    expect(await h.call(t, Sys.truncate64, h.str(t, "u"), ...split(-1n))).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.truncate64, 0x10, 0, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.truncate64, h.str(t, ""), 0, 0)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.truncate64, h.str(t, "nope"), 0, 0)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.truncate64, h.str(t, "/etc"), 0, 0)).toBe(-Errno.EISDIR);
    expect(await h.call(t, Sys.truncate64, h.str(t, "/etc/motd"), 0, 0)).toBe(-Errno.EROFS);
    expect(await h.call(t, Sys.truncate64, h.str(t, "u"), ...split(1n << 62n))).toBe(-Errno.EFBIG);
    expect(h.vfs.openFileCount).toBe(1); // truncate64 leaves nothing open
  });

  it("RLIMIT_FSIZE: a write across it is cut short, one at it fails with EFBIG and raises SIGXFSZ; so does growing past it", async () => {
    const { h, t } = setup(kind);
    const raised: number[] = [];
    const send = h.shim.sendSignal.bind(h.shim);
    h.shim.sendSignal = (target, signal, info) => {
      raised.push(signal);
      send(target, signal, info);
    };
    t.process.signalActions.get(Signal.SIGXFSZ).handler = SigHandler.SIG_IGN;
    t.process.limits.get(Rlimit.RLIMIT_FSIZE).cur = 10n;
    const fd = await h.open(t, "lim", O_CREAT | O_RDWR | O_LARGEFILE, 0o644);
    expect(await h.call(t, Sys.write, fd, h.str(t, "0123456789abc"), 13)).toBe(10);
    expect(raised).toEqual([]);
    expect(await h.call(t, Sys.write, fd, BUF, 1)).toBe(-Errno.EFBIG);
    expect(await h.call(t, Sys.pwrite64, fd, BUF, 1, 10, 0)).toBe(-Errno.EFBIG);
    expect(await h.call(t, Sys.pwrite64, fd, h.str(t, "XY"), 2, 9, 0)).toBe(1);
    expect(await h.call(t, Sys.ftruncate64, fd, 11, 0)).toBe(-Errno.EFBIG);
    expect(await h.call(t, Sys.truncate64, h.str(t, "lim"), 11, 0)).toBe(-Errno.EFBIG);
    expect(raised).toEqual([Signal.SIGXFSZ, Signal.SIGXFSZ, Signal.SIGXFSZ, Signal.SIGXFSZ]);
    expect(await h.call(t, Sys.ftruncate64, fd, 4, 0)).toBe(0); // shrinking is always allowed
    expect(h.readText("/tmp/lim")).toBe("0123");
    // By default SIGXFSZ ends the process (on its way back to user mode).
    t.process.signalActions.get(Signal.SIGXFSZ).handler = SigHandler.SIG_DFL;
    const app = await h.open(t, "lim", O_WRONLY | O_APPEND | O_LARGEFILE);
    expect(await h.call(t, Sys.write, app, BUF, 7)).toBe(6);
    expect(await h.call(t, Sys.write, app, BUF, 1)).toBe(-Errno.EFBIG);
    expect((await h.shim.run()).kind).toBe("completed");
    expect(t.process.exitStatus).toBe(signaledStatus(Signal.SIGXFSZ));
  });

  it("without O_LARGEFILE a file stops at 2^31 − 1 bytes (EFBIG, no signal), and a larger one is EOVERFLOW to open", async () => {
    const { h, t } = setup(kind);
    const big = await h.open(t, "big", O_CREAT | O_RDWR | O_LARGEFILE, 0o644);
    expect(await h.call(t, Sys.pwrite64, big, BUF, 4, 0x7fff_fffe, 0)).toBe(4);
    expect(await h.open(t, "big", O_RDONLY)).toBe(-Errno.EOVERFLOW);
    expect(await h.open(t, "big", OpenFlag.O_PATH)).toBeGreaterThan(0);
    const small = await h.open(t, "small", O_CREAT | O_RDWR, 0o644);
    expect(await h.call(t, Sys.pwrite64, small, BUF, 4, 0x7fff_fffd, 0)).toBe(2);
    expect(await h.call(t, Sys.pwrite64, small, BUF, 4, 0x7fff_ffff, 0)).toBe(-Errno.EFBIG);
    await lseek(h, t, small, 0x7fff_ffffn, Whence.SEEK_SET);
    expect(await h.call(t, Sys.write, small, BUF, 1)).toBe(-Errno.EFBIG);
    expect(t.process.state).toBe("running");
  });

  it("fsync, fdatasync, syncfs, sync: 0 for files, EINVAL for pipes and streams, EBADF for closed numbers", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_RDONLY);
    for (const nr of [Sys.fsync, Sys.fdatasync]) {
      expect(await h.call(t, nr, fd)).toBe(0);
      expect(await h.call(t, nr, 1)).toBe(-Errno.EINVAL);
      expect(await h.call(t, nr, 99)).toBe(-Errno.EBADF);
    }
    expect(await h.call(t, Sys.syncfs, 1)).toBe(0);
    expect(await h.call(t, Sys.syncfs, 99)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.sync)).toBe(0);
  });

  it("fork shares the open file and its offset; execve closes close-on-exec files; exit closes the rest", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_RDONLY);
    const cloexec = await h.open(t, "/etc/motd", O_RDONLY | OpenFlag.O_CLOEXEC);
    const pid = await h.call(t, Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0);
    const child = h.shim.processes.process(pid)!.leader!;
    expect(await h.call(child, Sys.read, fd, BUF, 6)).toBe(6);
    expect(await lseek(h, t, fd, 0n, Whence.SEEK_CUR)).toBe(6);
    expect(h.vfs.openFileCount).toBe(2);
    const path = h.str(child, "/bin/other");
    h.poke(child, OUT, new Uint8Array(8));
    expect(await h.call(child, Sys.execve, path, OUT, OUT)).toBe(0);
    expect(child.process.files.has(cloexec)).toBe(false);
    expect(child.process.files.has(fd)).toBe(true);
    h.shim.terminateProcess(child.process, 0);
    h.shim.terminateProcess(t.process, 0);
    expect(h.vfs.openFileCount).toBe(0);
    expect(h.litebox.descriptors().liveEntryCount).toBe(0);
  });
});
