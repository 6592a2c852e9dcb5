import { generateKeyPairSync } from "node:crypto";
import ssh2 from "ssh2";
import { describe, expect, it } from "vitest";
import {
  describePrivateKey,
  inspectPrivateKeyText,
  type PrivateKeyInfo,
} from "../../renderer/src/store/private-key-info";
import { createTestStore, FakeApi } from "./renderer-fake-api";

function opensshEd25519(passphrase?: string): string {
  if (passphrase === undefined) {
    return ssh2.utils.generateKeyPairSync("ed25519").private;
  }
  return ssh2.utils.generateKeyPairSync("ed25519", {
    passphrase,
    cipher: "aes256-ctr",
    rounds: 4,
  }).private;
}

function pemRsa(passphrase?: string): string {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: {
      type: "pkcs1",
      format: "pem",
      ...(passphrase ? { cipher: "aes-128-cbc", passphrase } : {}),
    },
  }).privateKey;
}

function pkcs8Ed25519(passphrase?: string): string {
  return generateKeyPairSync("ed25519", {
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: {
      type: "pkcs8",
      format: "pem",
      ...(passphrase ? { cipher: "aes-256-cbc", passphrase } : {}),
    },
  }).privateKey;
}

type PrivateKeyFacts = Extract<PrivateKeyInfo, { kind: "private-key" }>;

function privateKey(
  format: string,
  algorithm: string | null,
  encrypted: boolean,
): PrivateKeyFacts {
  return { kind: "private-key", format, algorithm, encrypted };
}

describe("private key inspection", () => {
  it("reads an OpenSSH ed25519 key", () => {
    expect(inspectPrivateKeyText(opensshEd25519())).toEqual(
      privateKey("OpenSSH", "ed25519", false),
    );
  });

  it("reads an encrypted OpenSSH key", () => {
    expect(inspectPrivateKeyText(opensshEd25519("secret"))).toEqual(
      privateKey("OpenSSH", "ed25519", true),
    );
  });

  it("names OpenSSH RSA and ECDSA keys", () => {
    expect(
      inspectPrivateKeyText(
        ssh2.utils.generateKeyPairSync("rsa", { bits: 2048 }).private,
      ),
    ).toEqual(privateKey("OpenSSH", "RSA", false));
    expect(
      inspectPrivateKeyText(
        ssh2.utils.generateKeyPairSync("ecdsa", { bits: 256 }).private,
      ),
    ).toEqual(privateKey("OpenSSH", "ECDSA", false));
  });

  it("keeps a damaged OpenSSH body unnamed", () => {
    const damaged = [
      "-----BEGIN OPENSSH PRIVATE KEY-----",
      "this is not a key",
      "-----END OPENSSH PRIVATE KEY-----",
    ].join("\n");

    expect(inspectPrivateKeyText(damaged)).toEqual(
      privateKey("OpenSSH", null, false),
    );
  });

  it("reads PEM keys and their encryption", () => {
    expect(inspectPrivateKeyText(pemRsa())).toEqual(
      privateKey("PEM", "RSA", false),
    );
    expect(inspectPrivateKeyText(pemRsa("secret"))).toEqual(
      privateKey("PEM", "RSA", true),
    );
  });

  it("reads PKCS#8 keys", () => {
    expect(inspectPrivateKeyText(pkcs8Ed25519())).toEqual(
      privateKey("PKCS#8", null, false),
    );
    expect(inspectPrivateKeyText(pkcs8Ed25519("secret"))).toEqual(
      privateKey("PKCS#8", null, true),
    );
  });

  it("reads a PuTTY key header", () => {
    const ppk = [
      "PuTTY-User-Key-File-2: ssh-rsa",
      "Encryption: aes256-cbc",
      "Comment: test",
    ].join("\n");

    expect(inspectPrivateKeyText(ppk)).toEqual(
      privateKey("PuTTY", "RSA", true),
    );
  });

  it("recognises a public key", () => {
    const publicKey = ssh2.utils.generateKeyPairSync("ed25519").public;

    expect(inspectPrivateKeyText(publicKey)).toEqual({ kind: "public-key" });
  });

  it("rejects other text", () => {
    expect(inspectPrivateKeyText("hunter2")).toEqual({ kind: "unknown" });
  });

  it("describes a key in words", () => {
    expect(describePrivateKey(privateKey("OpenSSH", "ed25519", true))).toBe(
      "OpenSSH ed25519 key, encrypted",
    );
    expect(describePrivateKey(privateKey("PKCS#8", null, false))).toBe(
      "PKCS#8 key",
    );
  });
});

describe("private key loading", () => {
  it("sets the key and its file", () => {
    const store = createTestStore(new FakeApi());
    const key = opensshEd25519();

    store.getState().loadPrivateKey("id_ed25519", key);

    const state = store.getState();
    expect(state.typedSecrets.sshPrivateKey).toBe(key);
    expect(state.loadedPrivateKey?.fileName).toBe("id_ed25519");
    expect(state.loadedPrivateKey?.info).toEqual(
      privateKey("OpenSSH", "ed25519", false),
    );
  });

  it("forgets the file on typing", () => {
    const store = createTestStore(new FakeApi());
    store.getState().loadPrivateKey("id_ed25519", opensshEd25519());

    store.getState().setSecret("sshPrivateKey", "pasted text");

    expect(store.getState().loadedPrivateKey).toBeNull();
  });

  it("keeps the file on other secrets", () => {
    const store = createTestStore(new FakeApi());
    store.getState().loadPrivateKey("id_ed25519", opensshEd25519());

    store.getState().setSecret("sshPassphrase", "secret");

    expect(store.getState().loadedPrivateKey?.fileName).toBe("id_ed25519");
  });
});
