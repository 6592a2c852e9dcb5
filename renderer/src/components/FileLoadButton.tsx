import { useRef, type ChangeEvent } from "react";
import { readTextFile } from "./read-file";

/**
 * Renders a button that opens the file chooser and passes the chosen file's
 * text to `onLoad`, or a plain message to `onError` when it cannot be read.
 * The native file input stays hidden, so no "No file chosen" text shows.
 */
export function FileLoadButton({
  label,
  inputLabel,
  name,
  accept,
  describedBy,
  disabled,
  onLoad,
  onError,
}: {
  /** Button text, e.g. "Load CA file…". */
  label: string;
  /** Accessible name of the hidden file input, for tools that set its files. */
  inputLabel?: string;
  /** Form field name, so that an error naming the field can focus the button. */
  name?: string;
  accept?: string;
  describedBy?: string;
  disabled?: boolean;
  onLoad: (fileName: string, text: string) => void;
  onError: (message: string) => void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);

  async function load(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;

    try {
      onLoad(file.name, await readTextFile(file));
    } catch (error) {
      onError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <>
      <button
        type="button"
        className="button"
        name={name}
        aria-describedby={describedBy}
        disabled={disabled}
        onClick={() => fileInput.current?.click()}
      >
        {label}
      </button>
      <input
        ref={fileInput}
        type="file"
        className="hidden-file-input"
        tabIndex={-1}
        accept={accept}
        aria-label={inputLabel}
        onChange={(event) => void load(event)}
      />
    </>
  );
}
