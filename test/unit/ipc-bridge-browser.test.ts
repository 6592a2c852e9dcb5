import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DwConnectApi } from "../../shared/ipc/contract";
import {
  createBridgeAuth,
  startBridge,
  type Bridge,
  type BridgeSender,
} from "../e2e/bridge/bridge-server";
import { SETTINGS } from "./ipc-fake-ports";
import { createTestApp, type TestApp } from "./ipc-test-app";

/** The page's global object, typed without the DOM library. */
type BridgeGlobal = { dwConnect: DwConnectApi };

const CHROMIUM_PATH = process.env.DWC_CHROMIUM ?? "/usr/bin/chromium";
const SECRET = "browser-secret-5e1";

// A page with the app's own kind of CSP meta tag and a module script that records whether
// the bridge API existed before it ran.
const INDEX_HTML = `<!doctype html>
<html>
  <head>
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; connect-src 'self'" />
    <script type="module" src="/assets/app.js"></script>
  </head>
  <body><main id="root">loading</main></body>
</html>
`;
const APP_SCRIPT = `document.getElementById("root").textContent =
  typeof window.dwConnect === "object" ? "bridge ready" : "bridge missing";`;

let rendererDir: string;
let app: TestApp<BridgeSender>;
let bridge: Bridge;
let browser: Browser;
let page: Page;
const violations: string[] = [];

describe.skipIf(!existsSync(CHROMIUM_PATH))("bridge in Chromium", () => {
  beforeAll(async () => {
    rendererDir = await mkdtemp(join(tmpdir(), "dw-connect-renderer-"));
    await mkdir(join(rendererDir, "assets"));
    await writeFile(join(rendererDir, "index.html"), INDEX_HTML);
    await writeFile(join(rendererDir, "assets", "app.js"), APP_SCRIPT);

    const auth = createBridgeAuth();
    app = await createTestApp({ isTrustedSender: auth.isTrustedSender });
    bridge = await startBridge({
      registry: app.services.registry,
      rendererDir,
      token: auth.token,
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage();
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) {
        violations.push(message.text());
      }
    });
    await page.goto(bridge.url);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await app?.cleanup();
    await rm(rendererDir, { recursive: true, force: true });
  });

  it("defines the API before the app script", async () => {
    await expect
      .poll(() => page.locator("#root").textContent())
      .toBe("bridge ready");
  });

  it("runs a request and its progress events", async () => {
    const outcome = await page.evaluate(
      async ({ settings, secret }) => {
        const api = (globalThis as unknown as BridgeGlobal).dwConnect;
        const messages: string[] = [];
        const unsubscribe = api.on("operation:progress", (payload) => {
          messages.push(payload.message);
        });
        const saved = await api.invoke("connection:save", {
          settings,
          secrets: { password: secret },
          clearSecrets: [],
        });
        if (!saved.ok) {
          return { ok: false, messages };
        }

        const tested = await api.invoke("connection:test", {
          connectionId: saved.value.id,
          operationId: "op-browser",
        });
        const messagesAtResult = [...messages];
        unsubscribe();
        return { ok: tested.ok, messages: messagesAtResult };
      },
      { settings: SETTINGS, secret: SECRET },
    );

    expect(outcome.ok).toBe(true);
    expect(outcome.messages).toEqual([
      "Connected to 127.0.0.1:5432",
      "Logged in as analyst",
    ]);
  });

  it("rejects an unknown channel", async () => {
    const message = await page.evaluate(() => {
      const api = (globalThis as unknown as BridgeGlobal).dwConnect;
      return api.invoke("shell:open" as "connection:list", {}).then(
        () => "resolved",
        (error: Error) => error.message,
      );
    });

    expect(message).toBe('The IPC channel "shell:open" does not exist.');
  });

  it("keeps the API read-only", async () => {
    const replaced = await page.evaluate(() => {
      try {
        (globalThis as unknown as { dwConnect: unknown }).dwConnect = {};
      } catch {
        // Assignment to a read-only property throws only in strict mode.
      }

      return Object.keys(
        (globalThis as unknown as { dwConnect: object }).dwConnect,
      ).sort();
    });

    expect(replaced).toEqual(["invoke", "on"]);
  });

  it("sends no secret to the page", () => {
    expect(bridge.recordedText()).not.toContain(SECRET);
  });

  it("causes no CSP violation", () => {
    expect(violations).toEqual([]);
  });
});
