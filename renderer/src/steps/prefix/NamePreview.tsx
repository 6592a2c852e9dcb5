import { useMemo } from "react";
import {
  warehouseNameCollisions,
  warehouseTableName,
} from "../../../../shared/posthog/naming";
import { plural } from "../../components/format";
import { useAppStore } from "../../store/context";
import { selectTableChoices } from "../../store/selectors";
import { useShallow } from "zustand/react/shallow";

/**
 * Renders the warehouse table name PostHog will create for every selected
 * table.
 */
export function NamePreview({ prefix }: { prefix: string }) {
  const sourceType = useAppStore((state) => state.sourceType ?? "Postgres");
  const names = useAppStore(
    useShallow((state) =>
      selectTableChoices(state).map((choice) => choice.sourceName),
    ),
  );
  const rows = useMemo(
    () =>
      names.map((name) => ({
        source: name,
        warehouse: warehouseTableName(prefix, sourceType, name),
      })),
    [names, prefix, sourceType],
  );
  const collisions = useMemo(
    () => warehouseNameCollisions(prefix, sourceType, names),
    [names, prefix, sourceType],
  );

  return (
    <section aria-labelledby="name-preview-heading" className="name-preview">
      <h3 id="name-preview-heading">Warehouse table names</h3>
      <p className="hint">{plural(rows.length, "selected table")}.</p>
      {collisions.map((group) => (
        <p key={group.join("|")} role="alert" className="notice notice-warning">
          {group.join(" and ")} would each become the warehouse table{" "}
          <code>{warehouseTableName(prefix, sourceType, group[0] ?? "")}</code>,
          because PostHog lowercases names. Sync only one of them from this
          source.
        </p>
      ))}
      <div className="scroll-box">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Source table</th>
              <th scope="col">Warehouse table</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.source}>
                <td>{row.source}</td>
                <td>
                  <code>{row.warehouse}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
