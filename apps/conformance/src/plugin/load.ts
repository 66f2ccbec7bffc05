/**
 * Finding plugins: a built-in name (`posix`, `nt`, `userland`, `kernel-sim`), a path (a module file,
 * or a package folder whose package.json names its entry), or a package name resolved from the
 * working directory. A spec is plain data, so worker threads load the same plugins again.
 *
 * @module
 */
import { err, ok, type Result } from "@litebox-ts/core";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Suite } from "../model/case";
import { ntShimPlugin } from "../plugins/nt";
import { kernelSimPlatformPlugin, userlandPlatformPlugin } from "../plugins/platforms";
import { posixShimPlugin } from "../plugins/posix";
import type { PlatformPlugin, ShimPlugin } from "./types";

/** Where a plugin comes from: a built-in by name, or a module by URL. */
export type PluginSpec = { readonly kind: "builtin"; readonly name: string } | { readonly kind: "module"; readonly url: string; readonly given: string };

/** Why a plugin could not be loaded. A closed set of reasons; `message` names the plugin. */
export interface PluginLoadError {
  readonly _tag: "PluginLoadError";
  readonly reason: "NotFound" | "ImportFailed" | "NotAPlugin";
  readonly message: string;
}

/** The built-in shims' names. */
export const BUILTIN_SHIMS: readonly string[] = ["posix", "nt"];
/** The built-in platforms' names. */
export const BUILTIN_PLATFORMS: readonly string[] = ["userland", "kernel-sim"];

function loadError(reason: PluginLoadError["reason"], message: string): PluginLoadError {
  return { _tag: "PluginLoadError", reason, message };
}

/** The module file of a package folder: `exports["."]` (import/default), else `module`, `main`, `index.js`. */
function packageEntry(dir: string): string | undefined {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return existsSync(join(dir, "index.js")) ? join(dir, "index.js") : undefined;
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { exports?: unknown; module?: string; main?: string };
  let entry: unknown = pkg.exports;
  if (typeof entry === "object" && entry !== null && "." in entry) entry = (entry as Record<string, unknown>)["."];
  while (typeof entry === "object" && entry !== null) {
    const conditions = entry as Record<string, unknown>;
    entry = conditions.import ?? conditions.node ?? conditions.default;
  }
  const file = typeof entry === "string" ? entry : (pkg.module ?? pkg.main ?? "index.js");
  return join(dir, file);
}

/** Finds `node_modules/<name>` walking up from `cwd`. */
function findPackage(name: string, cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Resolves what the user gave (`--shim X`) to a spec: a built-in name, an existing path (relative to
 * `cwd`), or an installed package.
 */
export function resolvePluginSpec(given: string, builtins: readonly string[], cwd: string): Result<PluginSpec, PluginLoadError> {
  if (builtins.includes(given)) return ok({ kind: "builtin", name: given });
  const looksLikePath = given.startsWith(".") || given.startsWith("/") || given.includes("\\");
  const path = resolve(cwd, given);
  if (existsSync(path)) {
    const file = statSync(path).isDirectory() ? packageEntry(path) : path;
    if (file === undefined || !existsSync(file)) return err(loadError("NotFound", `${given}: no module entry in the folder (build it first?)`));
    return ok({ kind: "module", url: pathToFileURL(file).href, given });
  }
  if (looksLikePath) return err(loadError("NotFound", `${given}: no such file or folder`));
  const dir = findPackage(given, cwd);
  if (dir !== undefined) {
    const file = packageEntry(dir);
    if (file !== undefined && existsSync(file)) return ok({ kind: "module", url: pathToFileURL(file).href, given });
  }
  return err(loadError("NotFound", `${given}: not a built-in (${builtins.join(", ")}), a path or an installed package`));
}

async function importModule(spec: Extract<PluginSpec, { kind: "module" }>): Promise<Result<Record<string, unknown>, PluginLoadError>> {
  try {
    return ok((await import(spec.url)) as Record<string, unknown>);
  } catch (e) {
    return err(loadError("ImportFailed", `${spec.given}: import failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}

/** Whether `value` has the members of a {@link ShimPlugin}. */
export function isShimPlugin(value: unknown): value is ShimPlugin {
  const p = value as Partial<ShimPlugin> | null;
  return typeof p === "object" && p !== null && typeof p.name === "string" && p.name !== "" && typeof p.personality === "string"
    && typeof p.program === "function" && typeof p.createSession === "function";
}

/** Whether `value` has the members of a {@link PlatformPlugin}. */
export function isPlatformPlugin(value: unknown): value is PlatformPlugin {
  const p = value as Partial<PlatformPlugin> | null;
  return typeof p === "object" && p !== null && typeof p.name === "string" && p.name !== "" && typeof p.kind === "string"
    && typeof p.create === "function" && typeof p.createSmall === "function";
}

/** Loads the shim plugin `spec` (built-ins get the guest folder for their programs). */
export async function loadShimPlugin(spec: PluginSpec, guestDir: string | undefined): Promise<Result<ShimPlugin, PluginLoadError>> {
  if (spec.kind === "builtin") {
    if (spec.name === "posix") return ok(posixShimPlugin({ guestDir }));
    if (spec.name === "nt") return ok(ntShimPlugin({ guestDir }));
    return err(loadError("NotFound", `no built-in shim '${spec.name}'`));
  }
  const module = await importModule(spec);
  if (!module.ok) return module;
  const candidate = module.value.default ?? module.value.shimPlugin;
  if (!isShimPlugin(candidate)) return err(loadError("NotAPlugin", `${spec.given}: its default export (or shimPlugin) is not a ShimPlugin { name, personality, program, createSession }`));
  return ok(candidate);
}

/** Loads the platform plugin `spec`. */
export async function loadPlatformPlugin(spec: PluginSpec): Promise<Result<PlatformPlugin, PluginLoadError>> {
  if (spec.kind === "builtin") {
    if (spec.name === "userland") return ok(userlandPlatformPlugin);
    if (spec.name === "kernel-sim") return ok(kernelSimPlatformPlugin);
    return err(loadError("NotFound", `no built-in platform '${spec.name}'`));
  }
  const module = await importModule(spec);
  if (!module.ok) return module;
  const candidate = module.value.default ?? module.value.platformPlugin;
  if (!isPlatformPlugin(candidate)) return err(loadError("NotAPlugin", `${spec.given}: its default export (or platformPlugin) is not a PlatformPlugin { name, kind, create, createSmall }`));
  return ok(candidate);
}

/** Whether `value` has the members of a {@link Suite}. */
export function isSuite(value: unknown): value is Suite {
  const s = value as Partial<Suite> | null;
  return typeof s === "object" && s !== null && typeof s.name === "string" && s.name !== "" && typeof s.title === "string" && typeof s.cases === "function";
}

/** Loads extra suites from a module (`--suite`): its default export, `suite`, or `suites` (an array). */
export async function loadSuites(spec: Extract<PluginSpec, { kind: "module" }>): Promise<Result<readonly Suite[], PluginLoadError>> {
  const module = await importModule(spec);
  if (!module.ok) return module;
  const exported = module.value.default ?? module.value.suites ?? module.value.suite;
  const list = Array.isArray(exported) ? (exported as unknown[]) : [exported];
  if (list.length === 0 || !list.every(isSuite)) return err(loadError("NotAPlugin", `${spec.given}: its default export (or suite, suites) is not a Suite { name, title, cases }`));
  return ok(list);
}
