import { describe, expect, it } from "vitest";
import { FsError } from "./errors";
import { buildImage } from "./image";
import { FileMode, FileType } from "./mode";
import { NAME_MAX, PATH_MAX } from "./path";
import { list, openEntry, readRest, text, unwrap, world, type World } from "./test-kit";
import { AccessMode } from "../fd/subsystem";
import { err, ok } from "../util/result";

const user = { uid: 1000, gid: 1000 };
const OK = ok(undefined);

/** /d (dir), /d/f (file "f"), /e (empty dir), /pub (0777), /ro (a read-only image with /ro/x). */
function tree(): World {
  const w = world();
  const root = w.vfs.root;
  unwrap(w.vfs.mkdir(root, "/d", 0o755));
  unwrap(w.vfs.mkdir(root, "/e", 0o755));
  unwrap(w.vfs.mkdir(root, "/pub", 0o777));
  unwrap(w.vfs.mkdir(root, "/ro", 0o755));
  const f = openEntry(w, "/d/f", { create: true, access: AccessMode.Write, mode: 0o644 });
  unwrap(f.object.write(f, new TextEncoder().encode("f")));
  w.fds.closeAll();
  unwrap(w.vfs.mount(root, "/ro", { kind: "image", image: unwrap(buildImage([{ path: "x", data: "" }, { path: "dx", directory: true }])) }));
  return w;
}

const stat = (w: World, path: string) => unwrap(w.vfs.stat(w.vfs.root, path, { follow: false }));

describe("Vfs.mkdir", () => {
  it("creates a directory: mode & 01777, two links, the parent gains one, owned by the caller", () => {
    const w = tree();
    w.clock.advance(1e9);
    expect(w.vfs.mkdir(w.vfs.root, "/pub/n", 0o7777, { credentials: user })).toEqual(OK);
    const s = stat(w, "/pub/n");
    expect(s.mode).toBe(FileMode.DIRECTORY | 0o1777);
    expect([s.nlink, s.uid, s.gid, s.size, s.blocks]).toEqual([2, 1000, 1000, 40, 0]);
    expect(stat(w, "/pub").nlink).toBe(3);
    expect(stat(w, "/pub").size).toBe(60);
    expect(stat(w, "/pub").mtime.sec).toBe(1);
  });

  it("under a set-gid directory inherits its group and the set-gid bit", () => {
    const image = unwrap(buildImage([{ path: "sg", directory: true, mode: 0o2777, gid: 42 }]));
    const w = world({ root: { kind: "image", image, readOnly: false } });
    unwrap(w.vfs.mkdir(w.vfs.root, "/sg/sub", 0o755, { credentials: user }));
    const s = stat(w, "/sg/sub");
    expect([s.uid, s.gid]).toEqual([1000, 42]);
    expect(s.mode).toBe(FileMode.DIRECTORY | FileMode.SET_GID | 0o755);
    unwrap(w.vfs.open(w.vfs.root, "/sg/file", { create: true, mode: 0o644, credentials: user }));
    expect(stat(w, "/sg/file").gid).toBe(42);
    expect(stat(w, "/sg/file").mode).toBe(FileMode.REGULAR | 0o644);
  });

  it("accepts a trailing slash", () => {
    const w = tree();
    expect(w.vfs.mkdir(w.vfs.root, "/d/n//", 0o755)).toEqual(OK);
    expect(stat(w, "/d/n").type).toBe(FileType.Directory);
  });

  it("answers Exists for any existing name, and for ., .. and /", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/nowhere", root, "/dang"));
    for (const path of ["/d", "/d/f", "/dang", "/d/.", "/d/..", "/", "/d/f/", "/ro/x"]) {
      expect(w.vfs.mkdir(root, path, 0o755)).toEqual(err(FsError.Exists));
    }
  });

  it("answers NotFound, NameTooLong, ReadOnly and PermissionDenied", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.mkdir(root, "/nope/n", 0o755)).toEqual(err(FsError.NotFound));
    expect(w.vfs.mkdir(root, `/d/${"n".repeat(NAME_MAX + 1)}`, 0o755)).toEqual(err(FsError.NameTooLong));
    expect(w.vfs.mkdir(root, "/ro/n", 0o755)).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.mkdir(root, "/d/n", 0o755, { credentials: user })).toEqual(err(FsError.PermissionDenied));
  });
});

describe("Vfs.symlink and Vfs.readlink", () => {
  it("stores the target as given and reads it back", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.symlink("../whatever//x/", root, "/d/l")).toEqual(OK);
    expect(w.vfs.readlink(root, "/d/l")).toEqual(ok("../whatever//x/"));
    const s = stat(w, "/d/l");
    expect(s.mode).toBe(FileMode.SYMLINK | 0o777);
    expect([s.size, s.nlink, s.blocks]).toEqual([15, 1, 0]);
  });

  it("refuses empty (NotFound), over-long (NameTooLong) and NUL-holding (InvalidArgument) targets", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.symlink("", root, "/l")).toEqual(err(FsError.NotFound));
    expect(w.vfs.symlink("t".repeat(PATH_MAX), root, "/l")).toEqual(err(FsError.NameTooLong));
    expect(w.vfs.symlink("t\0", root, "/l")).toEqual(err(FsError.InvalidArgument));
    expect(w.vfs.symlink("t".repeat(PATH_MAX - 1), root, "/l")).toEqual(OK);
  });

  it("refuses existing names and dots (Exists), a new name with a trailing slash (NotFound), and the usual", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.symlink("t", root, "/d/f")).toEqual(err(FsError.Exists));
    expect(w.vfs.symlink("t", root, "/d/f/")).toEqual(err(FsError.Exists));
    expect(w.vfs.symlink("t", root, "/d/..")).toEqual(err(FsError.Exists));
    expect(w.vfs.symlink("t", root, "/d/new/")).toEqual(err(FsError.NotFound));
    expect(w.vfs.symlink("t", root, "/ro/new")).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.symlink("t", root, "/d/new", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.symlink("t", root, `/d/${"n".repeat(NAME_MAX + 1)}`)).toEqual(err(FsError.NameTooLong));
    expect(w.vfs.symlink("t", root, "/nope/l")).toEqual(err(FsError.NotFound));
  });

  it("readlink refuses what is not a link (InvalidArgument) and follows only with a trailing slash", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/d", root, "/ld"));
    expect(w.vfs.readlink(root, "/d/f")).toEqual(err(FsError.InvalidArgument));
    expect(w.vfs.readlink(root, "/ld/")).toEqual(err(FsError.InvalidArgument));
    expect(w.vfs.readlink(root, "/nope")).toEqual(err(FsError.NotFound));
  });
});

describe("Vfs.unlink", () => {
  it("removes a file's name, or a link (not its target)", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/d/f", root, "/lf"));
    const inodes = w.vfs.liveInodeCount;
    expect(w.vfs.unlink(root, "/lf")).toEqual(OK);
    expect(stat(w, "/d/f").nlink).toBe(1);
    w.clock.advance(1e9);
    expect(w.vfs.unlink(root, "/d/f")).toEqual(OK);
    expect(w.vfs.stat(root, "/d/f")).toEqual(err(FsError.NotFound));
    expect(stat(w, "/d").mtime.sec).toBe(1);
    expect(list(w, "/d")).toEqual([]);
    expect(w.vfs.liveInodeCount).toBe(inodes - 2);
  });

  it("answers IsDirectory for directories, ., .. and /, and after a permission check", () => {
    const w = tree();
    const root = w.vfs.root;
    for (const path of ["/d", "/d/.", "/d/..", "/", "/d/"]) expect(w.vfs.unlink(root, path)).toEqual(err(FsError.IsDirectory));
    expect(w.vfs.unlink(root, "/e", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.unlink(root, "/d/f", { credentials: user })).toEqual(err(FsError.PermissionDenied));
  });

  it("answers NotDirectory for a trailing slash after a non-directory, NotFound for a missing name", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/d", root, "/ld"));
    expect(w.vfs.unlink(root, "/d/f/")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.unlink(root, "/ld/")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.unlink(root, "/d/nope")).toEqual(err(FsError.NotFound));
    expect(w.vfs.unlink(root, "/d/nope/")).toEqual(err(FsError.NotFound));
    expect(w.vfs.unlink(root, `/d/${"n".repeat(NAME_MAX + 1)}`)).toEqual(err(FsError.NameTooLong));
  });

  it("answers ReadOnly on a read-only filesystem, whether or not the name exists", () => {
    const w = tree();
    expect(w.vfs.unlink(w.vfs.root, "/ro/x")).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.unlink(w.vfs.root, "/ro/nope")).toEqual(err(FsError.ReadOnly));
  });
});

describe("Vfs.rmdir", () => {
  it("removes an empty directory; the parent loses a link", () => {
    const w = tree();
    const root = w.vfs.root;
    const links = stat(w, "/").nlink;
    expect(w.vfs.rmdir(root, "/e/")).toEqual(OK);
    expect(w.vfs.stat(root, "/e")).toEqual(err(FsError.NotFound));
    expect(stat(w, "/").nlink).toBe(links - 1);
  });

  it("answers InvalidArgument for ., NotEmpty for .., Busy for / (Linux's choices)", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.rmdir(root, "/e/.")).toEqual(err(FsError.InvalidArgument));
    expect(w.vfs.rmdir(root, "/e/..")).toEqual(err(FsError.NotEmpty));
    expect(w.vfs.rmdir(root, "/")).toEqual(err(FsError.Busy));
    expect(w.vfs.rmdir(root, "/ro/..")).toEqual(err(FsError.NotEmpty));
  });

  it("answers NotEmpty, NotDirectory (files and links), Busy (mount points), NotFound", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/e", root, "/le"));
    expect(w.vfs.rmdir(root, "/d")).toEqual(err(FsError.NotEmpty));
    expect(w.vfs.rmdir(root, "/d/f")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.rmdir(root, "/le")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.rmdir(root, "/ro")).toEqual(err(FsError.Busy));
    expect(w.vfs.rmdir(root, "/nope")).toEqual(err(FsError.NotFound));
    expect(w.vfs.rmdir(root, "/nope/x")).toEqual(err(FsError.NotFound));
    expect(w.vfs.rmdir(root, `/${"n".repeat(NAME_MAX + 1)}`)).toEqual(err(FsError.NameTooLong));
  });

  it("answers ReadOnly and PermissionDenied", () => {
    const w = tree();
    expect(w.vfs.rmdir(w.vfs.root, "/ro/dx")).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.rmdir(w.vfs.root, "/e", { credentials: user })).toEqual(err(FsError.PermissionDenied));
  });

  it("may remove a process's cwd, whose getcwd then answers NotFound", () => {
    const w = tree();
    const cwd = unwrap(w.vfs.chdir(w.vfs.root, "/e"));
    expect(w.vfs.rmdir(cwd, "../e")).toEqual(OK);
    expect(w.vfs.getcwd(cwd)).toEqual(err(FsError.NotFound));
  });
});

describe("Vfs.rename", () => {
  it("moves a file within and across directories, and replaces an existing file", () => {
    const w = tree();
    const root = w.vfs.root;
    const ino = stat(w, "/d/f").ino;
    expect(w.vfs.rename(root, "/d/f", root, "/d/g")).toEqual(OK);
    expect(w.vfs.rename(root, "/d/g", root, "/e/h")).toEqual(OK);
    expect(stat(w, "/e/h").ino).toBe(ino);
    unwrap(w.vfs.open(root, "/e/other", { create: true }));
    expect(w.vfs.rename(root, "/e/other", root, "/e/h")).toEqual(OK);
    expect(stat(w, "/e/h").ino).not.toBe(ino);
    expect(list(w, "/e")).toEqual(["h"]);
    expect(list(w, "/d")).toEqual([]);
  });

  it("keeps a replaced file alive while it is open", () => {
    const w = tree();
    const root = w.vfs.root;
    const f = openEntry(w, "/d/f");
    unwrap(w.vfs.open(root, "/e/x", { create: true }));
    unwrap(w.vfs.rename(root, "/e/x", root, "/d/f"));
    expect(w.vfs.orphanedInodeCount).toBe(1);
    expect(text(readRest(f))).toBe("f");
    w.fds.closeAll();
    expect(w.vfs.orphanedInodeCount).toBe(0);
  });

  it("moves a directory: link counts follow, and its cwd's path changes", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.mkdir(root, "/d/sub", 0o755));
    const cwd = unwrap(w.vfs.chdir(root, "/d/sub"));
    expect(w.vfs.rename(root, "/d", root, "/e/moved")).toEqual(OK);
    expect(stat(w, "/e").nlink).toBe(3);
    expect(w.vfs.getcwd(cwd)).toEqual(ok("/e/moved/sub"));
    expect(unwrap(w.vfs.stat(cwd, "../..")).ino).toBe(stat(w, "/e").ino);
    unwrap(w.vfs.mkdir(root, "/e/empty", 0o755));
    expect(w.vfs.rename(root, "/e/moved/sub/", root, "/e/empty/")).toEqual(OK);
    expect(w.vfs.getcwd(cwd)).toEqual(ok("/e/empty"));
    expect(stat(w, "/e/moved").nlink).toBe(2);
  });

  it("moves a renamed entry to the end of its directory's listing", () => {
    const w = tree();
    const root = w.vfs.root;
    for (const name of ["a", "b", "c"]) unwrap(w.vfs.open(root, `/e/${name}`, { create: true }));
    unwrap(w.vfs.rename(root, "/e/a", root, "/e/z"));
    expect(list(w, "/e")).toEqual(["b", "c", "z"]);
  });

  it("does nothing when both names are the same inode", () => {
    const w = tree();
    const before = stat(w, "/d/f");
    expect(w.vfs.rename(w.vfs.root, "/d/f", w.vfs.root, "/d/f")).toEqual(OK);
    expect(w.vfs.rename(w.vfs.root, "/d/f", w.vfs.root, "/d/./f")).toEqual(OK);
    expect(list(w, "/d")).toEqual(["f"]);
    expect(stat(w, "/d/f")).toEqual(before);
    expect(text(readRest(openEntry(w, "/d/f")))).toBe("f");
  });

  it("refuses type mismatches and non-empty targets", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.rename(root, "/e", root, "/d/f")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.rename(root, "/d/f", root, "/e")).toEqual(err(FsError.IsDirectory));
    expect(w.vfs.rename(root, "/e", root, "/d")).toEqual(err(FsError.NotEmpty));
  });

  it("refuses moving a directory into itself (InvalidArgument) or over its own ancestor (NotEmpty)", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.mkdir(root, "/d/sub", 0o755));
    expect(w.vfs.rename(root, "/d", root, "/d/sub/x")).toEqual(err(FsError.InvalidArgument));
    expect(w.vfs.rename(root, "/d", root, "/d/x")).toEqual(err(FsError.InvalidArgument));
    expect(w.vfs.rename(root, "/d/sub", root, "/d")).toEqual(err(FsError.NotEmpty));
  });

  it("refuses ., .., / at either end and mount points (Busy), and filesystems apart (CrossDevice)", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.rename(root, "/d/.", root, "/x")).toEqual(err(FsError.Busy));
    expect(w.vfs.rename(root, "/d/f", root, "/e/..")).toEqual(err(FsError.Busy));
    expect(w.vfs.rename(root, "/", root, "/x")).toEqual(err(FsError.Busy));
    expect(w.vfs.rename(root, "/ro", root, "/ro2")).toEqual(err(FsError.Busy));
    expect(w.vfs.rename(root, "/e", root, "/ro")).toEqual(err(FsError.Busy));
    expect(w.vfs.rename(root, "/d/f", root, "/ro/f")).toEqual(err(FsError.CrossDevice));
    expect(w.vfs.rename(root, "/ro/x", root, "/ro/y")).toEqual(err(FsError.ReadOnly));
  });

  it("refuses a trailing slash on a non-directory (NotDirectory) and missing names (NotFound)", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.rename(root, "/d/f/", root, "/d/g")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.rename(root, "/d/f", root, "/d/g/")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.rename(root, "/d/nope", root, "/d/g")).toEqual(err(FsError.NotFound));
    expect(w.vfs.rename(root, "/nope/f", root, "/d/g")).toEqual(err(FsError.NotFound));
    expect(w.vfs.rename(root, "/d/f/x", root, "/d/g")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.rename(root, `/d/${"n".repeat(NAME_MAX + 1)}`, root, "/d/g")).toEqual(err(FsError.NameTooLong));
    expect(w.vfs.rename(root, "/d/f", root, "/nope/g")).toEqual(err(FsError.NotFound));
    expect(w.vfs.rename(root, "/d/f", root, `/d/${"n".repeat(NAME_MAX + 1)}`)).toEqual(err(FsError.NameTooLong));
  });

  it("needs write and search permission on both parents, and write on a directory changing parents", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.open(root, "/pub/mine", { create: true, credentials: user }));
    unwrap(w.vfs.mkdir(root, "/pub/a", 0o755));
    unwrap(w.vfs.mkdir(root, "/pub/b", 0o777));
    expect(w.vfs.rename(root, "/d/f", root, "/pub/f", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.rename(root, "/pub/mine", root, "/d/mine", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.rename(root, "/pub/mine", root, "/d/f", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.rename(root, "/pub/a", root, "/pub/b/a", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.rename(root, "/pub/a", root, "/pub/a2", { credentials: user })).toEqual(OK);
    expect(w.vfs.rename(root, "/pub/mine", root, "/pub/b/mine", { credentials: user })).toEqual(OK);
  });

  it("refuses moving into a removed directory (NotFound)", () => {
    const w = tree();
    const gone = unwrap(w.vfs.chdir(w.vfs.root, "/e"));
    unwrap(w.vfs.rmdir(w.vfs.root, "/e"));
    expect(w.vfs.rename(w.vfs.root, "/d/f", gone, "f")).toEqual(err(FsError.NotFound));
  });
});
