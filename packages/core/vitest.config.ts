import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "core",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Property tests run hundreds of cases; under a loaded 2-core CI machine the 5 s default is too tight.
    testTimeout: 60_000,
    // Type tests (`*.test-d.ts`, expectTypeOf) are checked by tsc as part of `vitest run`.
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
