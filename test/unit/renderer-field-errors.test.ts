import { describe, expect, it } from "vitest";
import type { TraceResult } from "../../shared/domain/trace";
import { formFieldOfError } from "../../renderer/src/store/field-errors";
import {
  createTestStore,
  errorShape,
  FakeApi,
  fail,
  fillDirectConnection,
  savedConnection,
  traceStep,
} from "./renderer-fake-api";

const passphraseMissing = errorShape(
  "ssh-key",
  "The private key is encrypted. Enter its passphrase.",
  { layer: "ssh-auth", field: "sshPassphrase" },
);

function traceFailingAt(error = passphraseMissing): TraceResult {
  return {
    ok: false,
    steps: [
      traceStep("dns", "skipped"),
      traceStep("ssh-auth", "failed", error),
    ],
    warnings: [],
  };
}

function storeWithTrace(trace: TraceResult) {
  const api = new FakeApi()
    .handle("connection:save", (request) => savedConnection(request))
    .handle("connection:test", () => trace);
  const store = createTestStore(api);
  fillDirectConnection(store);
  return store;
}

describe("error field mapping", () => {
  it("maps form and secret names", () => {
    expect(formFieldOfError("host")).toBe("host");
    expect(formFieldOfError("password")).toBe("password");
    expect(formFieldOfError("sshPrivateKey")).toBe("sshPrivateKey");
  });

  it("maps settings paths", () => {
    expect(formFieldOfError("ssh.host")).toBe("sshHost");
    expect(formFieldOfError("ssh.port")).toBe("sshPort");
    expect(formFieldOfError("tls.mode")).toBe("tlsMode");
    expect(formFieldOfError("tls.caCertificate")).toBe("caCertificate");
  });

  it("ignores other fields", () => {
    expect(formFieldOfError("prefix")).toBeNull();
    expect(formFieldOfError(undefined)).toBeNull();
  });
});

describe("field errors from a test", () => {
  it("marks the failed trace's field", async () => {
    const store = storeWithTrace(traceFailingAt());

    await store.getState().testConnection();

    const state = store.getState();
    expect(state.fieldErrors.sshPassphrase).toBe(passphraseMissing.message);
    expect(state.fieldFocus).toEqual({ field: "sshPassphrase" });
    expect(state.testRun.error).toEqual(passphraseMissing);
  });

  it("marks a thrown error's field", async () => {
    const api = new FakeApi()
      .handle("connection:save", (request) => savedConnection(request))
      .handle("connection:test", () =>
        fail("dns", "The bastion host name could not be resolved.", {
          field: "ssh.host",
        }),
      );
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    expect(store.getState().fieldErrors.sshHost).toBe(
      "The bastion host name could not be resolved.",
    );
    expect(store.getState().fieldFocus).toEqual({ field: "sshHost" });
  });

  it("clears the mark on edit", async () => {
    const store = storeWithTrace(traceFailingAt());
    await store.getState().testConnection();

    store.getState().setSecret("sshPassphrase", "secret");

    expect(store.getState().fieldErrors.sshPassphrase).toBeUndefined();
  });

  it("leaves fields alone without a field", async () => {
    const unreachable = errorShape(
      "unreachable",
      "The connection was refused.",
    );
    const store = storeWithTrace(traceFailingAt(unreachable));

    await store.getState().testConnection();

    expect(store.getState().fieldErrors).toEqual({});
    expect(store.getState().fieldFocus).toBeNull();
  });

  it("focuses the first invalid field", async () => {
    const store = createTestStore(new FakeApi());
    store.getState().setConnectionField("port", "99999");
    store.getState().setConnectionField("user", "app");

    await store.getState().testConnection();

    expect(store.getState().fieldErrors.host).toBe("Enter the database host.");
    expect(store.getState().fieldFocus).toEqual({ field: "host" });
  });

  it("clears the focus request", async () => {
    const store = storeWithTrace(traceFailingAt());
    await store.getState().testConnection();

    store.getState().clearFieldFocus();

    expect(store.getState().fieldFocus).toBeNull();
    expect(store.getState().fieldErrors.sshPassphrase).toBe(
      passphraseMissing.message,
    );
  });

  it("clears a CA mark on a new file", async () => {
    const untrusted = errorShape(
      "tls",
      "The server certificate is not trusted.",
      {
        field: "tls.caCertificate",
      },
    );
    const store = storeWithTrace(traceFailingAt(untrusted));
    await store.getState().testConnection();
    expect(store.getState().fieldErrors.caCertificate).toBe(untrusted.message);

    store.getState().loadCaCertificate("ca.crt", "-----BEGIN CERTIFICATE-----");

    expect(store.getState().fieldErrors.caCertificate).toBeUndefined();
  });
});
