/**
 * The guest's filesystem through `litebox run` on both real platforms: `--root` becomes a read-only
 * image at `/` with a writable `/tmp`; the POSIX tests that need the files part (execve finds
 * exec-child in it; `files` works in /tmp) against their native-Linux transcripts; hand-made guests
 * that hit EROFS, create in /tmp and execve from the filesystem by a relative path; and the host
 * folder walk itself (modes, links, what is left out, /tmp).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { FileType, LiteBox, TestPlatform, type Vfs } from "@litebox-ts/core";
import { imageFromHostFolder, mountTmp, TMP_MODE } from "../src/root-image";
import { exitCode, runCaptured } from "./support/capture";
import { ECALL, Reg, addi, li, tinyElf } from "./support/tiny-elf";

const GUEST = join(import.meta.dirname, "../../../guest");
const PLATFORMS = ["userland", "kernel-sim"] as const;

// The POSIX tests (guest/tests/posix) whose transcripts depend on the files part: execve finds
// exec-child in the filesystem (vfork's failing execve looks there too); files works in /tmp.
const POSIX = ["files", "execve", "vfork"];

describe("POSIX guest tests that need the filesystem: litebox's transcript equals the native Linux one", () => {
  for (const platform of PLATFORMS) {
    it.each(POSIX)(`%s on ${platform}`, async (name) => {
      const expected = readFileSync(join(GUEST, "tests/posix/expected", `${name}.out`), "latin1");
      const run = await runCaptured(["run", "--platform", platform, "--root", GUEST, `/bin/posix/${name}.elf`]);
      expect(run.stdout).toBe(expected);
      expect(run.stderr).toBe("");
      expect(exitCode(run)).toBe(0);
    });
  }
});

/** `lui rd, imm` (imm's upper 20 bits). */
function lui(rd: number, imm: number): number {
  return ((imm & 0xffff_f000) | ((rd & 31) << 7) | 0x37) >>> 0;
}

/** Loads a 32-bit address into `rd` (two instructions). */
function la(rd: number, address: number): number[] {
  const low = ((address & 0xfff) << 20) >> 20; // sign-extended, as addi will
  return [lui(rd, (address - low) >>> 0), addi(rd, rd, low)];
}

const ENTRY = 0x10054;
/** A one-segment guest: `code(addressOf)` followed by the NUL-terminated `strings`. */
function guest(strings: readonly string[], code: (addressOf: (i: number) => number) => number[]): Uint8Array {
  const length = code(() => 0).length;
  const offsets: number[] = [];
  let at = ENTRY + 4 * length;
  for (const s of strings) {
    offsets.push(at);
    at += s.length + 1;
  }
  const words = code((i) => offsets[i]!);
  const text = new TextEncoder().encode(strings.map((s) => `${s}\0`).join(""));
  const padded = new Uint8Array(Math.ceil(text.length / 4) * 4);
  padded.set(text);
  const data = new Uint32Array(padded.buffer);
  return tinyElf([...words, ...data]);
}

const syscall = (nr: number): number[] => [li(Reg.a7, nr), ECALL];
const exitWithA0 = syscall(94);

describe.each(PLATFORMS)("the guest's filesystem on %s", (platform) => {
  const dir = mkdtempSync(join(tmpdir(), "litebox-files-"));
  // Relative host paths: with --root, an absolute path names a file inside the root.
  const write = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes, { mode: 0o755 });
    return relative(process.cwd(), path);
  };
  // openat(AT_FDCWD, path, O_CREAT | O_WRONLY, 0644); exit_group(result): -EROFS is exit code 226.
  const create = (path: string): Uint8Array =>
    guest([path], (s) => [li(Reg.a0, -100), ...la(Reg.a1, s(0)), li(Reg.a2, 0o101), li(13, 0o644), ...syscall(56), ...exitWithA0]);
  const createInRoot = write("create-root.elf", create("/made"));
  const createInTmp = write("create-tmp.elf", create("/tmp/made"));
  // chdir("/bin"); execve("posix/exec-child.elf", NULL, NULL); exit_group(result) if it returns.
  const execChild = write(
    "exec-child.elf",
    guest(["/bin", "posix/exec-child.elf"], (s) => [
      ...la(Reg.a0, s(0)),
      ...syscall(49),
      ...la(Reg.a0, s(1)),
      li(Reg.a1, 0),
      li(Reg.a2, 0),
      ...syscall(221),
      ...exitWithA0,
    ]),
  );

  it("the root is read-only (EROFS) and /tmp writable", async () => {
    expect(exitCode(await runCaptured(["run", "--platform", platform, "--root", GUEST, createInRoot]))).toBe(256 - 30);
    expect(exitCode(await runCaptured(["run", "--platform", platform, "--root", GUEST, createInTmp]))).toBe(3);
    // Without --root, / is empty but for the writable /tmp.
    expect(exitCode(await runCaptured(["run", "--platform", platform, createInRoot]))).toBe(256 - 30);
    expect(exitCode(await runCaptured(["run", "--platform", platform, createInTmp]))).toBe(3);
  });

  it("a program from outside the root execs one inside it by a path relative to its cwd", async () => {
    const run = await runCaptured(["run", "--platform", platform, "--root", GUEST, execChild]);
    expect(run.stdout).toBe("exec-child: run me through the execve test\n");
    expect(exitCode(run)).toBe(2);
    // Without --root there is nothing to exec: execve returns ENOENT (exit code 256 - 2).
    expect(exitCode(await runCaptured(["run", "--platform", platform, execChild]))).toBe(254);
  });

  it("a program inside the root starts from the guest's filesystem (its own path), a missing --root fails like a shell", async () => {
    const run = await runCaptured(["run", "--platform", platform, "--root", GUEST, "/bin/posix/exec-child.elf"]);
    expect(run.stdout).toBe("exec-child: run me through the execve test\n");
    const missing = await runCaptured(["run", "--platform", platform, "--root", join(dir, "none"), execChild]);
    expect(missing.outcome).toMatchObject({ kind: "failed", exitCode: 126 });
  });
});

describe("imageFromHostFolder", () => {
  function mounted(root: string | undefined): { vfs: Vfs; warnings: readonly string[] } {
    const image = imageFromHostFolder(root);
    if (!image.ok) throw new Error(image.error.message);
    const litebox = new LiteBox(new TestPlatform(), { fileSystem: { kind: "image", image: image.value.image } });
    const vfs = litebox.fileSystem();
    const tmp = mountTmp(vfs);
    if (!tmp.ok) throw new Error(tmp.error.message);
    return { vfs, warnings: image.value.warnings };
  }

  it("keeps files with their bytes and permission bits, directories, and symbolic links; leaves FIFOs out", () => {
    const dir = mkdtempSync(join(tmpdir(), "litebox-root-"));
    mkdirSync(join(dir, "bin"), { mode: 0o750 });
    writeFileSync(join(dir, "bin/tool"), "#!", { mode: 0o755 });
    writeFileSync(join(dir, "secret"), "s", { mode: 0o600 });
    symlinkSync("bin/tool", join(dir, "link"));
    const fifo = spawnSync("mkfifo", [join(dir, "fifo")]).status === 0;
    const { vfs, warnings } = mounted(dir);
    const stat = (path: string, follow = true) => {
      const s = vfs.stat(vfs.root, path, { follow });
      if (!s.ok) throw new Error(`${path}: ${s.error}`);
      return s.value;
    };
    expect(stat("/bin").mode).toBe(0o40750);
    expect(stat("/bin/tool")).toMatchObject({ mode: 0o100755, size: 2, uid: 0, gid: 0 });
    expect(stat("/secret").mode).toBe(0o100600);
    expect(stat("/link", false).type).toBe(FileType.Symlink);
    expect(vfs.readlink(vfs.root, "/link")).toEqual({ ok: true, value: "bin/tool" });
    expect(stat("/tmp").mode).toBe(0o40000 | TMP_MODE);
    if (fifo) {
      expect(vfs.stat(vfs.root, "/fifo").ok).toBe(false);
      expect(warnings.some((w) => w.includes("fifo") && w.includes("left out"))).toBe(true);
    }
    // The image is read-only, /tmp is not.
    expect(vfs.mkdir(vfs.root, "/new", 0o755)).toEqual({ ok: false, error: "ReadOnly" });
    expect(vfs.mkdir(vfs.root, "/tmp/new", 0o755).ok).toBe(true);
  });

  it("an existing tmp directory is mounted over; a tmp that is not a directory is replaced, with a warning", () => {
    const withDir = mkdtempSync(join(tmpdir(), "litebox-root-"));
    mkdirSync(join(withDir, "tmp"));
    writeFileSync(join(withDir, "tmp/hidden"), "x");
    const a = mounted(withDir);
    expect(a.vfs.stat(a.vfs.root, "/tmp/hidden").ok).toBe(false);
    expect(a.warnings).toEqual([]);
    const withFile = mkdtempSync(join(tmpdir(), "litebox-root-"));
    writeFileSync(join(withFile, "tmp"), "not a directory");
    const b = mounted(withFile);
    expect(b.vfs.stat(b.vfs.root, "/tmp")).toMatchObject({ ok: true, value: { type: FileType.Directory } });
    expect(b.warnings.some((w) => w.includes("tmp") && w.includes("not a directory"))).toBe(true);
  });

  it("without a folder: an empty root with /tmp", () => {
    const { vfs } = mounted(undefined);
    expect(vfs.stat(vfs.root, "/tmp").ok).toBe(true);
    expect(vfs.liveInodeCount).toBe(3); // the root, /tmp below the mount, the mounted root
  });

  it("refuses a missing folder or a file as the root", () => {
    const dir = mkdtempSync(join(tmpdir(), "litebox-root-"));
    writeFileSync(join(dir, "file"), "x");
    expect(imageFromHostFolder(join(dir, "none"))).toMatchObject({ ok: false, error: { _tag: "RootImageError" } });
    expect(imageFromHostFolder(join(dir, "file"))).toMatchObject({ ok: false, error: { message: expect.stringContaining("not a directory") } });
  });
});
