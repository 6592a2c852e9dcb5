import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { DiscoveredTable } from "../../../../shared/domain/discovery";
import { TableRow } from "./TableRow";

/** Fixed row height in pixels, which the stylesheet also gives `.table-row`. */
export const ROW_HEIGHT = 52;

/**
 * Renders the discovered tables as an ARIA table. Only the rows in view are
 * rendered, so the list stays responsive with thousands of tables.
 * `aria-rowcount` and `aria-rowindex` give assistive technology the full size.
 */
export function TableGrid({ tables }: { tables: DiscoveredTable[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer's returned functions are read during render on purpose.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: tables.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => tables[index]?.sourceName ?? index,
  });

  return (
    <div
      role="table"
      aria-label="Discovered tables"
      aria-rowcount={tables.length + 1}
      className="table-grid"
    >
      <div role="rowgroup" className="table-head">
        <div
          role="row"
          aria-rowindex={1}
          className="table-row table-header-row"
        >
          <span role="columnheader">Sync</span>
          <span role="columnheader">Table</span>
          <span role="columnheader">Kind</span>
          <span role="columnheader">Est. rows</span>
          <span role="columnheader">Sync type</span>
          <span role="columnheader">Incremental field</span>
          <span role="columnheader">Why</span>
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className="table-body">
        {tables.length === 0 && (
          <p className="table-empty">No tables match the filter.</p>
        )}
        <div
          className="table-spacer"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const table = tables[item.index];
            if (!table) return null;
            return (
              <TableRow
                key={item.key}
                table={table}
                rowIndex={item.index + 2}
                offset={item.start}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
