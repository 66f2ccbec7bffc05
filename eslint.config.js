// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import litebox from "./tools/eslint-plugin-litebox/layering.js";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", ".tools/**", "guest/**", "**/coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { litebox },
    rules: {
      "litebox/layering": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": ["error", {
        selector: "ExportAllDeclaration",
        message: "Use explicit named exports in barrels (no `export *`).",
      }],
    },
  },
  {
    files: ["packages/*/src/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.test-d.ts"],
    rules: {
      "no-restricted-globals": ["error",
        { name: "process", message: "Node-only global; library packages must run in a browser or worker." },
        { name: "Buffer", message: "Node-only global; use Uint8Array." },
        { name: "require", message: "ESM only." },
        { name: "__dirname", message: "Node-only global." },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
