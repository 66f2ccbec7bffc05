import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILTIN_SHIMS, isPlatformPlugin, isShimPlugin, isSuite, loadPlatformPlugin, loadShimPlugin, loadSuites, resolvePluginSpec, type PluginSpec } from "./load";

const dir = mkdtempSync(join(tmpdir(), "conformance-load-"));
const write = (path: string, text: string): string => {
  const full = join(dir, path);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, text);
  return full;
};
const SHIM = `export default { name: "s", personality: "p", program() {}, createSession() {} };`;
write("file-shim.mjs", SHIM);
write("named/index.mjs", `export const shimPlugin = { name: "named", personality: "p", program() {}, createSession() {} };\nexport const platformPlugin = { name: "plat", kind: "Isolated", create() {}, createSmall() {} };`);
write("pkg-exports/package.json", JSON.stringify({ exports: { ".": { types: "./x.d.ts", import: "./lib/entry.mjs" } } }));
write("pkg-exports/lib/entry.mjs", SHIM);
write("pkg-string/package.json", JSON.stringify({ exports: "./e.mjs" }));
write("pkg-string/e.mjs", SHIM);
write("pkg-main/package.json", JSON.stringify({ main: "m.mjs" }));
write("pkg-main/m.mjs", SHIM);
write("pkg-bare/index.js", "export default 1;");
write("pkg-unbuilt/package.json", JSON.stringify({ exports: "./dist/index.js" }));
write("empty/readme.txt", "");
write("node_modules/some-shim/package.json", JSON.stringify({ name: "some-shim", exports: "./s.mjs" }));
write("node_modules/some-shim/s.mjs", SHIM);
write("not-a-plugin.mjs", "export default { name: 'x' };");
write("throws.mjs", "throw new Error('boom');");
write("suites.mjs", `export const suites = [{ name: "a", title: "A", cases() {} }, { name: "b", title: "B", cases() {} }];`);

function spec(given: string, builtins: readonly string[] = BUILTIN_SHIMS): PluginSpec {
  const r = resolvePluginSpec(given, builtins, dir);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function refused(given: string): string {
  const r = resolvePluginSpec(given, BUILTIN_SHIMS, dir);
  if (r.ok) throw new Error("resolved");
  return `${r.error.reason}: ${r.error.message}`;
}

describe("resolvePluginSpec", () => {
  it("built-in names, files, package folders (exports, main, index.js) and installed packages", () => {
    expect(spec("posix")).toEqual({ kind: "builtin", name: "posix" });
    expect(spec("./file-shim.mjs")).toEqual({ kind: "module", url: pathToFileURL(join(dir, "file-shim.mjs")).href, given: "./file-shim.mjs" });
    expect(spec(join(dir, "pkg-exports"))).toMatchObject({ url: pathToFileURL(join(dir, "pkg-exports/lib/entry.mjs")).href });
    expect(spec("pkg-string")).toMatchObject({ url: pathToFileURL(join(dir, "pkg-string/e.mjs")).href });
    expect(spec("./pkg-main")).toMatchObject({ url: pathToFileURL(join(dir, "pkg-main/m.mjs")).href });
    expect(spec("./pkg-bare")).toMatchObject({ url: pathToFileURL(join(dir, "pkg-bare/index.js")).href });
    expect(spec("some-shim")).toMatchObject({ url: pathToFileURL(join(dir, "node_modules/some-shim/s.mjs")).href });
  });

  it("refuses what does not exist, with the reason", () => {
    expect(refused("./nowhere")).toBe("NotFound: ./nowhere: no such file or folder");
    expect(refused("./pkg-unbuilt")).toBe("NotFound: ./pkg-unbuilt: no module entry in the folder (build it first?)");
    expect(refused("./empty")).toBe("NotFound: ./empty: no module entry in the folder (build it first?)");
    expect(refused("no-such-package")).toBe("NotFound: no-such-package: not a built-in (posix, nt), a path or an installed package");
  });
});

describe("loading plugins and suites", () => {
  it("loads default and named exports, and the built-ins", async () => {
    const shim = await loadShimPlugin(spec("./file-shim.mjs"), undefined);
    expect(shim.ok && shim.value.name).toBe("s");
    const named = await loadShimPlugin(spec("./named/index.mjs"), undefined);
    expect(named.ok && named.value.name).toBe("named");
    const platform = await loadPlatformPlugin(spec("./named/index.mjs"));
    expect(platform.ok && platform.value.name).toBe("plat");
    for (const name of ["posix", "nt"]) {
      const builtin = await loadShimPlugin({ kind: "builtin", name }, undefined);
      expect(builtin.ok && builtin.value.personality).toBe(name);
    }
    for (const name of ["userland", "kernel-sim"]) {
      const builtin = await loadPlatformPlugin({ kind: "builtin", name });
      expect(builtin.ok && builtin.value.name).toBe(name);
    }
    const suites = await loadSuites(spec("./suites.mjs", []) as Extract<PluginSpec, { kind: "module" }>);
    expect(suites.ok && suites.value.map((s) => s.name)).toEqual(["a", "b"]);
  });

  it("refuses modules that are not plugins, that throw, and unknown built-ins", async () => {
    const reason = async (p: Promise<{ ok: boolean; error?: { reason: string } }>) => (await p).error?.reason;
    expect(await reason(loadShimPlugin(spec("./not-a-plugin.mjs"), undefined))).toBe("NotAPlugin");
    expect(await reason(loadPlatformPlugin(spec("./file-shim.mjs")))).toBe("NotAPlugin");
    expect(await reason(loadShimPlugin(spec("./throws.mjs"), undefined))).toBe("ImportFailed");
    expect(await reason(loadPlatformPlugin(spec("./throws.mjs")))).toBe("ImportFailed");
    expect(await reason(loadSuites(spec("./file-shim.mjs") as Extract<PluginSpec, { kind: "module" }>))).toBe("NotAPlugin");
    expect(await reason(loadSuites(spec("./throws.mjs") as Extract<PluginSpec, { kind: "module" }>))).toBe("ImportFailed");
    expect(await reason(loadShimPlugin({ kind: "builtin", name: "dos" }, undefined))).toBe("NotFound");
    expect(await reason(loadPlatformPlugin({ kind: "builtin", name: "wasm" }))).toBe("NotFound");
  });

  it("the shape checks", () => {
    expect(isShimPlugin({ name: "", personality: "p", program() {}, createSession() {} })).toBe(false);
    expect(isShimPlugin(null)).toBe(false);
    expect(isPlatformPlugin({ name: "x", kind: "Isolated", create() {} })).toBe(false);
    expect(isSuite({ name: "x", title: "t", cases: [] })).toBe(false);
  });
});
