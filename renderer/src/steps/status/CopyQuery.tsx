import { CopyButton } from "../../components/CopyButton";

/** Renders a HogQL query with a Copy button for it. */
export function CopyQuery({
  query,
  tableName,
}: {
  query: string;
  tableName: string;
}) {
  return (
    <div className="copy-query">
      <code className="hogql">{query}</code>
      <CopyButton text={query} label={`Copy query for ${tableName}`} />
    </div>
  );
}
