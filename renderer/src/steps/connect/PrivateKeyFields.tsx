import { useId, useMemo, useState } from "react";
import { FileLoadButton } from "../../components/FileLoadButton";
import { TextAreaField } from "../../components/fields";
import { useAppStore } from "../../store/context";
import {
  describePrivateKey,
  inspectPrivateKeyText,
} from "../../store/private-key-info";
import { useSecretField } from "./form-hooks";
import { SecretField } from "./SecretField";

/**
 * Renders the SSH private key and its passphrase. The key text is masked, so
 * that a shared screen does not show it, until the user turns on Show key. A
 * key loaded from a file is named by its file and key type.
 */
export function PrivateKeyFields() {
  const key = useSecretField("sshPrivateKey");
  const loadPrivateKey = useAppStore((state) => state.loadPrivateKey);
  const loaded = useAppStore((state) => state.loadedPrivateKey !== null);
  const [shown, setShown] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const statusId = useId();

  function load(fileName: string, text: string) {
    loadPrivateKey(fileName, text);
    setShown(false);
    setReadError(null);
  }

  return (
    <>
      <TextAreaField
        label="SSH private key"
        name="sshPrivateKey"
        value={key.value}
        placeholder={
          key.stored
            ? "Stored. Type to replace it."
            : "Paste the key, or load it from a file."
        }
        hint={keyHint(key.stored)}
        error={key.error}
        rows={loaded && !shown ? 2 : 5}
        spellCheck={false}
        autoComplete="off"
        className={shown ? "monospace" : "monospace masked-text"}
        onChange={key.set}
      />
      <div className="actions key-actions">
        <FileLoadButton
          label="Load from file…"
          describedBy={statusId}
          onLoad={load}
          onError={setReadError}
        />
        <button
          type="button"
          className="button"
          aria-pressed={shown}
          disabled={key.value === ""}
          onClick={() => setShown(!shown)}
        >
          Show key
        </button>
        <KeyStatus id={statusId} text={key.value} />
      </div>
      {readError && (
        <p role="alert" className="field-error">
          {readError}
        </p>
      )}
      <SecretField
        name="sshPassphrase"
        label="Key passphrase"
        hint="Only for an encrypted key."
      />
    </>
  );
}

function keyHint(stored: boolean): string {
  const format =
    "OpenSSH or PEM format, starting with -----BEGIN, or a PuTTY version 2 RSA or DSA key.";
  if (!stored) return format;
  return `${format} Stored encrypted on this machine. Leave blank to keep it.`;
}

/**
 * Names the key the masked field holds: the file it was loaded from and the
 * key type its header shows, or what is wrong with pasted text.
 */
function KeyStatus({ id, text }: { id: string; text: string }) {
  const loaded = useAppStore((state) => state.loadedPrivateKey);
  const passphraseGiven = useAppStore(
    (state) =>
      state.typedSecrets.sshPassphrase !== "" ||
      state.savedConnection?.secrets.sshPassphrase === true,
  );
  const pasted = useMemo(
    () => (text.trim() === "" ? null : inspectPrivateKeyText(text)),
    [text],
  );
  const info = loaded?.info ?? pasted;
  if (!info) return <span id={id} role="status" className="hint" />;

  if (info.kind !== "private-key") {
    const problem =
      info.kind === "public-key"
        ? "This is a public key. Paste the private key file instead, such as ~/.ssh/id_ed25519."
        : "This is not a private key: the text should start with a line such as -----BEGIN OPENSSH PRIVATE KEY-----.";
    return (
      <span id={id} role="status" className="hint hint-warning">
        {problem}
      </span>
    );
  }

  const description = describePrivateKey(info);
  const origin = loaded ? `Loaded ${loaded.fileName}` : "Pasted";
  const needsPassphrase = info.encrypted && !passphraseGiven;
  return (
    <span id={id} role="status" className="hint">
      {`${origin} (${description}).`}
      {needsPassphrase && " Enter its passphrase below."}
    </span>
  );
}
