import * as Dialog from "@radix-ui/react-dialog";
import { useRef, type RefObject } from "react";
import type { HostKeyInfo } from "../../../../shared/domain/errors";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Facts } from "../../components/Facts";
import { useAppStore } from "../../store/context";
import type { HostKeyPrompt } from "../../store/host-key-slice";

/**
 * Asks the user to trust a bastion's SSH host key on first contact, or to
 * replace a trusted key that changed. Cancel has the initial focus, so Enter
 * never trusts a key by accident.
 */
export function HostKeyDialog() {
  const prompt = useAppStore((state) => state.hostKeyPrompt);
  const dismiss = useAppStore((state) => state.dismissHostKeyPrompt);
  const cancelRef = useRef<HTMLButtonElement>(null);

  return (
    <Dialog.Root
      open={prompt !== null}
      onOpenChange={(open) => {
        if (!open) dismiss();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className={
            prompt?.kind === "ssh-host-key-changed"
              ? "dialog dialog-danger"
              : "dialog"
          }
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            cancelRef.current?.focus();
          }}
        >
          {prompt && <HostKeyContent prompt={prompt} cancelRef={cancelRef} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function HostKeyContent({
  prompt,
  cancelRef,
}: {
  prompt: HostKeyPrompt;
  cancelRef: RefObject<HTMLButtonElement | null>;
}) {
  const trusting = useAppStore((state) => state.hostKeyTrusting);
  const error = useAppStore((state) => state.hostKeyError);
  const trustHostKey = useAppStore((state) => state.trustHostKey);
  const changed = prompt.kind === "ssh-host-key-changed";
  const { host, port } = prompt.hostKey;

  return (
    <>
      <Dialog.Title>
        {changed ? "The SSH host key has changed" : "Trust this SSH host key?"}
      </Dialog.Title>
      <Dialog.Description>
        {changed
          ? `${host}:${port} presented a different key from the one trusted before. This happens when the server is reinstalled, but it can also mean that someone is intercepting the connection. The connection stopped before any credentials were sent.`
          : `This is the first connection to ${host}:${port}. Compare the fingerprint with the one the bastion's administrator gets from ssh-keygen -lf before you trust it.`}
      </Dialog.Description>
      <HostKeyFacts hostKey={prompt.hostKey} changed={changed} />
      <ErrorAlert error={error} />
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <button ref={cancelRef} type="button" className="button">
            Cancel
          </button>
        </Dialog.Close>
        <button
          type="button"
          className={changed ? "button button-danger" : "button button-primary"}
          disabled={trusting}
          onClick={() => void trustHostKey()}
        >
          {changed ? "Replace trusted key" : "Trust and connect"}
        </button>
      </div>
    </>
  );
}

function HostKeyFacts({
  hostKey,
  changed,
}: {
  hostKey: HostKeyInfo;
  changed: boolean;
}) {
  const fingerprint = (value: string) => (
    <code className="fingerprint">{value}</code>
  );
  return (
    <Facts
      items={[
        ["Host", hostKey.host],
        ["Port", String(hostKey.port)],
        ["Algorithm", hostKey.algorithm],
        [
          "Previously trusted fingerprint",
          changed
            ? fingerprint(hostKey.previousFingerprint ?? "unknown")
            : null,
        ],
        [
          changed ? "New fingerprint" : "Fingerprint",
          fingerprint(hostKey.fingerprint),
        ],
      ]}
    />
  );
}
