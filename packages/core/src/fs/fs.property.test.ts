/**
 * Model test: random sequences of mkdir, create-and-write, pwrite, truncate, unlink, rmdir, rename,
 * holding files open and closing them, run against the filesystem and against a plain Map of paths.
 * After every step the results (success or the exact error) agree; at the end the visible tree
 * (names, types, contents, directory link counts), the files held open (contents, even after being
 * unlinked or replaced) and the leak counters agree, and closing everything leaves no orphan.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FsError } from "./errors";
import { FileType } from "./mode";
import { FILE_SUBSYSTEM, type OpenFile } from "./open-file";
import { openEntry, readAllEntries, readRest, unwrap, world, type World } from "./test-kit";
import type { DescriptorEntry } from "../fd/entry";
import { AccessMode } from "../fd/subsystem";
import { err, ok, type Result } from "../util/result";

type ModelFile = { kind: "file"; data: number[] };
type ModelNode = ModelFile | { kind: "dir" };
type Model = Map<string, ModelNode>;

const NAMES = ["a", "b", "c"] as const;
const pathArb = fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join("/")}`);
const dataArb = fc.uint8Array({ minLength: 0, maxLength: 20 });

type Command =
  | { readonly t: "mkdir" | "unlink" | "rmdir" | "hold"; readonly path: string }
  | { readonly t: "create"; readonly path: string; readonly data: Uint8Array }
  | { readonly t: "pwrite"; readonly path: string; readonly offset: number; readonly data: Uint8Array }
  | { readonly t: "truncate"; readonly path: string; readonly length: number }
  | { readonly t: "rename"; readonly from: string; readonly to: string }
  | { readonly t: "closeAll" };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant("mkdir" as const), path: pathArb }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant("create" as const), path: pathArb, data: dataArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("pwrite" as const), path: pathArb, offset: fc.integer({ min: 0, max: 30 }), data: dataArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("truncate" as const), path: pathArb, length: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom("unlink" as const, "rmdir" as const, "hold" as const), path: pathArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("rename" as const), from: pathArb, to: pathArb }) },
  { weight: 1, arbitrary: fc.constant({ t: "closeAll" as const }) },
);

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf("/")) || "/";
const isUnder = (path: string, dir: string): boolean => path.startsWith(`${dir}/`);

/** Checks every ancestor of `path`: missing → NotFound, a file → NotDirectory. */
function checkParents(model: Model, path: string): FsError | undefined {
  const parts = path.split("/").slice(1, -1);
  let at = "";
  for (const part of parts) {
    at += `/${part}`;
    const node = model.get(at);
    if (!node) return FsError.NotFound;
    if (node.kind !== "dir") return FsError.NotDirectory;
  }
  return undefined;
}

function writeInto(file: ModelFile, offset: number, data: Uint8Array): void {
  // An empty write does not extend the file.
  if (data.length === 0) return;
  while (file.data.length < offset) file.data.push(0);
  data.forEach((byte, i) => (file.data[offset + i] = byte));
}

function truncateTo(file: ModelFile, length: number): void {
  file.data.length = Math.min(file.data.length, length);
  while (file.data.length < length) file.data.push(0);
}

/** The expected result of `command` on the model, applying it when it succeeds. */
function applyToModel(model: Model, held: ModelFile[], command: Exclude<Command, { t: "closeAll" }>): Result<void, FsError> {
  if (command.t === "rename") return renameInModel(model, command.from, command.to);
  const { path } = command;
  const bad = checkParents(model, path);
  if (bad) return err(bad);
  const node = model.get(path);
  switch (command.t) {
    case "mkdir":
      if (node) return err(FsError.Exists);
      model.set(path, { kind: "dir" });
      return ok(undefined);
    case "create": {
      if (node?.kind === "dir") return err(FsError.IsDirectory);
      const file: ModelFile = node ?? { kind: "file", data: [] };
      model.set(path, file);
      writeInto(file, 0, command.data);
      return ok(undefined);
    }
    case "pwrite":
    case "truncate":
    case "hold":
      if (!node) return err(FsError.NotFound);
      if (node.kind === "dir") return err(FsError.IsDirectory);
      if (command.t === "pwrite") writeInto(node, command.offset, command.data);
      else if (command.t === "truncate") truncateTo(node, command.length);
      else held.push(node);
      return ok(undefined);
    case "unlink":
      if (!node) return err(FsError.NotFound);
      if (node.kind === "dir") return err(FsError.IsDirectory);
      model.delete(path);
      return ok(undefined);
    case "rmdir":
      if (!node) return err(FsError.NotFound);
      if (node.kind !== "dir") return err(FsError.NotDirectory);
      if ([...model.keys()].some((p) => isUnder(p, path))) return err(FsError.NotEmpty);
      model.delete(path);
      return ok(undefined);
  }
}

function renameInModel(model: Model, from: string, to: string): Result<void, FsError> {
  const bad = checkParents(model, from) ?? checkParents(model, to);
  if (bad) return err(bad);
  const source = model.get(from);
  if (!source) return err(FsError.NotFound);
  const target = model.get(to);
  if (source.kind === "dir" && isUnder(to, from)) return err(FsError.InvalidArgument);
  if (target?.kind === "dir" && isUnder(from, to)) return err(FsError.NotEmpty);
  if (from === to) return ok(undefined);
  if (target && source.kind === "dir" && target.kind !== "dir") return err(FsError.NotDirectory);
  if (target && source.kind !== "dir" && target.kind === "dir") return err(FsError.IsDirectory);
  if (target?.kind === "dir" && [...model.keys()].some((p) => isUnder(p, to))) return err(FsError.NotEmpty);
  const moved = [...model.entries()].filter(([p]) => p === from || isUnder(p, from));
  for (const [p] of moved) model.delete(p);
  model.delete(to);
  for (const [p, node] of moved) model.set(to + p.slice(from.length), node);
  return ok(undefined);
}

function applyToVfs(w: World, held: DescriptorEntry<OpenFile>[], command: Exclude<Command, { t: "closeAll" }>): Result<void, FsError> {
  const { vfs } = w;
  const root = vfs.root;
  const done = <E>(r: Result<unknown, E>): Result<void, E> => (r.ok ? ok(undefined) : r);
  switch (command.t) {
    case "mkdir":
      return vfs.mkdir(root, command.path, 0o755);
    case "unlink":
      return vfs.unlink(root, command.path);
    case "rmdir":
      return vfs.rmdir(root, command.path);
    case "rename":
      return vfs.rename(root, command.from, root, command.to);
    case "create": {
      const file = vfs.open(root, command.path, { create: true, access: AccessMode.ReadWrite, mode: 0o644 });
      return file.ok ? done(file.value.pwrite(command.data, 0)) : file;
    }
    case "pwrite":
    case "truncate": {
      const file = vfs.open(root, command.path, { access: AccessMode.ReadWrite });
      if (!file.ok) return file;
      return done(command.t === "pwrite" ? file.value.pwrite(command.data, command.offset) : file.value.truncate(command.length));
    }
    case "hold": {
      // Read-write, so that a directory is refused (IsDirectory) as the model expects.
      const opened = vfs.openDescriptor(w.fds, root, command.path, { access: AccessMode.ReadWrite });
      if (!opened.ok) return opened as Result<never, FsError>;
      held.push(unwrap(w.fds.get(opened.value.fd, FILE_SUBSYSTEM)));
      return ok(undefined);
    }
  }
}

/** The visible tree of the filesystem, as the model represents it. */
function snapshot(w: World): Map<string, { kind: "dir"; nlink: number } | { kind: "file"; data: number[] }> {
  const out = new Map<string, { kind: "dir"; nlink: number } | { kind: "file"; data: number[] }>();
  const visit = (dir: string): void => {
    const entry = openEntry(w, dir);
    const infos = readAllEntries(entry, 2).filter((info) => info.name !== "." && info.name !== "..");
    w.fds.close(w.fds.slots().at(-1)!.fd);
    for (const info of infos) {
      const path = `${dir === "/" ? "" : dir}/${info.name}`;
      const stat = unwrap(w.vfs.stat(w.vfs.root, path));
      expect(stat.type).toBe(info.type);
      if (info.type === FileType.Directory) {
        out.set(path, { kind: "dir", nlink: stat.nlink });
        visit(path);
      } else {
        const file = openEntry(w, path);
        out.set(path, { kind: "file", data: [...readRest(file, 5)] });
        w.fds.close(w.fds.slots().at(-1)!.fd);
      }
    }
  };
  visit("/");
  return out;
}

function expected(model: Model): Map<string, { kind: "dir"; nlink: number } | { kind: "file"; data: number[] }> {
  const out = new Map<string, { kind: "dir"; nlink: number } | { kind: "file"; data: number[] }>();
  for (const [path, node] of model) {
    if (node.kind === "file") {
      out.set(path, { kind: "file", data: [...node.data] });
    } else {
      const subdirs = [...model].filter(([p, n]) => n.kind === "dir" && parentOf(p) === path).length;
      out.set(path, { kind: "dir", nlink: 2 + subdirs });
    }
  }
  return out;
}

const sorted = <V>(map: Map<string, V>): Array<[string, V]> => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe("filesystem against a Map-of-paths model", () => {
  it("agrees on every result, the visible tree, held files and the counters", () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 60 }), (commands) => {
        const w = world();
        const model: Model = new Map();
        const heldModel: ModelFile[] = [];
        const heldVfs: DescriptorEntry<OpenFile>[] = [];
        for (const command of commands) {
          if (command.t === "closeAll") {
            w.fds.closeAll();
            heldModel.length = 0;
            heldVfs.length = 0;
            continue;
          }
          const want = applyToModel(model, heldModel, command);
          const got = applyToVfs(w, heldVfs, command);
          expect(got, JSON.stringify(command)).toEqual(want);
        }
        expect(sorted(snapshot(w))).toEqual(sorted(expected(model)));
        heldVfs.forEach((entry, i) => {
          const data = new Uint8Array(64);
          const n = unwrap(entry.object.pread(data, 0));
          expect([...data.subarray(0, n)]).toEqual(heldModel[i]!.data);
        });
        const live = new Set<ModelNode>(model.values());
        const orphans = new Set(heldModel.filter((file) => !live.has(file)));
        expect(w.vfs.openFileCount).toBe(heldVfs.length);
        expect(w.vfs.orphanedInodeCount).toBe(orphans.size);
        expect(w.vfs.liveInodeCount).toBe(1 + model.size + orphans.size);
        w.fds.closeAll();
        expect([w.vfs.openFileCount, w.vfs.orphanedInodeCount, w.vfs.liveInodeCount]).toEqual([0, 0, 1 + model.size]);
      }),
      { numRuns: 300 },
    );
    // A generous limit: the machine running the suite may be busy (no speed is asserted).
  }, 60_000);
});
