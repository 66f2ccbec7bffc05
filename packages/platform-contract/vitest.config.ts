import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "platform-contract",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
