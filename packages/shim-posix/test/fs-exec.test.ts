/**
 * execve and spawn through the filesystem program source (the default when the options name no
 * `programs`): programs found by absolute and relative path from the caller's cwd directory, through
 * symbolic links, and execve's errors — ENOENT, ENOTDIR, EACCES (no execute bit, a directory),
 * ELOOP, ENAMETOOLONG, ENOEXEC — with the old image intact.
 */
import { describe, expect, it } from "vitest";
import { MapProgramSource, Sys, type PosixThread } from "../src/index";
import { Errno, FileSystemProgramSource, exitedStatus, shimFiles } from "../src/index";
import { OUT, createFsHarness, type FsHarness } from "./fs-support/fs-harness";
import { scriptImage } from "./support/harness";
import { Script, a0 } from "./support/script-builder";

const log: string[] = [];
const scripts = {
  idle: new Script().spin().steps,
  second: new Script()
    .sys(Sys.getpid)
    .host((c) => log.push(`second: pid ${a0(c)}`))
    .sys(Sys.exit_group, 5).steps,
};
const files = [
  { path: "usr/bin/second", symlink: "/bin/second" },
  { path: "bin/noexec", data: scriptImage("second"), mode: 0o644 },
  { path: "bin/junk", data: "#!/bin/sh\n", mode: 0o755 },
  { path: "bin/loop", symlink: "loop" },
  { path: "home/user", directory: true as const },
];

function setup(kind: "isolated" | "shared", cwd = "/"): { h: FsHarness; t: PosixThread } {
  const h = createFsHarness({ kind, scripts, files });
  const t = h.start("idle", { cwd }).process.leader!;
  return { h, t };
}

async function execve(h: FsHarness, t: PosixThread, path: string): Promise<number> {
  h.poke(t, OUT, new Uint8Array(8));
  return h.call(t, Sys.execve, h.str(t, path), OUT, OUT);
}

describe.each(["isolated", "shared"] as const)("programs from the filesystem on the %s test platform", (kind) => {
  it("spawn finds the first program by path; execve by absolute path runs it with the same pid", async () => {
    log.length = 0;
    const { h, t } = setup(kind);
    const program = t.process;
    expect(program.executable).toBe("/bin/idle");
    expect(await execve(h, t, "/bin/second")).toBe(0);
    expect(program.executable).toBe("/bin/second");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual([`second: pid ${program.id}`]);
    expect(program.exitStatus).toBe(exitedStatus(5));
  });

  it("relative paths start at the cwd directory; links are followed", async () => {
    const { h, t } = setup(kind, "/usr");
    expect(await execve(h, t, "bin/second")).toBe(0);
    const other = setup(kind, "/home/user");
    expect(await execve(other.h, other.t, "../../bin/second")).toBe(0);
  });

  it("the cwd is the directory, not its name: a renamed cwd still finds relative programs", async () => {
    const { h, t } = setup(kind, "/tmp");
    await h.call(t, Sys.mkdirat, -100, h.str(t, "a"), 0o755);
    await h.call(t, Sys.chdir, h.str(t, "a"));
    await h.call(t, Sys.renameat2, -100, h.str(t, "/tmp/a"), -100, h.str(t, "/tmp/b"), 0);
    expect(t.process.cwd).toBe("/tmp/a"); // the lexical string is stale…
    expect(await execve(h, t, "../../bin/second")).toBe(0); // …the lookup is not
  });

  it("errors, with the old image intact: ENOENT, ENOTDIR, EACCES, ELOOP, ENAMETOOLONG, ENOEXEC", async () => {
    const { h, t } = setup(kind);
    const space = t.process.space;
    expect(await execve(h, t, "/bin/missing")).toBe(-Errno.ENOENT);
    expect(await execve(h, t, "/bin/idle/x")).toBe(-Errno.ENOTDIR);
    expect(await execve(h, t, "/bin/noexec")).toBe(-Errno.EACCES);
    expect(await execve(h, t, "/bin")).toBe(-Errno.EACCES);
    expect(await execve(h, t, "/bin/loop")).toBe(-Errno.ELOOP);
    expect(await execve(h, t, `/bin/${"n".repeat(256)}`)).toBe(-Errno.ENAMETOOLONG);
    expect(await execve(h, t, "/bin/junk")).toBe(-Errno.ENOEXEC);
    expect(await execve(h, t, "")).toBe(-Errno.ENOENT);
    expect(t.process.space).toBe(space);
    expect(t.process.executable).toBe("/bin/idle");
  });

  it("the caller's credentials decide: without an execute bit for it, EACCES", async () => {
    const h = createFsHarness({ kind, scripts, files: [{ path: "bin/owned", data: scriptImage("second"), mode: 0o700, uid: 5 }] });
    const t = h.start("idle").process.leader!;
    t.process.credentials = { ...t.process.credentials, uid: 9, euid: 9, fsuid: 9 };
    expect(await execve(h, t, "/bin/owned")).toBe(-Errno.EACCES);
    t.process.credentials = { ...t.process.credentials, fsuid: 5 };
    expect(await execve(h, t, "/bin/owned")).toBe(0);
  });

  it("a spawn of a missing or non-executable program fails with the lookup error", () => {
    const { h } = setup(kind);
    const missing = h.shim.spawn({ program: "/bin/none" });
    expect(!missing.ok && missing.error).toEqual({ _tag: "ProgramLookup", error: "NotFound" });
    const noexec = h.shim.spawn({ program: "/bin/noexec" });
    expect(!noexec.ok && noexec.error).toEqual({ _tag: "ProgramLookup", error: "PermissionDenied" });
  });

  it("the options' program source, when given, is used instead", async () => {
    const h = createFsHarness({ kind, scripts, programs: new MapProgramSource([["/elsewhere/idle", scriptImage("idle")]]) });
    expect(h.shim.programs).toBeInstanceOf(MapProgramSource);
    const t = h.shim.spawn({ program: "/elsewhere/idle" });
    expect(t.ok).toBe(true);
    expect(h.shim.spawn({ program: "/bin/idle" }).ok).toBe(false);
    expect(shimFiles(h.shim)).toBeDefined();
  });

  it("the source resolves the first program from the root as root", () => {
    const { h } = setup(kind);
    const source = new FileSystemProgramSource(shimFiles(h.shim)!);
    const found = source.lookup("/usr/bin/second");
    expect(found.ok && found.value.path).toBe("/usr/bin/second");
    expect(found.ok && new TextDecoder().decode(found.value.bytes)).toBe("script:second");
    expect(source.lookup("/bin/missing")).toEqual({ ok: false, error: "NotFound" });
  });
});
