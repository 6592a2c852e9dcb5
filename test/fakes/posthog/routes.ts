import { currentUser, listProjects } from "./account-routes";
import type { Handler } from "./context";
import { createSource } from "./create-source";
import { listStoredCredentials, storeCredentials } from "./credentials";
import {
  checkCdcPrerequisites,
  checkSourcePrefix,
  databaseSchema,
  listSources,
  retrieveSource,
  wizard,
} from "./source-routes";

/**
 * A matched route: the handler per method, the scope it needs, and the project
 * id if any.
 */
export interface RouteMatch {
  handlers: Partial<Record<string, { handler: Handler; scope: string }>>;
  projectId: number | null;
}

const SOURCES = "external_data_source";
const read = `${SOURCES}:read`;
const write = `${SOURCES}:write`;

const SOURCE_ACTIONS: Record<string, RouteMatch["handlers"]> = {
  "": {
    GET: { handler: listSources, scope: read },
    POST: { handler: createSource, scope: write },
  },
  "wizard/": { GET: { handler: wizard, scope: read } },
  "store_credentials/": { POST: { handler: storeCredentials, scope: write } },
  "stored_credentials/": {
    GET: { handler: listStoredCredentials, scope: read },
  },
  "source_prefix/": { POST: { handler: checkSourcePrefix, scope: write } },
  "check_cdc_prerequisites/": {
    POST: { handler: checkCdcPrerequisites, scope: write },
  },
  "database_schema/": { POST: { handler: databaseSchema, scope: write } },
};

const PROJECT_ROUTE =
  /^\/api\/(?:projects|environments)\/(\d+)\/external_data_sources\/(.*)$/;
const SOURCE_ID = /^([0-9a-f-]{36})\/$/;

/**
 * Maps a path to its handlers. Both `/api/projects/{id}/` and
 * `/api/environments/{id}/` are served by the same handlers, as older PostHog
 * builds register both.
 */
export function matchRoute(path: string): RouteMatch | null {
  if (path === "/api/users/@me/") {
    return {
      handlers: { GET: { handler: currentUser, scope: "user:read" } },
      projectId: null,
    };
  }
  if (path === "/api/projects/") {
    return {
      handlers: { GET: { handler: listProjects, scope: "project:read" } },
      projectId: null,
    };
  }

  const match = PROJECT_ROUTE.exec(path);
  if (!match) return null;

  const projectId = Number(match[1]);
  const rest = match[2] ?? "";
  const action = SOURCE_ACTIONS[rest];
  if (action) return { handlers: action, projectId };

  const sourceId = SOURCE_ID.exec(rest)?.[1];
  if (!sourceId) return null;
  const retrieve: Handler = (server, request) =>
    retrieveSource(server, request, sourceId);
  return { handlers: { GET: { handler: retrieve, scope: read } }, projectId };
}
