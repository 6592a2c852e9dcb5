import { useDeferredValue, useMemo } from "react";
import type { DiscoveredTable } from "../../../../shared/domain/discovery";
import { StepSection } from "../../components/StepSection";
import { useAppStore } from "../../store/context";
import { filterTables } from "../../store/table-rules";
import { TableGrid } from "./TableGrid";
import { TableToolbar } from "./TableToolbar";

const NO_TABLES: DiscoveredTable[] = [];

export function TablesStep() {
  const tables = useAppStore((state) => state.discovery?.tables ?? NO_TABLES);
  const filter = useAppStore((state) => state.tableFilter);
  const deferredFilter = useDeferredValue(filter);
  const visible = useMemo(
    () => filterTables(tables, deferredFilter),
    [tables, deferredFilter],
  );

  return (
    <StepSection
      step="tables"
      title="Choose tables"
      intro="Select the tables to sync. Each table starts with a recommended sync type and the reason for it. CDC is never chosen for you: choosing it for a table adds a CDC readiness step, and a table that fails that check cannot use CDC."
      continueHint="Select at least one table to continue."
    >
      <TableToolbar total={tables.length} visible={visible.length} />
      <TableGrid tables={visible} />
    </StepSection>
  );
}
