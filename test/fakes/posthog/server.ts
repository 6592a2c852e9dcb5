import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate, checkProjectAccess, checkScope } from "./auth";
import type {
  FakeServerContext,
  Handler,
  RequestContext,
  ResolvedOptions,
} from "./context";
import { defaultFaultResponse, drfError } from "./envelopes";
import { FaultQueue, type FaultSpec } from "./faults";
import { matchRoute, type RouteMatch } from "./routes";
import type {
  FakeApiKey,
  FakePostHogOptions,
  FakeResponse,
  FakeState,
  RecordedRequest,
} from "./types";

export const DEFAULT_API_KEY = "phx_test_key";

export interface FakePostHog {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  /** Every request received, in order, including those a fault handled. */
  requests: RecordedRequest[];
  state: FakeState;
  faults: FaultQueue;
  stop(): Promise<void>;
}

/** Starts the PostHog test double on 127.0.0.1 on a free port. */
export async function startFakePostHog(
  options: FakePostHogOptions = {},
): Promise<FakePostHog> {
  const context: FakeServerContext = {
    options: resolveOptions(options),
    state: { sources: [], credentials: [] },
    now: options.now ?? (() => new Date()),
  };
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  // Filled in once the port is known; `next` links point at the double itself.
  const self = { origin: "" };

  const server = createServer((req, res) => {
    handleRequest(context, requests, faults, self.origin, req, res).catch(
      () => {
        if (!res.headersSent)
          send(
            res,
            drfError(500, "server_error", "error", "A server error occurred."),
          );
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  self.origin = `http://127.0.0.1:${port}`;

  return {
    url: self.origin,
    requests,
    state: context.state,
    faults,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function resolveOptions(options: FakePostHogOptions): ResolvedOptions {
  return {
    keys: options.keys ?? [{ key: DEFAULT_API_KEY, scopes: ["*"] }],
    user: {
      id: 1,
      uuid: "0190a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b",
      email: "analyst@example.com",
      first_name: "Ana",
      last_name: "Lyst",
      ...options.user,
    },
    organizations: options.organizations ?? [
      {
        id: "0190a2b3-0000-7000-8000-000000000001",
        name: "Test organization",
        projects: [{ id: 1, name: "Default project" }],
      },
    ],
    discoverTables: options.discoverTables ?? null,
    checkCdcPrerequisites:
      options.checkCdcPrerequisites ?? (() => ({ valid: true, errors: [] })),
    validateCredentials: options.validateCredentials,
    rejectInternalHosts: options.rejectInternalHosts ?? true,
    retrievesUntilSynced: options.retrievesUntilSynced ?? 2,
    failingTables: options.failingTables ?? {},
    cdcTeamFlag: options.cdcTeamFlag ?? true,
    billingLimitReached: options.billingLimitReached ?? false,
    reservedPrefixes: options.reservedPrefixes ?? [],
    maxSourcesPerType: options.maxSourcesPerType ?? null,
  };
}

async function handleRequest(
  context: FakeServerContext,
  requests: RecordedRequest[],
  faults: FaultQueue,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = (req.method ?? "GET").toUpperCase();
  const body = await readBody(req);
  requests.push({
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: flattenHeaders(req),
    body,
  });

  const fault = faults.take(method, url.pathname);
  if (fault?.delayMs) await sleep(fault.delayMs);
  const mode = fault?.mode ?? "respond";
  if (fault && mode === "respond") return send(res, faultResponse(fault));
  if (fault && mode === "hang") return;

  const response = await route(
    context,
    method,
    url,
    body,
    req.headers.authorization,
    origin,
  );
  if (fault && mode === "handle-then-drop") {
    req.socket.destroy();
    return;
  }
  if (fault && mode === "handle-then-hang") return;
  send(res, response);
}

function faultResponse(fault: FaultSpec): FakeResponse {
  const status = fault.status ?? 500;
  const fallback = defaultFaultResponse(status);
  return {
    status,
    body: fault.body ?? fallback.body,
    headers: { ...fallback.headers, ...fault.headers },
  };
}

/**
 * Django's response to a URL no route matches, an HTML page instead of JSON.
 */
const NO_ROUTE: FakeResponse = {
  status: 404,
  body: "<h1>Not Found</h1>",
  headers: { "Content-Type": "text/html" },
};

function route(
  context: FakeServerContext,
  method: string,
  url: URL,
  rawBody: string,
  authorization: string | undefined,
  origin: string,
): FakeResponse | Promise<FakeResponse> {
  const match = matchRoute(url.pathname);
  if (!match) return NO_ROUTE;

  const authorized = authorize(context, match, method, authorization);
  if ("status" in authorized) return authorized;

  const body = parseJson(rawBody);
  if (body instanceof Error) {
    return drfError(
      400,
      "validation_error",
      "parse_error",
      `JSON parse error - ${body.message}`,
    );
  }

  const request: RequestContext = {
    method,
    path: url.pathname,
    query: url.searchParams,
    body,
    key: authorized.key,
    projectId: match.projectId ?? 0,
    origin,
  };
  return authorized.handler(context, request);
}

/**
 * Authentication, the method, then project access and scope, in PostHog's
 * order.
 */
function authorize(
  context: FakeServerContext,
  match: RouteMatch,
  method: string,
  authorization: string | undefined,
): { key: FakeApiKey; handler: Handler } | FakeResponse {
  const key = authenticate(context.options, authorization);
  if ("status" in key) return key;

  const entry = match.handlers[method];
  if (!entry) {
    return drfError(
      405,
      "invalid_request",
      "method_not_allowed",
      `Method "${method}" not allowed.`,
    );
  }

  const projectDenied =
    match.projectId === null
      ? null
      : checkProjectAccess(context.options, key, match.projectId);
  const denied = projectDenied ?? checkScope(key, entry.scope);
  return denied ?? { key, handler: entry.handler };
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function send(res: ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let text = "";
  if (typeof response.body === "string") {
    text = response.body;
  } else if (response.body !== undefined) {
    text = JSON.stringify(response.body);
    headers["Content-Type"] ??= "application/json";
  }
  res.writeHead(response.status, headers);
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
