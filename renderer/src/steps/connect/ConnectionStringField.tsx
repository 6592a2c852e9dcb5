import { useState, type FormEvent } from "react";
import { ErrorAlert } from "../../components/ErrorAlert";
import { TextField } from "../../components/fields";
import { useAppStore } from "../../store/context";

/**
 * Renders a field that fills the form from a pasted `postgresql://` URL and
 * then clears it.
 */
export function ConnectionStringField() {
  const [text, setText] = useState("");
  const paste = useAppStore((state) => state.pasteConnectionString);
  const error = useAppStore((state) => state.pasteError);
  const notes = useAppStore((state) => state.pasteNotes);

  function fill(event: FormEvent) {
    event.preventDefault();
    if (paste(text)) setText("");
  }

  return (
    <form className="connection-string" onSubmit={fill} noValidate>
      <TextField
        label="Paste a connection string"
        placeholder="postgresql://user:password@host:5432/database"
        autoComplete="off"
        spellCheck={false}
        value={text}
        hint="Fills the fields below. The string itself is not kept."
        onChange={setText}
      />
      <button type="submit" className="button" disabled={text.trim() === ""}>
        Fill form
      </button>
      <ErrorAlert error={error} />
      {notes.length > 0 && (
        <ul role="status" className="notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
