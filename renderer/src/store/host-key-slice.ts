import {
  AppError,
  type AppErrorShape,
  type HostKeyInfo,
} from "../../../shared/domain/errors";
import { toErrorShape } from "../api/client";
import type { AppState, SliceCreator } from "./types";

/** The operation to run again once the user trusts the host key. */
export type HostKeyRetry = "test" | "discovery" | "cdc";

export interface HostKeyPrompt {
  hostKey: HostKeyInfo;
  kind: "ssh-host-key-unknown" | "ssh-host-key-changed";
  retry: HostKeyRetry;
}

export interface HostKeyState {
  hostKeyPrompt: HostKeyPrompt | null;
  hostKeyTrusting: boolean;
  hostKeyError: AppErrorShape | null;
}

export interface HostKeySlice extends HostKeyState {
  /**
   * Opens the host key dialog when the error is an unknown or changed SSH host
   * key.
   */
  promptForHostKey: (error: AppErrorShape, retry: HostKeyRetry) => boolean;
  /**
   * Trusts the prompted key, closes the dialog and runs the failed operation
   * again.
   */
  trustHostKey: () => Promise<void>;
  dismissHostKeyPrompt: () => void;
}

export const initialHostKeyState: HostKeyState = {
  hostKeyPrompt: null,
  hostKeyTrusting: false,
  hostKeyError: null,
};

export const createHostKeySlice: SliceCreator<HostKeySlice> = (
  set,
  get,
  deps,
) => ({
  ...initialHostKeyState,

  promptForHostKey(error, retry) {
    const kind = error.kind;
    const isHostKeyError =
      kind === "ssh-host-key-unknown" || kind === "ssh-host-key-changed";
    if (!isHostKeyError || !error.hostKey) return false;

    set({
      hostKeyPrompt: { hostKey: error.hostKey, kind, retry },
      hostKeyError: null,
    });
    return true;
  },

  async trustHostKey() {
    const prompt = get().hostKeyPrompt;
    if (!prompt || get().hostKeyTrusting) return;

    set({ hostKeyTrusting: true, hostKeyError: null });
    try {
      const { host, port, fingerprint } = prompt.hostKey;
      const { trusted } = await deps.client.call("ssh:trust-host-key", {
        host,
        port,
        fingerprint,
      });
      if (!trusted) throw new AppError(notTrustedError(prompt.hostKey));
    } catch (error) {
      set({ hostKeyTrusting: false, hostKeyError: toErrorShape(error) });
      return;
    }

    set({ hostKeyPrompt: null, hostKeyTrusting: false });
    await retryAfterTrust(get(), prompt.retry);
  },

  dismissHostKeyPrompt() {
    set({ hostKeyPrompt: null, hostKeyError: null, hostKeyTrusting: false });
  },
});

async function retryAfterTrust(
  state: AppState,
  retry: HostKeyRetry,
): Promise<void> {
  switch (retry) {
    case "test":
      return state.testConnection();
    case "discovery":
      return state.runDiscovery();
    case "cdc":
      return state.recheckCdc();
  }
}

function notTrustedError(hostKey: HostKeyInfo): AppErrorShape {
  return {
    kind: "internal",
    code: "HOST_KEY_NOT_STORED",
    message: `The host key of ${hostKey.host}:${hostKey.port} was not stored.`,
    fix: "Try again. If it keeps failing, check that the app can write its settings folder.",
  };
}
