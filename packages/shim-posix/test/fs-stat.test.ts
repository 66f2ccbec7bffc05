/**
 * statx (rv32's only stat call) and getdents64: exact layouts, masks and attributes, every errno
 * branch in Linux's order, AT_EMPTY_PATH on every kind of descriptor, and directory streams read in
 * pieces.
 */
import { describe, expect, it } from "vitest";
import { AtFlag, Errno, OpenFlag, StatxLayout, StatxMask, Sys, Whence, type PosixThread } from "../src/index";
import { DirentType, StatxAttribute, StatxMaskExtra } from "../src/index";
import { BUF, OUT, STX, createFsHarness, decodeDirents, decodeStatx, type FsHarness } from "./fs-support/fs-harness";
import { Script } from "./support/script-builder";

const { O_RDONLY, O_RDWR, O_CREAT, O_DIRECTORY } = OpenFlag;
const { AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, AT_FDCWD } = AtFlag;
const scripts = { idle: new Script().spin().steps };
const files = [
  { path: "etc/motd", data: "hello world\n", mode: 0o640, uid: 5, gid: 6 },
  { path: "etc/link", symlink: "motd" },
  { path: "d/a", data: "" },
  { path: "d/sub", directory: true as const },
  { path: "d/ln", symlink: "a" },
];
const TMPFS_MASK = 0x10n | 0x20n | 0x40n | 0x1000n | 0x2000n | 0x20_0000n;
const VFS_MASK = 0x1000n | 0x2000n | 0x20_0000n;

function setup(kind: "isolated" | "shared"): { h: FsHarness; t: PosixThread } {
  const h = createFsHarness({ kind, scripts, files });
  const t = h.start("idle", { cwd: "/tmp" }).process.leader!;
  return { h, t };
}

describe.each(["isolated", "shared"] as const)("statx on the %s test platform", (kind) => {
  it("fills every field Linux fills for tmpfs: mask, mode, owner, size, blocks, dev, mount id, attributes", async () => {
    const { h, t } = setup(kind);
    const st = await h.statx(t, "/etc/motd");
    expect(st).toMatchObject({
      mask: StatxMask.STATX_BASIC_STATS | StatxMask.STATX_MNT_ID,
      blksize: 4096,
      attributes: 0n,
      nlink: 1,
      uid: 5,
      gid: 6,
      mode: 0o100640,
      size: 12n,
      attributesMask: TMPFS_MASK,
      devMajor: 0,
      devMinor: 33,
      rdevMajor: 0,
      rdevMinor: 0,
      mntId: 33n,
    });
    const root = await h.statx(t, "/");
    expect(root).toMatchObject({ mode: 0o40755, ino: 1n, attributes: BigInt(StatxAttribute.STATX_ATTR_MOUNT_ROOT) });
    // /tmp is another filesystem: its own device, its root a mount root.
    const tmp = await h.statx(t, "/tmp");
    expect(tmp).toMatchObject({ mode: 0o41777, ino: 1n, devMinor: 34, mntId: 34n, attributes: 0x2000n });
    // A file that holds data has blocks (512-byte units of 4 KiB chunks).
    const fd = await h.open(t, "f", O_CREAT | O_RDWR, 0o600);
    await h.call(t, Sys.pwrite64, fd, BUF, 1, 8192, 0);
    expect(await h.statx(t, "f")).toMatchObject({ size: 8193n, blocks: 8n });
  });

  it("the timestamps come from the platform clock; mtime and ctime only when asked for (multigrain, as 6.18's tmpfs)", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "clock", O_CREAT | O_RDWR, 0o600);
    h.platform.time.advance(1_500_000_123);
    await h.call(t, Sys.write, fd, BUF, 1);
    const path = h.str(t, "clock");
    const now = BigInt(h.platform.time.now());
    const { STATX_MTIME, STATX_CTIME, STATX_BASIC_STATS, STATX_MNT_ID } = StatxMask;
    for (const asked of [STATX_MTIME, STATX_CTIME, STATX_BASIC_STATS]) {
      expect(await h.call(t, Sys.statx, AT_FDCWD, path, 0, asked, STX)).toBe(0);
      const st = decodeStatx(h.peek(t, STX, StatxLayout.SIZE));
      expect(st.mtimeSec * 1_000_000_000n + BigInt(st.mtimeNsec)).toBe(now);
      expect(st.mask).toBe(STATX_BASIC_STATS | STATX_MNT_ID);
    }
    h.poke(t, STX, new Uint8Array(StatxLayout.SIZE).fill(0xff));
    expect(await h.call(t, Sys.statx, AT_FDCWD, path, 0, 0, STX)).toBe(0);
    const bare = decodeStatx(h.peek(t, STX, StatxLayout.SIZE));
    expect(bare.mask).toBe((STATX_BASIC_STATS & ~(STATX_MTIME | STATX_CTIME)) | STATX_MNT_ID);
    expect([bare.mtimeSec, bare.mtimeNsec, bare.size]).toEqual([0n, 0, 1n]);
    expect(await h.call(t, Sys.statx, AT_FDCWD, path, 0, StatxMaskExtra.STATX_MNT_ID_UNIQUE, STX)).toBe(0);
    const unique = decodeStatx(h.peek(t, STX, StatxLayout.SIZE));
    expect(unique.mask).toBe((STATX_BASIC_STATS & ~(STATX_MTIME | STATX_CTIME)) | StatxMaskExtra.STATX_MNT_ID_UNIQUE);
    expect(unique.mntId).toBe((1n << 31n) + 34n);
    // A pipe is no multigrain filesystem: the whole basic set, whatever was asked.
    expect(await h.call(t, Sys.pipe2, OUT, 0)).toBe(0);
    const [r] = new Int32Array(h.peek(t, OUT, 8).buffer);
    expect(await h.call(t, Sys.statx, r!, 0, AtFlag.AT_EMPTY_PATH, 0, STX)).toBe(0);
    expect(decodeStatx(h.peek(t, STX, StatxLayout.SIZE)).mask).toBe(STATX_BASIC_STATS | STATX_MNT_ID);
  });

  it("AT_SYMLINK_NOFOLLOW reports the link; without it the target", async () => {
    const { h, t } = setup(kind);
    expect(await h.statx(t, "/etc/link", AT_SYMLINK_NOFOLLOW)).toMatchObject({ mode: 0o120777, size: 4n });
    expect(await h.statx(t, "/etc/link")).toMatchObject({ mode: 0o100640, size: 12n });
  });

  it("EINVAL first (reserved mask bit, both sync types, unknown flags), then the path, then the lookup, then the buffer", async () => {
    const { h, t } = setup(kind);
    const p = h.str(t, "/etc/motd");
    expect(await h.call(t, Sys.statx, AT_FDCWD, 0, 0, StatxMaskExtra.STATX__RESERVED, STX)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.statx, AT_FDCWD, 0, AtFlag.AT_STATX_SYNC_TYPE, 0, STX)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.statx, AT_FDCWD, 0, 0x1, 0, STX)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.statx, AT_FDCWD, p, 0x2000, 0, STX)).toBe(0); // AT_STATX_FORCE_SYNC alone is fine
    expect(await h.call(t, Sys.statx, AT_FDCWD, 0, 0, 0, STX)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.statx, AT_FDCWD, h.str(t, "x".repeat(4096)), 0, 0, STX)).toBe(-Errno.ENAMETOOLONG);
    expect(await h.call(t, Sys.statx, AT_FDCWD, h.str(t, ""), 0, 0, STX)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.statx, AT_FDCWD, h.str(t, "missing"), 0, 0, STX)).toBe(-Errno.ENOENT);
    expect(await h.call(t, Sys.statx, AT_FDCWD, h.str(t, "/etc/motd/x"), 0, 0, STX)).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.statx, 99, h.str(t, "rel"), 0, 0, STX)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.statx, 1, h.str(t, "rel"), 0, 0, STX)).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.statx, 99, p, 0, 0, STX)).toBe(0); // an absolute path ignores dirfd
    expect(await h.call(t, Sys.statx, AT_FDCWD, p, 0, 0, 0x10)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.statx, AT_FDCWD, p, 0, 0, 0xffff_ff80)).toBe(-Errno.EFAULT);
  });

  it("AT_EMPTY_PATH: the descriptor itself — a file, a directory, a pipe, the streams, the cwd; EBADF for none", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await h.statx(t, "", AT_EMPTY_PATH, fd)).toMatchObject({ mode: 0o100640, size: 12n });
    // A NULL path with AT_EMPTY_PATH is the empty path (Linux 6.11 and later).
    expect(await h.call(t, Sys.statx, fd, 0, AT_EMPTY_PATH, 0, STX)).toBe(0);
    const dir = await h.open(t, "/etc", O_RDONLY | O_DIRECTORY);
    expect(await h.statx(t, "", AT_EMPTY_PATH, dir)).toMatchObject({ mode: 0o40755, nlink: 2 });
    expect(await h.statx(t, "", AT_EMPTY_PATH, AT_FDCWD)).toMatchObject({ mode: 0o41777, ino: 1n });
    expect(await h.call(t, Sys.pipe2, OUT, 0)).toBe(0);
    const [r] = new Int32Array(h.peek(t, OUT, 8).buffer);
    expect(await h.statx(t, "", AT_EMPTY_PATH, r!)).toMatchObject({ mode: 0o10600, attributesMask: VFS_MASK, attributes: 0n });
    // The streams: stdout to a non-terminal sink looks like a pipe; no stdin is the null device.
    expect(await h.statx(t, "", AT_EMPTY_PATH, 1)).toMatchObject({ mode: 0o10600 });
    expect(await h.statx(t, "", AT_EMPTY_PATH, 0)).toMatchObject({ mode: 0o20666, rdevMajor: 1, rdevMinor: 3 });
    expect(await h.statx(t, "", AT_EMPTY_PATH, 99)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.statx, 99, 0, AT_EMPTY_PATH, 0, STX)).toBe(-Errno.EBADF);
    expect(await h.statx(t, "", 0, fd)).toBe(-Errno.ENOENT);
  });

  it("a terminal stream is a character device; a missing stream the null device", async () => {
    const h = createFsHarness({
      kind,
      scripts,
      stdio: { stdout: { write: () => undefined, isTerminal: true } },
    });
    const t = h.start("idle").process.leader!;
    expect(await h.statx(t, "", AT_EMPTY_PATH, 1)).toMatchObject({ mode: 0o20620, rdevMajor: 136 });
    expect(await h.statx(t, "", AT_EMPTY_PATH, 2)).toMatchObject({ mode: 0o20666 });
  });

  it("a removed cwd still stats (nlink 0) through AT_EMPTY_PATH and '.'", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "gone"), 0o755)).toBe(0);
    expect(await h.call(t, Sys.chdir, h.str(t, "gone"))).toBe(0);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "/tmp/gone"), AtFlag.AT_REMOVEDIR)).toBe(0);
    expect(await h.statx(t, "", AT_EMPTY_PATH)).toMatchObject({ nlink: 0 });
    expect(await h.statx(t, ".")).toMatchObject({ nlink: 0 });
    expect(await h.statx(t, "x")).toBe(-Errno.ENOENT);
  });
});

describe.each(["isolated", "shared"] as const)("getdents64 on the %s test platform", (kind) => {
  it("lays out linux_dirent64 exactly: inode, d_off, 8-byte-aligned d_reclen, d_type, NUL-terminated name", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/d", O_RDONLY | O_DIRECTORY);
    const n = await h.call(t, Sys.getdents64, fd, BUF, 4096);
    const records = decodeDirents(h.peek(t, BUF, n));
    expect(records.map((r) => [r.name, r.type, r.reclen])).toEqual([
      [".", DirentType.DT_DIR, 24],
      ["..", DirentType.DT_DIR, 24],
      ["a", DirentType.DT_REG, 24],
      ["sub", DirentType.DT_DIR, 24],
      ["ln", DirentType.DT_LNK, 24],
    ]);
    expect(n).toBe(5 * 24);
    const ino = async (path: string): Promise<bigint> => {
      const st = await h.statx(t, path, AT_SYMLINK_NOFOLLOW);
      if (typeof st === "number") throw new Error(`statx ${path}: ${st}`);
      return st.ino;
    };
    expect(records.map((r) => r.ino)).toEqual([await ino("/d"), 1n, await ino("/d/a"), await ino("/d/sub"), await ino("/d/ln")]);
    // d_off of each record is where the next one starts: strictly increasing.
    for (let i = 1; i < records.length; i++) expect(records[i]!.off).toBeGreaterThan(records[i - 1]!.off);
    // A name of 5 bytes: 19 + 5 + 1 = 25, padded to 32.
    expect(await h.call(t, Sys.getdents64, fd, BUF, 4096)).toBe(0);
    const long = await h.open(t, "abcde", O_CREAT | O_RDWR, 0o600);
    expect(long).toBeGreaterThan(0);
    const tmp = await h.open(t, "/tmp", O_RDONLY | O_DIRECTORY);
    const m = await h.call(t, Sys.getdents64, tmp, BUF, 4096);
    expect(decodeDirents(h.peek(t, BUF, m)).map((r) => r.reclen)).toEqual([24, 24, 32]);
  });

  it("continues where it stopped; d_off resumes after lseek; EINVAL when not even one record fits", async () => {
    const { h, t } = setup(kind);
    const fd = await h.open(t, "/d", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.getdents64, fd, BUF, 23)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.getdents64, fd, BUF, 50)).toBe(48);
    const first = decodeDirents(h.peek(t, BUF, 48));
    expect(first.map((r) => r.name)).toEqual([".", ".."]);
    expect(await h.call(t, Sys.getdents64, fd, BUF, 30)).toBe(24);
    expect(decodeDirents(h.peek(t, BUF, 24))[0]!.name).toBe("a");
    // Back to just after "..": the stream position is its d_off.
    const position = await (async () => {
      const u = BigInt.asUintN(64, first[1]!.off);
      await h.call(t, Sys.llseek, fd, Number(u >> 32n), Number(u & 0xffff_ffffn), OUT, Whence.SEEK_SET);
      return u;
    })();
    expect(position).toBeGreaterThan(0n);
    const rest = await h.call(t, Sys.getdents64, fd, BUF, 4096);
    expect(decodeDirents(h.peek(t, BUF, rest)).map((r) => r.name)).toEqual(["a", "sub", "ln"]);
    // A count of 2^31 or more is a negative int in the kernel: nothing fits.
    await h.call(t, Sys.llseek, fd, 0, 0, OUT, Whence.SEEK_SET);
    expect(await h.call(t, Sys.getdents64, fd, BUF, 0x8000_0000)).toBe(-Errno.EINVAL);
  });

  it("EBADF, ENOTDIR for files, pipes and streams, EFAULT for a bad buffer, a partial listing before a bad page", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.getdents64, 99, BUF, 4096)).toBe(-Errno.EBADF);
    const file = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await h.call(t, Sys.getdents64, file, BUF, 4096)).toBe(-Errno.ENOTDIR);
    expect(await h.call(t, Sys.getdents64, 1, BUF, 4096)).toBe(-Errno.ENOTDIR);
    const fd = await h.open(t, "/d", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.getdents64, fd, 0x10, 4096)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.getdents64, fd, 0xffff_fff0, 4096)).toBe(-Errno.EFAULT);
    // Nothing was consumed by the faults.
    const scratchEnd = 0x0002_0000 + 16 * 4096; // the end of the fake image's data area
    expect(await h.call(t, Sys.getdents64, fd, scratchEnd - 48, 4096)).toBe(48);
    expect(decodeDirents(h.peek(t, scratchEnd - 48, 48)).map((r) => r.name)).toEqual([".", ".."]);
  });

  it("a removed directory lists nothing: ENOENT", async () => {
    const { h, t } = setup(kind);
    await h.call(t, Sys.mkdirat, AT_FDCWD, h.str(t, "x"), 0o755);
    const fd = await h.open(t, "x", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.unlinkat, AT_FDCWD, h.str(t, "x"), AtFlag.AT_REMOVEDIR)).toBe(0);
    expect(await h.call(t, Sys.getdents64, fd, BUF, 4096)).toBe(-Errno.ENOENT);
  });
});
