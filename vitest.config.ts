import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/integration-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Servers are shared per file; two workers keep a two-core machine busy.
          maxWorkers: 2,
        },
      },
    ],
  },
});
