import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
  isIndex: boolean;
}

/**
 * Resolves a URL path to a file under `rootDir`. Paths without an extension fall back to
 * index.html, as a single-page app expects. Returns null for paths outside the folder and for
 * missing files.
 */
export async function readStaticFile(
  rootDir: string,
  urlPath: string,
): Promise<StaticFile | null> {
  const root = resolve(rootDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }

  const relative = decoded === "/" ? "index.html" : decoded.replace(/^\/+/, "");
  const candidate = resolve(join(root, relative));
  if (!candidate.startsWith(root + sep)) {
    return null;
  }

  const path =
    (await isFile(candidate)) || extname(candidate) !== ""
      ? candidate
      : join(root, "index.html");
  if (!(await isFile(path))) {
    return null;
  }

  return {
    body: await readFile(path),
    contentType:
      CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
    isIndex: path === join(root, "index.html"),
  };
}

/**
 * Inserts `tag` before the first `<script` of the page, so it runs before the app's own
 * scripts, or before `</head>` when the page has no script.
 */
export function injectBeforeFirstScript(html: string, tag: string): string {
  const scriptIndex = html.search(/<script\b/i);
  if (scriptIndex >= 0) {
    return `${html.slice(0, scriptIndex)}${tag}\n    ${html.slice(scriptIndex)}`;
  }

  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) {
    return `${html.slice(0, headEnd)}${tag}\n${html.slice(headEnd)}`;
  }

  return `${tag}\n${html}`;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
