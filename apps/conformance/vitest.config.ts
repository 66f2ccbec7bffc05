import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "conformance",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // The command-line tests run whole matrices in child processes.
    testTimeout: 180_000,
    hookTimeout: 1_200_000,
  },
});
