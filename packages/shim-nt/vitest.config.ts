import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "shim-nt",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
