// @ts-check
/**
 * ESLint rule `litebox/layering`: enforces the layering of DESIGN.md §1.
 *
 * - The core imports no other LiteBox package.
 * - riscv may import the core; platforms import only the core and riscv; shims import only the core.
 *   (This binds a package's shipped sources; its tests and benchmarks may import any workspace package.)
 * - Nobody imports another package's internals (`@litebox-ts/core/src/...`) or reaches into another
 *   package through a relative path.
 * - Library packages (core, riscv, platforms, shims) use no Node-only API in their sources: they must
 *   also run in a browser or a worker. Tests, benchmarks and tooling files are exempt.
 */
import path from "node:path";

/** Which LiteBox packages each layer may import (by folder name under packages/). */
const ALLOWED = {
  core: [],
  riscv: ["core"],
  "platform-userland": ["core", "riscv"],
  "platform-kernel-sim": ["core", "riscv"],
  "platform-contract": ["core", "riscv"],
  "shim-posix": ["core"],
  "shim-nt": ["core"],
};

const SCOPE = "@litebox-ts/";
const NODE_BUILTINS = new Set([
  "assert", "buffer", "child_process", "cluster", "crypto", "dgram", "dns", "events", "fs", "fs/promises",
  "http", "http2", "https", "module", "net", "os", "path", "perf_hooks", "process", "readline", "stream",
  "timers", "tls", "tty", "url", "util", "v8", "vm", "worker_threads", "zlib",
]);

/**
 * @param {string} file
 * @returns {{ root: string, kind: "packages" | "apps" | "examples", name: string, rel: string } | undefined}
 */
function owner(file) {
  const parts = file.split(path.sep);
  for (let i = parts.length - 2; i >= 0; i--) {
    const kind = parts[i];
    if ((kind === "packages" || kind === "apps" || kind === "examples") && parts[i + 1]) {
      const root = parts.slice(0, i + 2).join(path.sep);
      return { root, kind, name: parts[i + 1], rel: parts.slice(i + 2).join("/") };
    }
  }
  return undefined;
}

/** @param {string} rel */
function isLibrarySource(rel) {
  return rel.startsWith("src/") && !/\.test(-d)?\.ts$/.test(rel) && !rel.includes("/__tests__/")
    && !rel.startsWith("src/testing/node");
}

/** @type {import("eslint").Rule.RuleModule} */
export const layering = {
  meta: {
    type: "problem",
    docs: { description: "Keep the layering of DESIGN.md §1: core ← riscv ← platforms; core ← shims." },
    schema: [],
    messages: {
      forbiddenPackage: "{{from}} must not import {{to}} (DESIGN.md §1: {{from}} may import {{allowed}}).",
      deepImport: "Import {{pkg}} through its public entry, not '{{source}}'.",
      escapes: "'{{source}}' reaches outside this package; import the other package by name.",
      nodeApi: "'{{source}}' is a Node-only API; library packages must also run in a browser or worker.",
    },
  },
  create(context) {
    const file = context.filename;
    const me = owner(file);
    if (!me) return {};
    /** @param {any} node @param {string} source */
    function check(node, source) {
      if (source.startsWith(".")) {
        const target = path.resolve(path.dirname(file), source);
        if (!target.startsWith(me.root + path.sep) && target !== me.root) {
          context.report({ node, messageId: "escapes", data: { source } });
        }
        return;
      }
      if (source.startsWith(SCOPE)) {
        const [name, ...sub] = source.slice(SCOPE.length).split("/");
        if (sub.length > 0 && !(sub.length === 1 && sub[0] === "package.json")) {
          context.report({ node, messageId: "deepImport", data: { pkg: SCOPE + name, source } });
        }
        // Tests and benchmarks may exercise a package against real neighbours (devDependencies):
        // the layering binds what a package ships, not how it is tested.
        if (me.kind === "packages" && name !== undefined && name !== me.name && isLibrarySource(me.rel)) {
          const allowed = /** @type {Record<string, string[]>} */ (ALLOWED)[me.name];
          if (allowed && !allowed.includes(name)) {
            context.report({
              node, messageId: "forbiddenPackage",
              data: {
                from: SCOPE + me.name, to: SCOPE + name,
                allowed: allowed.length ? allowed.map((a) => SCOPE + a).join(", ") : "no other LiteBox package",
              },
            });
          }
        }
        return;
      }
      if (me.kind === "packages" && me.name in ALLOWED && isLibrarySource(me.rel)) {
        const bare = source.replace(/^node:/, "");
        if (source.startsWith("node:") || NODE_BUILTINS.has(bare)) {
          context.report({ node, messageId: "nodeApi", data: { source } });
        }
      }
    }
    return {
      ImportDeclaration(node) { check(node, String(node.source.value)); },
      ExportNamedDeclaration(node) { if (node.source) check(node, String(node.source.value)); },
      ExportAllDeclaration(node) { check(node, String(node.source.value)); },
      ImportExpression(node) {
        if (node.source.type === "Literal" && typeof node.source.value === "string") check(node, node.source.value);
      },
    };
  },
};

export default { rules: { layering } };
