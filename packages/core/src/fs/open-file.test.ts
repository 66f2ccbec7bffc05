import { describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "./content";
import { FsError } from "./errors";
import { FILE_SUBSYSTEM, SeekWhence } from "./open-file";
import { bytes, openEntry, readRest, text, unwrap, world } from "./test-kit";
import { Events } from "../event/events";
import { AccessMode } from "../fd/subsystem";
import { InvariantViolation } from "../util/invariant";
import { err, ok } from "../util/result";

const RW = { access: AccessMode.ReadWrite, create: true, mode: 0o644 } as const;

describe("OpenFile read and write", () => {
  it("reads and writes at the entry's offset, which duplicates share and separate opens do not", () => {
    const w = world();
    const a = openEntry(w, "/f", RW);
    expect(a.object.write(a, bytes("abcdef"))).toEqual(ok(6));
    expect(a.offset).toBe(6);
    unwrap(a.object.seek(a, 0, SeekWhence.Set));
    const dupFd = unwrap(w.fds.duplicate(0));
    const dup = unwrap(w.fds.get(dupFd, FILE_SUBSYSTEM));
    const buffer = new Uint8Array(2);
    unwrap(a.object.read(a, buffer));
    expect(text(buffer)).toBe("ab");
    unwrap(dup.object.read(dup, buffer));
    expect(text(buffer)).toBe("cd");
    const other = openEntry(w, "/f");
    expect(text(readRest(other))).toBe("abcdef");
    expect(a.offset).toBe(4);
  });

  it("refuses reading a write-only file and writing a read-only one (BadAccessMode)", () => {
    const w = world();
    const wo = openEntry(w, "/f", { ...RW, access: AccessMode.Write });
    const ro = openEntry(w, "/f");
    expect(wo.object.read(wo, new Uint8Array(1))).toEqual(err(FsError.BadAccessMode));
    expect(wo.object.pread(new Uint8Array(1), 0)).toEqual(err(FsError.BadAccessMode));
    expect(ro.object.write(ro, bytes("x"))).toEqual(err(FsError.BadAccessMode));
    expect(ro.object.pwrite(bytes("x"), 0)).toEqual(err(FsError.BadAccessMode));
  });

  it("refuses read() on a directory (IsDirectory); a bad position comes first for pread", () => {
    const w = world();
    unwrap(w.vfs.mkdir(w.vfs.root, "/d", 0o755));
    const d = openEntry(w, "/d");
    expect(d.object.read(d, new Uint8Array(1))).toEqual(err(FsError.IsDirectory));
    expect(d.object.pread(new Uint8Array(1), 0)).toEqual(err(FsError.IsDirectory));
    expect(d.object.pread(new Uint8Array(1), -1)).toEqual(err(FsError.InvalidArgument));
    expect(d.object.write(d, bytes("x"))).toEqual(err(FsError.BadAccessMode));
  });

  it("pread and pwrite use their position and leave the offset alone; bad positions are InvalidArgument", () => {
    const w = world();
    const f = openEntry(w, "/f", RW);
    expect(f.object.pwrite(bytes("xyz"), 10)).toEqual(ok(3));
    expect(f.offset).toBe(0);
    const buffer = new Uint8Array(13);
    expect(f.object.pread(buffer, 0)).toEqual(ok(13));
    expect([...buffer.subarray(0, 10)]).toEqual(new Array(10).fill(0));
    expect(text(buffer.subarray(10))).toBe("xyz");
    expect(f.object.pread(buffer, 13)).toEqual(ok(0));
    expect(f.object.pread(buffer, 1.5)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.pwrite(bytes("a"), -1)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.pwrite(bytes("a"), Number.MAX_SAFE_INTEGER + 2)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.pwrite(new Uint8Array(0), 5)).toEqual(ok(0));
    expect(f.offset).toBe(0);
  });

  it("with `append` writes at the end and moves the offset there; pwrite appends too (as Linux)", () => {
    const w = world();
    const f = openEntry(w, "/f", RW);
    unwrap(f.object.write(f, bytes("0123456789")));
    unwrap(f.object.seek(f, 2, SeekWhence.Set));
    expect(f.object.write(f, bytes("ab"), { append: true })).toEqual(ok(2));
    expect(f.offset).toBe(12);
    expect(f.object.pwrite(bytes("cd"), 0, { append: true })).toEqual(ok(2));
    expect(f.offset).toBe(12);
    unwrap(f.object.seek(f, 1, SeekWhence.Set));
    expect(f.object.write(f, new Uint8Array(0), { append: true })).toEqual(ok(0));
    expect(f.offset).toBe(1);
    expect(text(readRest(openEntry(w, "/f")))).toBe("0123456789abcd");
  });

  it("writing past the end leaves a hole that reads as zeros and holds no storage", () => {
    const w = world();
    const f = openEntry(w, "/f", RW);
    unwrap(f.object.seek(f, 3 * CHUNK_SIZE, SeekWhence.Set));
    unwrap(f.object.write(f, bytes("z")));
    const stat = f.object.stat();
    expect(stat.size).toBe(3 * CHUNK_SIZE + 1);
    expect(stat.blocks).toBe(CHUNK_SIZE / 512);
    expect(stat.blksize).toBe(CHUNK_SIZE);
    const all = readRest(openEntry(w, "/f"), 1000);
    expect(all.length).toBe(3 * CHUNK_SIZE + 1);
    expect(all.subarray(0, 3 * CHUNK_SIZE).every((b) => b === 0)).toBe(true);
    expect(w.vfs.bytesUsed).toBe(CHUNK_SIZE);
  });

  it("updates mtime and ctime on a write, not on an empty one", () => {
    const w = world();
    const f = openEntry(w, "/f", RW);
    w.clock.advance(2e9);
    unwrap(f.object.write(f, new Uint8Array(0)));
    expect(f.object.stat().mtime.sec).toBe(0);
    unwrap(f.object.write(f, bytes("x")));
    expect(f.object.stat().mtime).toEqual({ sec: 2, nsec: 0 });
    expect(f.object.stat().ctime).toEqual({ sec: 2, nsec: 0 });
    expect(f.object.stat().atime).toEqual({ sec: 0, nsec: 0 });
  });

  it("cuts a write at the size limit and answers TooBig when nothing fits", () => {
    const w = world({ maxFileSize: 10 });
    const f = openEntry(w, "/f", RW);
    unwrap(f.object.seek(f, 8, SeekWhence.Set));
    expect(f.object.write(f, bytes("abcd"))).toEqual(ok(2));
    expect(f.offset).toBe(10);
    expect(f.object.write(f, bytes("e"))).toEqual(err(FsError.TooBig));
    expect(f.object.pwrite(bytes("e"), 10)).toEqual(err(FsError.TooBig));
    expect(f.object.write(f, bytes("e"), { append: true })).toEqual(err(FsError.TooBig));
    expect(f.object.stat().size).toBe(10);
  });

  it("returns what fit when the capacity runs out, then NoSpace", () => {
    const w = world({ capacity: CHUNK_SIZE });
    const f = openEntry(w, "/f", RW);
    expect(f.object.write(f, new Uint8Array(CHUNK_SIZE + 100).fill(1))).toEqual(ok(CHUNK_SIZE));
    expect(f.object.write(f, bytes("x"))).toEqual(err(FsError.NoSpace));
    expect(f.offset).toBe(CHUNK_SIZE);
    const g = openEntry(w, "/g", RW);
    expect(g.object.pwrite(bytes("x"), 0)).toEqual(err(FsError.NoSpace));
  });
});

describe("OpenFile.seek", () => {
  it("moves from the start, the current offset or the end, past the end too", () => {
    const w = world();
    const f = openEntry(w, "/f", RW);
    unwrap(f.object.write(f, bytes("0123456789")));
    expect(f.object.seek(f, 3, SeekWhence.Set)).toEqual(ok(3));
    expect(f.object.seek(f, 4, SeekWhence.Current)).toEqual(ok(7));
    expect(f.object.seek(f, -2, SeekWhence.Current)).toEqual(ok(5));
    expect(f.object.seek(f, -1, SeekWhence.End)).toEqual(ok(9));
    expect(f.object.seek(f, 100, SeekWhence.End)).toEqual(ok(110));
    expect(f.object.read(f, new Uint8Array(4))).toEqual(ok(0));
  });

  it("refuses a negative result, a non-integer, or passing the size limit (InvalidArgument), leaving the offset", () => {
    const w = world({ maxFileSize: 100 });
    const f = openEntry(w, "/f", RW);
    unwrap(f.object.seek(f, 5, SeekWhence.Set));
    expect(f.object.seek(f, -1, SeekWhence.Set)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.seek(f, -6, SeekWhence.Current)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.seek(f, -1, SeekWhence.End)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.seek(f, 0.5, SeekWhence.Set)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.seek(f, 101, SeekWhence.Set)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.seek(f, 100, SeekWhence.Set)).toEqual(ok(100));
    expect(f.offset).toBe(100);
  });

  it("on a directory moves the stream position with Set and Current only", () => {
    const w = world();
    unwrap(w.vfs.mkdir(w.vfs.root, "/d", 0o755));
    const d = openEntry(w, "/d");
    expect(d.object.seek(d, 2, SeekWhence.Set)).toEqual(ok(2));
    expect(d.object.seek(d, 3, SeekWhence.Current)).toEqual(ok(5));
    expect(d.object.seek(d, 0, SeekWhence.End)).toEqual(err(FsError.InvalidArgument));
    expect(d.object.seek(d, -6, SeekWhence.Current)).toEqual(err(FsError.InvalidArgument));
    expect(d.object.seek(d, 2 ** 40, SeekWhence.Set)).toEqual(ok(2 ** 40));
  });
});

describe("OpenFile.truncate", () => {
  it("shrinks (discarding data) and grows (a hole), updating the times", () => {
    const w = world();
    const f = openEntry(w, "/f", RW);
    unwrap(f.object.write(f, bytes("0123456789")));
    w.clock.advance(1e9);
    expect(f.object.truncate(4)).toEqual(ok(undefined));
    expect(f.object.stat().mtime.sec).toBe(1);
    expect(f.object.truncate(6)).toEqual(ok(undefined));
    const back = new Uint8Array(10);
    expect(f.object.pread(back, 0)).toEqual(ok(6));
    expect([...back.subarray(0, 6)]).toEqual([48, 49, 50, 51, 0, 0]);
  });

  it("refuses negative lengths, directories and files not open for writing (InvalidArgument), and the limit (TooBig)", () => {
    const w = world({ maxFileSize: 10 });
    unwrap(w.vfs.mkdir(w.vfs.root, "/d", 0o755));
    const f = openEntry(w, "/f", RW);
    const ro = openEntry(w, "/f");
    const d = openEntry(w, "/d");
    expect(f.object.truncate(-1)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.truncate(0.5)).toEqual(err(FsError.InvalidArgument));
    expect(ro.object.truncate(0)).toEqual(err(FsError.InvalidArgument));
    expect(d.object.truncate(0)).toEqual(err(FsError.InvalidArgument));
    expect(f.object.truncate(11)).toEqual(err(FsError.TooBig));
    expect(f.object.truncate(10)).toEqual(ok(undefined));
  });
});

describe("OpenFile descriptor life", () => {
  it("keeps an unlinked file readable and writable until its last descriptor closes", () => {
    const w = world();
    const f = openEntry(w, "/f", RW);
    unwrap(f.object.write(f, new Uint8Array(CHUNK_SIZE).fill(7)));
    const inodes = w.vfs.liveInodeCount;
    unwrap(w.fds.duplicate(0));
    unwrap(w.vfs.unlink(w.vfs.root, "/f"));
    expect(w.vfs.stat(w.vfs.root, "/f")).toEqual(err(FsError.NotFound));
    expect(f.object.stat().nlink).toBe(0);
    expect(w.vfs.orphanedInodeCount).toBe(1);
    expect(w.vfs.liveInodeCount).toBe(inodes);
    unwrap(f.object.write(f, bytes("more")));
    expect(f.object.pread(new Uint8Array(4), CHUNK_SIZE)).toEqual(ok(4));
    unwrap(w.fds.close(0));
    expect(w.vfs.orphanedInodeCount).toBe(1);
    expect(w.vfs.openFileCount).toBe(1);
    unwrap(w.fds.close(1));
    expect(w.vfs.orphanedInodeCount).toBe(0);
    expect(w.vfs.openFileCount).toBe(0);
    expect(w.vfs.liveInodeCount).toBe(inodes - 1);
    expect(w.vfs.bytesUsed).toBe(0);
  });

  it("counts open files (descriptions), not slots, across storages", () => {
    const w = world();
    const f = openEntry(w, "/f", RW);
    const child = w.table.createStorage();
    unwrap(w.table.duplicateDescriptor(w.fds, 0, child));
    expect(f.object.slotCount).toBe(2);
    expect(w.vfs.openFileCount).toBe(1);
    w.fds.closeAll();
    expect(w.vfs.openFileCount).toBe(1);
    child.closeAll();
    expect(w.vfs.openFileCount).toBe(0);
    expect(w.table.liveEntryCount).toBe(0);
  });

  it("an open file that never got a descriptor counts as nothing", () => {
    const w = world();
    unwrap(w.vfs.open(w.vfs.root, "/f", RW));
    expect(w.vfs.openFileCount).toBe(0);
    unwrap(w.vfs.unlink(w.vfs.root, "/f"));
    expect(w.vfs.liveInodeCount).toBe(1);
  });

  it("throws when an open file whose unlinked inode was freed is put in a descriptor late", () => {
    const w = world();
    const loose = unwrap(w.vfs.open(w.vfs.root, "/f", RW));
    unwrap(w.vfs.unlink(w.vfs.root, "/f"));
    expect(() => w.fds.open(FILE_SUBSYSTEM, loose)).toThrow(InvariantViolation);
  });

  it("throws on hook misuse and on an entry holding another open file", () => {
    const w = world();
    const loose = unwrap(w.vfs.open(w.vfs.root, "/f", RW));
    expect(() => loose.onClose()).toThrow(InvariantViolation);
    loose.onDup();
    loose.onClose();
    expect(() => loose.onDup()).toThrow(InvariantViolation);
    const a = openEntry(w, "/f", RW);
    const b = openEntry(w, "/f", RW);
    expect(() => a.object.read(b, new Uint8Array(1))).toThrow(InvariantViolation);
    expect(() => a.object.write(b, new Uint8Array(1))).toThrow(InvariantViolation);
    expect(() => a.object.seek(b, 0, SeekWhence.Set)).toThrow(InvariantViolation);
    expect(() => a.object.readDirectory(b, () => true)).toThrow(InvariantViolation);
  });

  it("is always readable and writable for poll, and has no directory reference unless a directory", () => {
    const w = world();
    const f = openEntry(w, "/f", RW);
    expect(f.object.pollEvents()).toBe(Events.IN | Events.OUT);
    expect(f.object.subject.observerCount).toBe(0);
    expect(f.object.directory).toBeUndefined();
    expect(openEntry(w, "/").object.pollEvents()).toBe(Events.IN | Events.OUT);
  });
});
