import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "platform-kernel-sim",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
