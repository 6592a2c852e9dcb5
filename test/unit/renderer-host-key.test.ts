import { describe, expect, it } from "vitest";
import type { HostKeyInfo } from "../../shared/domain/errors";
import type { TraceResult } from "../../shared/domain/trace";
import { selectHostKeyDecision } from "../../renderer/src/store/selectors";
import {
  createTestStore,
  discovery,
  errorShape,
  FakeApi,
  fail,
  fillDirectConnection,
  passingTrace,
  savedConnection,
  table,
  traceStep,
} from "./renderer-fake-api";

const hostKey: HostKeyInfo = {
  host: "bastion.example.com",
  port: 22,
  algorithm: "ssh-ed25519",
  fingerprint: "SHA256:Jw6ZzYtqXaU8pLrH2bDq1k3mVnWcTg9sEoFiRuAeYx0",
};

const unknownKey = errorShape(
  "ssh-host-key-unknown",
  "The bastion's host key is not trusted yet.",
  {
    layer: "ssh-handshake",
    hostKey,
  },
);

function traceWithUnknownKey(): TraceResult {
  return {
    ok: false,
    steps: [
      traceStep("dns"),
      traceStep("tcp"),
      traceStep("ssh-handshake", "failed", unknownKey),
    ],
    warnings: [],
  };
}

/**
 * Builds a store whose first test meets an unknown host key and whose later
 * tests pass.
 */
function storeWithUnknownKey(api: FakeApi) {
  let tests = 0;
  api
    .handle("connection:save", (request) => savedConnection(request))
    .handle("connection:test", () =>
      ++tests === 1 ? traceWithUnknownKey() : passingTrace(),
    )
    .handle("ssh:trust-host-key", () => ({ trusted: true }));
  const store = createTestStore(api);
  fillDirectConnection(store);
  return store;
}

describe("host key prompt", () => {
  it("opens on an unknown key in the trace", async () => {
    const api = new FakeApi();
    const store = storeWithUnknownKey(api);

    await store.getState().testConnection();

    expect(store.getState().hostKeyPrompt).toEqual({
      hostKey,
      kind: "ssh-host-key-unknown",
      retry: "test",
    });
  });

  it("opens on a thrown host key error", async () => {
    const changed = {
      ...hostKey,
      previousFingerprint: "SHA256:oldOldOldOldOldOldOldOldOldOldOldOldOldOld0",
    };
    const api = new FakeApi()
      .handle("connection:save", (request) => savedConnection(request))
      .handle("connection:test", () =>
        fail("ssh-host-key-changed", "The bastion's host key changed.", {
          hostKey: changed,
        }),
      );
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    expect(store.getState().hostKeyPrompt?.kind).toBe("ssh-host-key-changed");
    expect(store.getState().hostKeyPrompt?.hostKey.previousFingerprint).toBe(
      changed.previousFingerprint,
    );
  });

  it("stays closed for other failures", async () => {
    const api = new FakeApi()
      .handle("connection:save", (request) => savedConnection(request))
      .handle("connection:test", () =>
        fail("ssh-auth", "The bastion rejected the SSH key."),
      );
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    expect(store.getState().hostKeyPrompt).toBeNull();
    expect(store.getState().testRun.error?.kind).toBe("ssh-auth");
  });

  it("trusts the key and tests again", async () => {
    const api = new FakeApi();
    const store = storeWithUnknownKey(api);
    await store.getState().testConnection();

    await store.getState().trustHostKey();

    expect(api.requestsTo("ssh:trust-host-key")).toEqual([
      { host: hostKey.host, port: 22, fingerprint: hostKey.fingerprint },
    ]);
    expect(api.requestsTo("connection:test")).toHaveLength(2);
    expect(store.getState().hostKeyPrompt).toBeNull();
    expect(store.getState().testRun.status).toBe("succeeded");
  });

  it("closes without trusting on cancel", async () => {
    const api = new FakeApi();
    const store = storeWithUnknownKey(api);
    await store.getState().testConnection();

    store.getState().dismissHostKeyPrompt();

    expect(store.getState().hostKeyPrompt).toBeNull();
    expect(api.requestsTo("ssh:trust-host-key")).toEqual([]);
    expect(api.requestsTo("connection:test")).toHaveLength(1);
  });

  it("keeps the dialog when trust fails", async () => {
    const api = new FakeApi();
    const store = storeWithUnknownKey(api);
    await store.getState().testConnection();
    api.handle("ssh:trust-host-key", () => ({ trusted: false }));

    await store.getState().trustHostKey();

    expect(store.getState().hostKeyPrompt).not.toBeNull();
    expect(store.getState().hostKeyError?.code).toBe("HOST_KEY_NOT_STORED");
    expect(api.requestsTo("connection:test")).toHaveLength(1);
  });

  it("reruns discovery after trust", async () => {
    let runs = 0;
    const api = new FakeApi()
      .handle("connection:save", (request) => savedConnection(request))
      .handle("connection:test", () => passingTrace())
      .handle("discovery:run", () => {
        runs += 1;
        if (runs === 1)
          fail("ssh-host-key-changed", "The host key changed.", { hostKey });
        return discovery([table()]);
      })
      .handle("ssh:trust-host-key", () => ({ trusted: true }));
    const store = createTestStore(api);
    fillDirectConnection(store);
    await store.getState().testConnection();
    await store.getState().runDiscovery();
    expect(store.getState().hostKeyPrompt?.retry).toBe("discovery");

    await store.getState().trustHostKey();

    expect(runs).toBe(2);
    expect(store.getState().discovery?.tables).toHaveLength(1);
  });
});

describe("host key decision", () => {
  it("waits while the dialog is open", async () => {
    const store = storeWithUnknownKey(new FakeApi());

    await store.getState().testConnection();

    expect(selectHostKeyDecision(store.getState())).toBe("waiting");
  });

  it("reads not trusted after cancel", async () => {
    const store = storeWithUnknownKey(new FakeApi());
    await store.getState().testConnection();

    store.getState().dismissHostKeyPrompt();

    expect(selectHostKeyDecision(store.getState())).toBe("not-trusted");
  });

  it("waits again on review", async () => {
    const store = storeWithUnknownKey(new FakeApi());
    await store.getState().testConnection();
    store.getState().dismissHostKeyPrompt();
    const error = store.getState().testRun.error;
    expect(error).not.toBeNull();

    store.getState().promptForHostKey(error!, "test");

    expect(selectHostKeyDecision(store.getState())).toBe("waiting");
  });

  it("ends once the key is trusted", async () => {
    const store = storeWithUnknownKey(new FakeApi());
    await store.getState().testConnection();

    await store.getState().trustHostKey();

    expect(selectHostKeyDecision(store.getState())).toBeNull();
  });

  it("does not apply to a changed key", async () => {
    const changed = errorShape(
      "ssh-host-key-changed",
      "The host key changed.",
      {
        layer: "ssh-handshake",
        hostKey: { ...hostKey, previousFingerprint: "SHA256:old" },
      },
    );
    const api = new FakeApi()
      .handle("connection:save", (request) => savedConnection(request))
      .handle("connection:test", () => ({
        ok: false,
        steps: [traceStep("ssh-handshake", "failed", changed)],
        warnings: [],
      }));
    const store = createTestStore(api);
    fillDirectConnection(store);

    await store.getState().testConnection();

    expect(store.getState().hostKeyPrompt?.kind).toBe("ssh-host-key-changed");
    expect(selectHostKeyDecision(store.getState())).toBeNull();
  });
});
