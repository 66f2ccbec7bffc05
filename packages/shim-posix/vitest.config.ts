import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "shim-posix",
    // Guest runs and property tests share a 2-core CI machine with other packages: no 5 s default.
    testTimeout: 60_000,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
