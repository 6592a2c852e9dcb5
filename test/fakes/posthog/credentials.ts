import { randomUUID } from "node:crypto";
import {
  asText,
  checkSourceConfig,
  findSecretRefs,
  secretRefMessage,
  stripTopLevelStrings,
} from "./config-validation";
import type { FakeServerContext, RequestContext } from "./context";
import { messageError } from "./envelopes";
import {
  checkBodyIsObject,
  checkStoreCredentialsBody,
} from "./serializer-checks";
import type { FakeResponse, FakeStoredCredential } from "./types";

/**
 * PostHog's pending-credential store (`V/credential_store.py`,
 * `M/pending_source_credential.py`): validated secrets kept for 24 hours,
 * visible only to the user who stored them, used once.
 */

type Payload = Record<string, unknown>;

const TTL_MS = 24 * 60 * 60 * 1000;

function userIdOf(request: RequestContext): number {
  return request.key.userId ?? 1;
}

function liveCredentials(
  server: FakeServerContext,
  request: RequestContext,
): FakeStoredCredential[] {
  const now = server.now().getTime();
  return server.state.credentials.filter(
    (credential) =>
      credential.projectId === request.projectId &&
      credential.userId === userIdOf(request) &&
      credential.expiresAt.getTime() > now,
  );
}

function describe(credential: FakeStoredCredential) {
  return {
    credential_id: credential.id,
    source_type: credential.sourceType,
    created_at: credential.createdAt.toISOString(),
    expires_at: credential.expiresAt.toISOString(),
  };
}

/** `POST /external_data_sources/store_credentials/`. */
export async function storeCredentials(
  server: FakeServerContext,
  request: RequestContext,
): Promise<FakeResponse> {
  const bodyError =
    checkBodyIsObject(request.body) ??
    checkStoreCredentialsBody(request.body as Payload);
  if (bodyError) return bodyError;

  const body = request.body as Payload;
  const sourceType = body.source_type as string;
  const refs = findSecretRefs(body.payload as Payload);
  if (refs.length > 0) return messageError(secretRefMessage(refs));

  const payload = stripTopLevelStrings(body.payload as Payload);
  const invalid = await checkSourceConfig(sourceType, payload, server.options);
  if (invalid) return messageError(invalid);

  const now = server.now();
  server.state.credentials = server.state.credentials.filter(
    (credential) => credential.expiresAt.getTime() > now.getTime(),
  );
  const credential: FakeStoredCredential = {
    id: randomUUID(),
    projectId: request.projectId,
    userId: userIdOf(request),
    sourceType,
    payload,
    createdAt: now,
    expiresAt: new Date(now.getTime() + TTL_MS),
  };
  server.state.credentials.push(credential);
  return { status: 201, body: describe(credential) };
}

/**
 * `GET /external_data_sources/stored_credentials/`: a plain array, newest
 * first.
 */
export function listStoredCredentials(
  server: FakeServerContext,
  request: RequestContext,
): FakeResponse {
  const sourceType = request.query.get("source_type");
  const rows = liveCredentials(server, request)
    .filter((credential) => !sourceType || credential.sourceType === sourceType)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map(describe);
  return { status: 200, body: rows };
}

/**
 * Replaces `payload.credential_id` with the stored payload. Stored keys
 * override inline ones. Returns the merged payload and the credential id, or
 * PostHog's error.
 */
export function resolveCredential(
  server: FakeServerContext,
  request: RequestContext,
  sourceType: string,
  payload: Payload,
): { payload: Payload; credentialId: string | null } | FakeResponse {
  const { credential_id: rawId, ...inline } = payload;
  if (rawId === undefined || rawId === null || rawId === "") {
    return { payload, credentialId: null };
  }

  const id = asText(rawId);
  const credential = liveCredentials(server, request).find((c) => c.id === id);
  if (!credential) {
    return messageError(`Stored credential '${id}' not found or expired`);
  }
  if (credential.sourceType !== sourceType) {
    return messageError(
      `Stored credential '${id}' is for '${credential.sourceType}', not '${sourceType}'`,
    );
  }
  return { payload: { ...inline, ...credential.payload }, credentialId: id };
}
