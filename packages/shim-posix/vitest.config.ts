import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "shim-posix",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
