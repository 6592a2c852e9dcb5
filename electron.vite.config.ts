import { resolve } from "node:path";
import { defineConfig, externalizeDepsPlugin } from "electron-vite";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";

/**
 * In development only, lets the page run the inline scripts and styles that Vite's dev server
 * and the React refresh preamble inject. The built app keeps the strict policy of index.html.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: "dw-connect:dev-csp",
    apply: "serve",
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws:"),
  };
}

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
    plugins: [react(), relaxCspForDevServer()],
    build: {
      outDir: "out/renderer",
      rollupOptions: { input: { index: resolve("renderer/index.html") } },
    },
  },
});
