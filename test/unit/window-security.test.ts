import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserWindow, IpcMainInvokeEvent } from "electron";
import { describe, expect, it } from "vitest";
import {
  createSenderCheck,
  isAppUrl,
} from "../../main/electron/trusted-sender";
import {
  buildContentSecurityPolicy,
  isExternalUrlAllowed,
  WINDOW_WEB_PREFERENCES,
  type RendererLocation,
} from "../../main/electron/window-security";

const INDEX_PATH = join("/opt", "dw-connect", "out", "renderer", "index.html");
const FILE_LOCATION: RendererLocation = { kind: "file", indexPath: INDEX_PATH };
const DEV_LOCATION: RendererLocation = {
  kind: "dev-server",
  url: "http://localhost:5173/",
};

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(" ")];
    }),
  );
}

describe("window preferences", () => {
  it.each([
    ["contextIsolation", true],
    ["sandbox", true],
    ["nodeIntegration", false],
    ["nodeIntegrationInWorker", false],
    ["nodeIntegrationInSubFrames", false],
    ["webSecurity", true],
    ["allowRunningInsecureContent", false],
    ["webviewTag", false],
  ] as const)("sets %s to %s", (name, expected) => {
    expect(WINDOW_WEB_PREFERENCES[name]).toBe(expected);
  });

  it("cannot be changed", () => {
    expect(Object.isFrozen(WINDOW_WEB_PREFERENCES)).toBe(true);
  });
});

describe("content security policy", () => {
  const production = directives(buildContentSecurityPolicy(FILE_LOCATION));
  const development = directives(buildContentSecurityPolicy(DEV_LOCATION));

  it("allows only own scripts", () => {
    expect(production.get("script-src")).toBe("'self'");
  });

  it("denies everything else by default", () => {
    expect(production.get("default-src")).toBe("'none'");
  });

  it("connects only to its own origin", () => {
    expect(production.get("connect-src")).toBe("'self'");
  });

  it("blocks plugins and framing", () => {
    expect(production.get("object-src")).toBe("'none'");
    expect(production.get("frame-ancestors")).toBe("'none'");
  });

  it("allows the dev server's HMR socket", () => {
    expect(development.get("connect-src")).toBe("'self' ws://localhost:5173");
  });

  it("allows no remote origin in development", () => {
    expect(development.get("script-src")).toBe("'self' 'unsafe-inline'");
  });
});

describe("external links", () => {
  it.each([
    ["https://posthog.com/docs", true],
    ["http://posthog.com", false],
    ["file:///etc/passwd", false],
    ["javascript:alert(1)", false],
    ["not a url", false],
  ])("%s allowed is %s", (url, expected) => {
    expect(isExternalUrlAllowed(url)).toBe(expected);
  });
});

describe("isAppUrl", () => {
  const indexUrl = pathToFileURL(INDEX_PATH).href;

  it.each([
    [indexUrl, true],
    [`${indexUrl}#/connect`, true],
    [pathToFileURL("/opt/dw-connect/out/renderer/other.html").href, false],
    [pathToFileURL("/tmp/index.html").href, false],
    ["https://evil.example.com/index.html", false],
  ])("file build accepts %s: %s", (url, expected) => {
    expect(isAppUrl(url, FILE_LOCATION)).toBe(expected);
  });

  it.each([
    ["http://localhost:5173/", true],
    ["http://localhost:5173/src/main.tsx", true],
    ["http://localhost:5174/", false],
    ["http://127.0.0.1:5173/", false],
    [indexUrl, false],
  ])("dev server accepts %s: %s", (url, expected) => {
    expect(isAppUrl(url, DEV_LOCATION)).toBe(expected);
  });
});

describe("sender check", () => {
  const mainFrame = {
    processId: 4,
    routingId: 1,
    parent: null,
    url: pathToFileURL(INDEX_PATH).href,
  };
  const window = {
    isDestroyed: () => false,
    webContents: { id: 10, mainFrame },
  } as unknown as BrowserWindow;
  const check = createSenderCheck(() => window, FILE_LOCATION);

  function event(overrides: { senderId?: number; frame?: object | null }) {
    return {
      sender: { id: overrides.senderId ?? 10 },
      senderFrame: overrides.frame === undefined ? mainFrame : overrides.frame,
    } as unknown as IpcMainInvokeEvent;
  }

  it("trusts the main window's top frame", () => {
    expect(check(event({}))).toBe(true);
  });

  it("rejects another web contents", () => {
    expect(check(event({ senderId: 11 }))).toBe(false);
  });

  it("rejects a subframe", () => {
    expect(
      check(
        event({ frame: { ...mainFrame, routingId: 2, parent: mainFrame } }),
      ),
    ).toBe(false);
  });

  it("rejects a navigated frame", () => {
    expect(
      check(
        event({ frame: { ...mainFrame, url: "https://evil.example.com/" } }),
      ),
    ).toBe(false);
  });

  it("rejects a destroyed frame", () => {
    expect(check(event({ frame: null }))).toBe(false);
  });

  it("rejects requests without a window", () => {
    expect(createSenderCheck(() => null, FILE_LOCATION)(event({}))).toBe(false);
  });
});
