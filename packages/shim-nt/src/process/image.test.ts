import { LiteBox, Scheduler, TestPlatform, buildImage } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { NtStatus } from "../abi/status";
import { NtShim } from "../shim";
import { fakeLoader } from "../testing/test-bed";
import { PROGRAM_ACCESS_DENIED, programsFromFileSystem, programsFromMap } from "./image";

function liteboxWithImage() {
  const image = buildImage([
    { path: "/bin/app.exe", data: new Uint8Array([0x7f, 1]), mode: 0o755 },
    { path: "/bin/data.txt", data: "not a program", mode: 0o644 },
    { path: "/bin/link", symlink: "/bin/app.exe" },
    { path: "/bin/dir", directory: true },
  ]);
  if (!image.ok) throw new Error();
  const platform = new TestPlatform();
  return new LiteBox(platform, { fileSystem: { kind: "image", image: image.value } });
}

describe("program sources", () => {
  it("read executables from the LiteBox's filesystem, refusing directories and non-executable files", () => {
    const programs = programsFromFileSystem(liteboxWithImage().fileSystem());
    expect(programs.readProgram("/bin/app.exe")).toEqual(new Uint8Array([0x7f, 1]));
    expect(programs.readProgram("/bin/link")).toEqual(new Uint8Array([0x7f, 1]));
    expect(programs.readProgram("/bin/data.txt")).toBe(PROGRAM_ACCESS_DENIED);
    expect(programs.readProgram("/bin/dir")).toBe(PROGRAM_ACCESS_DENIED);
    expect(programs.readProgram("/bin/none")).toBeUndefined();
    expect(programsFromMap(new Map([["/x", new Uint8Array([1])]])).readProgram("/x")).toEqual(new Uint8Array([1]));
  });

  it("are the filesystem by default: images start from it, with Windows' errors for the rest", () => {
    const litebox = liteboxWithImage();
    const shim = new NtShim(litebox, { scheduler: new Scheduler({ clock: litebox.platform.time }), loadImage: fakeLoader });
    expect(shim.start({ imagePath: "/bin/app.exe" }).ok).toBe(true);
    expect(shim.start({ imagePath: "/bin/data.txt" })).toEqual({ ok: false, error: NtStatus.ACCESS_DENIED });
    expect(shim.start({ imagePath: "/bin/missing.exe" })).toEqual({ ok: false, error: NtStatus.OBJECT_NAME_NOT_FOUND });
  });
});
