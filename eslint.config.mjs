import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      "out/**",
      "dist/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "**/*.mjs",
      "**/*.cjs",
      ".scratch/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
  {
    files: ["renderer/**/*.tsx", "renderer/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Only the Electron glue may import electron; everything else runs in plain Node.
    files: [
      "main/**/*.ts",
      "shared/**/*.ts",
      "renderer/**/*.ts",
      "renderer/**/*.tsx",
    ],
    ignores: ["main/electron/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: ["electron"] }],
    },
  },
  {
    // The renderer and shared code run in the browser: no Node built-ins.
    files: ["renderer/**/*.ts", "renderer/**/*.tsx", "shared/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["electron"],
          patterns: ["node:*", "../main/*", "../../main/*"],
        },
      ],
    },
  },
);
