import { ErrorAlert } from "../../components/ErrorAlert";
import { Facts } from "../../components/Facts";
import { StepSection } from "../../components/StepSection";
import { useAppStore } from "../../store/context";
import { ProjectPicker } from "./ProjectPicker";
import { SignInForm } from "./SignInForm";

export function PostHogStep() {
  const account = useAppStore((state) => state.account);
  const activity = useAppStore((state) => state.posthogActivity);
  const error = useAppStore((state) => state.posthogError);
  const signedIn = account?.signedIn === true;

  return (
    <StepSection
      step="posthog"
      title="PostHog account"
      intro="Sign in with a personal API key, then choose the project that gets the new source."
      continueHint={
        signedIn ? "Choose a project to continue." : "Sign in to continue."
      }
    >
      <p role="status" aria-live="polite" className="status-text">
        {activity === "loading" && "Checking for a stored PostHog key…"}
        {activity === "signing-in" && "Signing in to PostHog…"}
        {activity === "selecting-project" && "Saving the project…"}
        {activity === "signing-out" && "Signing out…"}
      </p>
      {signedIn && (
        <>
          <SignedInAccount />
          <ProjectPicker />
        </>
      )}
      {!signedIn && activity !== "loading" && <SignInForm />}
      <ErrorAlert error={error} />
    </StepSection>
  );
}

function SignedInAccount() {
  const account = useAppStore((state) => state.account);
  const activity = useAppStore((state) => state.posthogActivity);
  const signOut = useAppStore((state) => state.signOut);
  if (!account) return null;

  return (
    <div className="panel">
      <Facts
        items={[
          ["PostHog", account.host],
          ["User", account.userEmail],
          ["Personal API key", "Key stored"],
        ]}
      />
      <button
        type="button"
        className="button"
        disabled={activity !== null}
        onClick={() => void signOut()}
      >
        Sign out
      </button>
    </div>
  );
}
