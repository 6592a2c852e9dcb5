/*
 * Security settings of the app window, kept free of Electron imports so unit tests can check
 * them in plain Node.
 */

/** `webPreferences` of every window, apart from the preload path. */
export const WINDOW_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
} as const);

/** Source of the renderer page: the electron-vite dev server, or the built file. */
export type RendererLocation =
  { kind: "dev-server"; url: string } | { kind: "file"; indexPath: string };

const PRODUCTION_DIRECTIVES: ReadonlyArray<[string, string[]]> = [
  ["default-src", ["'none'"]],
  ["script-src", ["'self'"]],
  // Radix dialogs and react-remove-scroll insert <style> elements and style attributes.
  ["style-src", ["'self'", "'unsafe-inline'"]],
  ["img-src", ["'self'", "data:"]],
  ["font-src", ["'self'"]],
  ["connect-src", ["'self'"]],
  ["object-src", ["'none'"]],
  ["base-uri", ["'none'"]],
  ["form-action", ["'none'"]],
  ["frame-ancestors", ["'none'"]],
];

/**
 * Builds the Content-Security-Policy of the renderer. The built app may run scripts from its
 * own origin only. With a dev server, the policy also allows inline scripts, because
 * @vitejs/plugin-react 6 injects the Fast Refresh preamble as an inline module script, and
 * the dev server's HMR WebSocket.
 */
export function buildContentSecurityPolicy(location: RendererLocation): string {
  const directives = new Map(
    PRODUCTION_DIRECTIVES.map(([name, sources]) => [name, [...sources]]),
  );

  if (location.kind === "dev-server") {
    const devUrl = new URL(location.url);
    const webSocketScheme = devUrl.protocol === "https:" ? "wss:" : "ws:";
    directives.get("script-src")?.push("'unsafe-inline'");
    directives.get("connect-src")?.push(`${webSocketScheme}//${devUrl.host}`);
  }

  return [...directives]
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** Returns whether a link may be opened in the user's browser. Only well-formed https URLs may. */
export function isExternalUrlAllowed(url: string): boolean {
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}
