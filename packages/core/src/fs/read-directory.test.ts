import { describe, expect, it } from "vitest";
import { FsError } from "./errors";
import { buildImage } from "./image";
import { FIRST_ENTRY_COOKIE } from "./inode";
import { FileType } from "./mode";
import { SeekWhence, type DirectoryEntryInfo } from "./open-file";
import { openEntry, readAllEntries, unwrap, world, type World } from "./test-kit";
import { err, ok } from "../util/result";

function withEntries(names: readonly string[]): World {
  const w = world();
  unwrap(w.vfs.mkdir(w.vfs.root, "/d", 0o755));
  for (const name of names) unwrap(w.vfs.open(w.vfs.root, `/d/${name}`, { create: true }));
  return w;
}

const names = (infos: readonly DirectoryEntryInfo[]): string[] => infos.map((info) => info.name);

describe("OpenFile.readDirectory", () => {
  it("lists ., .., then the entries in creation order, with their inode numbers and types", () => {
    const w = world();
    const root = w.vfs.root;
    unwrap(w.vfs.mkdir(root, "/d", 0o755));
    unwrap(w.vfs.open(root, "/d/zfile", { create: true }));
    unwrap(w.vfs.mkdir(root, "/d/adir", 0o755));
    unwrap(w.vfs.symlink("x", root, "/d/link"));
    const infos = readAllEntries(openEntry(w, "/d"));
    const ino = (path: string) => unwrap(w.vfs.stat(root, path, { follow: false })).ino;
    expect(infos).toEqual([
      { name: ".", ino: ino("/d"), type: FileType.Directory, nextPosition: 1 },
      { name: "..", ino: ino("/"), type: FileType.Directory, nextPosition: FIRST_ENTRY_COOKIE },
      { name: "zfile", ino: ino("/d/zfile"), type: FileType.Regular, nextPosition: FIRST_ENTRY_COOKIE + 1 },
      { name: "adir", ino: ino("/d/adir"), type: FileType.Directory, nextPosition: FIRST_ENTRY_COOKIE + 2 },
      { name: "link", ino: ino("/d/link"), type: FileType.Symlink, nextPosition: FIRST_ENTRY_COOKIE + 3 },
    ]);
  });

  it("reports the root's own number for .. at the root and at a mounted filesystem's root", () => {
    const w = world();
    unwrap(w.vfs.mkdir(w.vfs.root, "/mnt", 0o755));
    unwrap(w.vfs.mount(w.vfs.root, "/mnt", { kind: "image", image: unwrap(buildImage([])) }));
    for (const path of ["/", "/mnt"]) {
      const [dot, dotdot] = readAllEntries(openEntry(w, path));
      expect(dotdot!.ino).toBe(dot!.ino);
    }
  });

  it("continues where the last call stopped; a refused entry is not consumed; 0 at the end", () => {
    const w = withEntries(["a", "b", "c", "d"]);
    const d = openEntry(w, "/d");
    const seen: string[] = [];
    const take = (room: number) =>
      d.object.readDirectory(d, (info) => {
        if (room-- <= 0) return false;
        seen.push(info.name);
        return true;
      });
    expect(take(3)).toEqual(ok(3));
    expect(take(0)).toEqual(ok(0));
    expect(take(2)).toEqual(ok(2));
    expect(take(5)).toEqual(ok(1));
    expect(take(5)).toEqual(ok(0));
    expect(seen).toEqual([".", "..", "a", "b", "c", "d"]);
  });

  it("reads the same listing in chunks of any size", () => {
    const w = withEntries(Array.from({ length: 25 }, (_, i) => `n${i}`));
    const whole = names(readAllEntries(openEntry(w, "/d")));
    for (const perCall of [1, 2, 3, 7]) expect(names(readAllEntries(openEntry(w, "/d"), perCall))).toEqual(whole);
  });

  it("skips entries removed meanwhile and shows entries added meanwhile, after the position", () => {
    const w = withEntries(["a", "b", "c"]);
    const d = openEntry(w, "/d");
    const first: string[] = [];
    let room = 3;
    unwrap(d.object.readDirectory(d, (info) => room-- > 0 && first.push(info.name) > 0));
    expect(first).toEqual([".", "..", "a"]);
    unwrap(w.vfs.unlink(w.vfs.root, "/d/b"));
    unwrap(w.vfs.unlink(w.vfs.root, "/d/a"));
    unwrap(w.vfs.open(w.vfs.root, "/d/new", { create: true }));
    expect(names(readAllEntries(d))).toEqual(["c", "new"]);
  });

  it("restarts after seeking to 0 (rewinddir) and resumes after an entry's nextPosition", () => {
    const w = withEntries(["a", "b", "c"]);
    const d = openEntry(w, "/d");
    const all = readAllEntries(d);
    unwrap(d.object.seek(d, 0, SeekWhence.Set));
    expect(names(readAllEntries(d))).toEqual(names(all));
    unwrap(d.object.seek(d, all[2]!.nextPosition, SeekWhence.Set));
    expect(names(readAllEntries(d))).toEqual(["b", "c"]);
    unwrap(d.object.seek(d, 1, SeekWhence.Set));
    expect(names(readAllEntries(d))).toEqual(["..", "a", "b", "c"]);
  });

  it("is shared by duplicates, as the offset is", () => {
    const w = withEntries(["a", "b"]);
    const d = openEntry(w, "/d");
    let room = 3;
    unwrap(d.object.readDirectory(d, () => room-- > 0));
    const dup = unwrap(w.fds.entry(unwrap(w.fds.duplicate(0))));
    expect(dup.offset).toBe(d.offset);
  });

  it("refuses a file (NotDirectory) and a removed directory (NotFound)", () => {
    const w = withEntries(["f"]);
    const f = openEntry(w, "/d/f");
    expect(f.object.readDirectory(f, () => true)).toEqual(err(FsError.NotDirectory));
    unwrap(w.vfs.mkdir(w.vfs.root, "/gone", 0o755));
    const gone = openEntry(w, "/gone");
    unwrap(w.vfs.rmdir(w.vfs.root, "/gone"));
    expect(gone.object.readDirectory(gone, () => true)).toEqual(err(FsError.NotFound));
  });
});
