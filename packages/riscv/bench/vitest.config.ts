import { defineConfig } from "vitest/config";

// `pnpm bench`: the benchmark is a script that prints a report; vitest only supplies the TS transform
// and a fresh process. Nothing is asserted.
export default defineConfig({
  test: {
    name: "riscv-bench",
    root: new URL("..", import.meta.url).pathname,
    include: [process.env.LITEBOX_BENCH_FILE ?? "bench/hart-bench.ts"],
    testTimeout: 3_600_000,
    pool: "forks",
    fileParallelism: false,
    silent: false,
    // Extra V8 flags for profiling, e.g. LITEBOX_BENCH_NODE_FLAGS="--cpu-prof".
    execArgv: process.env.LITEBOX_BENCH_NODE_FLAGS?.split(" ").filter((f) => f !== "") ?? [],
  },
});
