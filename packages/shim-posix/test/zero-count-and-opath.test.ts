/**
 * Linux's answers that come before a shortcut: read with a count of 0 still checks the file (EISDIR
 * for a directory, EBADF for O_PATH), fcntl and ioctl on an O_PATH descriptor (EBADF except the
 * commands O_PATH allows), and file mappings of an O_PATH descriptor. Expected values are those of a
 * native probe on Linux 6.x.
 */
import { describe, expect, it } from "vitest";
import { Errno, FcntlCmd, Ioctl, OpenFlag, Sys, type PosixThread } from "../src/index";
import { BUF, OUT, createFsHarness, type FsHarness } from "./fs-support/fs-harness";
import { Script } from "./support/script-builder";

const { O_RDONLY, O_WRONLY, O_DIRECTORY, O_PATH, O_NONBLOCK } = OpenFlag;
const scripts = { idle: new Script().spin().steps };
const files = [
  { path: "etc/motd", data: "hello world\n", mode: 0o644 },
  { path: "empty", directory: true as const },
];

function setup(kind: "isolated" | "shared"): { h: FsHarness; t: PosixThread } {
  const h = createFsHarness({ kind, scripts, files });
  const t = h.start("idle", { cwd: "/tmp" }).process.leader!;
  return { h, t };
}

describe.each(["isolated", "shared"] as const)("on the %s test platform", (kind) => {
  it("read with count 0: EISDIR for a directory, EBADF for O_PATH and write-only, 0 for a file and a pipe", async () => {
    const { h, t } = setup(kind);
    const dir = await h.open(t, "/empty", O_RDONLY | O_DIRECTORY);
    expect(await h.call(t, Sys.read, dir, BUF, 0)).toBe(-Errno.EISDIR);
    expect(await h.call(t, Sys.read, dir, 0, 0)).toBe(-Errno.EISDIR);
    const path = await h.open(t, "/etc/motd", O_PATH);
    expect(await h.call(t, Sys.read, path, BUF, 0)).toBe(-Errno.EBADF);
    const pathDir = await h.open(t, "/empty", O_PATH | O_DIRECTORY);
    expect(await h.call(t, Sys.read, pathDir, BUF, 0)).toBe(-Errno.EBADF);
    const wo = await h.open(t, "w", OpenFlag.O_CREAT | O_WRONLY, 0o644);
    expect(await h.call(t, Sys.read, wo, BUF, 0)).toBe(-Errno.EBADF);
    const file = await h.open(t, "/etc/motd", O_RDONLY);
    expect(await h.call(t, Sys.read, file, BUF, 0)).toBe(0);
    expect(await h.call(t, Sys.read, file, BUF, 5)).toBe(5); // the empty read moved nothing
    // An empty pipe's zero-count read returns at once, as pipe_read does.
    expect(await h.call(t, Sys.pipe2, OUT, 0)).toBe(0);
    const readEnd = new DataView(h.peek(t, OUT, 4).buffer).getInt32(0, true);
    expect(await h.call(t, Sys.read, readEnd, BUF, 0)).toBe(0);
  });
});
