/**
 * Channel and event names of the IPC contract, without their schemas, so that the sandboxed
 * preload can import them without bundling zod. A unit test keeps this list equal to the
 * contract's keys.
 */
export const CHANNELS = [
  "posthog:get-account",
  "posthog:sign-in",
  "posthog:select-project",
  "posthog:sign-out",
  "posthog:list-sources",
  "catalog:list-sources",
  "connection:list",
  "connection:save",
  "connection:delete",
  "connection:test",
  "ssh:trust-host-key",
  "discovery:run",
  "operation:cancel",
  "setup:plan",
  "setup:create",
  "setup:get-status",
  "cdc:run-doctor",
] as const;

export type Channel = (typeof CHANNELS)[number];

export const EVENTS = ["operation:progress"] as const;

export type EventName = (typeof EVENTS)[number];
