import { useEffect, useRef, type FormEvent } from "react";
import type { PostHogRegion } from "../../../../shared/domain/posthog";
import { RadioGroup, TextField } from "../../components/fields";
import { useAppStore } from "../../store/context";

const REGION_OPTIONS = [
  { value: "us", label: "US cloud", hint: "us.posthog.com" },
  { value: "eu", label: "EU cloud", hint: "eu.posthog.com" },
  {
    value: "self-hosted",
    label: "Self-hosted",
    hint: "Your own PostHog address",
  },
] satisfies { value: PostHogRegion; label: string; hint: string }[];

export function SignInForm() {
  const form = useAppStore((state) => state.signInForm);
  const error = useAppStore((state) => state.posthogError);
  const activity = useAppStore((state) => state.posthogActivity);
  const setField = useAppStore((state) => state.setSignInField);
  const signIn = useAppStore((state) => state.signIn);
  const busy = activity !== null;
  const formRef = useRef<HTMLFormElement>(null);
  const focusedError = useRef(error);

  // A new error that names a field moves focus to that field.
  useEffect(() => {
    if (error === focusedError.current) return;
    focusedError.current = error;
    if (!error?.field) return;
    formRef.current
      ?.querySelector<HTMLElement>(`[name="${error.field}"]`)
      ?.focus();
  }, [error]);

  function submit(event: FormEvent) {
    event.preventDefault();
    void signIn();
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <RadioGroup
        legend="PostHog region"
        name="region"
        value={form.region}
        options={REGION_OPTIONS}
        onChange={(region) => setField("region", region)}
      />
      {form.region === "self-hosted" && (
        <TextField
          label="PostHog URL"
          name="host"
          type="url"
          placeholder="https://posthog.example.com"
          autoComplete="url"
          value={form.host}
          error={error?.field === "host" ? error.message : null}
          onChange={(host) => setField("host", host)}
        />
      )}
      <TextField
        label="Personal API key"
        name="apiKey"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={form.apiKey}
        error={error?.field === "apiKey" ? error.message : null}
        hint={
          <>
            The key needs the <code>external_data_source:read</code>,{" "}
            <code>external_data_source:write</code>, <code>user:read</code> and{" "}
            <code>project:read</code> scopes. Create one in PostHog under
            Settings → Personal API keys. It is stored encrypted on this machine
            and never shown again.
          </>
        }
        onChange={(apiKey) => setField("apiKey", apiKey)}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {activity === "signing-in" ? "Signing in…" : "Sign in"}
        </button>
      </div>
    </form>
  );
}
