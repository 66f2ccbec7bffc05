import { describe, expect, it } from "vitest";
import { Descriptors } from "./descriptors";
import type { DescriptorEntry } from "./entry";
import { DescriptorError } from "./errors";
import { DEFAULT_DESCRIPTOR_LIMIT, DescriptorFlags, MAX_DESCRIPTOR_LIMIT, type RawDescriptorStorage } from "./storage";
import { AccessMode, FdSubsystem, type FdEnabledSubsystemEntry } from "./subsystem";
import { DescriptorTarget } from "./target";
import { ReentrancyDetectingMutex } from "../platform/mutex";
import { InvariantViolation } from "../util/invariant";
import { err, ok } from "../util/result";

/** A subsystem object that records every hook call into a shared log. */
class Recorder implements FdEnabledSubsystemEntry {
  refs = 0;
  constructor(
    readonly name: string,
    readonly log: string[],
  ) {}
  onDup(entry: DescriptorEntry): void {
    this.refs++;
    this.log.push(`dup ${this.name}#${entry.id}`);
  }
  onClose(entry: DescriptorEntry): void {
    this.refs--;
    this.log.push(`close ${this.name}#${entry.id}`);
  }
  onRelease(entry: DescriptorEntry): void {
    this.log.push(`release ${this.name}#${entry.id}`);
  }
}

/** An object without the optional release hook. */
class Plain implements FdEnabledSubsystemEntry {
  refs = 0;
  onDup(): void {
    this.refs++;
  }
  onClose(): void {
    this.refs--;
  }
}

const FILES = new FdSubsystem<Recorder>("files");
const OTHER = new FdSubsystem<Plain>("other");

function setup(limit?: number) {
  const log: string[] = [];
  const table = new Descriptors();
  const storage = limit === undefined ? table.createStorage() : table.createStorage({ limit });
  const open = (name: string, s: RawDescriptorStorage = storage, options = {}) => {
    const object = new Recorder(name, log);
    const r = table.open(s, FILES, object, options);
    if (!r.ok) throw new Error(`open failed: ${r.error}`);
    return { fd: r.value, object };
  };
  return { log, table, storage, open };
}

function numbers(storage: RawDescriptorStorage): number[] {
  return storage.slots().map((s) => s.fd);
}

describe("Descriptors.open", () => {
  it("gives the lowest free number and fires onDup for the first slot", () => {
    const { log, storage, open, table } = setup();
    expect(open("a").fd).toBe(0);
    expect(open("b").fd).toBe(1);
    expect(open("c").fd).toBe(2);
    expect(log).toEqual(["dup a#1", "dup b#2", "dup c#3"]);
    expect(storage.count).toBe(3);
    expect(table.liveEntryCount).toBe(3);
  });

  it("reuses the lowest closed number first", () => {
    const { storage, open } = setup();
    for (const name of ["a", "b", "c", "d"]) open(name);
    expect(storage.close(2)).toEqual(ok(undefined));
    expect(storage.close(0)).toEqual(ok(undefined));
    expect(open("e").fd).toBe(0);
    expect(open("f").fd).toBe(2);
    expect(open("g").fd).toBe(4);
  });

  it("stores the shared status it was given, with defaults", () => {
    const { table, storage } = setup();
    const object = new Recorder("x", []);
    const a = table.open(storage, FILES, object);
    const b = table.open(storage, FILES, object, {
      accessMode: AccessMode.Read,
      nonBlocking: true,
      offset: 10,
      statusFlags: 0x400,
      flags: DescriptorFlags.CLOSE_ON_EXEC,
    });
    if (!a.ok || !b.ok) throw new Error("open failed");
    const ea = storage.entry(a.value);
    const eb = storage.entry(b.value);
    if (!ea.ok || !eb.ok) throw new Error("lookup failed");
    expect(ea.value).toMatchObject({ accessMode: "ReadWrite", nonBlocking: false, offset: 0, statusFlags: 0 });
    expect(eb.value).toMatchObject({ accessMode: "Read", nonBlocking: true, offset: 10, statusFlags: 0x400 });
    expect(ea.value.object).toBe(object);
    expect(ea.value.subsystem).toBe(FILES);
    expect(storage.getFlags(a.value)).toEqual(ok(0));
    expect(storage.getFlags(b.value)).toEqual(ok(DescriptorFlags.CLOSE_ON_EXEC));
    // Two opens of one object are two entries; the object counts both slots.
    expect(ea.value).not.toBe(eb.value);
    expect(object.refs).toBe(2);
  });

  it("opens at an exact number, closing what was there first", () => {
    const { log, storage, open, table } = setup();
    open("a");
    const b = open("b", storage, { target: DescriptorTarget.exact(0) });
    expect(b.fd).toBe(0);
    expect(log).toEqual(["dup a#1", "close a#1", "release a#1", "dup b#2"]);
    expect(table.liveEntryCount).toBe(1);
    expect(open("c", storage, { target: DescriptorTarget.exact(7) }).fd).toBe(7);
    expect(numbers(storage)).toEqual([0, 7]);
    expect(open("d").fd).toBe(1);
  });

  it("opens at the lowest free number at or above a minimum", () => {
    const { storage, open } = setup();
    open("a");
    expect(open("b", storage, { target: DescriptorTarget.atLeast(3) }).fd).toBe(3);
    expect(open("c", storage, { target: DescriptorTarget.atLeast(3) }).fd).toBe(4);
    expect(open("d", storage, { target: DescriptorTarget.atLeast(0) }).fd).toBe(1);
  });

  it("refuses past the limit with TooManyDescriptors and creates nothing", () => {
    const { table, storage, open, log } = setup(2);
    open("a");
    open("b");
    const object = new Recorder("c", log);
    expect(table.open(storage, FILES, object)).toEqual(err(DescriptorError.TooManyDescriptors));
    expect(table.open(storage, FILES, object, { target: DescriptorTarget.atLeast(1) })).toEqual(
      err(DescriptorError.TooManyDescriptors),
    );
    expect(object.refs).toBe(0);
    expect(table.liveEntryCount).toBe(2);
    expect(log).toEqual(["dup a#1", "dup b#2"]);
    // The failed open consumed no entry id.
    storage.close(0);
    expect(open("d").fd).toBe(0);
    expect(log.at(-1)).toBe("dup d#3");
  });

  it("refuses exact numbers and minimums that are negative, fractional or not below the limit", () => {
    const { table, storage, log } = setup(4);
    const object = new Recorder("x", log);
    for (const target of [
      DescriptorTarget.exact(4),
      DescriptorTarget.exact(-1),
      DescriptorTarget.exact(1.5),
      DescriptorTarget.exact(Number.NaN),
      DescriptorTarget.atLeast(4),
      DescriptorTarget.atLeast(-1),
      DescriptorTarget.atLeast(0.5),
    ]) {
      expect(table.open(storage, FILES, object, { target })).toEqual(err(DescriptorError.OutOfRange));
    }
    expect(log).toEqual([]);
    expect(table.liveEntryCount).toBe(0);
  });

  it("refuses an exact number above the limit without closing what is open there", () => {
    const { table, storage, open, log } = setup();
    open("a", storage, { target: DescriptorTarget.exact(5) });
    storage.limit = 3;
    expect(table.open(storage, FILES, new Recorder("b", log), { target: DescriptorTarget.exact(5) })).toEqual(
      err(DescriptorError.OutOfRange),
    );
    expect(storage.has(5)).toBe(true);
    expect(log).toEqual(["dup a#1"]);
  });

  it("rejects a storage of another table", () => {
    const { table } = setup();
    const foreign = new Descriptors().createStorage();
    expect(() => table.open(foreign, FILES, new Recorder("x", []))).toThrow(InvariantViolation);
    expect(() => table.duplicateDescriptor(foreign, 0)).toThrow(InvariantViolation);
    const mine = table.createStorage();
    expect(() => table.duplicateDescriptor(mine, 0, foreign)).toThrow(InvariantViolation);
  });

  it("is reachable from the storage too", () => {
    const { storage, table } = setup();
    expect(storage.descriptors).toBe(table);
    const object = new Plain();
    expect(storage.open(OTHER, object)).toEqual(ok(0));
    expect(storage.open(OTHER, object, { target: DescriptorTarget.exact(9) })).toEqual(ok(9));
    expect(object.refs).toBe(2);
  });
});

describe("limits", () => {
  it("defaults to 1024 and honours the table's default", () => {
    expect(new Descriptors().createStorage().limit).toBe(DEFAULT_DESCRIPTOR_LIMIT);
    expect(DEFAULT_DESCRIPTOR_LIMIT).toBe(1024);
    expect(new Descriptors({}, { defaultLimit: 8 }).createStorage().limit).toBe(8);
    expect(new Descriptors({}, { defaultLimit: 8 }).createStorage({ limit: 3 }).limit).toBe(3);
  });

  it("can be lowered below open numbers, which stay open", () => {
    const { storage, open, table } = setup();
    open("a");
    open("b");
    open("c");
    storage.limit = 1;
    expect(storage.count).toBe(3);
    expect(table.open(storage, FILES, new Recorder("d", []))).toEqual(err(DescriptorError.TooManyDescriptors));
    storage.close(0);
    expect(open("e").fd).toBe(0);
  });

  it("a limit of 0 refuses everything", () => {
    const { table, storage } = setup(0);
    expect(table.open(storage, FILES, new Recorder("a", []))).toEqual(err(DescriptorError.TooManyDescriptors));
  });

  it("rejects invalid limits", () => {
    const { storage, table } = setup();
    for (const bad of [-1, 1.5, Number.NaN, MAX_DESCRIPTOR_LIMIT + 1]) {
      expect(() => (storage.limit = bad)).toThrow(InvariantViolation);
      expect(() => table.createStorage({ limit: bad })).toThrow(InvariantViolation);
      expect(() => new Descriptors({}, { defaultLimit: bad })).toThrow(InvariantViolation);
    }
    storage.limit = MAX_DESCRIPTOR_LIMIT;
    expect(storage.limit).toBe(MAX_DESCRIPTOR_LIMIT);
  });

  it("allows numbers up to limit - 1 at the maximum limit", () => {
    const { storage, open } = setup(MAX_DESCRIPTOR_LIMIT);
    expect(open("a", storage, { target: DescriptorTarget.exact(MAX_DESCRIPTOR_LIMIT - 1) }).fd).toBe(0x7fff_fffe);
  });
});

describe("lookups", () => {
  it("typed get: the entry, NotFound, or InvalidSubsystem", () => {
    const { storage, table } = setup();
    const plain = new Plain();
    table.open(storage, OTHER, plain);
    const rec = new Recorder("r", []);
    table.open(storage, FILES, rec);
    const got = storage.get(0, OTHER);
    expect(got.ok && got.value.object).toBe(plain);
    const got1 = storage.get(1, FILES);
    expect(got1.ok && got1.value.object).toBe(rec);
    expect(storage.get(0, FILES)).toEqual(err(DescriptorError.InvalidSubsystem));
    expect(storage.get(1, OTHER)).toEqual(err(DescriptorError.InvalidSubsystem));
    expect(storage.get(2, FILES)).toEqual(err(DescriptorError.NotFound));
    expect(storage.get(-1, FILES)).toEqual(err(DescriptorError.NotFound));
    // A token with the same name is still another subsystem.
    expect(storage.get(0, new FdSubsystem<Plain>("other"))).toEqual(err(DescriptorError.InvalidSubsystem));
  });

  it("untyped entry, has, flags", () => {
    const { storage, open } = setup();
    open("a");
    expect(storage.has(0)).toBe(true);
    expect(storage.has(1)).toBe(false);
    expect(storage.entry(1)).toEqual(err(DescriptorError.NotFound));
    expect(storage.getFlags(1)).toEqual(err(DescriptorError.NotFound));
    expect(storage.setFlags(1, 1)).toEqual(err(DescriptorError.NotFound));
    expect(storage.setFlags(0, DescriptorFlags.CLOSE_ON_EXEC | 0x10)).toEqual(ok(undefined));
    expect(storage.getFlags(0)).toEqual(ok(0x11));
  });

  it("entry.is narrows by subsystem", () => {
    const { storage, open } = setup();
    open("a");
    const e = storage.entry(0);
    if (!e.ok) throw new Error("lookup failed");
    expect(e.value.is(FILES)).toBe(true);
    expect(e.value.is(OTHER)).toBe(false);
  });

  it("readable / writable follow the access mode", () => {
    const { storage, open } = setup();
    open("r", storage, { accessMode: AccessMode.Read });
    open("w", storage, { accessMode: AccessMode.Write });
    open("rw", storage, { accessMode: AccessMode.ReadWrite });
    const modes = storage.slots().map((s) => [s.entry.readable, s.entry.writable]);
    expect(modes).toEqual([
      [true, false],
      [false, true],
      [true, true],
    ]);
  });
});

describe("close", () => {
  it("fires onClose then onRelease for the last slot only", () => {
    const { log, storage, open, table } = setup();
    const { object } = open("a");
    storage.duplicate(0);
    log.length = 0;
    expect(storage.close(0)).toEqual(ok(undefined));
    expect(log).toEqual(["close a#1"]);
    const entry = storage.entry(1);
    if (!entry.ok) throw new Error("lookup failed");
    expect(entry.value.refCount).toBe(1);
    expect(entry.value.isOpen).toBe(true);
    expect(storage.close(1)).toEqual(ok(undefined));
    expect(log).toEqual(["close a#1", "close a#1", "release a#1"]);
    expect(entry.value.refCount).toBe(0);
    expect(entry.value.isOpen).toBe(false);
    expect(object.refs).toBe(0);
    expect(table.liveEntryCount).toBe(0);
  });

  it("NotFound for a number that is not open, and no hook fires", () => {
    const { log, storage, open } = setup();
    open("a");
    storage.close(0);
    log.length = 0;
    expect(storage.close(0)).toEqual(err(DescriptorError.NotFound));
    expect(storage.close(5)).toEqual(err(DescriptorError.NotFound));
    expect(log).toEqual([]);
  });

  it("closeAll closes every number in increasing order", () => {
    const { log, storage, open, table } = setup();
    open("a", storage, { target: DescriptorTarget.exact(5) });
    open("b", storage, { target: DescriptorTarget.exact(2) });
    open("c", storage, { target: DescriptorTarget.exact(9) });
    storage.duplicate(2, { target: DescriptorTarget.exact(0) });
    log.length = 0;
    expect(storage.closeAll()).toBe(4);
    expect(log).toEqual(["close b#2", "close b#2", "release b#2", "close a#1", "release a#1", "close c#3", "release c#3"]);
    expect(storage.count).toBe(0);
    expect(table.liveEntryCount).toBe(0);
    expect(storage.closeAll()).toBe(0);
    expect(open("d").fd).toBe(0);
  });

  it("closeOnExec closes only flagged numbers and keeps the others' flags", () => {
    const { log, storage, open } = setup();
    open("a");
    open("b", storage, { flags: DescriptorFlags.CLOSE_ON_EXEC });
    open("c", storage, { flags: 0x10 });
    open("d", storage, { flags: DescriptorFlags.CLOSE_ON_EXEC | 0x10 });
    log.length = 0;
    expect(storage.closeOnExec()).toBe(2);
    expect(log).toEqual(["close b#2", "release b#2", "close d#4", "release d#4"]);
    expect(numbers(storage)).toEqual([0, 2]);
    expect(storage.getFlags(2)).toEqual(ok(0x10));
    expect(storage.closeOnExec()).toBe(0);
  });

  it("a shared entry survives closeOnExec in one storage while another holds it", () => {
    const { log, table, storage, open } = setup();
    open("a", storage, { flags: DescriptorFlags.CLOSE_ON_EXEC });
    const child = table.createStorage();
    table.duplicateDescriptor(storage, 0, child, { flags: "inherit" });
    log.length = 0;
    expect(child.closeOnExec()).toBe(1);
    expect(log).toEqual(["close a#1"]);
    expect(table.liveEntryCount).toBe(1);
  });
});

describe("duplicateDescriptor", () => {
  it("dup: lowest free number, same entry, flags cleared, onDup fired", () => {
    const { log, storage, open } = setup();
    const { object } = open("a", storage, { flags: DescriptorFlags.CLOSE_ON_EXEC });
    open("b");
    log.length = 0;
    expect(storage.duplicate(0)).toEqual(ok(2));
    expect(log).toEqual(["dup a#1"]);
    expect(object.refs).toBe(2);
    const [e0, e2] = [storage.entry(0), storage.entry(2)];
    if (!e0.ok || !e2.ok) throw new Error("lookup failed");
    expect(e2.value).toBe(e0.value);
    expect(e0.value.refCount).toBe(2);
    expect(storage.getFlags(2)).toEqual(ok(0));
  });

  it("shares status between duplicates", () => {
    const { storage, open } = setup();
    open("a");
    storage.duplicate(0);
    const [e0, e1] = [storage.entry(0), storage.entry(1)];
    if (!e0.ok || !e1.ok) throw new Error("lookup failed");
    e0.value.nonBlocking = true;
    e0.value.offset = 42;
    e0.value.statusFlags = 0x400;
    expect(e1.value).toMatchObject({ nonBlocking: true, offset: 42, statusFlags: 0x400 });
  });

  it("flags: explicit value or inherited from the source slot", () => {
    const { storage, open } = setup();
    open("a", storage, { flags: DescriptorFlags.CLOSE_ON_EXEC | 0x20 });
    expect(storage.duplicate(0, { flags: DescriptorFlags.CLOSE_ON_EXEC })).toEqual(ok(1));
    expect(storage.duplicate(0, { flags: "inherit" })).toEqual(ok(2));
    expect(storage.getFlags(1)).toEqual(ok(1));
    expect(storage.getFlags(2)).toEqual(ok(0x21));
  });

  it("dup2 over an open number: onClose (and onRelease) of the old entry, then onDup of the new", () => {
    const { log, storage, open, table } = setup();
    open("a");
    open("b");
    log.length = 0;
    expect(storage.duplicate(0, { target: DescriptorTarget.exact(1) })).toEqual(ok(1));
    expect(log).toEqual(["close b#2", "release b#2", "dup a#1"]);
    expect(table.liveEntryCount).toBe(1);
  });

  it("dup2 onto a number holding the same entry closes and re-adds without releasing", () => {
    const { log, storage, open, table } = setup();
    const { object } = open("a");
    storage.duplicate(0);
    log.length = 0;
    expect(storage.duplicate(0, { target: DescriptorTarget.exact(1) })).toEqual(ok(1));
    expect(log).toEqual(["close a#1", "dup a#1"]);
    expect(object.refs).toBe(2);
    expect(table.liveEntryCount).toBe(1);
  });

  it("dup2 of a number onto itself changes nothing, even above the limit", () => {
    const { log, storage, open } = setup();
    open("a", storage, { flags: DescriptorFlags.CLOSE_ON_EXEC, target: DescriptorTarget.exact(3) });
    storage.limit = 2;
    log.length = 0;
    expect(storage.duplicate(3, { target: DescriptorTarget.exact(3), flags: 0 })).toEqual(ok(3));
    expect(log).toEqual([]);
    expect(storage.getFlags(3)).toEqual(ok(DescriptorFlags.CLOSE_ON_EXEC));
  });

  it("F_DUPFD: lowest free at or above the minimum", () => {
    const { storage, open } = setup();
    open("a");
    open("b", storage, { target: DescriptorTarget.exact(10) });
    expect(storage.duplicate(0, { target: DescriptorTarget.atLeast(10) })).toEqual(ok(11));
    expect(storage.duplicate(0, { target: DescriptorTarget.atLeast(5) })).toEqual(ok(5));
  });

  it("errors: NotFound source, OutOfRange target, TooManyDescriptors; nothing changes", () => {
    const { log, storage, open, table } = setup(3);
    open("a");
    open("b");
    open("c");
    log.length = 0;
    expect(storage.duplicate(7)).toEqual(err(DescriptorError.NotFound));
    expect(storage.duplicate(0)).toEqual(err(DescriptorError.TooManyDescriptors));
    expect(storage.duplicate(0, { target: DescriptorTarget.exact(3) })).toEqual(err(DescriptorError.OutOfRange));
    expect(storage.duplicate(0, { target: DescriptorTarget.atLeast(3) })).toEqual(err(DescriptorError.OutOfRange));
    expect(storage.duplicate(0, { target: DescriptorTarget.atLeast(1) })).toEqual(err(DescriptorError.TooManyDescriptors));
    // NotFound wins over a bad target (the source is checked first, as dup2 checks oldfd).
    expect(storage.duplicate(9, { target: DescriptorTarget.exact(-1) })).toEqual(err(DescriptorError.NotFound));
    expect(log).toEqual([]);
    expect(table.liveEntryCount).toBe(3);
  });

  it("across storages: fork-style inheritance of every number keeps numbers and flags", () => {
    const { log, table, storage, open } = setup();
    open("a");
    open("b", storage, { flags: DescriptorFlags.CLOSE_ON_EXEC });
    open("c", storage, { target: DescriptorTarget.exact(5) });
    const child = table.createStorage();
    log.length = 0;
    for (const slot of storage.slots()) {
      expect(table.duplicateDescriptor(storage, slot.fd, child, { target: DescriptorTarget.exact(slot.fd), flags: "inherit" })).toEqual(ok(slot.fd));
    }
    expect(log).toEqual(["dup a#1", "dup b#2", "dup c#3"]);
    expect(child.slots().map((s) => [s.fd, s.flags, s.entry.id])).toEqual([
      [0, 0, 1],
      [1, 1, 2],
      [5, 0, 3],
    ]);
    expect(table.liveEntryCount).toBe(3);
    storage.closeAll();
    expect(table.liveEntryCount).toBe(3);
    expect(child.closeAll()).toBe(3);
    expect(table.liveEntryCount).toBe(0);
    expect(log.filter((l) => l.startsWith("release"))).toEqual(["release a#1", "release b#2", "release c#3"]);
  });

  it("across storages: default target is the destination's lowest free number; destination limit applies", () => {
    const { table, storage, open } = setup();
    open("a");
    open("b");
    const other = table.createStorage({ limit: 1 });
    expect(table.duplicateDescriptor(storage, 1, other)).toEqual(ok(0));
    expect(table.duplicateDescriptor(storage, 0, other)).toEqual(err(DescriptorError.TooManyDescriptors));
    expect(table.duplicateDescriptor(storage, 0, other, { target: DescriptorTarget.exact(1) })).toEqual(
      err(DescriptorError.OutOfRange),
    );
    expect(table.duplicateDescriptor(other, 3, storage)).toEqual(err(DescriptorError.NotFound));
  });

  it("across storages: replacing an open destination number closes it first", () => {
    const { log, table, storage, open } = setup();
    open("a");
    const child = table.createStorage();
    open("z", child);
    log.length = 0;
    expect(table.duplicateDescriptor(storage, 0, child, { target: DescriptorTarget.exact(0) })).toEqual(ok(0));
    expect(log).toEqual(["close z#2", "release z#2", "dup a#1"]);
  });
});

describe("iteration and leak reports", () => {
  it("slots() and the iterator list numbers in increasing order with their entries and flags", () => {
    const { storage, open } = setup();
    open("a", storage, { target: DescriptorTarget.exact(4) });
    open("b", storage, { flags: 1 });
    open("c", storage, { target: DescriptorTarget.exact(2) });
    const viaIterator = [...storage].map((s) => [s.fd, s.flags, s.entry.id]);
    expect(viaIterator).toEqual([
      [0, 1, 2],
      [2, 0, 3],
      [4, 0, 1],
    ]);
    expect(storage.slots().map((s) => s.fd)).toEqual([0, 2, 4]);
  });

  it("the snapshot is unaffected by closing while iterating", () => {
    const { storage, open } = setup();
    open("a");
    open("b");
    open("c");
    const seen: number[] = [];
    for (const slot of storage) {
      seen.push(slot.fd);
      storage.close(slot.fd + 1);
    }
    expect(seen).toEqual([0, 1, 2]);
  });

  it("liveEntries lists the live entries oldest first", () => {
    const { storage, open, table } = setup();
    open("a");
    open("b");
    open("c");
    storage.close(1);
    expect(table.liveEntries().map((e) => e.id)).toEqual([1, 3]);
  });
});

describe("hooks", () => {
  it("may call back into the table (they run after the lock is released)", () => {
    const table = new Descriptors({ createMutex: (name) => new ReentrancyDetectingMutex(name) });
    const storage = table.createStorage();
    const companion = new Plain();
    table.open(storage, OTHER, companion, { target: DescriptorTarget.exact(9) });
    // Closing the entry at 0 also closes 9 from its onRelease hook, like a subsystem tearing down a peer.
    const owner: FdEnabledSubsystemEntry = {
      onDup: () => undefined,
      onClose: () => undefined,
      onRelease: () => {
        expect(storage.close(9)).toEqual(ok(undefined));
      },
    };
    table.open(storage, new FdSubsystem<FdEnabledSubsystemEntry>("owner"), owner);
    expect(storage.close(0)).toEqual(ok(undefined));
    expect(storage.count).toBe(0);
    expect(companion.refs).toBe(0);
  });

  it("a throwing hook does not stop the others, and the first error is re-thrown", () => {
    const { log, table, storage, open } = setup();
    const boom = new Error("boom");
    const throwing: FdEnabledSubsystemEntry = {
      onDup: () => undefined,
      onClose: () => {
        log.push("close throwing");
        throw boom;
      },
      onRelease: () => {
        log.push("release throwing");
        throw new Error("second");
      },
    };
    table.open(storage, new FdSubsystem<FdEnabledSubsystemEntry>("t"), throwing);
    open("a");
    log.length = 0;
    expect(() => storage.closeAll()).toThrow(boom);
    expect(log).toEqual(["close throwing", "release throwing", "close a#2", "release a#2"]);
    expect(storage.count).toBe(0);
    expect(table.liveEntryCount).toBe(0);
  });

  it("onRelease is optional", () => {
    const { table, storage } = setup();
    const plain = new Plain();
    table.open(storage, OTHER, plain);
    expect(storage.close(0)).toEqual(ok(undefined));
    expect(plain.refs).toBe(0);
  });

  it("the object's count always equals the number of slots referring to it", () => {
    const { table, storage, open } = setup();
    const { object } = open("a");
    const child = table.createStorage();
    table.duplicateDescriptor(storage, 0, child);
    table.duplicateDescriptor(storage, 0, child, { target: DescriptorTarget.exact(4) });
    storage.duplicate(0, { target: DescriptorTarget.exact(3) });
    const slots = () => [...storage, ...child].filter((s) => s.entry.object === object).length;
    expect(object.refs).toBe(slots());
    expect(object.refs).toBe(4);
    child.close(4);
    storage.closeAll();
    expect(object.refs).toBe(slots());
    expect(object.refs).toBe(1);
  });
});
