import { describe, expect, it } from "vitest";
import { selectStepCompletion } from "../../renderer/src/store/selectors";
import { account, createTestStore, FakeApi, fail } from "./renderer-fake-api";

const twoProjects = [
  { id: 1, name: "Web" },
  { id: 2, name: "Mobile" },
];

describe("PostHog slice", () => {
  it("restores a signed-in account", async () => {
    const api = new FakeApi().handle("posthog:get-account", () => account());
    const store = createTestStore(api);

    await store.getState().loadAccount();

    expect(store.getState().account?.signedIn).toBe(true);
    expect(selectStepCompletion(store.getState()).posthog).toBe(true);
  });

  it("signs in to a cloud region", async () => {
    const api = new FakeApi().handle("posthog:sign-in", () =>
      account({ region: "eu", projects: twoProjects, projectId: null }),
    );
    const store = createTestStore(api);
    store.getState().setSignInField("region", "eu");
    store.getState().setSignInField("host", "https://ignored.example.com");
    store.getState().setSignInField("apiKey", "  phx_key  ");

    await store.getState().signIn();

    expect(api.requestsTo("posthog:sign-in")).toEqual([
      { region: "eu", host: "", apiKey: "phx_key" },
    ]);
    expect(store.getState().signInForm.apiKey).toBe("");
    expect(store.getState().account?.region).toBe("eu");
  });

  it("sends the self-hosted URL", async () => {
    const api = new FakeApi().handle("posthog:sign-in", () => account());
    const store = createTestStore(api);
    store.getState().setSignInField("region", "self-hosted");
    store.getState().setSignInField("host", " https://posthog.example.com ");
    store.getState().setSignInField("apiKey", "phx_key");

    await store.getState().signIn();

    expect(api.requestsTo("posthog:sign-in")[0]?.host).toBe(
      "https://posthog.example.com",
    );
  });

  it("selects the only project", async () => {
    const api = new FakeApi()
      .handle("posthog:sign-in", () => account({ projectId: null }))
      .handle("posthog:select-project", ({ projectId }) =>
        account({ projectId }),
      );
    const store = createTestStore(api);
    store.getState().setSignInField("apiKey", "phx_key");

    await store.getState().signIn();

    expect(api.requestsTo("posthog:select-project")).toEqual([
      { projectId: 1 },
    ]);
    expect(store.getState().account?.projectId).toBe(1);
  });

  it("leaves a choice of projects open", async () => {
    const api = new FakeApi().handle("posthog:sign-in", () =>
      account({ projects: twoProjects, projectId: null }),
    );
    const store = createTestStore(api);
    store.getState().setSignInField("apiKey", "phx_key");

    await store.getState().signIn();

    expect(api.requestsTo("posthog:select-project")).toEqual([]);
    expect(selectStepCompletion(store.getState()).posthog).toBe(false);
  });

  it("keeps the typed key after a rejection", async () => {
    const api = new FakeApi().handle("posthog:sign-in", () =>
      fail("posthog-auth", "PostHog rejected the personal API key.", {
        status: 401,
      }),
    );
    const store = createTestStore(api);
    store.getState().setSignInField("apiKey", "phx_wrong");

    await store.getState().signIn();

    expect(store.getState().posthogError?.kind).toBe("posthog-auth");
    expect(store.getState().signInForm.apiKey).toBe("phx_wrong");
    expect(store.getState().posthogActivity).toBeNull();
  });

  it("requires a self-hosted URL", async () => {
    const api = new FakeApi();
    const store = createTestStore(api);
    store.getState().setSignInField("region", "self-hosted");
    store.getState().setSignInField("apiKey", "phx_key");

    await store.getState().signIn();

    expect(api.calls).toEqual([]);
    expect(store.getState().posthogError?.field).toBe("host");
  });

  it("rejects a self-hosted URL without a scheme", async () => {
    const store = createTestStore(new FakeApi());
    store.getState().setSignInField("region", "self-hosted");
    store.getState().setSignInField("host", "posthog.example.com");
    store.getState().setSignInField("apiKey", "phx_key");

    await store.getState().signIn();

    expect(store.getState().posthogError?.message).toContain(
      "posthog.example.com",
    );
  });

  it("requires an API key", async () => {
    const api = new FakeApi();
    const store = createTestStore(api);

    await store.getState().signIn();

    expect(api.calls).toEqual([]);
    expect(store.getState().posthogError?.field).toBe("apiKey");
  });

  it("signs out back to the first step", async () => {
    const api = new FakeApi()
      .handle("posthog:get-account", () => account())
      .handle("posthog:sign-out", () =>
        account({ signedIn: false, projectId: null }),
      );
    const store = createTestStore(api);
    await store.getState().loadAccount();
    store.getState().goTo("source");

    await store.getState().signOut();

    expect(store.getState().step).toBe("posthog");
    expect(store.getState().account?.signedIn).toBe(false);
  });

  it("blocks later steps until signed in", () => {
    const store = createTestStore(new FakeApi());

    store.getState().goTo("source");

    expect(store.getState().step).toBe("posthog");
  });
});
