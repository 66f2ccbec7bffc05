import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "eslint-plugin", include: ["*.test.ts"] },
});
