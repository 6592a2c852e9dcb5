import { randomUUID } from "node:crypto";
import type {
  ConnectionSecrets,
  PostgresConnectionSettings,
} from "../../shared/domain/connection";
import type { CdcSetup } from "../../shared/domain/cdc";
import type { DiscoveredTable } from "../../shared/domain/discovery";
import type { AppErrorShape } from "../../shared/domain/errors";
import type { PlannedRequest, SetupPlan } from "../../shared/domain/posthog";
import type { TableChoice } from "../../shared/domain/sync";
import type { ExistingSource } from "../../shared/ipc/contract";
import {
  prefixClash,
  suggestPrefix,
  validatePrefix,
  warehouseTableName,
} from "../../shared/posthog/naming";
import {
  buildSchemas,
  validateSchemas,
  type PostHogSchemaEntry,
} from "../../shared/posthog/schemas";
import type { CreateSourceBody } from "../posthog/api-types";
import { maskSecrets } from "./masking";
import { checkRoute, posthogTunnelEndpoint } from "./route-checks";

export const SOURCE_TYPE = "Postgres";

export interface SetupInput {
  projectId: number;
  settings: PostgresConnectionSettings;
  secrets: ConnectionSecrets;
  discovered: DiscoveredTable[];
  choices: TableChoice[];
  prefix: string;
  /**
   * The project's sources, for PostHog's prefix uniqueness rule. Omit them to
   * skip the check.
   */
  existingSources?: ExistingSource[];
  /** False for a self-hosted PostHog, whose route rules differ from the cloud's. Default true. */
  posthogCloud?: boolean;
  /** CDC management mode, slot and publication, sent when CDC is on. */
  cdc?: CdcSetup | null;
  /** Create the source with CDC on (`payload.cdc_enabled`). Default false. */
  cdcEnabled?: boolean;
  createId?: () => string;
}

/** The `ssh_tunnel` object of a stored credential, in PostHog's nested form. */
export interface SshTunnelPayload {
  enabled: true;
  host: string;
  port: number;
  auth: {
    selection: "password" | "keypair";
    username: string;
    password?: string;
    private_key?: string;
    passphrase?: string;
  };
  require_tls: { enabled: boolean };
}

export interface StoreCredentialsPayload {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  schema: string;
  ssh_tunnel?: SshTunnelPayload;
}

/**
 * A plan plus the unmasked requests. It stays in the main process and is never
 * sent to the UI.
 */
export interface PreparedSetup {
  plan: SetupPlan;
  projectId: number;
  sourceType: typeof SOURCE_TYPE;
  prefix: string;
  storeCredentialsPayload: StoreCredentialsPayload;
  schemas: PostHogSchemaEntry[];
  cdcEnabled: boolean;
  cdc: CdcSetup | null;
  /**
   * Problems PostHog would reject or cannot work around. The creator refuses to
   * run while any remain.
   */
  blockers: AppErrorShape[];
}

const CREDENTIAL_PLACEHOLDER = "<credential_id returned by store_credentials>";

/**
 * Builds the two requests of a Postgres setup, their masked preview and the
 * review warnings.
 */
export function planSetup(input: SetupInput): PreparedSetup {
  const cdcEnabled = input.cdcEnabled ?? false;
  const schemas = buildSchemas(input.choices, input.discovered);
  const storeCredentialsPayload = buildStoreCredentialsPayload(
    input.settings,
    input.secrets,
  );
  const route = checkRoute(
    input.settings,
    input.secrets,
    input.posthogCloud ?? true,
  );
  const blockers = [
    ...route.blockers,
    ...prefixBlockers(input),
    ...schemaBlockers(schemas, input.discovered, cdcEnabled),
  ];
  const warnings = [
    ...route.warnings,
    ...prefixWarnings(input),
    ...blockers
      .filter((b) => !route.warnings.includes(b.message))
      .map((b) => b.message),
  ];

  const prepared = {
    projectId: input.projectId,
    sourceType: SOURCE_TYPE,
    prefix: input.prefix,
    storeCredentialsPayload,
    schemas,
    cdcEnabled,
    cdc: input.cdc ?? null,
    blockers,
  } as const;
  const plan: SetupPlan = {
    planId: (input.createId ?? randomUUID)(),
    prefix: input.prefix,
    tables: plannedTables(input),
    requests: plannedRequests(prepared),
    warnings,
  };
  return { ...prepared, plan };
}

export function buildStoreCredentialsPayload(
  settings: PostgresConnectionSettings,
  secrets: ConnectionSecrets,
): StoreCredentialsPayload {
  const payload: StoreCredentialsPayload = {
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: secrets.password ?? "",
    schema: settings.schema,
  };
  const tunnel = buildSshTunnel(settings, secrets);
  if (tunnel) payload.ssh_tunnel = tunnel;
  return payload;
}

function buildSshTunnel(
  settings: PostgresConnectionSettings,
  secrets: ConnectionSecrets,
): SshTunnelPayload | null {
  const endpoint = posthogTunnelEndpoint(settings);
  if (!endpoint || !settings.ssh) return null;

  const keypair = settings.ssh.auth === "private-key";
  const auth: SshTunnelPayload["auth"] = {
    selection: keypair ? "keypair" : "password",
    username: settings.ssh.user,
  };
  if (keypair) {
    auth.private_key = secrets.sshPrivateKey ?? "";
    if (secrets.sshPassphrase) auth.passphrase = secrets.sshPassphrase;
  } else {
    auth.password = secrets.sshPassword ?? "";
  }

  return {
    enabled: true,
    host: endpoint.host,
    port: endpoint.port,
    auth,
    require_tls: { enabled: settings.tls.mode !== "disable" },
  };
}

/**
 * Builds the create body once `store_credentials` has returned the credential
 * id.
 */
export function buildCreateBody(
  prepared: PreparedSetup,
  credentialId: string,
): CreateSourceBody {
  const payload: Record<string, unknown> = {
    credential_id: credentialId,
    schemas: prepared.schemas,
  };
  if (prepared.cdcEnabled) Object.assign(payload, cdcPayload(prepared.cdc));
  return { source_type: prepared.sourceType, prefix: prepared.prefix, payload };
}

/** PostHog's CDC keys of the create payload; blank names are left for PostHog to choose. */
function cdcPayload(cdc: CdcSetup | null): Record<string, unknown> {
  const payload: Record<string, unknown> = { cdc_enabled: true };
  if (!cdc) return payload;

  payload.cdc_management_mode = cdc.mode;
  if (cdc.slotName.trim() !== "") payload.cdc_slot_name = cdc.slotName.trim();
  if (cdc.publicationName.trim() !== "") {
    payload.cdc_publication_name = cdc.publicationName.trim();
  }
  return payload;
}

function plannedRequests(
  prepared: Omit<PreparedSetup, "plan">,
): PlannedRequest[] {
  const base = `/api/projects/${prepared.projectId}/external_data_sources/`;
  return [
    {
      method: "POST",
      path: `${base}store_credentials/`,
      body: maskSecrets({
        source_type: prepared.sourceType,
        payload: prepared.storeCredentialsPayload,
      }),
      purpose:
        "Stores the database and SSH secrets once in PostHog's encrypted credential store, for single use within 24 hours.",
      carriesSecrets: true,
    },
    {
      method: "POST",
      path: base,
      body: buildCreateBody(prepared as PreparedSetup, CREDENTIAL_PLACEHOLDER),
      purpose:
        "Creates the source from the stored credential's id and the tables to sync.",
      carriesSecrets: false,
    },
  ];
}

function plannedTables(input: SetupInput): SetupPlan["tables"] {
  return input.choices.map((choice) => ({
    sourceName: choice.sourceName,
    warehouseTable: warehouseTableName(
      input.prefix,
      SOURCE_TYPE,
      choice.sourceName,
    ),
    syncType: choice.syncType,
    incrementalField:
      choice.syncType === "full_refresh" ? null : choice.incrementalField,
  }));
}

function prefixBlockers(input: SetupInput): AppErrorShape[] {
  const invalid = validatePrefix(input.prefix);
  const clash = input.existingSources
    ? prefixClash(input.existingSources, SOURCE_TYPE, input.prefix)
    : null;
  const problem = invalid ?? clash;
  if (!problem) return [];

  return [
    {
      kind: "invalid-input",
      code: invalid ? "PREFIX_INVALID" : "PREFIX_TAKEN",
      message: `PostHog will reject the table prefix "${input.prefix}" with the message "${problem}"`,
      fix: "Choose another prefix on the prefix step.",
      detail: problem,
      field: "prefix",
    },
  ];
}

function prefixWarnings(input: SetupInput): string[] {
  const suggestion = suggestPrefix(input.prefix);
  const example = input.choices[0]?.sourceName;
  if (!suggestion || !example) return [];

  const actual = warehouseTableName(input.prefix, SOURCE_TYPE, example);
  const suggested = warehouseTableName(suggestion, SOURCE_TYPE, example);
  return [
    `The prefix "${input.prefix}" does not end in "_", so tables are named like ${actual}. The prefix "${suggestion}" would give ${suggested}.`,
  ];
}

function schemaBlockers(
  schemas: PostHogSchemaEntry[],
  discovered: DiscoveredTable[],
  cdcEnabled: boolean,
): AppErrorShape[] {
  return validateSchemas(schemas, discovered, { cdcEnabled }).map(
    (message) => ({
      kind: "invalid-input",
      code: "SCHEMAS_INVALID",
      message: `PostHog will reject the table choices with the message "${message}"`,
      fix: "Change the sync settings of the tables named, then review again.",
      detail: message,
      field: "tables",
    }),
  );
}
