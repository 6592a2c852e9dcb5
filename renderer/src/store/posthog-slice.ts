import type { AppErrorShape } from "../../../shared/domain/errors";
import type {
  PostHogAccount,
  PostHogRegion,
} from "../../../shared/domain/posthog";
import { toErrorShape } from "../api/client";
import type { SliceCreator } from "./types";

export interface SignInForm {
  region: PostHogRegion;
  /** Base URL of a self-hosted PostHog, unused for the cloud regions. */
  host: string;
  apiKey: string;
}

export type PostHogActivity =
  "loading" | "signing-in" | "selecting-project" | "signing-out";

export interface PostHogState {
  account: PostHogAccount | null;
  signInForm: SignInForm;
  posthogActivity: PostHogActivity | null;
  posthogError: AppErrorShape | null;
}

export interface PostHogSlice extends PostHogState {
  loadAccount: () => Promise<void>;
  setSignInField: <K extends keyof SignInForm>(
    field: K,
    value: SignInForm[K],
  ) => void;
  signIn: () => Promise<void>;
  selectProject: (projectId: number) => Promise<void>;
  signOut: () => Promise<void>;
}

export const initialPostHogState: PostHogState = {
  account: null,
  signInForm: { region: "us", host: "", apiKey: "" },
  posthogActivity: null,
  posthogError: null,
};

export const createPostHogSlice: SliceCreator<PostHogSlice> = (
  set,
  get,
  deps,
) => {
  /**
   * Runs one PostHog account call, storing the account it returns or the error.
   */
  async function runAccountCall(
    activity: PostHogActivity,
    call: () => Promise<PostHogAccount>,
  ): Promise<PostHogAccount | null> {
    set({ posthogActivity: activity, posthogError: null });
    try {
      const account = await call();
      set({ account, posthogActivity: null });
      return account;
    } catch (error) {
      set({ posthogActivity: null, posthogError: toErrorShape(error) });
      return null;
    }
  }

  return {
    ...initialPostHogState,

    async loadAccount() {
      await runAccountCall("loading", () =>
        deps.client.call("posthog:get-account", {}),
      );
    },

    setSignInField(field, value) {
      set((state) => ({ signInForm: { ...state.signInForm, [field]: value } }));
    },

    async signIn() {
      const form = get().signInForm;
      const invalid = validateSignInForm(form);
      if (invalid) {
        set({ posthogError: invalid });
        return;
      }

      const account = await runAccountCall("signing-in", () =>
        deps.client.call("posthog:sign-in", {
          region: form.region,
          host: form.region === "self-hosted" ? form.host.trim() : "",
          apiKey: form.apiKey.trim(),
        }),
      );
      if (!account) return;

      set((state) => ({ signInForm: { ...state.signInForm, apiKey: "" } }));
      const only = account.projects.length === 1 ? account.projects[0] : null;
      if (account.projectId === null && only)
        await get().selectProject(only.id);
    },

    async selectProject(projectId) {
      const account = await runAccountCall("selecting-project", () =>
        deps.client.call("posthog:select-project", { projectId }),
      );
      if (account) set({ existingSources: null, plan: null });
    },

    async signOut() {
      const account = await runAccountCall("signing-out", () =>
        deps.client.call("posthog:sign-out", {}),
      );
      if (account) set({ existingSources: null, plan: null, step: "posthog" });
    },
  };
};

/**
 * Checks the sign-in form before any request and returns the first problem, or
 * null.
 */
export function validateSignInForm(form: SignInForm): AppErrorShape | null {
  if (form.region === "self-hosted") {
    const problem = checkSelfHostedUrl(form.host.trim());
    if (problem) return problem;
  }

  if (form.apiKey.trim() === "") {
    return invalidInput(
      "apiKey",
      "The personal API key is missing.",
      "Create a personal API key in PostHog under Settings → Personal API keys and paste it here.",
    );
  }
  return null;
}

function checkSelfHostedUrl(host: string): AppErrorShape | null {
  const fix =
    "Enter the address you open PostHog at, such as https://posthog.example.com.";
  if (host === "") {
    return invalidInput("host", "The self-hosted PostHog URL is missing.", fix);
  }

  const url = parseUrl(host);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    return invalidInput("host", `"${host}" is not a valid PostHog URL.`, fix);
  }
  return null;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function invalidInput(
  field: string,
  message: string,
  fix: string,
): AppErrorShape {
  return { kind: "invalid-input", code: "FORM_INVALID", message, fix, field };
}
