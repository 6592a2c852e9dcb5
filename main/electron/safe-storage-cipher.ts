import type { SafeStorage } from "electron";
import type { Cipher } from "../services/vault/vault";

/**
 * Adapts Electron's `safeStorage` to the vault's cipher. On Linux without a keyring Electron
 * falls back to the `basic_text` backend, which encrypts with a fixed password built into
 * Chromium. That backend counts as unavailable, so the vault rejects secrets instead of
 * storing them in effect unencrypted.
 */
export function createSafeStorageCipher(
  safeStorage: Pick<
    SafeStorage,
    | "isEncryptionAvailable"
    | "getSelectedStorageBackend"
    | "encryptString"
    | "decryptString"
  >,
  platform: NodeJS.Platform = process.platform,
): Cipher {
  return {
    isAvailable: () =>
      safeStorage.isEncryptionAvailable() &&
      !(
        platform === "linux" &&
        safeStorage.getSelectedStorageBackend() === "basic_text"
      ),
    encrypt: (text) => safeStorage.encryptString(text),
    decrypt: (encrypted) => safeStorage.decryptString(encrypted),
  };
}
