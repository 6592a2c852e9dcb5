import { useId, useRef, useState } from "react";

type CopyState = "idle" | "copied" | "blocked";

/**
 * Renders a HogQL query with a Copy button. When the clipboard is unavailable
 * or denied, the query is shown in a selected text box to copy by hand.
 */
export function CopyQuery({
  query,
  tableName,
}: {
  query: string;
  tableName: string;
}) {
  const [state, setState] = useState<CopyState>("idle");
  const fallbackRef = useRef<HTMLTextAreaElement>(null);
  const fallbackId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(query);
      setState("copied");
    } catch {
      setState("blocked");
      requestAnimationFrame(() => fallbackRef.current?.select());
    }
  }

  return (
    <div className="copy-query">
      <code className="hogql">{query}</code>
      <button
        type="button"
        className="button button-small"
        aria-label={`Copy query for ${tableName}`}
        onClick={() => void copy()}
      >
        Copy
      </button>
      <span role="status" className="hint">
        {state === "copied" && "Copied."}
      </span>
      {state === "blocked" && (
        <div className="copy-fallback">
          <label htmlFor={fallbackId}>
            Copying was blocked. The query is selected: press Ctrl+C, or ⌘C on
            macOS.
          </label>
          <textarea
            id={fallbackId}
            ref={fallbackRef}
            readOnly
            rows={2}
            value={query}
            onFocus={(event) => event.target.select()}
          />
        </div>
      )}
    </div>
  );
}
