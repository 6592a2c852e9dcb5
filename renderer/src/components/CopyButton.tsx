import { useId, useRef, useState, type ReactNode } from "react";

type CopyState = "idle" | "copied" | "blocked";

/** Lines the manual-copy box shows before it scrolls. */
const MAX_FALLBACK_ROWS = 16;

/**
 * Renders a button that copies `text` to the clipboard. When the clipboard is
 * unavailable or denied, the text is shown selected in a read-only box to copy
 * by hand.
 */
export function CopyButton({
  text,
  label,
  primary = false,
  children = "Copy",
}: {
  text: string;
  /** Accessible name, which starts with the visible text: "Copy SQL for …". */
  label?: string;
  primary?: boolean;
  children?: ReactNode;
}) {
  const [state, setState] = useState<CopyState>("idle");
  const fallbackRef = useRef<HTMLTextAreaElement>(null);
  const fallbackId = useId();
  const rows = Math.min(text.split("\n").length, MAX_FALLBACK_ROWS);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("blocked");
      requestAnimationFrame(() => fallbackRef.current?.select());
    }
  }

  return (
    <span className="copy-button">
      <button
        type="button"
        className={primary ? "button button-primary" : "button button-small"}
        aria-label={label}
        onClick={() => void copy()}
      >
        {children}
      </button>
      <span role="status" className="hint">
        {state === "copied" && "Copied."}
      </span>
      {state === "blocked" && (
        <span className="copy-fallback">
          <label htmlFor={fallbackId}>
            Copying was blocked. The text is selected: press Ctrl+C, or ⌘C on
            macOS.
          </label>
          <textarea
            id={fallbackId}
            ref={fallbackRef}
            readOnly
            rows={rows}
            value={text}
            spellCheck={false}
            onFocus={(event) => event.target.select()}
          />
        </span>
      )}
    </span>
  );
}
