import { describe, expect, it } from "vitest";
import { FsError } from "./errors";
import { buildImage } from "./image";
import { FileMode, FileType } from "./mode";
import { NAME_MAX } from "./path";
import { bytes, list, openEntry, readRest, text, unwrap, world, type World } from "./test-kit";
import { DescriptorError } from "../fd/errors";
import { DescriptorFlags } from "../fd/storage";
import { AccessMode } from "../fd/subsystem";
import { DescriptorTarget } from "../fd/target";
import { err } from "../util/result";

const user = { uid: 1000, gid: 1000 };

/** /d (dir 0755), /d/f (file "hello", 0644), /secret (0600), /pub (dir 0777). */
function tree(): World {
  const w = world();
  const root = w.vfs.root;
  unwrap(w.vfs.mkdir(root, "/d", 0o755));
  unwrap(w.vfs.mkdir(root, "/pub", 0o777));
  const f = openEntry(w, "/d/f", { create: true, access: AccessMode.Write, mode: 0o644 });
  unwrap(f.object.write(f, bytes("hello")));
  w.fds.closeAll();
  unwrap(w.vfs.open(root, "/secret", { create: true, mode: 0o600 }));
  return w;
}

describe("Vfs.open: existing files", () => {
  it("opens for reading, writing or both, and the entry gets that access mode", () => {
    const w = tree();
    for (const access of [AccessMode.Read, AccessMode.Write, AccessMode.ReadWrite]) {
      const entry = openEntry(w, "/d/f", { access });
      expect(entry.accessMode).toBe(access);
      expect(entry.object.accessMode).toBe(access);
      expect(entry.object.type).toBe(FileType.Regular);
    }
    expect(unwrap(w.vfs.open(w.vfs.root, "/d/f")).accessMode).toBe(AccessMode.Read);
  });

  it("checks the permission bits for the access asked", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.open(root, "/secret", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.open(root, "/d/f", { access: AccessMode.Write, credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.open(root, "/d/f", { access: AccessMode.ReadWrite, credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(unwrap(w.vfs.open(root, "/d/f", { credentials: user })).readable).toBe(true);
    expect(unwrap(w.vfs.open(root, "/secret", { access: AccessMode.ReadWrite })).writable).toBe(true);
  });

  it("truncates with `truncate`, even when opened for reading, which then needs write permission", () => {
    const w = tree();
    const root = w.vfs.root;
    w.clock.advance(5e9);
    expect(w.vfs.open(root, "/d/f", { truncate: true, credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(unwrap(w.vfs.stat(root, "/d/f")).size).toBe(5);
    unwrap(w.vfs.open(root, "/d/f", { truncate: true }));
    const stat = unwrap(w.vfs.stat(root, "/d/f"));
    expect(stat.size).toBe(0);
    expect(stat.mtime.sec).toBe(5);
  });

  it("on a read-only filesystem refuses writing and truncation (ReadOnly, before the permission bits)", () => {
    const image = unwrap(buildImage([{ path: "ro", data: "x", mode: 0o444 }]));
    const w = world({ root: { kind: "image", image } });
    const root = w.vfs.root;
    expect(w.vfs.open(root, "/ro", { access: AccessMode.Write, credentials: user })).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.open(root, "/ro", { truncate: true })).toEqual(err(FsError.ReadOnly));
    expect(unwrap(w.vfs.open(root, "/ro", { credentials: user })).readable).toBe(true);
    // create on an existing name of a read-only filesystem is a plain open.
    expect(unwrap(w.vfs.open(root, "/ro", { create: true })).readable).toBe(true);
  });

  it("opens directories for reading only: writing or truncation is IsDirectory", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(unwrap(w.vfs.open(root, "/d")).type).toBe(FileType.Directory);
    expect(w.vfs.open(root, "/d", { access: AccessMode.Write })).toEqual(err(FsError.IsDirectory));
    expect(w.vfs.open(root, "/d", { access: AccessMode.ReadWrite })).toEqual(err(FsError.IsDirectory));
    expect(w.vfs.open(root, "/d", { truncate: true })).toEqual(err(FsError.IsDirectory));
    expect(w.vfs.open(root, "/secret-dir-missing", { directory: true })).toEqual(err(FsError.NotFound));
  });

  it("`directory` refuses anything but a directory (NotDirectory), and may not go with `create`", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(unwrap(w.vfs.open(root, "/d", { directory: true })).directory).toBeDefined();
    expect(w.vfs.open(root, "/d/f", { directory: true })).toEqual(err(FsError.NotDirectory));
    unwrap(w.vfs.symlink("/d/f", root, "/lf"));
    expect(w.vfs.open(root, "/lf", { directory: true, noFollow: true })).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.open(root, "/new", { directory: true, create: true })).toEqual(err(FsError.InvalidArgument));
  });

  it("`noFollow` refuses a final link (Loop) but still follows intermediate ones", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/d/f", root, "/lf"));
    unwrap(w.vfs.symlink("/d", root, "/ld"));
    expect(w.vfs.open(root, "/lf", { noFollow: true })).toEqual(err(FsError.Loop));
    expect(text(readRest(openEntry(w, "/ld/f", { noFollow: true })))).toBe("hello");
    expect(text(readRest(openEntry(w, "/lf")))).toBe("hello");
  });

  it("answers the path's errors", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.open(root, "/nope")).toEqual(err(FsError.NotFound));
    expect(w.vfs.open(root, "/d/f/")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.open(root, "")).toEqual(err(FsError.NotFound));
  });
});

describe("Vfs.open with create", () => {
  it("creates a regular file with the given mode, owned by the caller, in an updated parent", () => {
    const w = tree();
    const root = w.vfs.root;
    w.clock.advance(3e9 + 7);
    const pub = unwrap(w.vfs.chdir(root, "/pub"));
    const file = unwrap(w.vfs.open(pub, "mine", { create: true, access: AccessMode.Write, mode: 0o640, credentials: user }));
    expect(file.writable).toBe(true);
    const stat = unwrap(w.vfs.stat(root, "/pub/mine"));
    expect(stat.mode).toBe(FileMode.REGULAR | 0o640);
    expect([stat.uid, stat.gid, stat.nlink, stat.size]).toEqual([1000, 1000, 1, 0]);
    expect(stat.ctime).toEqual({ sec: 3, nsec: 7 });
    expect(unwrap(w.vfs.stat(root, "/pub")).mtime).toEqual({ sec: 3, nsec: 7 });
    expect(list(w, "/pub")).toEqual(["mine"]);
  });

  it("does not check a file it created against its own mode", () => {
    const w = tree();
    const pub = unwrap(w.vfs.chdir(w.vfs.root, "/pub"));
    expect(unwrap(w.vfs.open(pub, "ro", { create: true, access: AccessMode.ReadWrite, mode: 0o444, credentials: user })).writable).toBe(true);
    expect(w.vfs.open(pub, "ro", { create: true, access: AccessMode.ReadWrite, credentials: user })).toEqual(err(FsError.PermissionDenied));
  });

  it("opens an existing file as it is (mode ignored, no truncation without `truncate`)", () => {
    const w = tree();
    const entry = openEntry(w, "/d/f", { create: true, mode: 0o777 });
    expect(text(readRest(entry))).toBe("hello");
    expect(unwrap(w.vfs.stat(w.vfs.root, "/d/f")).mode).toBe(FileMode.REGULAR | 0o644);
  });

  it("with `exclusive` refuses an existing name, even a dangling link (Exists)", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/nowhere", root, "/dang"));
    expect(w.vfs.open(root, "/d/f", { create: true, exclusive: true })).toEqual(err(FsError.Exists));
    expect(w.vfs.open(root, "/dang", { create: true, exclusive: true })).toEqual(err(FsError.Exists));
    expect(w.vfs.open(root, "/d", { create: true, exclusive: true })).toEqual(err(FsError.Exists));
    expect(unwrap(w.vfs.open(root, "/d/g", { create: true, exclusive: true })).type).toBe(FileType.Regular);
  });

  it("answers IsDirectory for ., .., /, a trailing slash and an existing directory", () => {
    const w = tree();
    const root = w.vfs.root;
    for (const path of ["/d/.", "/d/..", "/", "/newdir/", "/d/", "/d/f/", "/d"]) {
      expect(w.vfs.open(root, path, { create: true })).toEqual(err(FsError.IsDirectory));
    }
  });

  it("follows a final link: opens its target, or creates it when the link dangles", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/d/f", root, "/lf"));
    unwrap(w.vfs.symlink("d/created", root, "/dang"));
    unwrap(w.vfs.symlink("/d", root, "/ld"));
    unwrap(w.vfs.symlink("/missing/x", root, "/deep"));
    expect(text(readRest(openEntry(w, "/lf", { create: true })))).toBe("hello");
    unwrap(w.vfs.open(root, "/dang", { create: true, mode: 0o600 }));
    expect(unwrap(w.vfs.stat(root, "/d/created")).mode).toBe(FileMode.REGULAR | 0o600);
    expect(w.vfs.open(root, "/ld", { create: true })).toEqual(err(FsError.IsDirectory));
    expect(w.vfs.open(root, "/deep", { create: true })).toEqual(err(FsError.NotFound));
    expect(w.vfs.open(root, "/lf", { create: true, noFollow: true })).toEqual(err(FsError.Loop));
  });

  it("answers Loop when following links to create goes round in circles", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/b", root, "/a"));
    unwrap(w.vfs.symlink("/a", root, "/b"));
    expect(w.vfs.open(root, "/a", { create: true })).toEqual(err(FsError.Loop));
  });

  it("answers NotFound, ReadOnly, PermissionDenied and NameTooLong where it cannot create", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.open(root, "/nope/f", { create: true })).toEqual(err(FsError.NotFound));
    expect(w.vfs.open(root, "/d/new", { create: true, credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.open(root, `/d/${"n".repeat(NAME_MAX + 1)}`, { create: true })).toEqual(err(FsError.NameTooLong));
    const image = unwrap(buildImage([{ path: "etc", directory: true }]));
    unwrap(w.vfs.mount(root, "/d", { kind: "image", image }));
    expect(w.vfs.open(root, "/d/etc/new", { create: true })).toEqual(err(FsError.ReadOnly));
  });
});

describe("Vfs.openDescriptor", () => {
  it("puts the open file at the lowest free number (or the target) with the asked flags and status", () => {
    const w = tree();
    const root = w.vfs.root;
    const a = unwrap(w.vfs.openDescriptor(w.fds, root, "/d/f", { access: AccessMode.ReadWrite }));
    expect(a.fd).toBe(0);
    const b = unwrap(w.vfs.openDescriptor(w.fds, root, "/d/f", { closeOnExec: true, nonBlocking: true, statusFlags: 0o2000 }));
    expect(b.fd).toBe(1);
    expect(unwrap(w.fds.getFlags(1))).toBe(DescriptorFlags.CLOSE_ON_EXEC);
    expect(unwrap(w.fds.getFlags(0))).toBe(0);
    const entry = unwrap(w.fds.entry(1));
    expect([entry.nonBlocking, entry.statusFlags, entry.accessMode, entry.offset]).toEqual([true, 0o2000, AccessMode.Read, 0]);
    expect(entry.object).toBe(b.file);
    const c = unwrap(w.vfs.openDescriptor(w.fds, root, "/d/f", { target: DescriptorTarget.exact(9) }));
    expect(c.fd).toBe(9);
    expect(w.vfs.openFileCount).toBe(3);
  });

  it("answers the open's error, or the descriptor table's (the created file stays)", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.openDescriptor(w.fds, root, "/nope")).toEqual(err(FsError.NotFound));
    const full = w.table.createStorage({ limit: 0 });
    expect(w.vfs.openDescriptor(full, root, "/d/new", { create: true })).toEqual(err(DescriptorError.TooManyDescriptors));
    expect(unwrap(w.vfs.stat(root, "/d/new")).type).toBe(FileType.Regular);
    expect(w.vfs.openFileCount).toBe(0);
  });
});
