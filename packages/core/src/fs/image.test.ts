import { describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "./content";
import { FsError, type ImageErrorCode } from "./errors";
import { EMPTY_IMAGE, buildImage, type ImageEntry } from "./image";
import { AccessMode } from "../fd/subsystem";
import { FileMode, FileType } from "./mode";
import { NAME_MAX, PATH_MAX } from "./path";
import { bytes, list, openEntry, readRest, text, unwrap, world } from "./test-kit";
import { err } from "../util/result";

function refused(entries: readonly ImageEntry[], code: ImageErrorCode, index: number): void {
  expect(buildImage(entries)).toEqual(err({ _tag: "ImageError", code, index }));
}

describe("buildImage validation", () => {
  it("refuses empty components, . and .., NUL, and / inside an array component", () => {
    refused([{ path: "a//b", data: "" }], FsError.InvalidArgument, 0);
    refused([{ path: "a/", data: "" }], FsError.InvalidArgument, 0);
    refused([{ path: "ok", data: "" }, { path: "a/./b", data: "" }], FsError.InvalidArgument, 1);
    refused([{ path: "../b", data: "" }], FsError.InvalidArgument, 0);
    refused([{ path: "a\0b", data: "" }], FsError.InvalidArgument, 0);
    refused([{ path: ["a", "b/c"], data: "" }], FsError.InvalidArgument, 0);
    refused([{ path: ["a", ""], data: "" }], FsError.InvalidArgument, 0);
  });

  it("refuses a component over NAME_MAX bytes and a path of PATH_MAX bytes or more (NameTooLong)", () => {
    expect(buildImage([{ path: "x".repeat(NAME_MAX), data: "" }]).ok).toBe(true);
    refused([{ path: "x".repeat(NAME_MAX + 1), data: "" }], FsError.NameTooLong, 0);
    const component = "d".repeat(200);
    // 20 components of 1 + 200 bytes: 4020 bytes, fits; one more of 80 passes 4096.
    const parts = Array.from({ length: 20 }, () => component);
    expect(buildImage([{ path: parts, data: "" }]).ok).toBe(true);
    refused([{ path: [...parts, "e".repeat(75)], data: "" }], FsError.NameTooLong, 0);
    expect(buildImage([{ path: [...parts, "e".repeat(74)], data: "" }]).ok).toBe(true);
  });

  it("refuses bad modes and ids (InvalidArgument)", () => {
    refused([{ path: "f", data: "", mode: 0o10000 }], FsError.InvalidArgument, 0);
    refused([{ path: "f", data: "", mode: -1 }], FsError.InvalidArgument, 0);
    refused([{ path: "d", directory: true, mode: 1.5 }], FsError.InvalidArgument, 0);
    refused([{ path: "f", data: "", uid: -1 }], FsError.InvalidArgument, 0);
    refused([{ path: "f", data: "", gid: 2 ** 32 }], FsError.InvalidArgument, 0);
  });

  it("refuses empty, NUL-holding (InvalidArgument) and over-long (NameTooLong) link targets", () => {
    refused([{ path: "l", symlink: "" }], FsError.InvalidArgument, 0);
    refused([{ path: "l", symlink: "a\0" }], FsError.InvalidArgument, 0);
    refused([{ path: "l", symlink: "t".repeat(PATH_MAX) }], FsError.NameTooLong, 0);
    expect(buildImage([{ path: "l", symlink: "t".repeat(PATH_MAX - 1) }]).ok).toBe(true);
  });

  it("refuses a path given twice, a second root entry and a non-directory root (Exists)", () => {
    refused([{ path: "f", data: "" }, { path: "/f", data: "x" }], FsError.Exists, 1);
    refused([{ path: "d", directory: true }, { path: "d", directory: true }], FsError.Exists, 1);
    refused([{ path: "d/f", data: "" }, { path: "d", data: "" }], FsError.Exists, 1);
    refused([{ path: "/", directory: true }, { path: "", directory: true }], FsError.Exists, 1);
    refused([{ path: [], data: "" }], FsError.Exists, 0);
  });

  it("refuses a parent that is not a directory (NotDirectory)", () => {
    refused([{ path: "f", data: "" }, { path: "f/g", data: "" }], FsError.NotDirectory, 1);
    refused([{ path: "l", symlink: "/" }, { path: "l/g", data: "" }], FsError.NotDirectory, 1);
  });
});

describe("buildImage contents", () => {
  it("creates missing parents (0755, root-owned), which a later entry may describe once", () => {
    const image = unwrap(
      buildImage([
        { path: "usr/bin/tool", data: "x", mode: 0o755 },
        { path: "usr", directory: true, mode: 0o700, uid: 5, gid: 6 },
      ]),
    );
    const w = world({ root: { kind: "image", image } });
    const usr = unwrap(w.vfs.stat(w.vfs.root, "/usr"));
    expect(usr.mode).toBe(FileMode.DIRECTORY | 0o700);
    expect([usr.uid, usr.gid]).toEqual([5, 6]);
    const bin = unwrap(w.vfs.stat(w.vfs.root, "/usr/bin"));
    expect(bin.mode).toBe(FileMode.DIRECTORY | 0o755);
    expect([bin.uid, bin.gid]).toEqual([0, 0]);
    expect(list(w, "/usr")).toEqual(["bin"]);
  });

  it("sets the root's mode and owner from a root entry, in any of its spellings", () => {
    for (const path of ["", "/", []] as const) {
      const image = unwrap(buildImage([{ path: "a", data: "" }, { path, directory: true, mode: 0o711, uid: 3 }]));
      const { vfs } = world({ root: { kind: "image", image } });
      const root = unwrap(vfs.stat(vfs.root, "/"));
      expect(root.mode).toBe(FileMode.DIRECTORY | 0o711);
      expect(root.uid).toBe(3);
    }
  });

  it("stores strings as UTF-8, copies byte arrays, and counts files and bytes", () => {
    const data = Uint8Array.of(1, 2, 3);
    const image = unwrap(buildImage([{ path: "s", data: "héllo" }, { path: "d/b", data }, { path: "l", symlink: "s" }]));
    data[0] = 9;
    expect(image.fileCount).toBe(2);
    expect(image.byteCount).toBe(6 + 3);
    const w = world({ root: { kind: "image", image } });
    expect(text(readRest(openEntry(w, "/s")))).toBe("héllo");
    expect(readRest(openEntry(w, "/d/b"))).toEqual(Uint8Array.of(1, 2, 3));
    expect(unwrap(w.vfs.stat(w.vfs.root, "/s")).mode).toBe(FileMode.REGULAR | 0o644);
    expect(unwrap(w.vfs.stat(w.vfs.root, "/l", { follow: false })).mode).toBe(FileMode.SYMLINK | 0o777);
    expect(EMPTY_IMAGE.fileCount).toBe(0);
  });

  it("lists entries in the order given and numbers inodes depth-first from the root (1)", () => {
    const image = unwrap(buildImage([{ path: "b/x", data: "" }, { path: "a", data: "" }, { path: "b/y", data: "" }]));
    const w = world({ root: { kind: "image", image } });
    expect(list(w, "/")).toEqual(["b", "a"]);
    expect(list(w, "/b")).toEqual(["x", "y"]);
    const ino = (p: string): number => unwrap(w.vfs.stat(w.vfs.root, p)).ino;
    expect([ino("/"), ino("/b"), ino("/b/x"), ino("/b/y"), ino("/a")]).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("mounting images", () => {
  const image = unwrap(buildImage([{ path: "etc/motd", data: "hello" }, { path: "bin", directory: true }]));

  it("read-only (the default): every change answers ReadOnly, reads work", () => {
    const w = world({ root: { kind: "image", image } });
    const root = w.vfs.root;
    expect(text(readRest(openEntry(w, "/etc/motd")))).toBe("hello");
    expect(w.vfs.open(root, "/etc/motd", { access: AccessMode.Write })).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.open(root, "/etc/new", { access: AccessMode.Write, create: true })).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.mkdir(root, "/tmp", 0o777)).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.unlink(root, "/etc/motd")).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.rmdir(root, "/bin")).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.symlink("x", root, "/l")).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.rename(root, "/bin", root, "/sbin")).toEqual(err(FsError.ReadOnly));
    expect(w.vfs.bytesUsed).toBe(0);
  });

  it("writable: a private copy, counted against the capacity; the image stays as it was", () => {
    const a = world({ root: { kind: "image", image, readOnly: false } });
    const motd = openEntry(a, "/etc/motd", { access: AccessMode.ReadWrite });
    unwrap(motd.object.write(motd, bytes("HELLO")));
    expect(a.vfs.bytesUsed).toBe(CHUNK_SIZE);
    const b = world({ root: { kind: "image", image } });
    expect(text(readRest(openEntry(b, "/etc/motd")))).toBe("hello");
    unwrap(a.vfs.mkdir(a.vfs.root, "/tmp", 0o777));
  });

  it("a writable root image that does not fit the capacity is refused at construction", () => {
    const big = unwrap(buildImage([{ path: "f", data: new Uint8Array(2 * CHUNK_SIZE).fill(1) }]));
    expect(() => world({ root: { kind: "image", image: big, readOnly: false }, capacity: CHUNK_SIZE })).toThrow(/capacity/);
    expect(() => world({ root: { kind: "image", image: big }, capacity: CHUNK_SIZE })).not.toThrow();
  });

  it("a writable image mount that does not fit answers NoSpace and leaves nothing behind", () => {
    const w = world({ capacity: 3 * CHUNK_SIZE });
    const root = w.vfs.root;
    const big = unwrap(
      buildImage([{ path: "a", data: new Uint8Array(2 * CHUNK_SIZE).fill(1) }, { path: "d/b", data: new Uint8Array(2 * CHUNK_SIZE).fill(2) }]),
    );
    unwrap(w.vfs.mkdir(root, "/mnt", 0o755));
    const inodes = w.vfs.liveInodeCount;
    expect(w.vfs.mount(root, "/mnt", { kind: "image", image: big, readOnly: false })).toEqual(err(FsError.NoSpace));
    expect(w.vfs.liveInodeCount).toBe(inodes);
    expect(w.vfs.bytesUsed).toBe(0);
    expect(list(w, "/mnt")).toEqual([]);
    expect(unwrap(w.vfs.stat(root, "/mnt")).type).toBe(FileType.Directory);
  });
});
