import { resolve } from "node:path";
import { defineConfig, externalizeDepsPlugin } from "electron-vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: "out/main",
      rollupOptions: { input: { index: resolve("main/electron/index.ts") } },
    },
  },
  preload: {
    // A sandboxed preload can only require "electron", so everything else is bundled in.
    build: {
      outDir: "out/preload",
      rollupOptions: {
        input: { index: resolve("preload/index.ts") },
        output: { format: "cjs", entryFileNames: "[name].cjs" },
      },
    },
  },
  renderer: {
    root: "renderer",
    plugins: [react()],
    build: {
      outDir: "out/renderer",
      rollupOptions: { input: { index: resolve("renderer/index.html") } },
    },
  },
});
