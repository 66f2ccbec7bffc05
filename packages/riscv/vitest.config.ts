import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "riscv",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
