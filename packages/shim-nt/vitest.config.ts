import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "shim-nt",
    // Guest runs and property tests share a 2-core CI machine with other packages: no 5 s default.
    testTimeout: 60_000,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Type tests (`*.test-d.ts`, expectTypeOf) are checked by tsc as part of `vitest run`.
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
