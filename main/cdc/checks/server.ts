import type { DoctorCheck, Provider } from "../../../shared/domain/cdc";
import { restartFix, walLevelFixes } from "../provider";
import { makeCheck, unreadableCheck, type CheckContext } from "./context";

/** Logical replication of partitioned tables by their root (`publish_via_partition_root`). */
const MINIMUM_VERSION = 130000;

/** Provider switches that set `wal_level = logical` at the next start. */
const LOGICAL_SWITCHES: Partial<Record<Provider, string>> = {
  rds: "rds.logical_replication",
  aurora: "rds.logical_replication",
  "cloud-sql": "cloudsql.logical_decoding",
};

export function serverVersionCheck(context: CheckContext): DoctorCheck {
  const base = {
    id: "server-version",
    title: "PostgreSQL version",
    required: "13 or later",
  };
  const session = context.facts.session;
  if (!session.ok) {
    return unreadableCheck(base, session, "the server version");
  }

  const { version, version_num: versionNum } = session.value;
  if (versionNum >= MINIMUM_VERSION) {
    return makeCheck({
      ...base,
      status: "pass",
      current: version,
      message: `PostgreSQL ${version} supports CDC.`,
    });
  }
  return makeCheck({
    ...base,
    status: "fail",
    current: version,
    message: `PostgreSQL ${version} is too old for CDC: PostHog needs PostgreSQL 13 or later, which can publish partitioned tables under their root name (publish_via_partition_root).`,
    fixes: [
      {
        kind: "console",
        text: "Upgrade the server to PostgreSQL 13 or later.",
        requiresRestart: true,
      },
    ],
  });
}

export function primaryServerCheck(context: CheckContext): DoctorCheck {
  const base = {
    id: "primary-server",
    title: "Primary server",
    required: "primary (not in recovery)",
  };
  const session = context.facts.session;
  if (!session.ok) {
    return unreadableCheck(base, session, "whether the server is a standby");
  }
  if (!session.value.in_recovery) {
    return makeCheck({
      ...base,
      status: "pass",
      current: "primary",
      message: "The server is a primary and accepts writes.",
    });
  }
  return makeCheck({
    ...base,
    status: "fail",
    current: "standby (in recovery)",
    message:
      "The server is a read-only standby. A standby cannot create publications, and before PostgreSQL 16 it cannot create logical replication slots either. Connect to the primary server instead.",
    fixes: [
      {
        kind: "console",
        text: "Use the primary server's host and port for this connection.",
        requiresRestart: false,
      },
    ],
  });
}

export function walLevelCheck(context: CheckContext): DoctorCheck {
  const { facts, provider } = context;
  const setting = facts.settings.ok
    ? facts.settings.value.get("wal_level")
    : undefined;
  const showValue = facts.walLevel.ok ? facts.walLevel.value : null;
  const current = showValue ?? setting?.setting ?? null;
  if (current === null) return hiddenWalLevelCheck(context);

  if (current === "logical") {
    return makeCheck({
      ...WAL_LEVEL,
      status: "pass",
      current,
      message: "wal_level is logical, so the server can decode changes.",
    });
  }

  const pending = pendingLogical(context, setting?.pending_restart === true);
  if (pending !== null) {
    return makeCheck({
      ...WAL_LEVEL,
      status: "fail",
      current,
      message: `wal_level is set to logical (${pending}), but the server still runs with ${current}. wal_level takes effect only at server start, so a reload is not enough: restart the server.`,
      fixes: [restartFix(provider.id)],
    });
  }
  return makeCheck({
    ...WAL_LEVEL,
    status: "fail",
    current,
    message: `wal_level is ${current}, but CDC needs logical. wal_level takes effect only at server start: after changing it, restart the server (a reload is not enough).`,
    fixes: walLevelFixes(provider.id),
  });
}

const WAL_LEVEL = { id: "wal-level", title: "wal_level", required: "logical" };

/** Fails a connection that does not expose `wal_level`, such as one through a pooler. */
function hiddenWalLevelCheck(context: CheckContext): DoctorCheck {
  const { walLevel } = context.facts;
  const reason = walLevel.ok
    ? "SHOW wal_level returned no row"
    : `SHOW wal_level failed: ${walLevel.error}`;
  return makeCheck({
    ...WAL_LEVEL,
    status: "fail",
    message: `The server does not expose wal_level (${reason}), so logical replication cannot run over this connection. This usually means the connection goes through a pooler such as PgBouncer in transaction mode, or to a server that is not PostgreSQL. Connect directly to the primary PostgreSQL server, or use incremental sync for these tables.`,
    fixes: [
      {
        kind: "console",
        text: "Connect to the PostgreSQL server's own host and port, not the pooler's, and run the doctor again.",
        requiresRestart: false,
      },
    ],
  });
}

/** Says where a `wal_level = logical` waiting for a restart was found, or null. */
function pendingLogical(
  context: CheckContext,
  pendingRestart: boolean,
): string | null {
  const { facts, provider } = context;
  const fileValue = facts.fileWalLevel.ok ? facts.fileWalLevel.value : null;
  if (fileValue === "logical") return "in the configuration files";
  if (pendingRestart && fileValue === null) {
    return "pg_settings.pending_restart is true";
  }

  const switchName = LOGICAL_SWITCHES[provider.id];
  if (!facts.session.ok || switchName === undefined) return null;
  const value = facts.session.value.custom_settings[switchName] ?? "";
  return ["on", "1", "true"].includes(value)
    ? `${switchName} is ${value}`
    : null;
}
