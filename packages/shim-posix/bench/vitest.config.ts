import { defineConfig } from "vitest/config";

// `pnpm bench`: the benchmark is a script that prints a report; vitest only supplies the TS transform
// and a fresh process. Nothing is asserted.
export default defineConfig({
  test: {
    name: "shim-posix-bench",
    root: new URL("..", import.meta.url).pathname,
    include: ["bench/posix-bench.ts"],
    testTimeout: 3_600_000,
    pool: "forks",
    fileParallelism: false,
    silent: false,
  },
});
