/**
 * The wizard steps in order, with the titles the step list shows. The CDC step
 * is listed only while it is open or a selected table uses CDC.
 */
export const STEPS = [
  { id: "posthog", title: "PostHog" },
  { id: "source", title: "Source type" },
  { id: "connect", title: "Connect" },
  { id: "discover", title: "Discover" },
  { id: "tables", title: "Tables" },
  { id: "cdc", title: "CDC readiness" },
  { id: "prefix", title: "Prefix" },
  { id: "review", title: "Review" },
  { id: "create", title: "Create" },
  { id: "status", title: "Status" },
] as const;

export type StepId = (typeof STEPS)[number]["id"];
