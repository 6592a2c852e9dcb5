import type { ReactNode } from "react";

/**
 * Renders a description list of label and value pairs. Pairs with a null value
 * are left out.
 */
export function Facts({
  items,
}: {
  items: [label: string, value: ReactNode][];
}) {
  return (
    <dl className="facts">
      {items
        .filter(([, value]) => value !== null && value !== undefined)
        .map(([label, value]) => (
          <div key={label} className="fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
