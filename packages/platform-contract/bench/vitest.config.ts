import { defineConfig } from "vitest/config";

// `pnpm bench`: the benchmark is a script that prints a report; vitest only supplies the TS transform
// and a fresh process. Nothing is asserted.
export default defineConfig({
  test: {
    name: "platform-contract-bench",
    root: new URL("..", import.meta.url).pathname,
    include: ["bench/platforms-bench.ts"],
    testTimeout: 3_600_000,
    pool: "forks",
    fileParallelism: false,
    silent: false,
  },
});
