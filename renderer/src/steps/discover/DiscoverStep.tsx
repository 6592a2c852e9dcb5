import { useEffect } from "react";
import type {
  DiscoveryResult,
  RelationKind,
} from "../../../../shared/domain/discovery";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Facts } from "../../components/Facts";
import {
  formatCount,
  formatDuration,
  RELATION_KIND_LABELS,
} from "../../components/format";
import { OperationStatus } from "../../components/OperationStatus";
import { StepSection } from "../../components/StepSection";
import { useAppStore } from "../../store/context";

export function DiscoverStep() {
  const run = useAppStore((state) => state.discoveryRun);
  const discovery = useAppStore((state) => state.discovery);
  const connection = useAppStore((state) => state.savedConnection);
  const runDiscovery = useAppStore((state) => state.runDiscovery);
  const cancelDiscovery = useAppStore((state) => state.cancelDiscovery);
  const shouldStart = discovery === null && run.status === "idle";

  useEffect(() => {
    if (shouldStart) void runDiscovery();
  }, [shouldStart, runDiscovery]);

  const target = connection
    ? `${connection.settings.database} on ${connection.settings.host}`
    : "the database";

  return (
    <StepSection
      step="discover"
      title="Discover tables"
      intro={`Reads the catalog of ${target}: tables, views, row estimates, keys and what the user may read. The number of queries stays the same however many tables there are.`}
      continueHint="Discovery has to finish before you choose tables."
    >
      <OperationStatus
        run={run}
        label="Discovering tables"
        onCancel={() => void cancelDiscovery()}
      />
      <ErrorAlert error={run.error} />
      {run.status !== "running" && (
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() => void runDiscovery()}
          >
            {discovery ? "Discover again" : "Discover tables"}
          </button>
        </div>
      )}
      {discovery && <DiscoverySummary discovery={discovery} />}
    </StepSection>
  );
}

const SUMMARY_KINDS: RelationKind[] = [
  "table",
  "partitioned-table",
  "view",
  "materialized-view",
  "foreign-table",
];

function DiscoverySummary({ discovery }: { discovery: DiscoveryResult }) {
  const counts = new Map<RelationKind, number>();
  for (const table of discovery.tables) {
    counts.set(table.kind, (counts.get(table.kind) ?? 0) + 1);
  }
  const unreadable = discovery.tables.filter(
    (table) => !table.canSelect,
  ).length;

  return (
    <div className="panel">
      <h3>Found {formatCount(discovery.tables.length)} relations</h3>
      <Facts
        items={[
          ...SUMMARY_KINDS.filter(
            (kind) => kind !== "foreign-table" || counts.has(kind),
          ).map((kind): [string, string] => [
            `${RELATION_KIND_LABELS[kind]}s`,
            formatCount(counts.get(kind) ?? 0),
          ]),
          [`Not readable by ${discovery.server.user}`, formatCount(unreadable)],
          ["Server", `PostgreSQL ${discovery.server.version}`],
          [
            "Catalog queries",
            `${discovery.queryCount} in ${formatDuration(discovery.durationMs)}`,
          ],
        ]}
      />
      {discovery.warnings.length > 0 && (
        <div className="notice notice-warning">
          <p>Warnings:</p>
          <ul>
            {discovery.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
