import { randomBytes, timingSafeEqual } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { buildContentSecurityPolicy } from "../../../main/electron/window-security";
import type { IpcRegistry } from "../../../main/ipc/registry";
import {
  EVENT_SEQUENCE_HEADER,
  renderBridgeClient,
  TOKEN_HEADER,
} from "./bridge-client";
import { injectBeforeFirstScript, readStaticFile } from "./static-files";

/** The sender of a bridge request: the token it carried, if any. */
export interface BridgeSender {
  token: string | null;
}

export interface BridgeAuth {
  /** Per-run token that the bridge gives the page it serves. */
  token: string;
  /** The registry's sender check: trusts only requests that carry the token. */
  isTrustedSender: (sender: BridgeSender) => boolean;
}

export interface RecordedResponse {
  channel: string;
  body: string;
}

export interface RecordedEvent {
  event: string;
  data: string;
}

export interface Bridge {
  /** `http://127.0.0.1:<port>/`, the page to open. */
  url: string;
  /** Every IPC response body and event sent to the page, in order. */
  responses: RecordedResponse[];
  events: RecordedEvent[];
  /** All recorded bodies and event payloads as one string, for searching. */
  recordedText(): string;
  close(): Promise<void>;
}

export interface BridgeOptions {
  registry: IpcRegistry<BridgeSender>;
  /** Folder of the built renderer, usually `out/renderer`. */
  rendererDir: string;
  token: string;
}

const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** Compares tokens in constant time. */
function tokensMatch(expected: string, actual: string | null): boolean {
  if (actual === null) {
    return false;
  }

  const expectedBytes = Buffer.from(expected);
  const actualBytes = Buffer.from(actual);
  return (
    actualBytes.length === expectedBytes.length &&
    timingSafeEqual(actualBytes, expectedBytes)
  );
}

/** Creates a random token and the sender check that accepts only it. */
export function createBridgeAuth(): BridgeAuth {
  const token = randomBytes(32).toString("base64url");
  return {
    token,
    isTrustedSender: (sender) => tokensMatch(token, sender.token),
  };
}

/**
 * Starts the e2e bridge on 127.0.0.1 and a free port: it serves the built renderer with
 * `/__bridge.js` injected before the app's script, dispatches `POST /__ipc/<channel>` to
 * the registry the app uses, and streams events at `GET /__events`. Only the transport
 * differs from the app.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const state = new BridgeState(options);
  const server = createServer((request, response) => {
    state.handle(request, response).catch((error: unknown) => {
      respond(
        response,
        500,
        "text/plain",
        `The e2e bridge failed: ${String(error)}`,
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    responses: state.responses,
    events: state.events,
    recordedText: () => state.recordedText(),
    close: async () => {
      state.closeEventStreams();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class BridgeState {
  readonly responses: RecordedResponse[] = [];
  readonly events: RecordedEvent[] = [];
  private readonly streams = new Set<ServerResponse>();
  private sequence = 0;

  constructor(private readonly options: BridgeOptions) {}

  async handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");

    if (request.method === "POST" && url.pathname.startsWith("/__ipc/")) {
      const channel = decodeURIComponent(url.pathname.slice("/__ipc/".length));
      await this.handleIpc(channel, request, response);
      return;
    }

    if (request.method !== "GET" && request.method !== "HEAD") {
      respond(response, 405, "text/plain", "Method not allowed.");
      return;
    }

    if (url.pathname === "/__events") {
      this.openEventStream(url.searchParams.get("token"), response);
    } else if (url.pathname === "/__bridge.js") {
      respond(
        response,
        200,
        "text/javascript; charset=utf-8",
        renderBridgeClient(this.options.token),
      );
    } else {
      await this.serveRenderer(url.pathname, response);
    }
  }

  recordedText(): string {
    return [
      ...this.responses.map((item) => item.body),
      ...this.events.map((item) => item.data),
    ].join("\n");
  }

  closeEventStreams(): void {
    for (const stream of this.streams) {
      stream.end();
    }

    this.streams.clear();
  }

  private async handleIpc(
    channel: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const text = await readBody(request);
    if (text === null) {
      respond(response, 413, "text/plain", "The request body is too large.");
      return;
    }

    let rawRequest: unknown;
    try {
      rawRequest = text === "" ? undefined : JSON.parse(text);
    } catch {
      respond(
        response,
        400,
        "text/plain",
        "The request body is not valid JSON.",
      );
      return;
    }

    const sender: BridgeSender = { token: headerValue(request, TOKEN_HEADER) };
    const result = await this.options.registry.dispatch(
      channel,
      rawRequest,
      sender,
      (event, payload) => this.sendEvent(event, payload),
    );

    const body = JSON.stringify(result);
    this.responses.push({ channel, body });
    response.setHeader(EVENT_SEQUENCE_HEADER, String(this.sequence));
    respond(response, 200, "application/json; charset=utf-8", body);
  }

  private openEventStream(
    token: string | null,
    response: ServerResponse,
  ): void {
    if (!tokensMatch(this.options.token, token)) {
      respond(
        response,
        403,
        "text/plain",
        "The event stream needs the bridge token.",
      );
      return;
    }

    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    response.write(": connected\n\n");
    this.streams.add(response);
    response.on("close", () => this.streams.delete(response));
  }

  private sendEvent(event: string, payload: unknown): void {
    this.sequence += 1;
    const data = JSON.stringify(payload);
    this.events.push({ event, data });

    const frame = `id: ${this.sequence}\nevent: ${event}\ndata: ${data}\n\n`;
    for (const stream of this.streams) {
      stream.write(frame);
    }
  }

  private async serveRenderer(
    path: string,
    response: ServerResponse,
  ): Promise<void> {
    const file = await readStaticFile(this.options.rendererDir, path);
    if (file === null) {
      respond(response, 404, "text/plain", `Not found: ${path}`);
      return;
    }

    if (!file.isIndex) {
      respond(response, 200, file.contentType, file.body);
      return;
    }

    const html = injectBeforeFirstScript(
      file.body.toString("utf8"),
      '<script src="/__bridge.js"></script>',
    );
    // The same policy the app's window gets as a header.
    response.setHeader(
      "content-security-policy",
      buildContentSecurityPolicy({ kind: "file", indexPath: "index.html" }),
    );
    respond(response, 200, file.contentType, html);
  }
}

function respond(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  if (response.headersSent) {
    response.end();
    return;
  }

  response.writeHead(status, {
    "content-type": contentType,
    "cache-control": "no-store",
  });
  response.end(body);
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === "string" ? value : null;
}

/** Reads the body as UTF-8 text, or returns null when it exceeds the size limit. */
async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_REQUEST_BYTES) {
      return null;
    }

    chunks.push(buffer);
  }

  return Buffer.concat(chunks).toString("utf8");
}
