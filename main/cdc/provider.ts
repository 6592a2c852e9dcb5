import type { Fix, Provider } from "../../shared/domain/cdc";
import type { SessionFacts } from "./facts";
import { quoteLiteral } from "./format";
import type { Fetched } from "./types";

export interface DetectedProvider {
  id: Provider;
  name: string;
  /** The settings, roles or functions that identified the provider. */
  evidence: string;
}

const PROVIDER_NAMES: Record<Provider, string> = {
  "self-hosted": "Self-hosted PostgreSQL",
  rds: "Amazon RDS for PostgreSQL",
  aurora: "Amazon Aurora PostgreSQL",
  "cloud-sql": "Google Cloud SQL for PostgreSQL",
  "azure-flexible": "Azure Database for PostgreSQL flexible server",
  supabase: "Supabase",
  neon: "Neon",
};

interface Signals {
  roles: Set<string>;
  /** Provider settings that are set, as "name = value". */
  settings: Map<string, string>;
  auroraFunction: boolean;
}

/** Detection order: Aurora also exposes every RDS signal, so it is tested first. */
const DETECTORS: { id: Provider; evidence: (signals: Signals) => string[] }[] =
  [
    {
      id: "aurora",
      evidence: (s) => (s.auroraFunction ? ["function aurora_version()"] : []),
    },
    {
      id: "rds",
      evidence: (s) =>
        found(s, ["rds_superuser", "rds_replication", "rdsadmin"], /^rds\./),
    },
    {
      id: "cloud-sql",
      evidence: (s) => found(s, ["cloudsqlsuperuser"], /^cloudsql\./),
    },
    {
      id: "azure-flexible",
      evidence: (s) => found(s, ["azure_pg_admin"], /^azure\./),
    },
    {
      id: "supabase",
      evidence: (s) => found(s, ["supabase_admin"], /^supautils\./),
    },
    { id: "neon", evidence: (s) => found(s, ["neon_superuser"], /^neon\./) },
  ];

/** Names the provider from the settings, roles and functions the server exposes. */
export function detectProvider(
  session: Fetched<SessionFacts>,
): DetectedProvider {
  if (!session.ok) {
    return {
      id: "self-hosted",
      name: PROVIDER_NAMES["self-hosted"],
      evidence: `Assumed, because the server's roles and settings could not be read: ${session.error}`,
    };
  }

  const signals = readSignals(session.value);
  for (const detector of DETECTORS) {
    const evidence = detector.evidence(signals);
    if (evidence.length > 0) {
      return {
        id: detector.id,
        name: PROVIDER_NAMES[detector.id],
        evidence: evidence.join("; "),
      };
    }
  }
  return {
    id: "self-hosted",
    name: PROVIDER_NAMES["self-hosted"],
    evidence: "No managed-provider settings, roles or functions were found.",
  };
}

function readSignals(session: SessionFacts): Signals {
  const settings = new Map<string, string>();
  for (const name of session.provider_settings) settings.set(name, name);
  for (const [name, value] of Object.entries(session.custom_settings)) {
    if (value !== null) settings.set(name, `${name} = ${value}`);
  }
  return {
    roles: new Set(session.provider_roles.map((role) => role.name)),
    settings,
    auroraFunction: session.has_aurora_version,
  };
}

function found(signals: Signals, roles: string[], setting: RegExp): string[] {
  const settings = [...signals.settings.entries()]
    .filter(([name]) => setting.test(name))
    .map(([, text]) => `setting ${text}`);
  const roleEvidence = roles
    .filter((role) => signals.roles.has(role))
    .map((role) => `role ${role}`);
  return [...settings, ...roleEvidence];
}

export function isAmazon(provider: Provider): boolean {
  return provider === "rds" || provider === "aurora";
}

/** Steps that turn on logical decoding, from each provider's documentation. */
export function walLevelFixes(provider: Provider): Fix[] {
  const console = (text: string): Fix[] => [
    { kind: "console", text, requiresRestart: true },
  ];
  switch (provider) {
    case "self-hosted":
      return [
        {
          kind: "sql",
          text: "ALTER SYSTEM SET wal_level = logical;",
          requiresRestart: true,
        },
      ];
    case "rds":
      return console(
        "In the Amazon RDS console, set rds.logical_replication to 1 in the instance's custom DB parameter group, then reboot the instance. RDS sets wal_level to logical at startup.",
      );
    case "aurora":
      return console(
        "In the Amazon RDS console, set rds.logical_replication to 1 in the cluster's custom DB cluster parameter group, then reboot the writer instance.",
      );
    case "cloud-sql":
      return console(
        "In the Google Cloud console, edit the Cloud SQL instance, set the flag cloudsql.logical_decoding to on, and save. The instance restarts.",
      );
    case "azure-flexible":
      return console(
        "In the Azure portal, open the server's Server parameters, set wal_level to logical, save, and restart the server.",
      );
    case "neon":
      return console(
        "In the Neon Console, open the project settings and enable logical replication. This restarts the project's computes and cannot be undone.",
      );
    case "supabase":
      // NOTE: Supabase's replication guides document no switch for wal_level; this step is ours.
      return console(
        "Supabase manages wal_level for its projects; ask Supabase support to run this project with wal_level = logical.",
      );
  }
}

/** Returns the restart step that applies a pending `wal_level` change. */
export function restartFix(provider: Provider): Fix {
  const texts: Record<Provider, string> = {
    "self-hosted":
      "Restart the PostgreSQL server, e.g. with pg_ctl restart or systemctl restart postgresql. A reload (pg_reload_conf) is not enough.",
    rds: "Reboot the DB instance in the Amazon RDS console.",
    aurora: "Reboot the writer instance of the Aurora cluster.",
    "cloud-sql": "Restart the instance in the Google Cloud console.",
    "azure-flexible": "Restart the server in the Azure portal.",
    neon: "Restart the project's compute in the Neon Console.",
    supabase: "Restart the project from the Supabase dashboard.",
  };
  return { kind: "console", text: texts[provider], requiresRestart: true };
}

/** Tells whether a fix is the provider's restart step itself rather than a change that needs one. */
export function isRestartStep(provider: Provider, fix: Fix): boolean {
  const step = restartFix(provider);
  return fix.kind === step.kind && fix.text === step.text;
}

/** Gives the login role the right to create and stream replication slots. */
export function replicationGrantFix(provider: Provider, role: string): Fix {
  const text = isAmazon(provider)
    ? `GRANT rds_replication TO ${role};`
    : `ALTER ROLE ${role} WITH REPLICATION;`;
  return { kind: "sql", text, requiresRestart: false };
}

/** Changes a server setting the way the provider allows. */
export function settingFix(
  provider: Provider,
  setting: { name: string; value: string; restart: boolean },
): Fix {
  const { name, value, restart } = setting;
  const reboot = (target: string) => (restart ? `, then reboot ${target}` : "");
  const texts: Record<Exclude<Provider, "self-hosted">, string> = {
    rds: `In the instance's custom DB parameter group, set ${name} to ${value}${reboot("the instance")}.`,
    aurora: `In the cluster's custom DB cluster parameter group, set ${name} to ${value}${reboot("the writer instance")}.`,
    "cloud-sql": `In the Google Cloud console, set the flag ${name} to ${value} on the Cloud SQL instance${restart ? " and let the instance restart" : ""}.`,
    "azure-flexible": `In the Azure portal, set the server parameter ${name} to ${value} and save${restart ? ", then restart the server" : ""}.`,
    neon: `Ask Neon support to set ${name} to ${value}.`,
    supabase: `Set ${name} to ${value} with the Supabase CLI (supabase postgres-config update) or ask Supabase support.`,
  };
  if (provider === "self-hosted") {
    const reload = restart ? "" : " SELECT pg_reload_conf();";
    const literal = /^-?\d+$/.test(value) ? value : quoteLiteral(value);
    return {
      kind: "sql",
      text: `ALTER SYSTEM SET ${name} = ${literal};${reload}`,
      requiresRestart: restart,
    };
  }
  return { kind: "console", text: texts[provider], requiresRestart: restart };
}
