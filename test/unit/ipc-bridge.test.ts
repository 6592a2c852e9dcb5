import { get, request as httpRequest } from "node:http";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createBridgeAuth,
  startBridge,
  type Bridge,
  type BridgeSender,
} from "../e2e/bridge/bridge-server";
import { SETTINGS } from "./ipc-fake-ports";
import { createTestApp, type TestApp } from "./ipc-test-app";

const INDEX_HTML = `<!doctype html>
<html>
  <head>
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'" />
    <script type="module" crossorigin src="/assets/index.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`;

let rendererDir: string;
let app: TestApp<BridgeSender>;
let bridge: Bridge;
let token: string;

beforeEach(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), "dw-connect-renderer-"));
  await mkdir(join(rendererDir, "assets"));
  await writeFile(join(rendererDir, "index.html"), INDEX_HTML);
  await writeFile(
    join(rendererDir, "assets", "index.js"),
    "console.log('app');",
  );

  const auth = createBridgeAuth();
  token = auth.token;
  app = await createTestApp({ isTrustedSender: auth.isTrustedSender });
  bridge = await startBridge({
    registry: app.services.registry,
    rendererDir,
    token,
  });
});

afterEach(async () => {
  await bridge.close();
  await app.cleanup();
  await rm(rendererDir, { recursive: true, force: true });
});

function post(channel: string, body: unknown, withToken = true) {
  return fetch(new URL(`/__ipc/${channel}`, bridge.url), {
    method: "POST",
    headers: withToken ? { "x-dw-bridge-token": token } : {},
    body: JSON.stringify(body),
  });
}

/** Sends a raw path that fetch would normalize, such as one with `%2e%2e`. */
function getRawPath(path: string): Promise<number> {
  const url = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, path, method: "GET" },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

/** Opens the event stream and collects its text until `close` is called. */
async function openEvents(): Promise<{
  text: () => string;
  close: () => void;
}> {
  let text = "";
  const url = new URL(
    `/__events?token=${encodeURIComponent(token)}`,
    bridge.url,
  );
  const request = get(url);
  await new Promise<void>((resolve, reject) => {
    request.on("response", (response) => {
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
      });
      resolve();
    });
    request.on("error", reject);
  });

  return { text: () => text, close: () => request.destroy() };
}

describe("bridge page", () => {
  it("injects the bridge before the app script", async () => {
    const html = await (await fetch(bridge.url)).text();

    const bridgeAt = html.indexOf('<script src="/__bridge.js"></script>');
    const appAt = html.indexOf('src="/assets/index.js"');
    expect(bridgeAt).toBeGreaterThan(0);
    expect(bridgeAt).toBeLessThan(appAt);
  });

  it("sends the app's CSP header", async () => {
    const response = await fetch(bridge.url);

    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
  });

  it("serves built assets", async () => {
    const response = await fetch(new URL("/assets/index.js", bridge.url));

    expect(response.headers.get("content-type")).toContain("text/javascript");
    expect(await response.text()).toBe("console.log('app');");
  });

  it("falls back to index.html for app routes", async () => {
    const html = await (
      await fetch(new URL("/connect/postgres", bridge.url))
    ).text();

    expect(html).toContain("/__bridge.js");
  });

  it("returns 404 for a missing asset", async () => {
    const response = await fetch(new URL("/assets/missing.js", bridge.url));

    expect(response.status).toBe(404);
  });

  it("blocks paths outside the renderer folder", async () => {
    expect(await getRawPath("/..%2f..%2f..%2fetc%2fpasswd")).toBe(404);
  });

  it("serves the client with the token", async () => {
    const script = await (
      await fetch(new URL("/__bridge.js", bridge.url))
    ).text();

    expect(script).toContain(JSON.stringify(token));
    expect(script).toContain('"connection:test"');
  });
});

describe("bridge IPC", () => {
  it("dispatches a request carrying the token", async () => {
    const body: unknown = await (await post("connection:list", {})).json();

    expect(body).toEqual({ ok: true, value: { connections: [] } });
  });

  it("treats a request without the token as untrusted", async () => {
    const body = (await (await post("connection:list", {}, false)).json()) as {
      error: { code: string };
    };

    expect(body.error.code).toBe("IPC_UNTRUSTED_SENDER");
  });

  it("rejects a body that is not JSON", async () => {
    const response = await fetch(
      new URL("/__ipc/connection:list", bridge.url),
      {
        method: "POST",
        headers: { "x-dw-bridge-token": token },
        body: "{",
      },
    );

    expect(response.status).toBe(400);
  });

  it("records response bodies", async () => {
    await post("connection:list", {});

    expect(bridge.responses).toEqual([
      {
        channel: "connection:list",
        body: '{"ok":true,"value":{"connections":[]}}',
      },
    ]);
  });

  it("refuses the event stream without the token", async () => {
    const response = await fetch(new URL("/__events", bridge.url));

    expect(response.status).toBe(403);
  });

  it("streams events before the response", async () => {
    const events = await openEvents();
    const saved = (await (
      await post("connection:save", {
        settings: SETTINGS,
        secrets: { password: "bridge-secret-41" },
        clearSecrets: [],
      })
    ).json()) as { value: { id: string } };

    const response = await post("connection:test", {
      connectionId: saved.value.id,
      operationId: "op-1",
    });

    expect(response.headers.get("x-dw-bridge-event-seq")).toBe("2");
    await expect
      .poll(() => events.text())
      .toContain("event: operation:progress");
    expect(events.text()).toContain("id: 2\n");
    expect(bridge.events).toHaveLength(2);
    expect(bridge.recordedText()).not.toContain("bridge-secret-41");
    events.close();
  });
});
