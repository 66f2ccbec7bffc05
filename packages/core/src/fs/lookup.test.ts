import { describe, expect, it } from "vitest";
import { FsError } from "./errors";
import { buildImage } from "./image";
import { MAX_SYMLINKS } from "./lookup";
import { FileType } from "./mode";
import { NAME_MAX, PATH_MAX } from "./path";
import { unwrap, world, type World } from "./test-kit";
import { AccessMode } from "../fd/subsystem";
import { err } from "../util/result";

/** /a/b/c (dirs), /a/f (file), /top (file). */
function tree(): World & { ino: (path: string) => number } {
  const w = world();
  const root = w.vfs.root;
  unwrap(w.vfs.mkdir(root, "/a", 0o755));
  unwrap(w.vfs.mkdir(root, "/a/b", 0o755));
  unwrap(w.vfs.mkdir(root, "/a/b/c", 0o755));
  unwrap(w.vfs.open(root, "/a/f", { create: true, mode: 0o644 }));
  unwrap(w.vfs.open(root, "/top", { create: true, mode: 0o644 }));
  return { ...w, ino: (path) => unwrap(w.vfs.stat(root, path)).ino };
}

describe("path resolution", () => {
  it("resolves absolute paths from the root and relative ones from the given directory", () => {
    const w = tree();
    const a = unwrap(w.vfs.chdir(w.vfs.root, "/a"));
    expect(unwrap(w.vfs.stat(a, "b/c")).ino).toBe(w.ino("/a/b/c"));
    expect(unwrap(w.vfs.stat(a, "/top")).ino).toBe(w.ino("/top"));
    expect(w.vfs.stat(a, "top")).toEqual(err(FsError.NotFound));
  });

  it("handles . and .., with .. of the root being the root", () => {
    const w = tree();
    const c = unwrap(w.vfs.chdir(w.vfs.root, "/a/b/c"));
    expect(unwrap(w.vfs.stat(c, ".")).ino).toBe(w.ino("/a/b/c"));
    expect(unwrap(w.vfs.stat(c, "..")).ino).toBe(w.ino("/a/b"));
    expect(unwrap(w.vfs.stat(c, "../../f")).ino).toBe(w.ino("/a/f"));
    expect(unwrap(w.vfs.stat(c, "../../../../../..")).ino).toBe(w.ino("/"));
    expect(unwrap(w.vfs.stat(w.vfs.root, "/../../a/./b/../b/c")).ino).toBe(w.ino("/a/b/c"));
  });

  it("treats repeated slashes as one", () => {
    const w = tree();
    expect(unwrap(w.vfs.stat(w.vfs.root, "//a///b////c")).ino).toBe(w.ino("/a/b/c"));
    expect(unwrap(w.vfs.stat(w.vfs.root, "///")).ino).toBe(w.ino("/"));
  });

  it("accepts a trailing slash on a directory and refuses it on anything else (NotDirectory)", () => {
    const w = tree();
    expect(unwrap(w.vfs.stat(w.vfs.root, "/a/b/")).type).toBe(FileType.Directory);
    expect(w.vfs.stat(w.vfs.root, "/a/f/")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.stat(w.vfs.root, "/a/f/.")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.stat(w.vfs.root, "/missing/")).toEqual(err(FsError.NotFound));
  });

  it("answers NotDirectory for an intermediate non-directory and NotFound for a missing component", () => {
    const w = tree();
    expect(w.vfs.stat(w.vfs.root, "/a/f/x")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.stat(w.vfs.root, "/top/..")).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.stat(w.vfs.root, "/a/nope/c")).toEqual(err(FsError.NotFound));
    expect(w.vfs.stat(w.vfs.root, "/a/nope")).toEqual(err(FsError.NotFound));
  });

  it("refuses the empty path, NUL, long paths, and long components when they are looked up", () => {
    const w = tree();
    const root = w.vfs.root;
    expect(w.vfs.stat(root, "")).toEqual(err(FsError.NotFound));
    expect(w.vfs.stat(root, "/a\0")).toEqual(err(FsError.InvalidArgument));
    expect(w.vfs.stat(root, `/${"a/".repeat(PATH_MAX / 2)}`)).toEqual(err(FsError.NameTooLong));
    const long = "n".repeat(NAME_MAX + 1);
    expect(w.vfs.stat(root, `/a/${long}`)).toEqual(err(FsError.NameTooLong));
    expect(w.vfs.stat(root, `/a/${long}/x`)).toEqual(err(FsError.NameTooLong));
    // Linux stops at the missing component before it meets the long one.
    expect(w.vfs.stat(root, `/nope/${long}`)).toEqual(err(FsError.NotFound));
    expect(w.vfs.stat(root, `/a/${"n".repeat(NAME_MAX)}`)).toEqual(err(FsError.NotFound));
  });
});

describe("symbolic links in paths", () => {
  it("follows relative targets from the link's directory and absolute ones from the root", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("b/c", root, "/a/rel"));
    unwrap(w.vfs.symlink("/a/f", root, "/a/b/abs"));
    unwrap(w.vfs.symlink("../f", root, "/a/b/up"));
    expect(unwrap(w.vfs.stat(root, "/a/rel")).ino).toBe(w.ino("/a/b/c"));
    expect(unwrap(w.vfs.stat(root, "/a/b/abs")).ino).toBe(w.ino("/a/f"));
    expect(unwrap(w.vfs.stat(root, "/a/b/up")).ino).toBe(w.ino("/a/f"));
  });

  it("always follows intermediate links, the last one only when asked (lstat does not)", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/a/b", root, "/lb"));
    unwrap(w.vfs.symlink("/lb", root, "/llb"));
    expect(unwrap(w.vfs.stat(root, "/llb/c", { follow: false })).ino).toBe(w.ino("/a/b/c"));
    expect(unwrap(w.vfs.stat(root, "/llb")).ino).toBe(w.ino("/a/b"));
    const link = unwrap(w.vfs.stat(root, "/llb", { follow: false }));
    expect(link.type).toBe(FileType.Symlink);
    expect(link.size).toBe(3);
  });

  it("a trailing slash forces following, and then needs a directory", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/a/b", root, "/lb"));
    unwrap(w.vfs.symlink("/top", root, "/lt"));
    expect(unwrap(w.vfs.stat(root, "/lb/", { follow: false })).ino).toBe(w.ino("/a/b"));
    expect(w.vfs.stat(root, "/lt/", { follow: false })).toEqual(err(FsError.NotDirectory));
    expect(w.vfs.stat(root, "/lt/x")).toEqual(err(FsError.NotDirectory));
  });

  it("answers NotFound through a dangling link", () => {
    const w = tree();
    unwrap(w.vfs.symlink("/nowhere", w.vfs.root, "/dang"));
    expect(w.vfs.stat(w.vfs.root, "/dang")).toEqual(err(FsError.NotFound));
    expect(unwrap(w.vfs.stat(w.vfs.root, "/dang", { follow: false })).type).toBe(FileType.Symlink);
  });

  it("answers Loop for cycles, and allows exactly MAX_SYMLINKS links in one resolution", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.symlink("/y", root, "/x"));
    unwrap(w.vfs.symlink("/x", root, "/y"));
    unwrap(w.vfs.symlink("self", root, "/self"));
    expect(w.vfs.stat(root, "/x")).toEqual(err(FsError.Loop));
    expect(w.vfs.stat(root, "/self/a")).toEqual(err(FsError.Loop));
    // l0 -> /top, l1 -> /l0, …: stat("/lN") follows N + 1 links.
    unwrap(w.vfs.symlink("/top", root, "/l0"));
    for (let i = 1; i <= MAX_SYMLINKS; i++) unwrap(w.vfs.symlink(`/l${i - 1}`, root, `/l${i}`));
    expect(unwrap(w.vfs.stat(root, `/l${MAX_SYMLINKS - 1}`)).ino).toBe(w.ino("/top"));
    expect(w.vfs.stat(root, `/l${MAX_SYMLINKS}`)).toEqual(err(FsError.Loop));
  });
});

describe("mount points in paths", () => {
  const image = unwrap(buildImage([{ path: "inner/file", data: "x" }]));

  it("crosses into a mounted filesystem, and .. from its root leads to the mount point's parent", () => {
    const w = tree();
    const root = w.vfs.root;
    const before = unwrap(w.vfs.stat(root, "/a/b"));
    unwrap(w.vfs.mount(root, "/a/b", { kind: "image", image }));
    const mounted = unwrap(w.vfs.stat(root, "/a/b"));
    expect(mounted.dev).not.toBe(before.dev);
    expect(mounted.ino).toBe(1);
    expect(unwrap(w.vfs.stat(root, "/a/b/inner/file")).dev).toBe(mounted.dev);
    expect(w.vfs.stat(root, "/a/b/c")).toEqual(err(FsError.NotFound));
    expect(unwrap(w.vfs.stat(root, "/a/b/..")).ino).toBe(w.ino("/a"));
    expect(unwrap(w.vfs.stat(root, "/a/b/inner/../../f")).ino).toBe(w.ino("/a/f"));
    const inner = unwrap(w.vfs.chdir(root, "/a/b/inner"));
    expect(unwrap(w.vfs.stat(inner, "../..")).ino).toBe(w.ino("/a"));
  });

  it("crosses mounts reached through a symbolic link", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.mount(root, "/a/b", { kind: "image", image }));
    unwrap(w.vfs.symlink("/a/b", root, "/lm"));
    expect(unwrap(w.vfs.stat(root, "/lm")).ino).toBe(1);
    expect(unwrap(w.vfs.stat(root, "/lm/inner/file")).type).toBe(FileType.Regular);
  });
});

describe("search permission", () => {
  const user = { uid: 1000, gid: 1000 };

  it("is needed on every directory passed through, not on the last component itself", () => {
    const w = tree();
    const root = w.vfs.root;
    unwrap(w.vfs.mkdir(root, "/locked", 0o600));
    unwrap(w.vfs.mkdir(root, "/locked/in", 0o777));
    expect(w.vfs.stat(root, "/locked/in", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(w.vfs.stat(root, "/locked/nothing", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(unwrap(w.vfs.stat(root, "/locked", { credentials: user })).type).toBe(FileType.Directory);
    const locked = unwrap(w.vfs.chdir(root, "/locked"));
    expect(w.vfs.stat(locked, "..", { credentials: user })).toEqual(err(FsError.PermissionDenied));
    expect(unwrap(w.vfs.stat(root, "/locked/in")).type).toBe(FileType.Directory);
  });

  it("uses the owner, group (primary or supplementary) or other class", () => {
    const w = tree();
    const root = w.vfs.root;
    const owner = { uid: 1000, gid: 50 };
    unwrap(w.vfs.mkdir(root, "/pub", 0o777));
    const pub = unwrap(w.vfs.chdir(root, "/pub"));
    for (const mode of [0o607, 0o710]) {
      unwrap(w.vfs.mkdir(pub, `m${mode.toString(8)}`, mode, { credentials: owner }));
      unwrap(w.vfs.open(pub, `m${mode.toString(8)}/f`, { create: true }));
    }
    const stat = (path: string, credentials: { uid: number; gid: number; groups?: number[] }) =>
      w.vfs.stat(pub, path.slice(1), { credentials });
    // Owner class without x: the owner is refused even though "other" would allow it.
    expect(stat("/m607/f", { uid: 1000, gid: 1 })).toEqual(err(FsError.PermissionDenied));
    expect(unwrap(stat("/m607/f", { uid: 7, gid: 1 })).type).toBe(FileType.Regular);
    expect(unwrap(stat("/m710/f", { uid: 1000, gid: 1 })).type).toBe(FileType.Regular);
    expect(unwrap(stat("/m710/f", { uid: 7, gid: 50 })).type).toBe(FileType.Regular);
    expect(unwrap(stat("/m710/f", { uid: 7, gid: 1, groups: [3, 50] })).type).toBe(FileType.Regular);
    expect(stat("/m710/f", { uid: 7, gid: 1, groups: [3] })).toEqual(err(FsError.PermissionDenied));
    expect(stat("/m710/f", { uid: 7, gid: 1 })).toEqual(err(FsError.PermissionDenied));
  });
});

describe("removed directories", () => {
  it("keep . and .. usable from a reference but find nothing in them", () => {
    const w = tree();
    const root = w.vfs.root;
    const c = unwrap(w.vfs.chdir(root, "/a/b/c"));
    unwrap(w.vfs.rmdir(root, "/a/b/c"));
    expect(c.removed).toBe(true);
    expect(unwrap(w.vfs.stat(c, ".")).nlink).toBe(0);
    expect(unwrap(w.vfs.stat(c, "..")).ino).toBe(w.ino("/a/b"));
    expect(w.vfs.stat(c, "x")).toEqual(err(FsError.NotFound));
    expect(w.vfs.open(c, "x", { create: true, access: AccessMode.Write })).toEqual(err(FsError.NotFound));
    expect(w.vfs.mkdir(c, "x", 0o755)).toEqual(err(FsError.NotFound));
    expect(w.vfs.symlink("t", c, "x")).toEqual(err(FsError.NotFound));
  });
});
