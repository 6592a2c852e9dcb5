import { useEffect, type JSX } from "react";
import { StepNav } from "./components/StepNav";
import { useAppStore } from "./store/context";
import type { StepId } from "./store/steps";
import { CdcStep } from "./steps/cdc/CdcStep";
import { ConnectStep } from "./steps/connect/ConnectStep";
import { CreateStep } from "./steps/create/CreateStep";
import { DiscoverStep } from "./steps/discover/DiscoverStep";
import { HostKeyDialog } from "./steps/host-key/HostKeyDialog";
import { PostHogStep } from "./steps/posthog/PostHogStep";
import { PrefixStep } from "./steps/prefix/PrefixStep";
import { ReviewStep } from "./steps/review/ReviewStep";
import { SourceTypeStep } from "./steps/source-type/SourceTypeStep";
import { StatusStep } from "./steps/status/StatusStep";
import { TablesStep } from "./steps/tables/TablesStep";

const STEP_COMPONENTS: Record<StepId, () => JSX.Element> = {
  posthog: PostHogStep,
  source: SourceTypeStep,
  connect: ConnectStep,
  discover: DiscoverStep,
  tables: TablesStep,
  cdc: CdcStep,
  prefix: PrefixStep,
  review: ReviewStep,
  create: CreateStep,
  status: StatusStep,
};

export function App() {
  const step = useAppStore((state) => state.step);
  const loadAccount = useAppStore((state) => state.loadAccount);
  const CurrentStep = STEP_COMPONENTS[step];

  useEffect(() => {
    void loadAccount();
  }, [loadAccount]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>dw-connect</h1>
        <p>Connect a database to PostHog's data warehouse from this machine.</p>
        <AccountBadge />
      </header>
      <div className="app-body">
        <StepNav />
        <main className="app-main">
          <CurrentStep key={step} />
        </main>
      </div>
      <HostKeyDialog />
    </div>
  );
}

function AccountBadge() {
  const account = useAppStore((state) => state.account);
  if (!account?.signedIn) return null;

  const project = account.projects.find(
    (item) => item.id === account.projectId,
  );
  return (
    <p className="account-badge">
      {account.host}
      {project && ` · ${project.name}`}
    </p>
  );
}
