import type { TraceLayer } from "../../../shared/domain/errors";
import type { RelationKind } from "../../../shared/domain/discovery";

export const LAYER_LABELS: Record<TraceLayer, string> = {
  dns: "DNS lookup",
  tcp: "TCP connection",
  "ssh-handshake": "SSH handshake",
  "ssh-auth": "SSH authentication",
  "port-forward": "Port forward",
  tls: "TLS",
  login: "Database login",
  privileges: "Privileges",
};

export const RELATION_KIND_LABELS: Record<RelationKind, string> = {
  table: "Table",
  "partitioned-table": "Partitioned table",
  view: "View",
  "materialized-view": "Materialized view",
  "foreign-table": "Foreign table",
};

const numberFormat = new Intl.NumberFormat();

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

/** Formats a catalog row estimate, which is approximate by nature. */
export function formatRowEstimate(rows: number | null): string {
  return rows === null ? "unknown" : `≈ ${numberFormat.format(rows)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatDateTime(iso: string | null): string {
  if (iso === null) return "never";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function plural(
  count: number,
  noun: string,
  pluralNoun = `${noun}s`,
): string {
  return `${formatCount(count)} ${count === 1 ? noun : pluralNoun}`;
}
