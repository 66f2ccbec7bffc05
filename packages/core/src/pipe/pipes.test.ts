import { describe, expect, it } from "vitest";
import { PipeError } from "./errors";
import { PipeReadEnd, PipeWriteEnd, type PipeEnd } from "./pipe";
import { PIPE_SUBSYSTEM, Pipes } from "./pipes";
import { blocked, flush, now, pattern } from "./test-helpers";
import { Descriptors } from "../fd/descriptors";
import type { DescriptorEntry } from "../fd/entry";
import { DescriptorError } from "../fd/errors";
import { DescriptorFlags, type RawDescriptorStorage } from "../fd/storage";
import { AccessMode, FdSubsystem } from "../fd/subsystem";
import { DescriptorTarget } from "../fd/target";
import { Events } from "../event/events";
import { VirtualClock } from "../platform/time";
import { err, ok } from "../util/result";

function world() {
  const clock = new VirtualClock();
  const table = new Descriptors();
  const pipes = new Pipes({ time: clock });
  return { clock, table, pipes };
}

function end(storage: RawDescriptorStorage, fd: number): DescriptorEntry<PipeEnd> {
  const r = storage.get(fd, PIPE_SUBSYSTEM);
  if (!r.ok) throw new Error(`fd ${fd}: ${r.error}`);
  return r.value;
}

function reader(storage: RawDescriptorStorage, fd: number): PipeReadEnd {
  const object = end(storage, fd).object;
  if (!(object instanceof PipeReadEnd)) throw new Error(`fd ${fd} is not a read end`);
  return object;
}

function writer(storage: RawDescriptorStorage, fd: number): PipeWriteEnd {
  const object = end(storage, fd).object;
  if (!(object instanceof PipeWriteEnd)) throw new Error(`fd ${fd} is not a write end`);
  return object;
}

/** Fork-style inheritance: every number of `parent`, same number and flags, in a new storage. */
function fork(table: Descriptors, parent: RawDescriptorStorage): RawDescriptorStorage {
  const child = table.createStorage();
  for (const slot of parent) {
    const r = table.duplicateDescriptor(parent, slot.fd, child, { target: DescriptorTarget.exact(slot.fd), flags: "inherit" });
    if (!r.ok) throw new Error(r.error);
  }
  return child;
}

describe("Pipes.openPipe", () => {
  it("opens the read end then the write end at the lowest free numbers", () => {
    const { table, pipes } = world();
    const storage = table.createStorage();
    table.open(storage, new FdSubsystem<PipeEnd>("x"), pipes.createPipe().readEnd);
    const r = pipes.openPipe(storage);
    if (!r.ok) throw new Error(r.error);
    expect([r.value.readFd, r.value.writeFd]).toEqual([1, 2]);
    const re = end(storage, 1);
    const we = end(storage, 2);
    expect(re.object).toBe(r.value.readEnd);
    expect(we.object).toBe(r.value.writeEnd);
    expect(re.object.kind).toBe("read");
    expect(we.object.kind).toBe("write");
    expect(re.accessMode).toBe(AccessMode.Read);
    expect(we.accessMode).toBe(AccessMode.Write);
    expect([re.nonBlocking, we.nonBlocking]).toEqual([false, false]);
    expect([storage.getFlags(1), storage.getFlags(2)]).toEqual([ok(0), ok(0)]);
    expect(r.value.readEnd.readerCount).toBe(1);
    expect(r.value.readEnd.writerCount).toBe(1);
    // The pipe whose read end sits at 0 is live too.
    expect(pipes.livePipeCount).toBe(2);
    expect(PIPE_SUBSYSTEM.name).toBe("pipe");
  });

  it("pipe2 flags: close-on-exec on both numbers, non-blocking on both entries; capacity per pipe", () => {
    const { table, pipes } = world();
    const storage = table.createStorage();
    const r = pipes.openPipe(storage, { closeOnExec: true, nonBlocking: true, capacity: 8192 });
    if (!r.ok) throw new Error(r.error);
    expect([storage.getFlags(0), storage.getFlags(1)]).toEqual([ok(DescriptorFlags.CLOSE_ON_EXEC), ok(DescriptorFlags.CLOSE_ON_EXEC)]);
    expect([end(storage, 0).nonBlocking, end(storage, 1).nonBlocking]).toEqual([true, true]);
    expect(r.value.readEnd.capacity).toBe(8192);
    expect(storage.closeOnExec()).toBe(2);
    expect(pipes.livePipeCount).toBe(0);
    expect(table.liveEntryCount).toBe(0);
  });

  it("TooManyDescriptors with no number free; with one free the read end is closed again", () => {
    const { table, pipes } = world();
    const none = table.createStorage({ limit: 0 });
    expect(pipes.openPipe(none)).toEqual(err(DescriptorError.TooManyDescriptors));
    const one = table.createStorage({ limit: 1 });
    expect(pipes.openPipe(one)).toEqual(err(DescriptorError.TooManyDescriptors));
    expect(one.count).toBe(0);
    expect(table.liveEntryCount).toBe(0);
    expect(pipes.livePipeCount).toBe(0);
  });
});

describe("pipes across processes", () => {
  it("fork-like inheritance of both ends counts every slot in every storage", () => {
    const { table, pipes } = world();
    const parent = table.createStorage();
    const p = pipes.openPipe(parent);
    if (!p.ok) throw new Error(p.error);
    const child = fork(table, parent);
    const grandchild = fork(table, child);
    expect(p.value.readEnd.readerCount).toBe(3);
    expect(p.value.readEnd.writerCount).toBe(3);
    for (const s of [parent, child, grandchild]) s.closeAll();
    expect(p.value.readEnd.readerCount).toBe(0);
    expect(p.value.readEnd.writerCount).toBe(0);
    expect(table.liveEntryCount).toBe(0);
    expect(pipes.livePipeCount).toBe(0);
  });

  it("EOF only after the last writer in every process closed, whatever the order", async () => {
    for (const order of [
      ["parent", "child", "sibling"],
      ["sibling", "parent", "child"],
      ["child", "sibling", "parent"],
    ] as const) {
      const { table, pipes } = world();
      const parent = table.createStorage();
      const p = pipes.openPipe(parent);
      if (!p.ok) throw new Error(p.error);
      const { readFd, writeFd } = p.value;
      const procs = { parent, child: fork(table, parent), sibling: fork(table, parent) };
      // The reader is a fourth process holding only the read end (spawned with an inherited pipe end).
      const consumer = table.createStorage();
      table.duplicateDescriptor(parent, readFd, consumer);
      for (const s of Object.values(procs)) s.close(readFd);
      const rd = reader(consumer, 0);
      now(writer(procs.child, writeFd).write(pattern(3)));
      const dest = new Uint8Array(16);
      expect(now(rd.read(dest))).toEqual(ok(3));
      const pending = blocked(rd.read(dest));
      let settled = false;
      void pending.then(() => (settled = true));
      for (const [i, name] of order.entries()) {
        const w = writer(procs[name], writeFd);
        if (i === 1) now(w.write(pattern(2, 50)));
        procs[name].closeAll();
        await flush();
        if (i === 0) expect(settled).toBe(false);
      }
      // The bytes written before the last close arrived first; then end of file.
      expect(await pending).toEqual(ok(2));
      expect(now(rd.read(dest))).toEqual(ok(0));
      consumer.closeAll();
      expect(table.liveEntryCount).toBe(0);
    }
  });

  it("a blocked reader in one process sees EOF when the writer's process exits", async () => {
    const { table, pipes } = world();
    const parent = table.createStorage();
    const p = pipes.openPipe(parent);
    if (!p.ok) throw new Error(p.error);
    const child = fork(table, parent);
    parent.close(p.value.writeFd);
    child.close(p.value.readFd);
    const pending = blocked(reader(parent, p.value.readFd).read(new Uint8Array(4)));
    child.closeAll();
    expect(await pending).toEqual(ok(0));
  });

  it("writing with no reader left in any process fails with BrokenPipe", () => {
    const { table, pipes } = world();
    const parent = table.createStorage();
    const p = pipes.openPipe(parent);
    if (!p.ok) throw new Error(p.error);
    const child = fork(table, parent);
    const w = writer(child, p.value.writeFd);
    parent.close(p.value.readFd);
    expect(now(w.write(pattern(1)))).toEqual(ok(1));
    expect(w.pollEvents() & Events.ERR).toBe(0);
    child.close(p.value.readFd);
    expect(now(w.write(pattern(1)))).toEqual(err(PipeError.BrokenPipe));
    expect(w.pollEvents() & Events.ERR).toBe(Events.ERR);
  });

  it("dup2 over an open pipe end fires the hooks: replacing the last write end ends a blocked read", async () => {
    const { table, pipes } = world();
    const storage = table.createStorage();
    const a = pipes.openPipe(storage);
    const b = pipes.openPipe(storage);
    if (!a.ok || !b.ok) throw new Error("openPipe failed");
    expect([a.value.readFd, a.value.writeFd, b.value.readFd, b.value.writeFd]).toEqual([0, 1, 2, 3]);
    const pending = blocked(a.value.readEnd.read(new Uint8Array(4)));
    // dup2(3, 1): number 1 now holds pipe b's write end; pipe a has no writer left.
    expect(storage.duplicate(3, { target: DescriptorTarget.exact(1) })).toEqual(ok(1));
    expect(a.value.readEnd.writerCount).toBe(0);
    expect(b.value.readEnd.writerCount).toBe(2);
    expect(await pending).toEqual(ok(0));
    // dup2(0, 2): pipe b loses its only reader; its writers now get BrokenPipe.
    expect(storage.duplicate(0, { target: DescriptorTarget.exact(2) })).toEqual(ok(2));
    expect(a.value.readEnd.readerCount).toBe(2);
    expect(now(b.value.writeEnd.write(pattern(1)))).toEqual(err(PipeError.BrokenPipe));
    storage.closeAll();
    expect(table.liveEntryCount).toBe(0);
    expect(pipes.livePipeCount).toBe(0);
  });

  it("a shim reads through the descriptor: the entry's shared non-blocking flag is the caller's to pass", () => {
    const { table, pipes } = world();
    const storage = table.createStorage();
    const p = pipes.openPipe(storage);
    if (!p.ok) throw new Error(p.error);
    const child = fork(table, storage);
    // fcntl(F_SETFL, O_NONBLOCK) in the child changes the shared entry, so the parent sees it too.
    end(child, p.value.readFd).nonBlocking = true;
    const entry = end(storage, p.value.readFd);
    expect(entry.nonBlocking).toBe(true);
    expect(now(reader(storage, p.value.readFd).read(new Uint8Array(1), { nonBlocking: entry.nonBlocking }))).toEqual(
      err(PipeError.WouldBlock),
    );
  });
});
