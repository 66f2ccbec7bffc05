import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "platform-userland",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
