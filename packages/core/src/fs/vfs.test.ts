import { describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "./content";
import { FsError } from "./errors";
import { buildImage } from "./image";
import { AccessRight, FileMode, FileType } from "./mode";
import { DEFAULT_FS_CAPACITY, DEFAULT_MAX_FILE_SIZE, Vfs } from "./vfs";
import { bytes, openEntry, unwrap, world } from "./test-kit";
import { AccessMode } from "../fd/subsystem";
import { VirtualClock } from "../platform/time";
import { InvariantViolation } from "../util/invariant";
import { err, ok } from "../util/result";

const user = { uid: 1000, gid: 1000 };

describe("Vfs construction", () => {
  it("defaults to an empty writable root, 0755, inode 1 of device 1, and the default limits", () => {
    const w = world();
    const root = unwrap(w.vfs.stat(w.vfs.root, "/"));
    expect([root.mode, root.ino, root.dev, root.nlink, root.uid, root.gid]).toEqual([FileMode.DIRECTORY | 0o755, 1, 1, 2, 0, 0]);
    expect(w.vfs.capacity).toBe(DEFAULT_FS_CAPACITY);
    expect(w.vfs.maxFileSize).toBe(DEFAULT_MAX_FILE_SIZE);
    expect(w.vfs.liveInodeCount).toBe(1);
    expect([w.vfs.openFileCount, w.vfs.orphanedInodeCount, w.vfs.bytesUsed]).toEqual([0, 0, 0]);
    unwrap(w.vfs.mkdir(w.vfs.root, "/tmp", 0o777));
  });

  it("takes the root's mode, the limits and the epoch from its options", () => {
    const w = world({ root: { kind: "memory", mode: 0o1777 }, capacity: Infinity, maxFileSize: 99, epochSeconds: 1_700_000_000 });
    w.clock.advance(2_500_000_001);
    unwrap(w.vfs.mkdir(w.vfs.root, "/x", 0o755));
    const x = unwrap(w.vfs.stat(w.vfs.root, "/x"));
    expect(x.mtime).toEqual({ sec: 1_700_000_002, nsec: 500_000_001 });
    expect(unwrap(w.vfs.stat(w.vfs.root, "/")).mode).toBe(FileMode.DIRECTORY | 0o1777);
    expect(w.vfs.capacity).toBe(Infinity);
    expect(w.vfs.maxFileSize).toBe(99);
  });

  it("throws InvariantViolation for invalid options", () => {
    const time = new VirtualClock();
    for (const options of [
      { maxFileSize: -1 },
      { maxFileSize: 1.5 },
      { maxFileSize: DEFAULT_MAX_FILE_SIZE + 1 },
      { capacity: -1 },
      { capacity: Number.NaN },
      { epochSeconds: 0.5 },
      { root: { kind: "memory", mode: 0o10000 } } as const,
    ]) {
      expect(() => new Vfs({ time }, options)).toThrow(InvariantViolation);
    }
  });

  it("refuses directory references of another Vfs", () => {
    const a = world();
    const b = world();
    expect(() => a.vfs.stat(b.vfs.root, "/")).toThrow(InvariantViolation);
    expect(a.vfs.root.isSame(a.vfs.root)).toBe(true);
    expect(a.vfs.root.isSame(b.vfs.root)).toBe(false);
  });
});

describe("Vfs.mount", () => {
  it("mounts an empty writable filesystem with its own device and root mode", () => {
    const w = world();
    unwrap(w.vfs.mkdir(w.vfs.root, "/tmp", 0o755));
    expect(w.vfs.mount(w.vfs.root, "/tmp", { kind: "memory", mode: 0o1777 })).toEqual(ok(undefined));
    const tmp = unwrap(w.vfs.stat(w.vfs.root, "/tmp"));
    expect([tmp.dev, tmp.ino, tmp.mode]).toEqual([2, 1, FileMode.DIRECTORY | 0o1777]);
    unwrap(w.vfs.open(w.vfs.root, "/tmp/f", { create: true, access: AccessMode.Write }));
    expect(unwrap(w.vfs.stat(w.vfs.root, "/tmp/f")).dev).toBe(2);
  });

  it("refuses non-directories (NotDirectory), the root and mount points (Busy), and path errors", () => {
    const w = world();
    const root = w.vfs.root;
    unwrap(w.vfs.open(root, "/f", { create: true }));
    unwrap(w.vfs.mkdir(root, "/m", 0o700));
    unwrap(w.vfs.mkdir(root, "/m/in", 0o755));
    const memory = { kind: "memory" } as const;
    expect(w.vfs.mount(root, "/f", memory)).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.mount(root, "/", memory)).toEqual(err(FsError.Busy));
    expect(w.vfs.mount(root, "/nope", memory)).toEqual(err(FsError.NotFound));
    expect(w.vfs.mount(root, "/m/in", memory, { credentials: user })).toEqual(err(FsError.PermissionDenied));
    unwrap(w.vfs.mount(root, "/m", memory));
    expect(w.vfs.mount(root, "/m", memory)).toEqual(err(FsError.Busy));
  });
});

describe("Vfs.chdir and Vfs.getcwd", () => {
  it("changes to directories (through links too) and reports their absolute path", () => {
    const w = world();
    const root = w.vfs.root;
    unwrap(w.vfs.mkdir(root, "/a", 0o755));
    unwrap(w.vfs.mkdir(root, "/a/b", 0o755));
    unwrap(w.vfs.symlink("a/b", root, "/lb"));
    expect(w.vfs.getcwd(root)).toEqual(ok("/"));
    const b = unwrap(w.vfs.chdir(root, "/lb"));
    expect(w.vfs.getcwd(b)).toEqual(ok("/a/b"));
    const a = unwrap(w.vfs.chdir(b, ".."));
    expect(w.vfs.getcwd(a)).toEqual(ok("/a"));
    expect(unwrap(w.vfs.chdir(a, "/")).isSame(root)).toBe(true);
  });

  it("reports paths inside mounted filesystems through their mount points", () => {
    const w = world();
    unwrap(w.vfs.mkdir(w.vfs.root, "/mnt", 0o755));
    unwrap(w.vfs.mount(w.vfs.root, "/mnt", { kind: "image", image: unwrap(buildImage([{ path: "x/y", directory: true }])) }));
    expect(w.vfs.getcwd(unwrap(w.vfs.chdir(w.vfs.root, "/mnt/x/y")))).toEqual(ok("/mnt/x/y"));
    expect(w.vfs.getcwd(unwrap(w.vfs.chdir(w.vfs.root, "/mnt")))).toEqual(ok("/mnt"));
  });

  it("refuses non-directories (NotDirectory), missing ones and those without search permission", () => {
    const w = world();
    const root = w.vfs.root;
    unwrap(w.vfs.open(root, "/f", { create: true }));
    unwrap(w.vfs.mkdir(root, "/closed", 0o700));
    expect(w.vfs.chdir(root, "/f")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.chdir(root, "/nope")).toEqual(err(FsError.NotFound));
    expect(w.vfs.chdir(root, "/closed", { credentials: user })).toEqual(err(FsError.PermissionDenied));
  });

  it("serves fchdir through an open directory's reference", () => {
    const w = world();
    unwrap(w.vfs.mkdir(w.vfs.root, "/d", 0o755));
    const dir = openEntry(w, "/d").object.directory!;
    expect(w.vfs.getcwd(unwrap(w.vfs.chdir(dir, ".")))).toEqual(ok("/d"));
    unwrap(w.vfs.open(dir, "rel", { create: true }));
    expect(unwrap(w.vfs.stat(w.vfs.root, "/d/rel")).type).toBe(FileType.Regular);
  });
});

describe("Vfs.readExecutable", () => {
  const elf = Uint8Array.from({ length: CHUNK_SIZE + 10 }, (_, i) => i & 0xff);
  const image = unwrap(
    buildImage([
      { path: "bin/prog", data: elf, mode: 0o755 },
      { path: "bin/other-only", data: "x", mode: 0o001 },
      { path: "bin/noexec", data: "x", mode: 0o644 },
      { path: "bin/link", symlink: "prog" },
    ]),
  );

  it("returns a copy of the whole file and its stat, following links", () => {
    const w = world({ root: { kind: "image", image } });
    const exe = unwrap(w.vfs.readExecutable(w.vfs.root, "/bin/link"));
    expect(exe.bytes).toEqual(elf);
    expect(exe.stat.mode).toBe(FileMode.REGULAR | 0o755);
    exe.bytes[0] = 99;
    expect(unwrap(w.vfs.readExecutable(w.vfs.root, "/bin/prog")).bytes[0]).toBe(0);
  });

  it("needs an execute bit for the caller's class (root: any), but no read permission", () => {
    const w = world({ root: { kind: "image", image } });
    const root = w.vfs.root;
    expect(w.vfs.readExecutable(root, "/bin/noexec")).toEqual(err(FsError.PermissionDenied));
    expect(unwrap(w.vfs.readExecutable(root, "/bin/other-only")).bytes.length).toBe(1);
    expect(unwrap(w.vfs.readExecutable(root, "/bin/other-only", { credentials: user })).bytes.length).toBe(1);
    expect(w.vfs.readExecutable(root, "/bin/other-only", { credentials: { uid: 5, gid: 0 } })).toEqual(err(FsError.PermissionDenied));
  });

  it("answers IsDirectory for a directory and the path's errors", () => {
    const w = world({ root: { kind: "image", image } });
    expect(w.vfs.readExecutable(w.vfs.root, "/bin")).toEqual(err(FsError.IsDirectory));
    expect(w.vfs.readExecutable(w.vfs.root, "/bin/nope")).toEqual(err(FsError.NotFound));
    expect(w.vfs.readExecutable(w.vfs.root, "/bin/prog/")).toEqual(err(FsError.NotDirectory));
  });
});

describe("Vfs.access", () => {
  it("checks existence (0) and each right, with ReadOnly for writing on a read-only filesystem", () => {
    const image = unwrap(buildImage([{ path: "r", data: "", mode: 0o444 }, { path: "l", symlink: "/nowhere" }]));
    const w = world({ root: { kind: "image", image } });
    const root = w.vfs.root;
    expect(w.vfs.access(root, "/r", 0, { credentials: user })).toEqual(ok(undefined));
    expect(w.vfs.access(root, "/r", AccessRight.READ, { credentials: user })).toEqual(ok(undefined));
    expect(w.vfs.access(root, "/r", AccessRight.EXECUTE, { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.access(root, "/r", AccessRight.EXECUTE)).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.access(root, "/r", AccessRight.WRITE)).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.access(root, "/l", 0)).toEqual(err(FsError.NotFound));
    expect(w.vfs.access(root, "/l", 0, { follow: false })).toEqual(ok(undefined));
    expect(w.vfs.access(root, "/r", 8)).toEqual(err(FsError.InvalidArgument));
    expect(w.vfs.access(root, "/r", -1)).toEqual(err(FsError.InvalidArgument));
  });

  it("lets root read and write anything on a writable filesystem", () => {
    const w = world();
    unwrap(w.vfs.open(w.vfs.root, "/f", { create: true, mode: 0 }));
    expect(w.vfs.access(w.vfs.root, "/f", AccessRight.READ | AccessRight.WRITE)).toEqual(ok(undefined));
    expect(w.vfs.access(w.vfs.root, "/f", AccessRight.WRITE, { credentials: user })).toEqual(err(FsError.PermissionDenied));
  });
});

describe("leak counters", () => {
  it("return to their starting values once everything is closed and removed", () => {
    const w = world();
    const root = w.vfs.root;
    unwrap(w.vfs.mkdir(root, "/d", 0o755));
    const f = openEntry(w, "/d/f", { create: true, access: AccessMode.ReadWrite });
    unwrap(f.object.write(f, bytes("data")));
    unwrap(w.vfs.symlink("f", root, "/d/l"));
    expect(w.vfs.liveInodeCount).toBe(4);
    unwrap(w.vfs.unlink(root, "/d/f"));
    unwrap(w.vfs.unlink(root, "/d/l"));
    unwrap(w.vfs.rmdir(root, "/d"));
    expect([w.vfs.liveInodeCount, w.vfs.openFileCount, w.vfs.orphanedInodeCount]).toEqual([2, 1, 1]);
    w.fds.closeAll();
    expect([w.vfs.liveInodeCount, w.vfs.openFileCount, w.vfs.orphanedInodeCount, w.vfs.bytesUsed]).toEqual([1, 0, 0, 0]);
  });

  it("count a removed directory opened again through a reference, until it is closed", () => {
    const w = world();
    unwrap(w.vfs.mkdir(w.vfs.root, "/d", 0o755));
    const cwd = unwrap(w.vfs.chdir(w.vfs.root, "/d"));
    unwrap(w.vfs.rmdir(w.vfs.root, "/d"));
    expect(w.vfs.liveInodeCount).toBe(1);
    unwrap(w.vfs.openDescriptor(w.fds, cwd, "."));
    expect([w.vfs.liveInodeCount, w.vfs.orphanedInodeCount]).toEqual([2, 1]);
    w.fds.closeAll();
    expect([w.vfs.liveInodeCount, w.vfs.orphanedInodeCount]).toEqual([1, 0]);
  });
});
