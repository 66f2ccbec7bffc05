import path from "node:path";
import { RuleTester } from "eslint";
import { afterAll, describe, it } from "vitest";
import { layering } from "./layering.js";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;

const ruleTester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: "module" } });
const root = path.resolve("/repo");
const file = (rel: string): string => path.join(root, ...rel.split("/"));

ruleTester.run("litebox/layering", layering, {
  valid: [
    { filename: file("packages/shim-posix/src/a.ts"), code: 'import { ProcessRegistry } from "@litebox-ts/core";' },
    { filename: file("packages/platform-userland/src/a.ts"), code: 'import { Hart } from "@litebox-ts/riscv";' },
    { filename: file("packages/riscv/src/a.ts"), code: 'import { Prot } from "@litebox-ts/core";' },
    { filename: file("packages/core/src/a/b.ts"), code: 'import { x } from "../c";' },
    { filename: file("apps/conformance/src/a.ts"), code: 'import "@litebox-ts/shim-nt"; import "@litebox-ts/platform-kernel-sim";' },
    { filename: file("packages/core/src/a.test.ts"), code: 'import { readFileSync } from "node:fs";' },
    { filename: file("packages/riscv/test/fuzz/q.ts"), code: 'import { spawnSync } from "node:child_process";' },
    { filename: file("packages/shim-posix/test/run.test.ts"), code: 'import { UserlandPlatform } from "@litebox-ts/platform-userland";' },
    { filename: file("packages/core/src/x.test.ts"), code: 'import { Hart } from "@litebox-ts/riscv";' },
  ],
  invalid: [
    { filename: file("packages/core/src/a.ts"), code: 'import { Shim } from "@litebox-ts/shim-posix";', errors: [{ messageId: "forbiddenPackage" }] },
    { filename: file("packages/core/src/a.ts"), code: 'import { Hart } from "@litebox-ts/riscv";', errors: [{ messageId: "forbiddenPackage" }] },
    { filename: file("packages/shim-posix/src/a.ts"), code: 'import { Hart } from "@litebox-ts/riscv";', errors: [{ messageId: "forbiddenPackage" }] },
    { filename: file("packages/shim-nt/src/a.ts"), code: 'export { P } from "@litebox-ts/platform-userland";', errors: [{ messageId: "forbiddenPackage" }] },
    { filename: file("packages/platform-userland/src/a.ts"), code: 'import "@litebox-ts/shim-nt";', errors: [{ messageId: "forbiddenPackage" }] },
    { filename: file("packages/shim-posix/src/a.ts"), code: 'import { Pipes } from "@litebox-ts/core/src/pipe/pipes";', errors: [{ messageId: "deepImport" }] },
    { filename: file("packages/shim-posix/test/a.test.ts"), code: 'import { P } from "@litebox-ts/platform-userland/src/p";', errors: [{ messageId: "deepImport" }] },
    { filename: file("apps/conformance/src/a.ts"), code: 'import { x } from "@litebox-ts/core/dist/index.js";', errors: [{ messageId: "deepImport" }] },
    { filename: file("packages/shim-posix/src/a.ts"), code: 'import { Pipes } from "../../core/src/pipe/pipes";', errors: [{ messageId: "escapes" }] },
    { filename: file("packages/core/src/a.ts"), code: 'import { readFileSync } from "node:fs";', errors: [{ messageId: "nodeApi" }] },
    { filename: file("packages/riscv/src/a.ts"), code: 'const m = await import("worker_threads");', errors: [{ messageId: "nodeApi" }] },
  ],
});
