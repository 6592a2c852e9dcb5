import { generateKeyPairSync } from "node:crypto";
import ssh2 from "ssh2";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectPrivateKey } from "../../main/ssh/private-key";
import { detectPrivateKeyFormat } from "../../main/ssh/private-key-format";
import { AppError } from "../../shared/domain/errors";

const PASSPHRASE = "unit-test-passphrase";

function pemRsa(passphrase?: string): string {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: {
      type: "pkcs1",
      format: "pem",
      ...(passphrase ? { cipher: "aes-128-cbc", passphrase } : {}),
    },
  });
  return privateKey;
}

function pkcs8(type: "ed25519" | "rsa", passphrase?: string): string {
  const encoding = {
    type: "pkcs8" as const,
    format: "pem" as const,
    ...(passphrase ? { cipher: "aes-256-cbc", passphrase } : {}),
  };
  if (type === "rsa") {
    return generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: encoding,
    }).privateKey;
  }
  return generateKeyPairSync("ed25519", {
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: encoding,
  }).privateKey;
}

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

function inspectionError(text: string | undefined, passphrase?: string) {
  try {
    inspectPrivateKey(text, passphrase);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("Expected the key to be rejected.");
}

const PPK_V3_ED25519 = [
  "PuTTY-User-Key-File-3: ssh-ed25519",
  "Encryption: none",
  "Comment: test",
  "Public-Lines: 2",
  "AAAAC3NzaC1lZDI1NTE5AAAAIAXU1RBdU/8bP8rR+TWy64IYpTLTrJH3d2MzQ6xN",
  "tgWu",
  "Private-Lines: 1",
  "AAAAIGZha2U=",
  "Private-MAC: 00",
].join("\n");

describe("detectPrivateKeyFormat", () => {
  let encryptedPem: string;

  beforeAll(() => {
    encryptedPem = pemRsa(PASSPHRASE);
  });

  it("OpenSSH encryption from the cipher name", () => {
    expect(detectPrivateKeyFormat(opensshEd25519())).toEqual({
      format: "openssh",
      encrypted: false,
    });
    expect(detectPrivateKeyFormat(opensshEd25519(PASSPHRASE))).toEqual({
      format: "openssh",
      encrypted: true,
    });
  });

  it("PEM encryption from Proc-Type", () => {
    expect(detectPrivateKeyFormat(encryptedPem)).toEqual({
      format: "pem",
      encrypted: true,
    });
  });

  it("PuTTY version and encryption", () => {
    const encrypted = PPK_V3_ED25519.replace(
      "Encryption: none",
      "Encryption: aes256-cbc",
    );

    expect(detectPrivateKeyFormat(PPK_V3_ED25519)).toEqual({
      format: "ppk-v3",
      encrypted: false,
      declaredType: "ssh-ed25519",
    });
    expect(detectPrivateKeyFormat(encrypted).encrypted).toBe(true);
  });

  it("PKCS#8 with and without encryption", () => {
    expect(detectPrivateKeyFormat(pkcs8("ed25519")).format).toBe("pkcs8");
    expect(detectPrivateKeyFormat(pkcs8("ed25519", PASSPHRASE)).format).toBe(
      "pkcs8-encrypted",
    );
  });

  it("tolerates CRLF and surrounding blanks", () => {
    const text = `\n  ${opensshEd25519(PASSPHRASE).replaceAll("\n", "\r\n")}\n`;

    expect(detectPrivateKeyFormat(text)).toEqual({
      format: "openssh",
      encrypted: true,
    });
  });
});

describe("inspectPrivateKey", () => {
  let rsa: string;
  let encryptedRsa: string;

  beforeAll(() => {
    rsa = pemRsa();
    encryptedRsa = pemRsa(PASSPHRASE);
  });

  it("reads an OpenSSH ed25519 key", () => {
    const inspected = inspectPrivateKey(opensshEd25519());

    expect(inspected.format).toBe("openssh");
    expect(inspected.type).toBe("ssh-ed25519");
    expect(inspected.encrypted).toBe(false);
  });

  it("reads a PEM RSA key", () => {
    const inspected = inspectPrivateKey(rsa);

    expect(inspected.format).toBe("pem");
    expect(inspected.type).toBe("ssh-rsa");
  });

  it("decrypts with the right passphrase", () => {
    expect(inspectPrivateKey(encryptedRsa, PASSPHRASE).encrypted).toBe(true);
    expect(inspectPrivateKey(opensshEd25519(PASSPHRASE), PASSPHRASE).type).toBe(
      "ssh-ed25519",
    );
  });

  it("asks for a missing passphrase", () => {
    const error = inspectionError(encryptedRsa);

    expect(error.code).toBe("SSH_KEY_PASSPHRASE_REQUIRED");
    expect(error.message).toBe(
      "The private key is encrypted. Enter its passphrase.",
    );
    expect(error.shape.field).toBe("sshPassphrase");
  });

  it("rejects a wrong PEM passphrase", () => {
    const error = inspectionError(encryptedRsa, "wrong");

    expect(error.code).toBe("SSH_KEY_PASSPHRASE_INCORRECT");
    expect(error.message).toBe(
      "The passphrase for the private key is incorrect.",
    );
  });

  it("rejects a wrong OpenSSH passphrase", () => {
    const error = inspectionError(opensshEd25519(PASSPHRASE), "wrong");

    expect(error.code).toBe("SSH_KEY_PASSPHRASE_INCORRECT");
    expect(error.shape.detail).toContain("integrity check failed");
  });

  it("ignores a passphrase for a plain key", () => {
    expect(inspectPrivateKey(rsa, "unused").encrypted).toBe(false);
  });

  it("rejects PKCS#8 RSA with ssh-keygen -p", () => {
    const error = inspectionError(pkcs8("rsa"));

    expect(error.kind).toBe("ssh-key");
    expect(error.code).toBe("SSH_KEY_PKCS8");
    expect(error.message).toBe(
      "PKCS#8 PEM keys are not supported; convert the key to OpenSSH format.",
    );
    expect(error.shape.fix).toContain("ssh-keygen -p -f <file>");
    expect(error.shape.fix).not.toContain("ed25519");
  });

  it("rejects PKCS#8 ed25519 with a new key", () => {
    const error = inspectionError(pkcs8("ed25519"));

    expect(error.code).toBe("SSH_KEY_PKCS8");
    expect(error.shape.fix).toContain("ssh-keygen -t ed25519");
    expect(error.shape.fix).not.toContain("ssh-keygen -p");
  });

  it("encrypted PKCS#8 without passphrase names both fixes", () => {
    const error = inspectionError(pkcs8("ed25519", PASSPHRASE));

    expect(error.code).toBe("SSH_KEY_PKCS8");
    expect(error.shape.fix).toContain("ssh-keygen -p -f <file>");
    expect(error.shape.fix).toContain("ssh-keygen -t ed25519");
  });

  it("encrypted PKCS#8 with passphrase names its type", () => {
    const error = inspectionError(pkcs8("rsa", PASSPHRASE), PASSPHRASE);

    expect(error.shape.fix).toContain("ssh-keygen -p -f <file>");
    expect(error.shape.fix).not.toContain("ed25519");
  });

  it("rejects PuTTY v3", () => {
    const error = inspectionError(PPK_V3_ED25519);

    expect(error.code).toBe("SSH_KEY_PPK_V3");
    expect(error.message).toBe(
      "PuTTY key version 3 is not supported; export it from PuTTYgen as an OpenSSH key (Conversions > Export OpenSSH key).",
    );
  });

  it("rejects PuTTY v2 ed25519", () => {
    const text = PPK_V3_ED25519.replace("File-3", "File-2");

    expect(inspectionError(text).code).toBe("SSH_KEY_PPK_TYPE");
  });

  it("rejects a public key", () => {
    const error = inspectionError(
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAXU1RBdU/8bP8rR+TWy64IYpTLTrJH3d2MzQ6xNtgWu",
    );

    expect(error.code).toBe("SSH_KEY_PUBLIC");
  });

  it("rejects a missing key", () => {
    expect(inspectionError("  ").code).toBe("SSH_KEY_MISSING");
    expect(inspectionError(undefined).code).toBe("SSH_KEY_MISSING");
  });

  it("names the accepted formats", () => {
    const error = inspectionError("not a key at all");

    expect(error.code).toBe("SSH_KEY_UNSUPPORTED_FORMAT");
    expect(error.message).toContain("OpenSSH");
    expect(error.message).toContain("PEM");
    expect(error.message).toContain("PuTTY version 2");
    expect(error.shape.field).toBe("sshPrivateKey");
  });

  it("rejects a damaged PEM body", () => {
    const damaged = rsa.replace(
      /\n[A-Za-z0-9+/]{20}/,
      "\nAAAAAAAAAAAAAAAAAAAA",
    );

    expect(inspectionError(damaged).code).toBe("SSH_KEY_INVALID");
  });
});
